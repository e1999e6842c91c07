import express, { type Router } from 'express';
import type { Workflow } from '../../workflow';
import type { Auth } from '../auth';
import { HttpError } from '../http';
import { articleRoutes } from './articles';
import { auditRoutes } from './audit';
import { collaborationRoutes } from './collaboration';
import { apiContext, type ApiOptions } from './context';
import { apiErrorHandler } from './errors';
import { memoryRoutes } from './memory';
import { qaRoutes } from './qa';
import { openApiDocument } from './openapi';
import { publishedRoutes, webhookRoutes } from './published';
import { termbaseRoutes } from './termbase';
import { unitRoutes } from './units';
import { userRoutes } from './users';

export { openApiDocument } from './openapi';
export type { ApiOptions } from './context';
export type { ApiUnit, ApiConcept, ApiFinding } from './json';

/**
 * The JSON API under `/api`: reads need a logged-in user (any role), writes the role that
 * allows them; every input is parsed with zod; workflow errors become 400/404/409/503.
 * One router per resource (./articles, ./units, ./termbase, ./memory, ./users); this file only
 * assembles them — to add a route, see docs/ARCHITECTURE.md ("How to add a route").
 */
export function createApiRouter(workflow: Workflow, auth: Auth, options: ApiOptions = {}): Router {
  const router = express.Router();
  const context = apiContext(workflow, auth, options);

  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(openApiDocument());
  });

  const json = express.json({ limit: options.jsonLimit ?? '256kb' });
  // An article upload carries whole files: its route parses its own, larger body.
  router.use((req, res, next) => (req.method === 'POST' && req.path === '/articles' ? next() : json(req, res, next)));
  // The delivery API is public (released pages only): before authentication.
  router.use(publishedRoutes(workflow));
  router.use(auth);
  router.use((_req, res, next) => {
    // Answers depend on who asks and change with every edit: never cache them.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.use(userRoutes(context));
  router.use(articleRoutes(context));
  router.use(unitRoutes(context));
  router.use(collaborationRoutes(context));
  router.use(termbaseRoutes(context));
  router.use(memoryRoutes(context));
  router.use(qaRoutes(context));
  router.use(auditRoutes(context));
  router.use(webhookRoutes(context));

  router.use((req, _res, next) => next(new HttpError(404, `no API route ${req.method} ${req.baseUrl}${req.path}`)));
  router.use(apiErrorHandler(workflow));
  return router;
}
