import express, { type Router } from 'express';
import { clientIp } from '../auth';
import type { ApiContext } from './context';
import { findingJson, releaseJson, unitJson } from './json';
import * as schemas from './schemas';
import { parseInput, requiredVersion } from './validation';

/** `/api/articles…`: the articles, their units, bulk approval and the editor's source edits. */
export function articleRoutes({ workflow, options, anyUser, translate, review, edit, by, approver }: ApiContext): Router {
  const router = express.Router();

  router.get('/articles', anyUser, async (_req, res) => {
    const articles = [];
    for (const article of await workflow.listArticles()) {
      articles.push({
        slug: article.slug, title: article.title, sourceLocale: article.sourceLocale, version: article.version,
        updatedAt: article.updatedAt, progress: await workflow.articleProgress(article.slug),
      });
    }
    res.json(articles);
  });

  router.get('/articles/:slug', anyUser, async (req, res) => {
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    const article = await workflow.requireArticle(slug);
    res.json({
      slug: article.slug, title: article.title, sourceLocale: article.sourceLocale, version: article.version, updatedAt: article.updatedAt,
      paragraphs: await workflow.articleParagraphs(article),
      progress: await workflow.articleProgress(slug),
    });
  });

  router.get('/articles/:slug/units', anyUser, async (req, res) => {
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    const query = parseInput(schemas.unitsQuery, req.query, 'query');
    const units = await workflow.articleUnits(slug, {
      locale: query.locale,
      ...(query.status ? { status: query.status } : {}),
      ...(query.origin ? { origin: query.origin } : {}),
      ...(query.check ? { checkId: query.check } : {}),
      ...(query.q ? { text: query.q } : {}),
      ...(query.queue ? { queue: query.queue, viewer: { name: by(res) } } : {}),
    });
    const withFindings = query.findings === '1' || query.findings === 'true';
    res.json(units
      .filter((u) => !withFindings || u.findings.length > 0)
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      .map((u) => unitJson(u, slug)));
  });

  router.get('/articles/:slug/queues', anyUser, async (req, res) => {
    // The work queues' sizes for the person asking ("mine" is theirs).
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    const { locale } = parseInput(schemas.queuesQuery, req.query, 'query');
    res.json(await workflow.articleQueueCounts(slug, locale, { name: by(res) }));
  });

  router.get('/articles/:slug/source-findings', anyUser, async (req, res) => {
    // The English source's warnings (spelling, words run together, spaces) for the editor, once per segment.
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    res.json(await workflow.sourceFindings(slug));
  });

  router.post('/articles/:slug/approve', review, async (req, res) => {
    // Each unit on its own: one blocked, stale or refused unit does not hold back the others.
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    const body = parseInput(schemas.approveArticleBody, req.body);
    const result = await workflow.approveArticle(slug, {
      locale: body.locale, approver: approver(res), ip: clientIp(req), units: body.units,
    });
    res.json({
      approved: result.approved,
      blocked: result.blocked.map((b) => ({ id: b.id, position: b.position, findings: b.findings.map((f) => findingJson(f)) })),
      stale: result.stale,
      untranslated: result.untranslated,
      refused: result.refused,
      // Units asked for that are not in this article and locale are named too, never dropped in silence.
      ...(result.notFound.length ? { notFound: result.notFound } : {}),
      progress: await workflow.articleProgress(slug),
    });
  });

  router.post('/articles/:slug/mark-translated', translate, async (req, res) => {
    // One transaction for the batch; every unit asked for is named in the answer.
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    const body = parseInput(schemas.markTranslatedBody, req.body);
    res.json({ ...(await workflow.markTranslated(slug, { locale: body.locale, units: body.units, by: by(res) })), progress: await workflow.articleProgress(slug) });
  });

  router.post('/articles/:slug/recheck', translate, async (req, res) => {
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    const body = parseInput(schemas.recheckBody, req.body);
    res.json({ ...(await workflow.recheckArticle(slug, { locale: body.locale, by: by(res), ...(body.ids ? { ids: body.ids } : {}) })), progress: await workflow.articleProgress(slug) });
  });

  // An article from the workbench's upload form (whole files: a larger body than other routes take).
  router.post('/articles', edit, express.json({ limit: options.uploadLimit ?? '20mb' }), async (req, res) => {
    const body = parseInput(schemas.uploadArticleBody, req.body);
    const upload = {
      english: body.english,
      ...(body.slug?.trim() ? { slug: body.slug.trim() } : {}),
      ...(body.chinese ? { chinese: body.chinese } : {}),
    };
    if (body.preview) {
      res.json(await workflow.previewArticleUpload(upload));
      return;
    }
    const result = await workflow.uploadArticle({ ...upload, by: by(res) });
    const slug = result.document.slug;
    res.status(201).json({
      slug, title: result.document.title, paragraphs: result.paragraphs, segments: result.segments,
      kept: result.kept, added: result.added, detached: result.detached, notes: result.notes,
      ...('beadsByType' in result ? { beadsByType: result.beadsByType, lowConfidence: result.lowConfidence } : {}),
      review: `/workbench/articles/${encodeURIComponent(slug)}/${result.targetLocale}`,
    });
  });

  router.put('/articles/:slug/segments/:position', edit, async (req, res) => {
    const { slug, position } = parseInput(schemas.segmentParams, req.params, 'position');
    // A segment's version is that of its unit the editor saw (in `locale`): a translation or a
    // repair made since is not silently re-sourced.
    const version = requiredVersion(req.get('if-match'), 'segment\'s unit you saw');
    const body = parseInput(schemas.editSourceBody, req.body);
    const article = await workflow.requireArticle(slug);
    const units = await workflow.editSource({
      documentId: article.id, position, text: body.text, by: by(res), reason: body.reason ?? null,
      expected: { version, ...(body.locale ? { locale: body.locale } : {}) },
    });
    res.json(units.map((u) => unitJson(u, slug)));
  });

  router.get('/articles/:slug/releases', anyUser, async (req, res) => {
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    const query = parseInput(schemas.releasesQuery, req.query, 'query');
    res.json((await workflow.articleReleases(slug, query.locale)).map(releaseJson));
  });

  router.post('/articles/:slug/publish', edit, async (req, res) => {
    // The editor releases the working version of a locale (English: a source with no error finding).
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    const body = parseInput(schemas.publishBody, req.body);
    const { release, created } = await workflow.publish({ slug, locale: body.locale, by: by(res) });
    res.status(created ? 201 : 200).json(releaseJson(release));
  });

  router.post('/articles/:slug/withdraw', edit, async (req, res) => {
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    const body = parseInput(schemas.withdrawBody, req.body);
    res.json(releaseJson(await workflow.withdraw({ slug, locale: body.locale, reason: body.reason, by: by(res) })));
  });

  router.post('/articles/:slug/preferred-terms', edit, async (req, res) => {
    // The editor's one-click source fix: every forbidden term becomes its concept's preferred term.
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    res.json({ changed: await workflow.applyPreferredSourceTerms(slug, by(res)) });
  });

  return router;
}
