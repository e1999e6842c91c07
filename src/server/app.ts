import express, { type Express, type Router } from 'express';
import type { SiteContent } from '../workflow';
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
 * The whole HTTP app. Order matters for speed: cached site pages first (prebuilt body and
 * headers, security headers included, one access-log line), then pino-http, helmet for
 * everything else, the rest of the site, the extra routers, the 404 and the error handler.
 */
export function createApp(options: AppOptions): BitextApp {
  const logger = options.logger ?? createLogger();
  const app = express() as BitextApp;
  app.disable('x-powered-by');
  app.set('etag', false);
  // Behind a reverse proxy or load balancer, rate limits and logs need the client's address.
  const trustProxy = trustProxySetting(process.env.BITEXT_TRUST_PROXY);
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);

  const site = createSiteRouter(options.site, { logger, ...options.siteOptions });
  app.use(site.cachedPages);
  app.use(requestLogger(logger));
  // Before the site router, so that its own error and redirect answers carry the headers too.
  app.use(securityMiddleware());
  app.use(site);
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

/**
 * BITEXT_TRUST_PROXY as Express's `trust proxy`: `true`/`false`, a hop count (`1`), or
 * addresses and subnets (`loopback, 10.0.0.0/8`). Unset or empty: Express's default (trust none).
 */
export function trustProxySetting(value: string | undefined): boolean | number | string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}
