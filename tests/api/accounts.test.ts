/**
 * Accounts (#19): admins disable, enable, re-role and reset users through the API, and each
 * change ends the user's sessions and token at once, also for a second server over the same
 * store; the last admin stays; users change their own password and token; every change is in
 * the audit log, which admins read as JSON or CSV (formula cells neutralised).
 */
import pino from 'pino';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/server/app';
import { createApiRouter } from '../../src/server/api';
import { createAuth } from '../../src/server/auth';
import { createWorkbenchRouter } from '../../src/server/workbench';
import { openWorkflow, type Workflow } from '../../src/workflow';
import { storeOf } from '../support/workflow-store';
import { SLUG, call, logIn, startHarness, submitLogin, type Harness } from './harness';

let h: Harness;
let other: { url: string; workflow: Workflow; close(): Promise<void> };

/** A second app and workflow over the same SQLite file: another process as far as the store goes. */
async function secondServer(database: string) {
  const workflow = await openWorkflow({ database });
  const auth = createAuth(workflow);
  const app = createApp({
    site: workflow.site, logger: pino({ level: 'silent' }),
    extraRouters: [{ path: '/api', router: createApiRouter(workflow, auth) }, { path: '/workbench', router: createWorkbenchRouter(workflow, auth) }],
  });
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    workflow,
    async close() {
      app.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await workflow.close();
    },
  };
}

beforeAll(async () => {
  h = await startHarness();
  other = await secondServer(h.database);
}, 60_000);

afterAll(async () => {
  await other?.close();
  await h?.close();
});

const admin = () => ({ token: h.users.admin.token });
const me = (url: string, headers: Record<string, string>) => fetch(`${url}/api/me`, { headers }).then((r) => r.status);

async function newUser(name: string, role = 'translator', expires?: string) {
  const r = await call(h, 'POST', '/api/users', { ...admin(), body: { name, role, ...(expires ? { expires } : {}) } });
  expect(r.status).toBe(201);
  return { name, password: r.body.password as string, token: r.body.token as string };
}

describe('admin changes take effect at once, on every server', () => {
  it('disable ends the sessions and the token here and on the other server; enable lets the password in again', async () => {
    const ann = await newUser('ann-disable');
    const { cookie } = await logIn(h, ann);
    expect(await me(other.url, { Cookie: cookie })).toBe(200);
    expect(await me(other.url, { Authorization: `Bearer ${ann.token}` })).toBe(200);

    const disabled = await call(h, 'POST', `/api/users/${ann.name}/disable`, admin());
    expect(disabled.status).toBe(200);
    expect(disabled.body).toEqual(expect.objectContaining({ name: ann.name, disabled: true }));
    for (const url of [h.url, other.url]) {
      expect(await me(url, { Cookie: cookie })).toBe(401);
      expect(await me(url, { Authorization: `Bearer ${ann.token}` })).toBe(401);
    }
    // The right password no longer logs in, with the same answer as a wrong one.
    const refused = await submitLogin(other.url, { name: ann.name, password: ann.password });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('Wrong user name or password');

    expect((await call(h, 'POST', `/api/users/${ann.name}/enable`, admin())).body.disabled).toBe(false);
    expect(await me(other.url, { Authorization: `Bearer ${ann.token}` })).toBe(200);
    expect((await submitLogin(other.url, { name: ann.name, password: ann.password })).status).toBe(303);
  });

  it('a role change ends sessions and token; a new login carries the new role', async () => {
    const bo = await newUser('bo-role');
    const { cookie } = await logIn(h, bo);
    const changed = await call(h, 'PUT', `/api/users/${bo.name}/role`, { ...admin(), body: { role: 'reviewer' } });
    expect(changed.status).toBe(200);
    expect(changed.body.role).toBe('reviewer');
    for (const url of [h.url, other.url]) {
      expect(await me(url, { Cookie: cookie })).toBe(401);
      expect(await me(url, { Authorization: `Bearer ${bo.token}` })).toBe(401);
    }
    const again = await logIn(h, bo);
    const who = await call(h, 'GET', '/api/me', { cookie: again.cookie });
    expect(who.body.user.role).toBe('reviewer');
    const bad = await call(h, 'PUT', `/api/users/${bo.name}/role`, { ...admin(), body: { role: 'owner' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^role: /);
  });

  it('reset prints a new password and token once; the old ones and the sessions stop', async () => {
    const cy = await newUser('cy-reset');
    const { cookie } = await logIn(h, cy);
    const reset = await call(h, 'POST', `/api/users/${cy.name}/reset`, admin());
    expect(reset.status).toBe(200);
    expect(reset.body.password).not.toBe(cy.password);
    expect(reset.body.token).toMatch(/^btx_/);
    expect(await me(other.url, { Cookie: cookie })).toBe(401);
    expect(await me(other.url, { Authorization: `Bearer ${cy.token}` })).toBe(401);
    expect(await me(other.url, { Authorization: `Bearer ${reset.body.token}` })).toBe(200);
    expect((await submitLogin(h.url, { name: cy.name, password: cy.password })).status).toBe(401);
    expect((await submitLogin(h.url, { name: cy.name, password: reset.body.password })).status).toBe(303);
  });

  it('keeps the last enabled admin: no disable, no demotion (409)', async () => {
    const only = h.users.admin.name;
    const refused = await call(h, 'POST', `/api/users/${only}/disable`, admin());
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/last enabled admin/);
    expect((await call(h, 'PUT', `/api/users/${only}/role`, { ...admin(), body: { role: 'editor' } })).status).toBe(409);
    expect(await me(h.url, { Authorization: `Bearer ${h.users.admin.token}` })).toBe(200);
  });

  it('refuses account changes to other roles (403) and unknown users (404)', async () => {
    for (const role of ['translator', 'reviewer', 'editor'] as const) {
      const r = await call(h, 'POST', `/api/users/${h.users.translator.name}/disable`, { token: h.users[role].token });
      expect(r.status).toBe(403);
      expect((await call(h, 'GET', '/api/audit', { token: h.users[role].token })).status).toBe(403);
    }
    expect((await call(h, 'POST', '/api/users/nobody-here/disable', admin())).status).toBe(404);
    expect((await call(h, 'POST', '/api/users/nobody-here/disable')).status).toBe(401);
  });

  it('an expiring token works until its time, then 401', async () => {
    const dee = await newUser('dee-expires', 'translator', '90d');
    const list = await call(h, 'GET', '/api/users', admin());
    const row = list.body.find((u: { name: string }) => u.name === dee.name);
    const days = (Date.parse(row.tokenExpiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    expect(await me(h.url, { Authorization: `Bearer ${dee.token}` })).toBe(200);
    // Its time comes (set in the store, as the clock would): refused on every server.
    await storeOf(h.workflow).updateUser(row.id, { tokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(await me(other.url, { Authorization: `Bearer ${dee.token}` })).toBe(401);
    const bad = await call(h, 'POST', '/api/users', { ...admin(), body: { name: 'eve-bad', role: 'translator', expires: 'soon' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^expires: /);
  });
});

describe('a user changes their own password and token', () => {
  it('needs the current password; other sessions end, this one stays', async () => {
    const fay = await newUser('fay-password');
    const first = await logIn(h, fay);
    const second = await logIn(h, fay);
    const wrong = await call(h, 'POST', '/api/me/password', { cookie: first.cookie, csrf: first.csrf, body: { current: 'not-it', password: 'a new long passphrase' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatch(/^current: /);
    const short = await call(h, 'POST', '/api/me/password', { cookie: first.cookie, csrf: first.csrf, body: { current: fay.password, password: 'short' } });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatch(/^password: /);
    // No CSRF token: refused before anything is checked.
    expect((await call(h, 'POST', '/api/me/password', { cookie: first.cookie, body: { current: fay.password, password: 'a new long passphrase' } })).status).toBe(403);
    const ok = await call(h, 'POST', '/api/me/password', { cookie: first.cookie, csrf: first.csrf, body: { current: fay.password, password: 'a new long passphrase' } });
    expect(ok.status).toBe(200);
    expect(await me(h.url, { Cookie: first.cookie })).toBe(200);
    expect(await me(other.url, { Cookie: second.cookie })).toBe(401);
    expect((await submitLogin(h.url, { name: fay.name, password: fay.password })).status).toBe(401);
    expect((await submitLogin(h.url, { name: fay.name, password: 'a new long passphrase' })).status).toBe(303);
  });

  it('rotates the API token: the old one stops at once', async () => {
    const gus = await newUser('gus-token');
    const rotated = await call(h, 'POST', '/api/me/token', { token: gus.token, body: {} });
    expect(rotated.status).toBe(200);
    expect(rotated.body.token).toMatch(/^btx_/);
    expect(await me(other.url, { Authorization: `Bearer ${gus.token}` })).toBe(401);
    expect(await me(other.url, { Authorization: `Bearer ${rotated.body.token}` })).toBe(200);
  });
});

describe('the audit log', () => {
  it('lists logins, failures, account changes with actor, target and IP; since; CSV neutralised', async () => {
    const start = new Date().toISOString();
    const hal = await newUser('hal-audit');
    await logIn(h, hal);
    await submitLogin(h.url, { name: '=HYPERLINK("http://evil.example")', password: 'x' });
    await call(h, 'PUT', `/api/users/${hal.name}/role`, { ...admin(), body: { role: 'editor' } });
    await call(h, 'POST', `/api/users/${hal.name}/disable`, admin());
    const log = await call(h, 'GET', `/api/audit?since=${encodeURIComponent(start)}`, admin());
    expect(log.status).toBe(200);
    const actions = log.body.map((e: { action: string; target: string }) => `${e.action} ${e.target}`);
    expect(actions).toEqual(expect.arrayContaining([
      'user.add hal-audit', 'login hal-audit', 'login.failure =HYPERLINK("http://evil.example")', 'user.role hal-audit', 'user.disable hal-audit',
    ]));
    const role = log.body.find((e: { action: string }) => e.action === 'user.role');
    expect(role).toEqual({ at: expect.any(String), actor: h.users.admin.name, action: 'user.role', target: 'hal-audit', ip: expect.stringMatching(/127\.0\.0\.1/), detail: 'translator → editor' });
    expect(log.body.every((e: { at: string }) => e.at >= start)).toBe(true);

    const csv = await fetch(`${h.url}/api/audit?format=csv&since=${encodeURIComponent(start)}`, { headers: { Authorization: `Bearer ${h.users.admin.token}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe('at,actor,action,target,ip,detail');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);

    // Overrides: one unit's approval and a bulk approval, each with who, which unit, which check and why.
    const units = (await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).sort((a, b) => a.position! - b.position!);
    const edited = await call(h, 'PUT', `/api/units/${units[2]!.id}`, { token: h.users.translator.token, headers: { 'If-Match': String(units[2]!.version) }, body: { text: '它每天服务300名乘客。' } });
    expect(edited.body.findings.map((f: { checkId: string }) => f.checkId)).toContain('numbers');
    const approved = await call(h, 'POST', `/api/units/${edited.body.id}/approve`, {
      token: h.users.reviewer.token, headers: { 'If-Match': String(edited.body.version) }, body: { overrides: [{ checkId: 'numbers', reason: 'The operator says 300.' }] },
    });
    expect(approved.status).toBe(200);
    const again = await call(h, 'PUT', `/api/units/${units[2]!.id}`, { token: h.users.translator.token, headers: { 'If-Match': String(approved.body.version) }, body: { text: '它每天服务30名乘客。' } });
    const bulk = await call(h, 'POST', `/api/articles/${SLUG}/approve`, {
      token: h.users.editor.token, body: { locale: 'zh-Hans', units: [{ id: again.body.id, version: again.body.version, overrides: [{ checkId: 'numbers', reason: 'Thirty on the night ferry.' }] }] },
    });
    expect(bulk.body.approved).toEqual([again.body.id]);
    const overrides = (await call(h, 'GET', `/api/audit?since=${encodeURIComponent(start)}`, admin())).body.filter((e: { action: string }) => e.action === 'override');
    expect(overrides).toEqual([
      { at: expect.any(String), actor: h.users.reviewer.name, action: 'override', target: `unit ${units[2]!.id}`, ip: expect.stringMatching(/127\.0\.0\.1/), detail: 'numbers: The operator says 300.' },
      { at: expect.any(String), actor: h.users.editor.name, action: 'override', target: `unit ${units[2]!.id}`, ip: expect.stringMatching(/127\.0\.0\.1/), detail: 'numbers: Thirty on the night ferry.' },
    ]);

    const bad = await call(h, 'GET', '/api/audit?since=yesterday', admin());
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^since: /);
  });
});

describe('login limits that hold and do not lock out', () => {
  let limited: Harness;
  beforeAll(async () => {
    limited = await startHarness({ auth: { loginLimits: { perUser: 3, perIp: 100, windowMs: 60_000 } } });
  }, 60_000);
  afterAll(async () => { await limited?.close(); });

  const post = (fields: Record<string, string>, headers: Record<string, string> = {}) => fetch(`${limited.url}/workbench/login`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

  it('five (or fifty) token-less login POSTs do not stop the real user logging in', async () => {
    const { translator } = limited.users;
    for (let i = 0; i < 50; i++) {
      const r = await post({ name: translator.name, password: `guess-${i}` });
      expect(r.status).toBe(403);
      await r.text();
    }
    // A forged cookie and field that do not match: refused by the CSRF check too, not counted.
    for (let i = 0; i < 5; i++) {
      const r = await post({ name: translator.name, password: 'guess', _csrf: 'a'.repeat(32) }, { Cookie: `bitext_login_csrf=${'b'.repeat(32)}` });
      expect(r.status).toBe(403);
      await r.text();
    }
    // A form without a password is no attempt either.
    for (let i = 0; i < 5; i++) expect((await submitLogin(limited.url, { name: translator.name, password: '' })).status).toBe(400);
    expect((await submitLogin(limited.url, { name: translator.name, password: translator.password })).status).toBe(303);
  });

  it('locks a name after its failures with 429, in words that do not tell whether the user exists', async () => {
    const { editor } = limited.users;
    const lockedMessage = async (name: string, password: string) => {
      const r = await submitLogin(limited.url, { name, password });
      const page = await r.text();
      return { status: r.status, retryAfter: r.headers.get('retry-after'), message: /role="alert"[^>]*>([^<]*)</.exec(page)?.[1] ?? page };
    };
    for (const name of [editor.name, 'no-such-user']) {
      for (let i = 0; i < 3; i++) expect((await submitLogin(limited.url, { name, password: 'wrong' })).status).toBe(401);
    }
    const real = await lockedMessage(editor.name, editor.password);
    const ghost = await lockedMessage('no-such-user', 'whatever');
    expect(real.status).toBe(429);
    expect(ghost).toEqual(real);
    expect(real.retryAfter).toBe('60');
    expect(real.message).toMatch(/Too many failed attempts/);
    // Another name from the same IP is not locked by these.
    expect((await submitLogin(limited.url, { name: limited.users.reviewer.name, password: limited.users.reviewer.password })).status).toBe(303);
    // The lock is in the audit log, once, with the IP.
    const log = await fetch(`${limited.url}/api/audit`, { headers: { Authorization: `Bearer ${limited.users.admin.token}` } }).then((r) => r.json());
    const locks = log.filter((e: { action: string }) => e.action === 'login.lock');
    expect(locks.map((e: { target: string }) => e.target)).toEqual([editor.name, 'no-such-user']);
    expect(locks[0].ip).toMatch(/127\.0\.0\.1/);
  });
});
