import express, { type Router } from 'express';
import type { ApiContext } from './context';
import * as schemas from './schemas';
import { parseInput } from './validation';

/** `/api/tm…`: the translation memory — fuzzy lookup and concordance (both rate-limited). */
export function memoryRoutes({ workflow, anyUser, expensive }: ApiContext): Router {
  const router = express.Router();

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
