import express, { type Request, type Response, type Router } from 'express';
import type { Actor, User } from '../../workflow';
import { clientIp, currentUser, principalOf } from '../auth';
import type { ApiContext } from './context';
import { userJson } from './json';
import * as schemas from './schemas';
import { parseInput } from './validation';

/** Who is changing an account, and from where (for the audit log). */
function actorOf(req: Request, res: Response): Actor {
  return { name: currentUser(res).name, ip: clientIp(req) };
}

/**
 * `/api/me` (who am I, my password, my token) and `/api/users` (the admin's accounts: list,
 * create, disable, enable, role, reset). Every change ends the sessions it must at once, in every
 * process: sessions and tokens are looked up in the store on each request.
 */
export function userRoutes({ workflow, anyUser, administer }: ApiContext): Router {
  const router = express.Router();

  router.get('/me', anyUser, (_req, res) => {
    const principal = principalOf(res)!;
    res.json({ user: userJson(principal.user), via: principal.via, csrfToken: principal.session?.csrfToken ?? null });
  });

  router.post('/me/password', anyUser, async (req, res) => {
    const body = parseInput(schemas.passwordBody, req.body);
    const principal = principalOf(res)!;
    await workflow.changePassword(principal.user, {
      current: body.current, password: body.password, ip: clientIp(req),
      ...(principal.session ? { keepSessionIdHash: principal.session.idHash } : {}),
    });
    res.json({ changed: true });
  });

  router.post('/me/token', anyUser, async (req, res) => {
    const body = parseInput(schemas.resetBody, req.body);
    const user = currentUser(res);
    const token = await workflow.rotateToken(user, { ip: clientIp(req), ...(body.expires !== undefined ? { expires: body.expires } : {}) });
    // Shown this once; only its hash is stored.
    res.json({ token });
  });

  router.get('/users', administer, async (_req, res) => {
    res.json((await workflow.listUsers()).map(userJson));
  });

  router.post('/users', administer, async (req, res) => {
    const body = parseInput(schemas.newUserBody, req.body);
    const account = await workflow.addUser(body.name, body.role, { actor: actorOf(req, res), ...(body.expires !== undefined ? { expires: body.expires } : {}) });
    // The password and token are shown this once; only their hashes are stored.
    res.status(201).json({ user: userJson(account.user), password: account.password, token: account.token });
  });

  const named = (req: Request) => parseInput(schemas.userName, req.params, 'name').name;
  const answer = (res: Response, user: User) => res.json(userJson(user));

  router.post('/users/:name/disable', administer, async (req, res) => {
    answer(res, await workflow.disableUser(named(req), actorOf(req, res)));
  });

  router.post('/users/:name/enable', administer, async (req, res) => {
    answer(res, await workflow.enableUser(named(req), actorOf(req, res)));
  });

  router.put('/users/:name/role', administer, async (req, res) => {
    const name = named(req);
    const body = parseInput(schemas.roleBody, req.body);
    answer(res, await workflow.setUserRole(name, body.role, actorOf(req, res)));
  });

  router.post('/users/:name/reset', administer, async (req, res) => {
    const name = named(req);
    const body = parseInput(schemas.resetBody, req.body);
    const account = await workflow.resetUser(name, { actor: actorOf(req, res), ...(body.expires !== undefined ? { expires: body.expires } : {}) });
    res.json({ user: userJson(account.user), password: account.password, token: account.token });
  });

  return router;
}
