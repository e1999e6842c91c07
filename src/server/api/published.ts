import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { isLocale, type Locale } from '../../locale';
import type { PublishedArticle, Workflow } from '../../workflow';
import { HttpError } from '../http';
import type { ApiContext } from './context';

/** A release as a CMS takes it (DESIGN.md: the delivery API). */
function deliveryJson(article: PublishedArticle) {
  return {
    slug: article.slug,
    locale: article.locale,
    title: article.title,
    html: article.html,
    version: article.version,
    publishedAt: article.publishedAt,
    alternates: article.publishedLocales.map((locale) => ({ locale, url: `/${locale}/articles/${article.slug}` })),
  };
}

function localeOf(req: Request): Locale {
  const raw = req.query.locale;
  if (raw === undefined) throw new HttpError(400, 'locale: required, one of en, zh-Hans, zh-Hant', { field: 'locale' });
  if (typeof raw !== 'string') throw new HttpError(400, 'locale: must be one value', { field: 'locale' });
  if (!isLocale(raw)) throw new HttpError(404, `locale: no site locale ${JSON.stringify(raw.slice(0, 40))} (en, zh-Hans, zh-Hant)`, { field: 'locale' });
  return raw;
}

/** JSON with a strong ETag of its bytes; 304 when the client has them already. */
function sendTagged(req: Request, res: Response, value: unknown): void {
  const body = JSON.stringify(value);
  const tag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  // Public: what anyone may read; revalidated, so a new release shows at once.
  res.setHeader('Cache-Control', 'public, no-cache');
  res.setHeader('ETag', tag);
  res.setHeader('Vary', 'Accept-Encoding');
  const seen = req.get('if-none-match');
  if (seen && seen.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)) {
    res.status(304).end();
    return;
  }
  res.type('application/json; charset=utf-8').send(body);
}

/**
 * `/api/published/…`: the latest release of each article for a headless CMS, without login.
 * Mounted before the API's authentication.
 */
export function publishedRoutes(workflow: Workflow): Router {
  const router = express.Router();

  router.get('/published/articles', async (req, res) => {
    const locale = localeOf(req);
    const articles: ReturnType<typeof deliveryJson>[] = [];
    for (const summary of await workflow.site.listPublished(locale)) {
      const article = await workflow.site.getPublished(summary.slug, locale);
      if (article) articles.push(deliveryJson(article));
    }
    sendTagged(req, res, articles);
  });

  router.get('/published/articles/:slug', async (req, res) => {
    const locale = localeOf(req);
    const slug = req.params.slug;
    const article = await workflow.site.getPublished(slug, locale);
    if (!article) throw new HttpError(404, `no release of article ${JSON.stringify(slug.slice(0, 80))} in ${locale}`, { field: 'slug' });
    sendTagged(req, res, deliveryJson(article));
  });

  return router;
}

/** `/api/webhooks`: every queued release event and its delivery attempts (admins). */
export function webhookRoutes({ workflow, administer }: ApiContext): Router {
  const router = express.Router();
  router.get('/webhooks', administer, async (_req, res) => {
    const deliveries = await workflow.webhookDeliveries();
    res.json({
      target: workflow.webhookTarget,
      deliveries: deliveries.map((d) => ({
        id: d.id, target: d.target, event: JSON.parse(d.body) as unknown, createdAt: d.createdAt, attempts: d.attempts,
        deliveredAt: d.deliveredAt, failedAt: d.failedAt, nextAttemptAt: d.deliveredAt || d.failedAt ? null : d.nextAttemptAt, log: d.log,
      })),
    });
  });
  return router;
}
