import { Readable } from 'node:stream';
import express, { type Router } from 'express';
import { getGlossaryFormat } from '../../formats';
import { HttpError } from '../http';
import type { ApiContext } from './context';
import { conceptJson } from './json';
import * as schemas from './schemas';
import { etag, parseInput, requiredVersion } from './validation';

/** The termbase state of an If-Match header (`"tb-…"`), or undefined without one. */
function stateOf(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?(tb-[0-9a-f]{1,64})"?\s*$/.exec(header);
  if (!match) throw new HttpError(400, 'If-Match: must be the termbase state of the preview ("tb-…")', { field: 'If-Match' });
  return match[1];
}

/** `/api/termbase…`: concepts (search, read, create, change, delete) and glossary import/export. */
export function termbaseRoutes({ workflow, options, anyUser, edit, by, recheckJson }: ApiContext): Router {
  const router = express.Router();

  router.get('/termbase/concepts', anyUser, async (req, res) => {
    const query = parseInput(schemas.conceptsQuery, req.query, 'query');
    res.json((await workflow.searchConcepts(query.q, query.limit)).map(conceptJson));
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
    // The version comes in If-Match only: a `version` in the body is not a precondition (#19).
    const version = requiredVersion(req.get('if-match'), 'concept you edited');
    const change = await workflow.saveConcept(req.body, { id, expectedVersion: version, by: by(res) });
    res.setHeader('ETag', etag(change.concept!.version));
    res.json({ concept: conceptJson(change.concept!), recheck: await recheckJson(change.recheck) });
  });

  router.delete('/termbase/concepts/:id', edit, async (req, res) => {
    const { id } = parseInput(schemas.conceptIdParams, req.params, 'id');
    const version = requiredVersion(req.get('if-match'), 'concept you delete');
    const change = await workflow.deleteConcept(id, version, by(res));
    res.json({ deleted: id, recheck: await recheckJson(change.recheck) });
  });

  router.post('/termbase/import', edit, express.raw({ type: () => true, limit: options.uploadLimit ?? '20mb' }), async (req, res) => {
    const query = parseInput(schemas.importQuery, req.query, 'query');
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpError(400, 'body: send the glossary file as the request body', { field: 'body' });
    const fileName = query.fileName ?? `upload.${query.format}`;
    const concepts = getGlossaryFormat(query.format).read(Readable.from([req.body]), { fileName });
    if (query.preview === '1' || query.preview === 'true') {
      const plan = await workflow.planConceptImport(concepts);
      // The state the apply must find (If-Match): any write to the termbase meanwhile changes it.
      res.setHeader('ETag', `"${plan.state}"`);
      res.json({
        state: plan.state,
        added: plan.additions.map((a) => ({
          id: a.concept.id ?? null, note: a.concept.note, subject: a.concept.subject, terms: a.concept.terms,
          conflict: a.conflict, deletedOutsideImport: a.deletedOutsideImport,
        })),
        changed: plan.changed.map((c) => ({
          id: c.id, version: c.before.version, before: conceptJson(c.before), after: { note: c.after.note, subject: c.after.subject, terms: c.after.terms },
          editedOutsideImport: c.editedOutsideImport, conflict: c.conflict, importedBefore: c.importedBefore, changes: c.changes,
        })),
        unchanged: plan.unchanged,
        editsStay: plan.editsStay,
        absent: plan.absent.map(conceptJson),
      });
      return;
    }
    const ids = (list: string | undefined) => (list ?? '').split(',').map((id) => id.trim()).filter(Boolean);
    // With If-Match (the workbench, after its preview): refused with 409 if the termbase changed
    // since, and every conflict must be decided. Without: a concept edited in the workbench since
    // the last import is kept unless named in `replace`.
    const state = stateOf(req.get('if-match'));
    const summary = await workflow.importConcepts(concepts, by(res), {
      edited: 'keep', replaceIds: ids(query.replace), keepIds: ids(query.keep), removeIds: ids(query.remove),
      ...(state !== undefined ? { expectedState: state, requireDecisions: true } : {}),
    });
    res.json({
      added: summary.added, updated: summary.updated, unchanged: summary.unchanged, kept: summary.kept, replaced: summary.replaced,
      removed: summary.removed, recheck: await recheckJson(summary.recheck),
    });
  });

  router.get('/termbase/export', anyUser, async (req, res) => {
    const { format } = parseInput(schemas.exportQuery, req.query, 'query');
    const concepts = await workflow.listConcepts();
    res.type(format === 'tbx' ? 'application/x-tbx+xml; charset=utf-8' : 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="termbase.${format}"`);
    await getGlossaryFormat(format).write(concepts, res);
    res.end();
  });

  return router;
}
