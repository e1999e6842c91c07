import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response, type Router } from 'express';
import { isLocale, LOCALES, negotiateLocale, type Locale } from '../../locale';
import { NotFoundError, QUEUES, WorkflowInputError, type Queue, type Workflow } from '../../workflow';
import { CAN_ADMINISTER, CAN_EDIT, principalOf, userOf, type Auth } from '../auth';
import { HttpError, safeRedirectPath } from '../http';
import { ARTICLE_STATUSES, UI_LOCALES, articlesPage, type YourWork, errorPage, filterArticles, loginPage, qaPage, reviewPage, termbasePage, type ArticleStatus, type PageContext } from './pages';
import { createTranslate, loadWorkbenchStrings } from './strings';
import { adminRoutes } from './admin';
import { memoryPage } from './memory';

export { loadWorkbenchStrings } from './strings';

/** The cookie that remembers the workbench's UI language. */
export const UI_COOKIE = 'bitext_ui_locale';
type UiLocale = (typeof UI_LOCALES)[number];

/**
 * The browser scripts (bundled from `browser/` by scripts/build-assets.js) and the stylesheet:
 * `assets/` beside the compiled code in dist/. Run from src/ (ts-jest, tsx), this file has no
 * `assets/` beside it and the build's output in dist/ is served (the test setup rebuilds it).
 */
export function workbenchAssetsDir(): string {
  const beside = join(__dirname, 'assets');
  if (existsSync(beside)) return beside;
  return join(__dirname, '..', '..', '..', 'dist', 'server', 'workbench', 'assets');
}

/**
 * Where a login may send the browser back to: a workbench page of this site only. The site-wide
 * helper refuses `//host`, `/\\host`, encoded dots and slashes, schemes and controls and
 * resolves dot segments (`/workbench/../x` is `/x`, not a workbench page).
 */
function safeNext(value: unknown): string {
  const path = safeRedirectPath(value, '/workbench/');
  return path === '/workbench' || path.startsWith('/workbench/') ? path : '/workbench/';
}

/**
 * The workbench (server-rendered shells, a small typed client in `browser/`) and its login,
 * mounted at `/workbench`. Pages need a logged-in user; the client writes through `/api`.
 */
export function createWorkbenchRouter(workflow: Workflow, auth: Auth): Router {
  const router = express.Router();
  const strings = loadWorkbenchStrings('en');
  const t = createTranslate(strings);
  // Each UI language once: its strings (English where one is missing) and its translate function.
  const catalogs = new Map(UI_LOCALES.map((l) => {
    const s = loadWorkbenchStrings(l);
    return [l, { strings: s, t: createTranslate(s, l) }] as const;
  }));
  /** The person's UI language: their remembered choice, else their browser's languages, else English. */
  const uiLocale = (req: Request): UiLocale => {
    const chosen = (req.cookies as Record<string, unknown> | undefined)?.[UI_COOKIE];
    if (typeof chosen === 'string' && (UI_LOCALES as readonly string[]).includes(chosen)) return chosen as UiLocale;
    return negotiateLocale(req.get('accept-language'), UI_LOCALES, 'en') as UiLocale;
  };
  const catalog = (res: Response) => catalogs.get((res.locals.uiLocale as UiLocale | undefined) ?? 'en')!;
  const forms = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 });

  const context = (res: Response): PageContext => {
    const principal = principalOf(res);
    const locale = (res.locals.uiLocale as UiLocale | undefined) ?? 'en';
    return {
      t: catalog(res).t, uiLocale: locale, path: safeNext(res.locals.path),
      user: principal?.user ?? null, csrfToken: principal?.session?.csrfToken ?? null,
    };
  };
  const send = (res: Response, status: number, page: string): void => {
    res.status(status).setHeader('Cache-Control', 'no-store');
    res.type('html').send(page);
  };

  router.use(auth.cookies, (req, res, next) => {
    res.locals.uiLocale = uiLocale(req);
    res.locals.path = req.originalUrl;
    next();
  });

  // The UI language, chosen in the header's form: remembered for a year, then back to the page.
  router.get('/ui', (req, res) => {
    const lang = String(req.query.lang ?? '');
    if ((UI_LOCALES as readonly string[]).includes(lang)) {
      res.cookie(UI_COOKIE, lang, { path: '/workbench', maxAge: 365 * 24 * 3600 * 1000, sameSite: 'lax', httpOnly: true, secure: req.secure });
    }
    res.redirect(303, safeNext(req.query.next));
  });

  router.use('/assets', express.static(workbenchAssetsDir(), { index: false, maxAge: '1h', fallthrough: false }));

  // Login runs before `auth`: it has its own CSRF token (a double-submit cookie), as there is no session yet.
  router.get('/login', auth.cookies, (req, res) => {
    const message = req.query.out === '1' ? catalog(res).t('login.loggedOut') : undefined;
    send(res, 200, loginPage(context(res), { token: auth.issueLoginToken(req, res), next: safeNext(req.query.next), ...(message ? { message } : {}) }));
  });

  router.post('/login', forms, auth.cookies, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const name = typeof body.name === 'string' ? body.name.trim().slice(0, 64) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 200) : '';
    const next = safeNext(body.next);
    // Only a real attempt counts against the limits: after the CSRF check, with both fields.
    if (!auth.verifyLoginToken(req)) {
      send(res, 403, loginPage(context(res), { token: auth.issueLoginToken(req, res), next, name, message: catalog(res).t('login.expired') }));
      return;
    }
    if (!name || !password) {
      send(res, 400, loginPage(context(res), { token: auth.issueLoginToken(req, res), next, name, message: catalog(res).t('login.failed') }));
      return;
    }
    const result = await auth.logIn(req, res, name, password);
    if (result.outcome === 'limited') {
      // The same words whether or not the user exists.
      res.setHeader('Retry-After', String(result.retryAfterSeconds));
      send(res, 429, loginPage(context(res), { token: auth.issueLoginToken(req, res), next, name, message: catalog(res).t('login.tooMany') }));
      return;
    }
    if (result.outcome === 'failed') {
      send(res, 401, loginPage(context(res), { token: auth.issueLoginToken(req, res), next, name, message: catalog(res).t('login.failed') }));
      return;
    }
    res.redirect(303, next);
  });

  router.use(forms, auth);

  router.post('/logout', async (req, res) => {
    await auth.logOut(req, res);
    res.redirect(303, '/workbench/login?out=1');
  });

  /** Pages send a visitor without a session to the login form, and back afterwards. */
  const page = (req: Request, res: Response, next: NextFunction): void => {
    if (userOf(res)) return next();
    res.redirect(303, `/workbench/login?next=${encodeURIComponent(req.originalUrl)}`);
  };

  router.get('/', page, async (req, res) => {
    const rows = [];
    for (const article of await workflow.listArticles()) {
      rows.push({ article, progress: await workflow.articleProgress(article.slug) });
    }
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
    const status = (ARTICLE_STATUSES as readonly string[]).includes(String(req.query.status)) ? req.query.status as ArticleStatus : '';
    const me = userOf(res)!;
    const assignments = await workflow.assignments();
    const byId = new Map(rows.map((r) => [r.article.id, r.article]));
    const work: YourWork = {
      assignments: assignments.filter((a) => a.assignee === me.name && byId.has(a.documentId))
        .map((a) => ({ slug: byId.get(a.documentId)!.slug, title: byId.get(a.documentId)!.title, locale: a.locale, role: a.role })),
      mentions: (await workflow.openMentions(me.name)).flatMap((m) => {
        const article = m.documentId === null ? undefined : byId.get(m.documentId);
        return article ? [{
          slug: article.slug, title: article.title, locale: m.locale, unitId: m.comment.unitId, position: m.position,
          author: m.comment.author, text: m.comment.text, at: m.comment.createdAt,
        }] : [];
      }),
    };
    send(res, 200, articlesPage(context(res), {
      articles: filterArticles(rows, { q, ...(status ? { status } : {}) }), total: rows.length, q, status,
      canUpload: CAN_EDIT.includes(me.role), strings: catalog(res).strings, assignments, work,
    }));
  });

  // The upload form is sent by its script as JSON to /api/articles; posted without the script, say so.
  router.post('/upload', (_req, res) => {
    send(res, 400, errorPage(context(res), 400, catalog(res).t('articles.needsScript')));
  });

  router.get('/articles/:slug/:locale', page, async (req, res) => {
    const { slug, locale } = req.params as { slug: string; locale: string };
    const article = await workflow.requireArticle(slug.slice(0, 200));
    if (!isLocale(locale) || locale === article.sourceLocale) throw new HttpError(404, `${article.slug} has no target locale "${locale}"`);
    const queue = (QUEUES as readonly string[]).includes(String(req.query.queue)) ? req.query.queue as Queue : '';
    send(res, 200, reviewPage(context(res), { article, locale, strings: catalog(res).strings, selfReview: workflow.selfReview, queue }));
  });

  router.get('/qa', page, async (req, res) => {
    const slug = typeof req.query.slug === 'string' && req.query.slug !== '' ? req.query.slug.slice(0, 200) : null;
    const wanted = typeof req.query.locale === 'string' && req.query.locale !== '' ? req.query.locale : null;
    if (wanted !== null && !isLocale(wanted)) throw new HttpError(400, `locale: must be one of ${LOCALES.join(', ')}`);
    const locale: Locale | null = wanted;
    const articles = await workflow.listArticles();
    const report = await workflow.qaReport({ ...(slug ? { slug } : {}), ...(locale ? { locale } : {}) });
    const source = slug ? await workflow.sourceFindings(slug) : null;
    const targets = LOCALES.filter((l) => articles.some((a) => a.sourceLocale !== l));
    send(res, 200, qaPage(context(res), { report, source, articles, slug, locale, locales: targets }));
  });

  router.get('/termbase', page, (_req, res) => {
    const user = userOf(res)!;
    send(res, 200, termbasePage(context(res), { strings: catalog(res).strings, canEdit: CAN_EDIT.includes(user.role) }));
  });

  // Memory import and export: admins only, as the API it calls (hidden from the others' navigation too).
  router.get('/memory', auth.requireRole(...CAN_ADMINISTER), (_req, res) => {
    send(res, 200, memoryPage(context(res), { strings: catalog(res).strings }));
  });

  // The admin's account page and everyone's own account page (./admin.ts).
  router.use(adminRoutes({ workflow, auth, t, strings, context, send }));

  router.use((req, _res, next) => next(new HttpError(404, `no workbench page ${req.path}`)));

  const errors: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) return next(error);
    let status: number;
    let message: string;
    if (error instanceof HttpError) [status, message] = [error.status, error.message];
    else if (error instanceof NotFoundError) [status, message] = [404, error.message];
    else if (error instanceof WorkflowInputError) [status, message] = [400, error.message];
    else if (typeof error === 'object' && error !== null && (error as { expose?: unknown }).expose === true
      && typeof (error as { status?: unknown }).status === 'number') {
      // body-parser's 400/413: safe to show.
      [status, message] = [(error as { status: number }).status, String((error as { message?: unknown }).message)];
    } else {
      return next(error);
    }
    if (req.path === '/login' && req.method === 'POST') {
      const body = (req.body ?? {}) as Record<string, unknown>;
      send(res, status, loginPage(context(res), {
        token: auth.issueLoginToken(req, res), next: safeNext(body.next), name: typeof body.name === 'string' ? body.name : '',
        message: status === 429 ? catalog(res).t('login.tooMany') : message,
      }));
      return;
    }
    if (status === 401 && req.method === 'GET') {
      res.redirect(303, `/workbench/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    send(res, status, errorPage(context(res), status, status === 403 ? `${catalog(res).t('errors.forbidden')} (${message})` : message));
  };
  router.use(errors);
  return router;
}
