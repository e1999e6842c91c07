import { Readable } from 'node:stream';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { getGlossaryFormat } from '../../formats';
import { ApprovalBlockedError, type Workflow } from '../../workflow';
import type { TranslationUnit } from '../../memory';
import { CAN_ADMINISTER, CAN_EDIT, CAN_TRANSLATE, currentUser, principalOf, type Auth } from '../auth';
import { HttpError } from '../http';
import { apiErrorHandler } from './errors';
import { conceptJson, findingJson, historyJson, slugLookup, unitJson, userJson } from './json';
import { openApiDocument } from './openapi';
import * as schemas from './schemas';
import { etag, ifMatchVersion, parseInput } from './validation';

export { openApiDocument } from './openapi';
export type { ApiUnit, ApiConcept, ApiFinding } from './json';

export interface ApiOptions {
  /** Largest JSON body accepted (default 256 kB). */
  jsonLimit?: string;
  /** Largest glossary file accepted by the import (default 20 MB). */
  uploadLimit?: string;
  /** Requests per minute and user to the expensive reads: TM lookup, concordance, suggestions (default 120). */
  expensivePerMinute?: number;
}

/** What a termbase change re-checked (the workflow's RecheckReport). */
interface RecheckReport { rechecked: number; changed: number; nowInError: number[] }

/** Units put in error by a termbase change, with where to find them (at most this many listed). */
const AFFECTED_LISTED = 200;

/**
 * The JSON API under `/api`: reads need a logged-in user (any role), writes the role that
 * allows them; every input is parsed with zod; workflow errors become 400/404/409/503.
 */
export function createApiRouter(workflow: Workflow, auth: Auth, options: ApiOptions = {}): Router {
  const router = express.Router();
  const translate = auth.requireRole(...CAN_TRANSLATE);
  const edit = auth.requireRole(...CAN_EDIT);
  const administer = auth.requireRole(...CAN_ADMINISTER);
  const anyUser = auth.requireUser;
  const expensive = rateLimit({
    windowMs: 60_000,
    limit: options.expensivePerMinute ?? 120,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Behind `requireUser`: every request here has a user, so the budget is per person.
    keyGenerator: (_req, res) => `user:${principalOf(res)?.user.id ?? 0}`,
    handler: (_req: Request, _res: Response, next: NextFunction) => next(new HttpError(429, 'too many requests; slow down and try again in a minute')),
  });

  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(openApiDocument());
  });

  router.use(express.json({ limit: options.jsonLimit ?? '256kb' }));
  router.use(auth);
  router.use((_req, res, next) => {
    // Answers depend on who asks and change with every edit: never cache them.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  const by = (res: Response): string => currentUser(res).name;

  async function unitOut(unit: TranslationUnit) {
    return unitJson(unit, (await slugLookup(workflow))(unit.documentId));
  }

  /** The units a termbase change put in error, with their articles, for the editor to follow. */
  async function recheckJson(recheck: RecheckReport) {
    const slugOf = await slugLookup(workflow);
    const affected = [];
    for (const id of recheck.nowInError.slice(0, AFFECTED_LISTED)) {
      const unit = await workflow.store.getUnit(id);
      if (!unit) continue;
      affected.push({
        id: unit.id, articleSlug: slugOf(unit.documentId), locale: unit.targetLocale, position: unit.position,
        source: unit.sourceText, target: unit.targetText,
      });
    }
    return { rechecked: recheck.rechecked, changed: recheck.changed, nowInError: recheck.nowInError, affected };
  }

  // --- who am I ---
  router.get('/me', anyUser, (_req, res) => {
    const principal = principalOf(res)!;
    res.json({ user: userJson(principal.user), via: principal.via, csrfToken: principal.session?.csrfToken ?? null });
  });

  // --- articles ---
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
      paragraphs: await workflow.store.listParagraphs(article.id),
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
    });
    const withFindings = query.findings === '1' || query.findings === 'true';
    res.json(units
      .filter((u) => !withFindings || u.findings.length > 0)
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      .map((u) => unitJson(u, slug)));
  });

  router.post('/articles/:slug/approve', translate, async (req, res) => {
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    const body = parseInput(schemas.approveArticleBody, req.body);
    const wanted = body.ids ? new Set(body.ids) : null;
    const units = (await workflow.articleUnits(slug, { locale: body.locale }))
      .filter((u) => (wanted ? wanted.has(u.id) : u.status !== 'approved'))
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    const approved: number[] = [];
    const blocked: Array<{ id: number; position: number | null; findings: ReturnType<typeof findingJson>[] }> = [];
    const untranslated: number[] = [];
    for (const unit of units) {
      if (unit.status === 'approved') { approved.push(unit.id); continue; }
      if (unit.targetText.trim() === '') { untranslated.push(unit.id); continue; }
      try {
        await workflow.approveUnit({ id: unit.id, by: by(res) });
        approved.push(unit.id);
      } catch (error) {
        if (!(error instanceof ApprovalBlockedError)) throw error;
        blocked.push({ id: unit.id, position: unit.position, findings: error.findings.map((f) => findingJson(f)) });
      }
    }
    res.json({ approved, blocked, untranslated, progress: await workflow.articleProgress(slug) });
  });

  router.put('/articles/:slug/segments/:position', edit, async (req, res) => {
    const { slug, position } = parseInput(schemas.segmentParams, req.params, 'position');
    const body = parseInput(schemas.editSourceBody, req.body);
    const article = await workflow.requireArticle(slug);
    const units = await workflow.editSource({ documentId: article.id, position, text: body.text, by: by(res), reason: body.reason ?? null });
    res.json(units.map((u) => unitJson(u, slug)));
  });

  router.post('/articles/:slug/preferred-terms', edit, async (req, res) => {
    // The editor's one-click source fix: every forbidden term becomes its concept's preferred term.
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    res.json({ changed: await workflow.applyPreferredSourceTerms(slug, by(res)) });
  });

  // --- units ---
  router.get('/units/:id', anyUser, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const unit = await workflow.unit(id);
    res.setHeader('ETag', etag(unit.version));
    res.json(await unitOut(unit));
  });

  router.get('/units/:id/history', anyUser, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    await workflow.unit(id);
    res.json((await workflow.unitHistory(id)).map(historyJson));
  });

  router.get('/units/:id/matches', anyUser, expensive, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const query = parseInput(schemas.matchesQuery, req.query, 'query');
    const unit = await workflow.unit(id);
    const matches = await workflow.lookup(unit.sourceText, {
      sourceLocale: unit.sourceLocale, targetLocale: unit.targetLocale, excludeId: unit.id,
      previousSource: unit.previousSource, nextSource: unit.nextSource,
      ...(query.min !== undefined ? { min: query.min } : {}), ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
    res.json(matches);
  });

  router.post('/units/:id/check', anyUser, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const { text } = parseInput(schemas.checkBody, req.body);
    const unit = await workflow.unit(id);
    const findings = await workflow.checkText({ sourceText: unit.sourceText, targetText: text, sourceLocale: unit.sourceLocale, targetLocale: unit.targetLocale });
    res.json({ findings: findings.map((f) => findingJson(f)) });
  });

  router.put('/units/:id', translate, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const body = parseInput(schemas.editTargetBody, req.body);
    const version = ifMatchVersion(req.get('if-match'));
    if (version === undefined) throw new HttpError(428, 'If-Match: send the version of the unit you edited (its ETag)', { field: 'If-Match' });
    const unit = await workflow.editTarget({
      id, version, text: body.text, by: by(res),
      ...(body.origin ? { origin: body.origin } : {}),
      ...(body.status ? { status: body.status } : {}),
      ...(body.matchScore !== undefined ? { matchScore: body.matchScore } : {}),
    });
    res.setHeader('ETag', etag(unit.version));
    res.json(await unitOut(unit));
  });

  router.post('/units/:id/approve', translate, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const body = parseInput(schemas.approveBody, req.body);
    const version = ifMatchVersion(req.get('if-match'));
    const unit = await workflow.approveUnit({
      id, by: by(res), ...(version !== undefined ? { version } : {}), ...(body.override ? { override: body.override } : {}),
    });
    res.setHeader('ETag', etag(unit.version));
    res.json(await unitOut(unit));
  });

  // --- alignment repair ---
  const repairResult = async (result: { slug: string; units: TranslationUnit[]; removed: number[] }) => ({
    articleSlug: result.slug, units: result.units.map((u) => unitJson(u, result.slug)), removed: result.removed,
  });

  router.post('/units/:id/merge', translate, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const version = ifMatchVersion(req.get('if-match'));
    res.json(await repairResult(await workflow.mergeWithNext({ unitId: id, by: by(res), ...(version !== undefined ? { version } : {}) })));
  });

  router.post('/units/:id/split', translate, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const body = parseInput(schemas.splitBody, req.body);
    const version = ifMatchVersion(req.get('if-match'));
    res.json(await repairResult(await workflow.splitSegment({
      unitId: id, by: by(res), at: body.at, ...(body.targets ? { targets: body.targets } : {}), ...(version !== undefined ? { version } : {}),
    })));
  });

  router.post('/units/:id/move', translate, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const body = parseInput(schemas.moveBody, req.body);
    const version = ifMatchVersion(req.get('if-match'));
    res.json(await repairResult(await workflow.moveSentence({
      unitId: id, by: by(res), side: body.side, direction: body.direction, ...(version !== undefined ? { version } : {}),
    })));
  });

  // --- termbase ---
  router.get('/termbase/concepts', anyUser, async (req, res) => {
    const query = parseInput(schemas.conceptsQuery, req.query, 'query');
    const needle = query.q?.trim().toLowerCase();
    const concepts = (await workflow.listConcepts()).filter((c) => !needle
      || c.id.toLowerCase() === needle
      || (c.note ?? '').toLowerCase().includes(needle)
      || c.terms.some((t) => t.text.toLowerCase().includes(needle)));
    res.json(concepts.slice(0, query.limit ?? 1000).map(conceptJson));
  });

  router.get('/termbase/concepts/:id', anyUser, async (req, res) => {
    const { id } = parseInput(schemas.conceptIdParams, req.params, 'id');
    const concept = await workflow.concept(id);
    res.setHeader('ETag', etag(concept.version));
    res.json(conceptJson(concept));
  });

  router.post('/termbase/concepts', edit, async (req, res) => {
    const change = await workflow.saveConcept(req.body ?? {}, { expectedVersion: null, by: by(res) });
    res.status(201).setHeader('ETag', etag(change.concept!.version));
    res.json({ concept: conceptJson(change.concept!), recheck: await recheckJson(change.recheck) });
  });

  router.put('/termbase/concepts/:id', edit, async (req, res) => {
    const { id } = parseInput(schemas.conceptIdParams, req.params, 'id');
    const body = parseInput(schemas.conceptVersionBody, req.body);
    const version = ifMatchVersion(req.get('if-match')) ?? body.version;
    if (version === undefined) throw new HttpError(428, 'If-Match: send the version of the concept you edited (or "version" in the body)', { field: 'If-Match' });
    const change = await workflow.saveConcept(req.body, { id, expectedVersion: version, by: by(res) });
    res.setHeader('ETag', etag(change.concept!.version));
    res.json({ concept: conceptJson(change.concept!), recheck: await recheckJson(change.recheck) });
  });

  router.delete('/termbase/concepts/:id', edit, async (req, res) => {
    const { id } = parseInput(schemas.conceptIdParams, req.params, 'id');
    const version = ifMatchVersion(req.get('if-match')) ?? null;
    const change = await workflow.deleteConcept(id, version, by(res));
    res.json({ deleted: id, recheck: await recheckJson(change.recheck) });
  });

  router.post('/termbase/import', edit, express.raw({ type: () => true, limit: options.uploadLimit ?? '20mb' }), async (req, res) => {
    const query = parseInput(schemas.importQuery, req.query, 'query');
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpError(400, 'body: send the glossary file as the request body', { field: 'body' });
    const fileName = query.fileName ?? `upload.${query.format}`;
    const concepts = getGlossaryFormat(query.format).read(Readable.from([req.body]), { fileName });
    const summary = await workflow.importConcepts(concepts, by(res));
    res.json({ added: summary.added, updated: summary.updated, unchanged: summary.unchanged, recheck: await recheckJson(summary.recheck) });
  });

  router.get('/termbase/export', anyUser, async (req, res) => {
    const { format } = parseInput(schemas.exportQuery, req.query, 'query');
    const concepts = await workflow.listConcepts();
    res.type(format === 'tbx' ? 'application/x-tbx+xml; charset=utf-8' : 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="termbase.${format}"`);
    await getGlossaryFormat(format).write(concepts, res);
    res.end();
  });

  // --- translation memory ---
  router.get('/tm/lookup', anyUser, expensive, async (req, res) => {
    const query = parseInput(schemas.lookupQuery, req.query, 'query');
    const started = performance.now();
    const matches = await workflow.lookup(query.q, {
      ...(query.sourceLocale ? { sourceLocale: query.sourceLocale } : {}),
      ...(query.targetLocale ? { targetLocale: query.targetLocale } : {}),
      ...(query.min !== undefined ? { min: query.min } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
    res.json({ query: query.q, matches, ms: Math.round((performance.now() - started) * 100) / 100 });
  });

  router.get('/tm/concordance', anyUser, expensive, async (req, res) => {
    const query = parseInput(schemas.concordanceQuery, req.query, 'query');
    const hits = await workflow.concordance(query.q, {
      ...(query.locale ? { locale: query.locale } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
    res.json({ query: query.q, hits });
  });

  // --- users (admin) ---
  router.get('/users', administer, async (_req, res) => {
    res.json((await workflow.store.listUsers()).map(userJson));
  });

  router.post('/users', administer, async (req, res) => {
    const body = parseInput(schemas.newUserBody, req.body);
    const account = await workflow.addUser(body.name, body.role);
    // The password and token are shown this once; only their hashes are stored.
    res.status(201).json({ user: userJson(account.user), password: account.password, token: account.token });
  });

  router.use((req, _res, next) => next(new HttpError(404, `no API route ${req.method} ${req.baseUrl}${req.path}`)));
  router.use(apiErrorHandler(workflow));
  return router;
}
