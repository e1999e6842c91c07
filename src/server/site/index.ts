import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { HelmetOptions } from 'helmet';
import { LOCALES, isLocale, toLocale, type Locale } from '../../locale';
import type { SiteContent } from '../../workflow';
import { HELMET_OPTIONS, precomputeSecurityHeaders } from '../http/security';
import { logServed, type Logger } from '../http/logger';
import { PageCache, articleKey, buildPage, etagMatches, listKey, makeEtag, sitePageKey, type CachedPage } from './cache';
import { createTranslator, type Translate } from './i18n';
import { chooseLocale, localeCookie } from './negotiation';
import { renderArticlePage, renderListPage, renderNotFoundPage, renderNotPublishedPage, renderSitePage, renderSitemapPage, type Chrome } from './render';
import { loadSitePages, type SitePage } from './site-pages';
import { SITE_CSS_BUFFER, SITE_CSS_PATH } from './styles';
import { SWITCHER_JS_BUFFER, SWITCHER_JS_PATH } from './switcher-script';
import { renderFeed, renderRobots, renderSitemap } from './furniture';
import { listPath, articlePath } from './urls';
import { safeRedirectPath } from '../http/redirect';

export { LOCALE_COOKIE, chooseLocale, rememberedLocale } from './negotiation';
export { SITE_CSS_PATH } from './styles';
export { loadSitePages, renderSitePage as renderSitePageMarkdown, type SitePage } from './site-pages';
export { localPath, articlePath, listPath, switchPath } from './urls';

export interface SiteOptions {
  /** Public origin (e.g. https://www.jiangmen.gov.cn) for canonical and hreflang URLs. */
  publicUrl?: string;
  /** Cache-Control for published pages; default `public, max-age=60`. */
  cacheControl?: string;
  /** How many rendered pages to keep; default 2000. */
  maxCachedPages?: number;
  helmet?: HelmetOptions;
  /** Where `cachedPages` writes its access-log lines (the rest is logged by pino-http). */
  logger?: Logger;
  /** The site's own pages (About Us, Contact Us); default: read from the package's content/pages. */
  pages?: readonly SitePage[];
}

export interface SiteRouter extends Router {
  /**
   * Answers GET/HEAD of an article or list page that is in the cache, with its prebuilt
   * headers and body, and logs the request itself; anything else goes on (next). Mount it
   * first, before any other middleware, so that a cache hit costs almost nothing.
   */
  cachedPages: RequestHandler;
  /**
   * The site's localized 404 page for HTML requests nobody answered (mount it after every
   * other router); API paths and non-HTML requests pass on to the next handler.
   */
  notFound: RequestHandler;
  /** Stops listening for article changes. */
  close(): void;
  cache: PageCache;
}

const NEGOTIATED_HEADERS = { 'Cache-Control': 'private, no-store', Vary: 'Accept-Language, Cookie' };
const MAX_SLUG_LENGTH = 200;
/** An article or list page URL, optionally with a query (ignored: it does not change the page). */
const PAGE_URL = /^\/(en|zh-Hans|zh-Hant)\/(?:articles\/([^/?#]+))?(?:\?.*)?$/;

export function createSiteRouter(site: SiteContent, options: SiteOptions = {}): SiteRouter {
  const cacheControl = options.cacheControl ?? 'public, max-age=60';
  const security = precomputeSecurityHeaders(options.helmet ?? HELMET_OPTIONS);
  const securityObject = Object.fromEntries(security);
  const cache = new PageCache(LOCALES, options.maxCachedPages);
  // '*' is the workflow's "anything may have changed" (a termbase edit re-checks every article).
  const unsubscribe = site.onArticleChanged((slug) => (slug === '*' ? cache.clear() : cache.invalidateArticle(slug)));
  const cssHeaders = {
    ...securityObject,
    'Content-Type': 'text/css; charset=utf-8',
    'Content-Length': String(SITE_CSS_BUFFER.length),
    'Cache-Control': 'public, max-age=31536000, immutable',
  };

  // Strict: `/en` and `/en/` are different URLs (the first redirects to the second).
  const router = express.Router({ strict: true }) as SiteRouter;

  const sitePages = options.pages ?? loadSitePages();
  /** Per page name, the page in each locale it is written in. */
  const pagesByName = new Map<string, Map<Locale, SitePage>>();
  for (const page of sitePages) {
    const byLocale = pagesByName.get(page.name) ?? new Map<Locale, SitePage>();
    byLocale.set(page.locale, page);
    pagesByName.set(page.name, byLocale);
  }
  const pageNamesIn = new Map(LOCALES.map((l) => [l, new Set(sitePages.filter((p) => p.locale === l).map((p) => p.name))]));

  async function chrome(locale: Locale): Promise<Chrome> {
    const [strings, english] = await Promise.all([
      site.uiStrings(locale),
      locale === 'en' ? undefined : site.uiStrings('en'),
    ]);
    const t: Translate = createTranslator(locale, strings, english);
    return { locale, t, stylesheet: SITE_CSS_PATH, script: SWITCHER_JS_PATH, publicUrl: options.publicUrl, pages: pageNamesIn.get(locale) };
  }

  function send(res: Response, status: number, headers: Record<string, string>, body?: string | Buffer): void {
    const buffer = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const all: Record<string, string> = { ...securityObject, ...headers };
    if (buffer) all['Content-Length'] = String(buffer.length);
    res.writeHead(status, all);
    res.end(res.req.method === 'HEAD' ? undefined : buffer);
  }

  function redirect(res: Response, status: number, location: string, headers: Record<string, string> = {}): void {
    send(res, status, { Location: location, 'Cache-Control': 'no-cache', ...headers });
  }

  function serve(req: Request, res: Response, page: CachedPage): number {
    if (etagMatches(req.headers['if-none-match'], page.etag)) {
      res.writeHead(304, page.notModifiedHeaders);
      res.end();
      return 304;
    }
    res.writeHead(200, page.headers);
    res.end(req.method === 'HEAD' ? undefined : page.body);
    return 200;
  }

  async function sendNotFound(res: Response, locale: Locale, headers: Record<string, string>): Promise<void> {
    const body = renderNotFoundPage(await chrome(locale));
    send(res, 404, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Language': locale, ...headers }, body);
  }

  /** The locale in a URL's first segment, or a redirect to its canonical spelling. */
  function urlLocale(req: Request, res: Response, raw: string | undefined): Locale | 'redirected' | undefined {
    if (isLocale(raw)) return raw;
    const mapped = raw === undefined ? undefined : toLocale(raw);
    if (!mapped) return undefined;
    const rest = req.originalUrl.slice(1 + encodeURIComponent(raw!).length);
    // The rest of the URL is the visitor's: through the same-site check like every redirect.
    redirect(res, 301, safeRedirectPath(`/${mapped}${rest.startsWith('/') ? rest : `/${rest}`}`, `/${mapped}/`));
    return 'redirected';
  }

  const negotiation = (req: Request, available: readonly Locale[] = LOCALES): Locale =>
    chooseLocale({ cookie: req.headers.cookie, acceptLanguage: req.headers['accept-language'] }, available);

  router.get(SITE_CSS_PATH, (_req, res) => {
    res.writeHead(200, cssHeaders);
    res.end(res.req.method === 'HEAD' ? undefined : SITE_CSS_BUFFER);
  });
  const scriptHeaders = { ...cssHeaders, 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Length': String(SWITCHER_JS_BUFFER.length) };
  router.get(SWITCHER_JS_PATH, (_req, res) => {
    res.writeHead(200, scriptHeaders);
    res.end(res.req.method === 'HEAD' ? undefined : SWITCHER_JS_BUFFER);
  });

  /** The public origin for absolute URLs: configured, else the request's own. */
  const originOf = (req: Request): string => (options.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(/\/+$/, '');

  router.get('/sitemap.xml', (req, res, next) => {
    renderSitemap(site, originOf(req), sitePages).then((body) => {
      send(res, 200, { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' }, body);
    }).catch(next);
  });

  router.get('/robots.txt', (req, res) => {
    send(res, 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }, renderRobots(originOf(req)));
  });

  router.get('/:locale/feed.xml', (req, res, next) => {
    const locale = req.params.locale;
    if (!isLocale(locale)) return next();
    Promise.all([site.listPublished(locale), chrome(locale)]).then(([summaries, c]) => {
      send(res, 200, { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Content-Language': locale, 'Cache-Control': 'public, max-age=300' },
        renderFeed(locale, summaries, c.t, originOf(req)));
    }).catch(next);
  });

  router.get('/', (req, res) => {
    redirect(res, 302, listPath(negotiation(req)), NEGOTIATED_HEADERS);
  });

  // Switcher links land here: remember the choice, then go where the link pointed.
  router.get('/switch', (req, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to : undefined;
    const locale = isLocale(to) ? to : undefined;
    if (!locale) {
      redirect(res, 303, '/', { 'Cache-Control': 'no-store' });
      return;
    }
    const next = safeRedirectPath(req.query.next, listPath(locale));
    send(res, 303, { Location: next, 'Cache-Control': 'no-store', 'Set-Cookie': localeCookie(locale, req.secure) });
  });

  router.get('/articles/:slug', async (req, res) => {
    const slug = req.params.slug;
    const available = slug.length <= MAX_SLUG_LENGTH ? await site.publishedLocales(slug) : null;
    if (!available || available.length === 0) {
      await sendNotFound(res, negotiation(req), NEGOTIATED_HEADERS);
      return;
    }
    redirect(res, 302, articlePath(negotiation(req, available), slug), NEGOTIATED_HEADERS);
  });

  // The hot path: a cache hit is answered synchronously with prebuilt headers and body.
  router.get('/:locale/articles/:slug', (req, res, next) => {
    const { slug } = req.params;
    const locale = req.params.locale;
    if (isLocale(locale)) {
      const page = cache.get(articleKey(locale, slug));
      if (page) {
        serve(req, res, page);
        return;
      }
      articleMiss(req, res, locale, slug).catch(next);
      return;
    }
    if (urlLocale(req, res, locale) === undefined) next();
  });

  async function articleMiss(req: Request, res: Response, locale: Locale, slug: string): Promise<void> {
    if (slug.length > MAX_SLUG_LENGTH) {
      await sendNotFound(res, locale, { 'Cache-Control': 'no-cache' });
      return;
    }
    const page = await cache.getOrRender(articleKey(locale, slug), async () => {
      const article = await site.getPublished(slug, locale);
      if (!article) return null;
      const body = Buffer.from(renderArticlePage(article, await chrome(locale)), 'utf8');
      return buildPage(body, makeEtag(slug, locale, article.version, body), locale, cacheControl, security);
    });
    if (page) {
      serve(req, res, page);
      return;
    }
    const published = await site.publishedLocales(slug);
    const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Content-Language': locale, 'Cache-Control': 'no-cache' };
    if (!published || published.length === 0) {
      await sendNotFound(res, locale, headers);
      return;
    }
    send(res, 404, headers, renderNotPublishedPage(slug, published, await chrome(locale)));
  }

  router.get('/:locale/', (req, res, next) => {
    const locale = req.params.locale;
    if (!isLocale(locale)) {
      if (urlLocale(req, res, locale) === undefined) next();
      return;
    }
    const page = cache.get(listKey(locale));
    if (page) {
      serve(req, res, page);
      return;
    }
    cache
      .getOrRender(listKey(locale), async () => {
        const summaries = await site.listPublished(locale);
        const body = Buffer.from(renderListPage(summaries, await chrome(locale)), 'utf8');
        return buildPage(body, makeEtag('', locale, 'list', body), locale, cacheControl, security);
      })
      .then((rendered) => serve(req, res, rendered!))
      .catch(next);
  });

  /** A page cached until the next release (or its article's change): rendered once per locale. */
  function cachedSitePage(req: Request, res: Response, locale: Locale, name: string, render: () => Promise<string>): Promise<void> {
    return cache
      .getOrRender(sitePageKey(locale, name), async () => {
        const body = Buffer.from(await render(), 'utf8');
        return buildPage(body, makeEtag(name, locale, 'page', body), locale, cacheControl, security);
      })
      .then((page) => { serve(req, res, page!); });
  }

  router.get('/:locale/sitemap', (req, res, next) => {
    const locale = req.params.locale;
    if (!isLocale(locale)) return next();
    cachedSitePage(req, res, locale, 'sitemap', async () => {
      const [articles, c] = await Promise.all([site.listPublished(locale), chrome(locale)]);
      const pages = [...pagesByName.values()].flatMap((byLocale) => byLocale.get(locale) ?? []);
      return renderSitemapPage({ articles, pages }, c);
    }).catch(next);
  });

  router.get('/:locale/:page', (req, res, next) => {
    const locale = req.params.locale;
    const byLocale = pagesByName.get(req.params.page);
    if (!isLocale(locale) || !byLocale) return next();
    const page = byLocale.get(locale);
    // A page not written in this language: the localized 404 (the catch-all below).
    if (!page) return next();
    cachedSitePage(req, res, locale, page.name, async () => renderSitePage(page, LOCALES.filter((l) => byLocale.has(l)), await chrome(locale))).catch(next);
  });

  router.get('/:locale', (req, res, next) => {
    const locale = req.params.locale;
    if (isLocale(locale)) redirect(res, 301, listPath(locale));
    else if (urlLocale(req, res, locale) === undefined) next();
  });

  // Anything else under a locale prefix is this site's: a 404 in that language.
  router.get('/:locale/{*rest}', (req, res, next) => {
    const locale = req.params.locale;
    if (!isLocale(locale)) {
      next();
      return;
    }
    sendNotFound(res, locale, { 'Cache-Control': 'no-cache' }).catch(next);
  });

  router.cachedPages = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const match = PAGE_URL.exec(req.url);
    if (!match) return next();
    const locale = match[1] as Locale;
    let key: string;
    if (match[2] === undefined) {
      key = listKey(locale);
    } else {
      try {
        key = articleKey(locale, decodeURIComponent(match[2]));
      } catch {
        return next();
      }
    }
    const page = cache.get(key);
    if (!page) return next();
    const startedAt = Date.now();
    const status = serve(req, res, page);
    if (options.logger) logServed(options.logger, req, status, startedAt);
  };

  router.notFound = (req, res, next) => {
    const isApi = req.path === '/api' || req.path.startsWith('/api/');
    if (isApi || (req.method !== 'GET' && req.method !== 'HEAD') || req.accepts(['html', 'json']) !== 'html') {
      next();
      return;
    }
    sendNotFound(res, negotiation(req), NEGOTIATED_HEADERS).catch(next);
  };
  router.close = unsubscribe;
  router.cache = cache;
  return router;
}
