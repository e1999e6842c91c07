import cookieParser from 'cookie-parser';
import type { CookieOptions, NextFunction, Request, RequestHandler, Response } from 'express';
import { SESSION_HOURS, type LoginLimits, type Role, type Session, type User, type Workflow } from '../../workflow';
import { HttpError } from '../http';
import { SAFE_METHODS, newToken, presentedToken, tokensEqual } from './csrf';

export { CSRF_FIELD, CSRF_HEADER, SAFE_METHODS } from './csrf';

export const SESSION_COOKIE = 'bitext_session';
/** Double-submit cookie for the login form, which has no session yet to hold a token. */
export const LOGIN_CSRF_COOKIE = 'bitext_login_csrf';

/**
 * The name a cookie has on this request. Over HTTPS (directly, or through a proxy named in
 * BITEXT_TRUST_PROXY) it carries the `__Host-` prefix, which browsers accept only when Secure,
 * for path `/` and without a Domain: no subdomain or plain-HTTP page can plant or shadow it.
 * Plain HTTP (a local install) cannot hold a Secure cookie, so there the name is bare.
 */
export function cookieName(req: Request, name: string): string {
  return req.secure ? `__Host-${name}` : name;
}

/** A cookie's value under its name for this request (the `__Host-` one over HTTPS). */
function readCookie(req: Request, name: string): unknown {
  return (req.cookies as Record<string, unknown> | undefined)?.[cookieName(req, name)];
}

/** Who made a request, and how they proved it. */
export interface Principal {
  user: User;
  via: 'token' | 'session';
  /** For session requests: the stored session (its `csrfToken`) and the cookie value. */
  session: Session | null;
  sessionId: string | null;
}

/** The roles allowed to do each kind of write (translator < reviewer < editor < admin). */
export const CAN_TRANSLATE: readonly Role[] = ['translator', 'reviewer', 'editor', 'admin'];
/** Approve and override (the four-eyes rule on top is the workflow's: workflow/review.ts). */
export const CAN_REVIEW: readonly Role[] = ['reviewer', 'editor', 'admin'];
export const CAN_EDIT: readonly Role[] = ['editor', 'admin'];
export const CAN_ADMINISTER: readonly Role[] = ['admin'];

export function principalOf(res: Response): Principal | null {
  return (res.locals.principal as Principal | undefined) ?? null;
}

export function userOf(res: Response): User | null {
  return principalOf(res)?.user ?? null;
}

/** The user of a request that `requireUser`/`requireRole` let through. */
export function currentUser(res: Response): User {
  const user = userOf(res);
  if (!user) throw new HttpError(401, 'log in or send Authorization: Bearer TOKEN');
  return user;
}

export type { LoginLimits } from '../../workflow';

/** What a login attempt came to: a session, a wrong name or password, or a refusal by the limits. */
export type LoginOutcome =
  | { outcome: 'ok'; user: User; csrfToken: string }
  | { outcome: 'failed' }
  | { outcome: 'limited'; retryAfterSeconds: number };

export interface AuthOptions {
  loginLimits?: LoginLimits;
}

export interface Auth extends RequestHandler {
  /** Parses cookies only (for the login routes, which run before the session is known). */
  cookies: RequestHandler;
  /** 401 unless someone is logged in (any role). */
  requireUser: RequestHandler;
  /** 401 without a user, 403 when the user's role is not one of `roles`. */
  requireRole(...roles: readonly Role[]): RequestHandler;
  /**
   * Checks a name and password under the login limits (failed logins per name+IP and per IP,
   * counted in the store, so every process and host shares them); on success starts a session
   * and sets its cookie. Call it only after the form's CSRF token and fields are checked: only
   * real attempts may count.
   */
  logIn(req: Request, res: Response, name: string, password: string): Promise<LoginOutcome>;
  /** Ends the request's session (if any) and clears the cookie. */
  logOut(req: Request, res: Response): Promise<void>;
  /** Issues the login form's CSRF token (and its cookie). */
  issueLoginToken(req: Request, res: Response): string;
  /** Does the login form carry the token its cookie holds? */
  verifyLoginToken(req: Request): boolean;
}

function cookieOptions(req: Request, maxAgeMs?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    // Secure when the request came over https (directly, or via a proxy Express trusts);
    // the names then carry the __Host- prefix (see cookieName).
    secure: req.secure,
    path: '/',
    ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
  };
}

const parseCookies = cookieParser();

/** The client's address as Express sees it (behind a proxy named in BITEXT_TRUST_PROXY, the forwarded one). */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

function bearerToken(req: Request): string | null | undefined {
  const header = req.get('authorization');
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]{1,512})\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * The authentication middleware: resolves the user from `Authorization: Bearer TOKEN` or the
 * session cookie, and refuses (403) a session-authenticated write that does not carry the
 * session's CSRF token. Bearer requests need no CSRF token: a browser never adds that header
 * to a cross-site request by itself. Mount after the body parsers, so form fields are readable.
 */
export function createAuth(workflow: Workflow, options: AuthOptions = {}): Auth {
  const resolve = async (req: Request, res: Response): Promise<void> => {
    const token = bearerToken(req);
    if (token === null) throw new HttpError(401, 'Authorization: use "Bearer TOKEN"');
    if (token !== undefined) {
      const user = await workflow.authenticateToken(token);
      if (!user) {
        res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
        throw new HttpError(401, 'invalid API token');
      }
      res.locals.principal = { user, via: 'token', session: null, sessionId: null } satisfies Principal;
      return;
    }
    const sessionId = readCookie(req, SESSION_COOKIE);
    if (typeof sessionId !== 'string' || sessionId === '') return;
    const resumed = sessionId.length <= 200 ? await workflow.resumeSession(sessionId) : null;
    if (!resumed) {
      // Expired or ended elsewhere: forget the cookie, carry on as nobody.
      res.clearCookie(cookieName(req, SESSION_COOKIE), cookieOptions(req));
      return;
    }
    res.locals.principal = { user: resumed.user, via: 'session', session: resumed.session, sessionId } satisfies Principal;
    if (!SAFE_METHODS.has(req.method) && !tokensEqual(resumed.session.csrfToken, presentedToken(req))) {
      throw new HttpError(403, 'missing or wrong CSRF token (send the X-CSRF-Token header or the _csrf form field)');
    }
  };

  const middleware = ((req: Request, res: Response, next: NextFunction) => {
    parseCookies(req, res, (error?: unknown) => {
      if (error) return next(error);
      resolve(req, res).then(() => next(), next);
    });
  }) as Auth;

  middleware.cookies = parseCookies;

  middleware.requireUser = (_req, res, next) => {
    if (!userOf(res)) return next(new HttpError(401, 'log in or send Authorization: Bearer TOKEN'));
    next();
  };

  middleware.requireRole = (...roles) => (_req, res, next) => {
    const user = userOf(res);
    if (!user) return next(new HttpError(401, 'log in or send Authorization: Bearer TOKEN'));
    if (!roles.includes(user.role)) {
      return next(new HttpError(403, `this needs the role ${roles.join(' or ')}; ${user.name} is ${user.role}`));
    }
    next();
  };

  const limits = options.loginLimits ?? {};

  middleware.logIn = async (req, res, name, password) => {
    const result = await workflow.logIn({ name, password, ip: clientIp(req), limits });
    if (result.outcome !== 'ok') return result;
    const { user } = result;
    // A new login replaces the browser's old session (the login route runs without `auth`).
    const previous = readCookie(req, SESSION_COOKIE);
    if (typeof previous === 'string' && previous !== '' && previous.length <= 200) await workflow.endSession(previous);
    // Old sessions pile up otherwise; a login is a cheap moment to sweep them.
    await workflow.endExpiredSessions();
    const { sessionId, session } = await workflow.startSession(user);
    res.cookie(cookieName(req, SESSION_COOKIE), sessionId, cookieOptions(req, SESSION_HOURS * 3600_000));
    res.clearCookie(cookieName(req, LOGIN_CSRF_COOKIE), cookieOptions(req));
    res.locals.principal = { user, via: 'session', session, sessionId } satisfies Principal;
    return { outcome: 'ok', user, csrfToken: session.csrfToken };
  };

  middleware.logOut = async (req, res) => {
    const principal = principalOf(res);
    if (principal?.sessionId) await workflow.endSession(principal.sessionId, { name: principal.user.name, ip: clientIp(req) });
    res.clearCookie(cookieName(req, SESSION_COOKIE), cookieOptions(req));
    res.locals.principal = undefined;
  };

  middleware.issueLoginToken = (req, res) => {
    const existing = readCookie(req, LOGIN_CSRF_COOKIE);
    const token = typeof existing === 'string' && /^[A-Za-z0-9_-]{32}$/.test(existing) ? existing : newToken();
    res.cookie(cookieName(req, LOGIN_CSRF_COOKIE), token, { ...cookieOptions(req, 3600_000), sameSite: 'strict' });
    return token;
  };

  middleware.verifyLoginToken = (req) => {
    const cookie = readCookie(req, LOGIN_CSRF_COOKIE);
    return typeof cookie === 'string' && tokensEqual(cookie, presentedToken(req));
  };

  return middleware;
}
