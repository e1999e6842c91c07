import express, { type Router } from 'express';
import { principalOf } from '../auth';
import type { ApiContext } from './context';
import { userJson } from './json';
import * as schemas from './schemas';
import { parseInput } from './validation';

/** `/api/me` (who am I) and `/api/users` (the admin's account list and new accounts). */
export function userRoutes({ workflow, anyUser, administer }: ApiContext): Router {
  const router = express.Router();

  router.get('/me', anyUser, (_req, res) => {
    const principal = principalOf(res)!;
    res.json({ user: userJson(principal.user), via: principal.via, csrfToken: principal.session?.csrfToken ?? null });
  });

  router.get('/users', administer, async (_req, res) => {
    res.json((await workflow.listUsers()).map(userJson));
  });

  router.post('/users', administer, async (req, res) => {
    const body = parseInput(schemas.newUserBody, req.body);
    const account = await workflow.addUser(body.name, body.role);
    // The password and token are shown this once; only their hashes are stored.
    res.status(201).json({ user: userJson(account.user), password: account.password, token: account.token });
  });

  return router;
}
