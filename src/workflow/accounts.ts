import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { NotFoundError, type AuditQuery, type Store } from '../store';
import { ROLES, type AuditEntry, type NewAuditEntry, type Role, type Session, type User } from '../accounts';
import { WorkflowInputError } from './errors';

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

// scrypt with N=2^15, r=8: memory-hard (32 MiB a hash), ~50-100 ms, as OWASP advises.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Tokens and session ids are stored hashed: a leaked database gives no working credential. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export interface NewAccount {
  user: User;
  /** Shown once; only its hash is stored. */
  password: string;
  token: string;
}

/** Who asks for an account change, and from where (for the audit log). */
export interface Actor {
  /** A user name, or `cli` for the command line. */
  name: string;
  ip?: string | null;
}

const CLI_ACTOR: Actor = { name: 'cli', ip: null };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

/** `90d`, `12w`, `36h`: how long a token lives, in milliseconds (at most ten years). */
export function parseLifetime(value: string, field = 'expires'): number {
  const match = /^\s*(\d{1,5})\s*([hdw])\s*$/i.exec(value);
  if (!match) throw new WorkflowInputError(field, `"${value}" is not a duration: write e.g. 90d (days), 12w (weeks) or 36h (hours)`);
  const hours = Number(match[1]) * ({ h: 1, d: 24, w: 168 } as const)[match[2]!.toLowerCase() as 'h' | 'd' | 'w'];
  if (hours < 1 || hours > 3650 * 24) throw new WorkflowInputError(field, 'must be between 1 hour and 3650 days');
  return hours * 3600_000;
}

function newPassword(): string {
  return randomBytes(15).toString('base64url');
}

function newToken(): string {
  return `btx_${randomBytes(24).toString('base64url')}`;
}

function assertRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw new WorkflowInputError('role', `must be one of ${ROLES.join(', ')}`);
  return role as Role;
}

export async function audit(store: Store, entry: NewAuditEntry): Promise<AuditEntry> {
  return store.appendAudit(entry);
}

export function listAudit(store: Store, query: AuditQuery = {}): Promise<AuditEntry[]> {
  if (query.since !== undefined && Number.isNaN(Date.parse(query.since))) {
    throw new WorkflowInputError('since', `"${query.since}" is not an ISO 8601 time (e.g. 2026-01-31 or 2026-01-31T08:00:00Z)`);
  }
  return store.listAudit(query);
}

export async function addUser(
  store: Store, name: string, role: string, options: { expires?: string; actor?: Actor } = {},
): Promise<NewAccount> {
  if (!NAME.test(name)) throw new WorkflowInputError('name', 'use 2–64 letters, digits, dots, hyphens, underscores or @');
  assertRole(role);
  const lifetime = options.expires !== undefined ? parseLifetime(options.expires) : null;
  if (await store.getUserByName(name)) throw new WorkflowInputError('name', `user "${name}" already exists`);
  const password = newPassword();
  const token = newToken();
  const actor = options.actor ?? CLI_ACTOR;
  const user = await store.transaction(async (tx) => {
    const created = await tx.createUser({
      name, role: role as Role, passwordHash: await hashPassword(password), tokenHash: sha256(token),
      tokenExpiresAt: lifetime === null ? null : new Date(Date.now() + lifetime).toISOString(),
    });
    await tx.appendAudit({ actor: actor.name, action: 'user.add', target: name, ip: actor.ip ?? null, detail: `role ${role}${lifetime === null ? '' : `, token expires ${created.tokenExpiresAt}`}` });
    return created;
  });
  return { user, password, token };
}

async function requireUser(store: Store, name: string): Promise<User> {
  const user = await store.getUserByName(name);
  if (!user) throw new NotFoundError('user', name);
  return user;
}

/**
 * Disables a user: they cannot log in, their sessions end and their token stops, at once in
 * every process (each request looks its session and token up in the store). The last enabled
 * admin cannot be disabled (LastAdminError).
 */
export async function disableUser(store: Store, name: string, actor: Actor = CLI_ACTOR): Promise<User> {
  const user = await requireUser(store, name);
  return store.transaction(async (tx) => {
    const changed = await tx.updateUser(user.id, { disabled: true });
    const ended = await tx.deleteUserSessions(user.id);
    await tx.appendAudit({ actor: actor.name, action: 'user.disable', target: name, ip: actor.ip ?? null, detail: `${ended} session(s) ended` });
    return changed;
  });
}

export async function enableUser(store: Store, name: string, actor: Actor = CLI_ACTOR): Promise<User> {
  const user = await requireUser(store, name);
  return store.transaction(async (tx) => {
    const changed = await tx.updateUser(user.id, { disabled: false });
    await tx.appendAudit({ actor: actor.name, action: 'user.enable', target: name, ip: actor.ip ?? null, detail: null });
    return changed;
  });
}

/**
 * Gives a user another role. Their sessions and API token end at once: credentials issued under
 * one role do not carry over to another (they log in again; `reset` or the account page gives a
 * new token). The last enabled admin cannot be demoted.
 */
export async function setRole(store: Store, name: string, role: string, actor: Actor = CLI_ACTOR): Promise<User> {
  const wanted = assertRole(role);
  const user = await requireUser(store, name);
  if (user.role === wanted) return user;
  return store.transaction(async (tx) => {
    const changed = await tx.updateUser(user.id, { role: wanted, tokenHash: '', tokenIssuedAt: null, tokenExpiresAt: null });
    await tx.deleteUserSessions(user.id);
    await tx.appendAudit({ actor: actor.name, action: 'user.role', target: name, ip: actor.ip ?? null, detail: `${user.role} → ${wanted}` });
    return changed;
  });
}

/**
 * A new password and API token for a user, shown once; the old ones, and every session, stop at
 * once. The token keeps the lifetime the old one had unless `expires` says otherwise.
 */
export async function resetUser(store: Store, name: string, options: { expires?: string; actor?: Actor } = {}): Promise<NewAccount> {
  const user = await requireUser(store, name);
  const lifetime = options.expires !== undefined ? parseLifetime(options.expires) : previousLifetime(user);
  const password = newPassword();
  const token = newToken();
  const actor = options.actor ?? CLI_ACTOR;
  const passwordHash = await hashPassword(password);
  const now = new Date();
  const changed = await store.transaction(async (tx) => {
    const updated = await tx.updateUser(user.id, {
      passwordHash, tokenHash: sha256(token), tokenIssuedAt: now.toISOString(),
      tokenExpiresAt: lifetime === null ? null : new Date(now.getTime() + lifetime).toISOString(),
    });
    await tx.deleteUserSessions(user.id);
    await tx.appendAudit({ actor: actor.name, action: 'user.reset', target: name, ip: actor.ip ?? null, detail: null });
    return updated;
  });
  return { user: changed, password, token };
}

function previousLifetime(user: User): number | null {
  if (!user.tokenExpiresAt || !user.tokenIssuedAt) return null;
  const ms = Date.parse(user.tokenExpiresAt) - Date.parse(user.tokenIssuedAt);
  return ms > 0 ? ms : null;
}

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 200;

/**
 * A user changes their own password, proving the current one. Their other sessions end (a
 * stolen session does not outlive the change); the session making the change stays.
 */
export async function changePassword(
  store: Store, user: User, input: { current: string; password: string; keepSessionIdHash?: string; ip?: string | null },
): Promise<void> {
  const stored = await store.getUser(user.id);
  if (!stored || stored.disabled) throw new NotFoundError('user', user.name);
  if (!(await verifyPassword(input.current, stored.passwordHash))) {
    await store.appendAudit({ actor: user.name, action: 'password.change', target: user.name, ip: input.ip ?? null, detail: 'refused: wrong current password' });
    throw new WorkflowInputError('current', 'is not your current password');
  }
  if (input.password.length < MIN_PASSWORD) throw new WorkflowInputError('password', `use at least ${MIN_PASSWORD} characters`);
  if (input.password.length > MAX_PASSWORD) throw new WorkflowInputError('password', `use at most ${MAX_PASSWORD} characters`);
  if (input.password === input.current) throw new WorkflowInputError('password', 'is the same as the current one');
  if (input.password.toLowerCase().includes(user.name.toLowerCase())) throw new WorkflowInputError('password', 'must not contain your user name');
  const passwordHash = await hashPassword(input.password);
  await store.transaction(async (tx) => {
    await tx.updateUser(user.id, { passwordHash });
    await tx.deleteUserSessions(user.id, input.keepSessionIdHash);
    await tx.appendAudit({ actor: user.name, action: 'password.change', target: user.name, ip: input.ip ?? null, detail: null });
  });
}

/** A user replaces their own API token (shown once); the old one stops at once. */
export async function rotateToken(store: Store, user: User, input: { expires?: string; ip?: string | null } = {}): Promise<string> {
  const stored = await store.getUser(user.id);
  if (!stored || stored.disabled) throw new NotFoundError('user', user.name);
  const lifetime = input.expires !== undefined ? parseLifetime(input.expires) : previousLifetime(stored);
  const token = newToken();
  const now = new Date();
  await store.transaction(async (tx) => {
    await tx.updateUser(user.id, {
      tokenHash: sha256(token), tokenIssuedAt: now.toISOString(),
      tokenExpiresAt: lifetime === null ? null : new Date(now.getTime() + lifetime).toISOString(),
    });
    await tx.appendAudit({ actor: user.name, action: 'token.rotate', target: user.name, ip: input.ip ?? null, detail: null });
  });
  return token;
}

export async function authenticatePassword(store: Store, name: string, password: string): Promise<User | null> {
  const user = await store.getUserByName(name);
  // Hash anyway when the user does not exist, so timing does not reveal which names exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return user && ok && !user.disabled ? user : null;
}

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** How many failed logins the limits allow, and for how long they count. */
export interface LoginLimits {
  /** Failed logins per user name from one IP in the window (default 5). */
  perUser?: number;
  /** Failed logins from one IP in the window, whatever the names (default 20). */
  perIp?: number;
  /** Default 15 minutes. */
  windowMs?: number;
}

export type LoginResult =
  | { outcome: 'ok'; user: User }
  | { outcome: 'failed' }
  /** Too many failures for this name from this IP, or from this IP: nothing was checked. */
  | { outcome: 'limited'; retryAfterSeconds: number };

/**
 * A login attempt under the limits. The attempt is recorded as a failure BEFORE the password is
 * checked and counted with the others, so parallel guesses (on any number of processes or hosts
 * sharing the store) cannot all slip under the limit; a success removes it again. Names count
 * case-insensitively, and names that do not exist count like names that do, so the answer never
 * tells whether a user exists.
 */
export async function logIn(store: Store, input: { name: string; password: string; ip: string; limits?: LoginLimits }): Promise<LoginResult> {
  const perUser = input.limits?.perUser ?? 5;
  const perIp = input.limits?.perIp ?? 20;
  const windowMs = input.limits?.windowMs ?? 15 * 60_000;
  const key = input.name.trim().toLowerCase().slice(0, 64);
  const ip = input.ip.slice(0, 64);
  const now = Date.now();
  const since = new Date(now - windowMs).toISOString();
  await store.pruneLoginFailures(since);
  const attempt = await store.recordLoginFailure({ name: key, ip, at: new Date(now).toISOString() });
  const byUser = await store.countLoginFailures({ ip, name: key, since });
  const byIp = await store.countLoginFailures({ ip, since });
  if (byUser > perUser || byIp > perIp) {
    await store.removeLoginFailure(attempt);
    return { outcome: 'limited', retryAfterSeconds: Math.ceil(windowMs / 1000) };
  }
  const user = await authenticatePassword(store, input.name, input.password);
  if (user) {
    await store.removeLoginFailure(attempt);
    await store.clearLoginFailures(key, ip);
    await store.appendAudit({ actor: user.name, action: 'login', target: user.name, ip, detail: null });
    return { outcome: 'ok', user };
  }
  const tried = input.name.trim().slice(0, 64);
  await store.appendAudit({ actor: tried, action: 'login.failure', target: tried, ip, detail: null });
  if (byUser === perUser || byIp === perIp) {
    await store.appendAudit({
      actor: tried, action: 'login.lock', target: byUser === perUser ? tried : null, ip,
      detail: byUser === perUser ? `${perUser} failed logins for this name from this IP` : `${perIp} failed logins from this IP`,
    });
  }
  return { outcome: 'failed' };
}

/** The user an API token names, unless it expired or the user is disabled. */
export async function authenticateToken(store: Store, token: string): Promise<User | null> {
  const user = await store.getUserByTokenHash(sha256(token));
  if (!user || user.disabled) return null;
  if (user.tokenExpiresAt !== null && user.tokenExpiresAt <= new Date().toISOString()) return null;
  return user;
}

export const SESSION_HOURS = 12;

/** Starts a session: returns the cookie value (only its hash is stored) and the CSRF token. */
export async function startSession(store: Store, user: User): Promise<{ sessionId: string; session: Session }> {
  const sessionId = randomBytes(32).toString('base64url');
  const session: Session = {
    idHash: sha256(sessionId),
    userId: user.id,
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString(),
  };
  await store.createSession(session);
  return { sessionId, session };
}

/** The session and its user, read from the store on every request (so a disable ends it at once everywhere). */
export async function resumeSession(store: Store, sessionId: string): Promise<{ session: Session; user: User } | null> {
  const session = await store.getSession(sha256(sessionId));
  if (!session || session.expiresAt <= new Date().toISOString()) return null;
  const user = await store.getUser(session.userId);
  return user && !user.disabled ? { session, user } : null;
}

export async function endSession(store: Store, sessionId: string, actor?: Actor): Promise<void> {
  await store.deleteSession(sha256(sessionId));
  if (actor) await store.appendAudit({ actor: actor.name, action: 'logout', target: actor.name, ip: actor.ip ?? null, detail: null });
}
