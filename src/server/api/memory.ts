import { Transform, type TransformCallback } from 'node:stream';
import express, { type Request, type Router } from 'express';
import { detectUnitFormat, getUnitFormat, ReadReport } from '../../formats';
import { hantRegionFor, keptLocale } from '../../locale';
import { HttpError } from '../http';
import type { ApiContext } from './context';
import * as schemas from './schemas';
import { parseInput } from './validation';

/** Largest TM file the browser may send (the body is streamed, never held whole). */
const DEFAULT_TM_UPLOAD_BYTES = 512 * 1024 * 1024;

/** Passes the body through, counting bytes; past the limit it fails with a 413 (the import's transaction rolls back). */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) done(new HttpError(413, `body: the file is larger than ${limit} bytes`, { field: 'body' }));
      else done(null, chunk);
    },
  });
}

function declaredLength(req: Request): number | null {
  const value = req.get('content-length');
  return value === undefined || !/^\d{1,15}$/.test(value) ? null : Number(value);
}

/**
 * `/api/tm…`: the translation memory — fuzzy lookup and concordance (both rate-limited), and,
 * for admins, import and export with the same adapters and rules as `bitext tm import|export`.
 */
export function memoryRoutes({ workflow, options, anyUser, administer, expensive, by }: ApiContext): Router {
  const router = express.Router();
  const uploadLimit = options.tmUploadBytes ?? DEFAULT_TM_UPLOAD_BYTES;

  /**
   * The file is the request body (any content type but JSON), read as it arrives: a 100 MB TMX
   * never sits in memory whole. All or nothing — one transaction; a bad unit anywhere is a 400
   * naming the file, line and field, and nothing is stored.
   */
  router.post('/tm/import', administer, expensive, async (req, res) => {
    const query = parseInput(schemas.memoryImportQuery, req.query, 'query');
    const fileName = (query.fileName ?? '').replace(/[\\/]/g, '_') || `upload.${query.format ?? 'tmx'}`;
    const format = query.format ?? detectUnitFormat(fileName);
    if (!format) throw new HttpError(400, `format: say tmx, xliff or csv for ${fileName}`, { field: 'format' });
    const length = declaredLength(req);
    if (length === 0) throw new HttpError(400, 'body: send the memory file as the request body', { field: 'body' });
    if (length !== null && length > uploadLimit) throw new HttpError(413, `body: the file is larger than ${uploadLimit} bytes`, { field: 'body' });
    const input = req.pipe(byteLimit(uploadLimit));
    req.on('error', (error) => input.destroy(error));
    const report = new ReadReport();
    const summary = await workflow.importMemory(getUnitFormat(format).read(input, { fileName, report }), { by: by(res) });
    if (summary.read === 0 && summary.added + summary.updated + summary.duplicates === 0) {
      // Nothing in it: an empty or foreign file, said so rather than "0 added".
      throw new HttpError(400, `file: ${fileName} holds no translation units`, { field: 'file', file: fileName });
    }
    res.json({
      file: fileName, format,
      read: summary.read, added: summary.added, updated: summary.updated, skipped: summary.duplicates,
      // Never in silence: what the file held that a memory unit has no place for.
      notKept: report.lines(),
    });
  });

  router.get('/tm/export', administer, expensive, async (req, res) => {
    const query = parseInput(schemas.memoryExportQuery, req.query, 'query');
    const targetLocale = query.targetLocale ? keptLocale(query.targetLocale) : undefined;
    if (query.targetLocale && !targetLocale) throw new HttpError(400, `targetLocale: "${query.targetLocale}" is not a BCP 47 language tag`, { field: 'targetLocale' });
    const extension = query.format === 'xliff' ? 'xlf' : query.format;
    const name = `memory${targetLocale ? `.en-${targetLocale}` : ''}.${extension}`;
    res.type(query.format === 'csv' ? 'text/csv; charset=utf-8' : query.format === 'tmx' ? 'application/x-tmx+xml; charset=utf-8' : 'application/xliff+xml; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    await getUnitFormat(query.format).write(
      workflow.exportMemory(targetLocale ? { targetLocale } : { bySource: query.format === 'tmx' }),
      res,
      {
        sourceLocale: 'en', localeTags: query.localeTags ?? 'region', hantRegion: hantRegionFor(process.env.BITEXT_ZH_HANT_VARIANT),
        ...(targetLocale ? { targetLocale } : {}),
        ...(query.xliffVersion ? { xliffVersion: query.xliffVersion } : {}),
      },
    );
    res.end();
  });

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

  return router;
}
