import express, { type Router } from 'express';
import type { TranslationUnit } from '../../memory';
import { clientIp } from '../auth';
import { HttpError } from '../http';
import type { ApiContext } from './context';
import { findingJson, historyJson, unitJson } from './json';
import * as schemas from './schemas';
import { etag, ifMatchVersion, parseInput, requiredVersion } from './validation';

/** `/api/units/:id…`: one unit — read, history, matches, check, edit, approve, and alignment repair. */
export function unitRoutes({ workflow, anyUser, translate, review, expensive, by, approver, unitOut }: ApiContext): Router {
  const router = express.Router();

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
      ...(body.fromMatch !== undefined ? { fromMatch: body.fromMatch } : {}),
      ...(body.status ? { status: body.status } : {}),
    });
    res.setHeader('ETag', etag(unit.version));
    res.json(await unitOut(unit));
  });

  router.post('/units/:id/approve', review, async (req, res) => {
    // Refusals in DESIGN.md's order: 401/403 role (the guard), 403 four-eyes, 428 no If-Match,
    // 400 malformed body, then the workflow's 409 stale and 409 errors not overridden.
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const who = approver(res);
    await workflow.assertMayApprove(id, who);
    const version = ifMatchVersion(req.get('if-match'));
    if (version === undefined) throw new HttpError(428, 'If-Match: send the version of the unit you approve (its ETag)', { field: 'If-Match' });
    const body = parseInput(schemas.approveBody, req.body);
    const unit = await workflow.approveUnit({
      id, by: who.name, role: who.role, version, ip: clientIp(req),
      ...(body.override ? { override: body.override } : {}),
      ...(body.overrides ? { overrides: body.overrides } : {}),
    });
    res.setHeader('ETag', etag(unit.version));
    res.json(await unitOut(unit));
  });

  // --- alignment repair: each needs the version of the unit the person saw (If-Match), 428 without ---
  const repairResult = async (result: { slug: string; units: TranslationUnit[]; removed: number[] }) => ({
    articleSlug: result.slug, units: result.units.map((u) => unitJson(u, result.slug)), removed: result.removed,
  });

  router.post('/units/:id/merge', translate, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const version = requiredVersion(req.get('if-match'), 'unit you merge');
    res.json(await repairResult(await workflow.mergeWithNext({ unitId: id, by: by(res), version })));
  });

  router.post('/units/:id/split', translate, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const version = requiredVersion(req.get('if-match'), 'unit you split');
    const body = parseInput(schemas.splitBody, req.body);
    res.json(await repairResult(await workflow.splitSegment({
      unitId: id, by: by(res), at: body.at, ...(body.targets ? { targets: body.targets } : {}), version,
    })));
  });

  router.post('/units/:id/move', translate, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const version = requiredVersion(req.get('if-match'), 'unit you move a sentence of');
    const body = parseInput(schemas.moveBody, req.body);
    res.json(await repairResult(await workflow.moveSentence({
      unitId: id, by: by(res), side: body.side, direction: body.direction, version,
    })));
  });

  return router;
}
