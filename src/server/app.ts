import express, { type Express, type Router } from 'express';
import type { SiteContent } from '../workflow/publication-types';
import {
  createLogger,
  errorHandler,
  notFoundHandler,
  requestLogger,
  securityMiddleware,
  type Logger,
} from './http';
import { createSiteRouter, type SiteOptions } from './site';

export interface AppOptions {
  site: SiteContent;
  /** Defaults to pino at LOG_LEVEL (info) on stdout. */
  logger?: Logger;
  /**
   * Routers mounted at their paths (e.g. `/workbench`, `/api`), after the site's pages and
   * before the 404 and error handlers. They get helmet's headers and `req.log`; they add
   * their own body parsers, sessions and auth.
   */
  extraRouters?: Array<{ path: string; router: Router }>;
  siteOptions?: SiteOptions;
}

export interface BitextApp extends Express {
  /** Releases what the app holds (the site's change listener); the HTTP server is the caller's. */
  close(): void;
}

/**
 * The whole HTTP app. Order matters for speed: the request logger, then the site router
 * (whose cached pages carry precomputed security headers and skip every other middleware),
 * then helmet for everything else, the extra routers, the 404 and the error handler.
 */
export function createApp(options: AppOptions): BitextApp {
  const logger = options.logger ?? createLogger();
  const app = express() as BitextApp;
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(requestLogger(logger));
  const site = createSiteRouter(options.site, options.siteOptions);
  app.use(site);
  app.use(securityMiddleware());
  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  for (const { path, router } of options.extraRouters ?? []) app.use(path, router);
  app.use(site.notFound);
  app.use(notFoundHandler());
  app.use(errorHandler());

  app.close = () => site.close();
  return app;
}
