/**
 * The whole app (site, workbench, API) over a real temporary SQLite store, on a loopback port,
 * with one user of each role and a small aligned article whose review has work left to do.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp, type BitextApp } from '../../src/server/app';
import { createApiRouter, type ApiOptions } from '../../src/server/api';
import { createAuth, type AuthOptions } from '../../src/server/auth';
import { createWorkbenchRouter } from '../../src/server/workbench';
import { openStore } from '../../src/store';
import type { Role, Workflow } from '../../src/workflow';
import { storeOf, workflowOver } from '../support/workflow-store';
import { LOCALES } from '../../src/locale';

const ROOT = join(__dirname, '..', '..');

export interface Account { name: string; password: string; token: string; role: Role }

export interface Harness {
  url: string;
  /** The SQLite file, for a second workflow over the same store. */
  database: string;
  workflow: Workflow;
  users: Record<Role, Account>;
  close(): Promise<void>;
}

export const SLUG = 'harbour-news';

/** English as published; three paragraphs, one heading. */
export const ENGLISH = `# Harbour news

The new ferry terminal opened in Jiangmen on Monday. It serves 3000 passengers a day.

The city government thanked the builders. Work on the second pier starts next year.
`;

/** The team's translation: "pier" is 码头 (the termbase wants 栈桥), "builders" 建设者 (wants 施工单位). */
export const CHINESE = `# 港口新闻

江门新客运码头于星期一启用。它每天服务3000名乘客。

市政府感谢了建设者。第二个码头明年开工。
`;

/** A memory unit that fuzzy-matches the "pier" sentence and uses the preferred term. */
export const TM_SOURCE = 'Work on the second pier starts next month.';
export const TM_TARGET = '第二座栈桥下月开工。';

export async function seedFixture(workflow: Workflow): Promise<void> {
  // The site chrome (what `bitext seed` stores from locales/), so public pages read as they will.
  for (const locale of LOCALES) {
    const strings = JSON.parse(readFileSync(join(ROOT, 'locales', `${locale}.json`), 'utf8')) as Record<string, unknown>;
    await storeOf(workflow).saveUiStrings(locale, strings);
  }
  await workflow.saveConcept({
    note: 'a landing stage for boats',
    terms: [
      { locale: 'en', text: 'pier', status: 'preferred' },
      { locale: 'zh-Hans', text: '栈桥', status: 'preferred' },
      { locale: 'zh-Hant', text: '棧橋', status: 'preferred' },
    ],
  }, { id: 'c-pier', expectedVersion: null, by: 'fixture' });
  await workflow.saveConcept({
    terms: [
      { locale: 'en', text: 'builders', status: 'preferred' },
      { locale: 'zh-Hans', text: '施工单位', status: 'preferred' },
      { locale: 'zh-Hant', text: '施工單位', status: 'preferred' },
    ],
  }, { id: 'c-builders', expectedVersion: null, by: 'fixture' });
  await workflow.importMemory((async function* () {
    yield {
      sourceLocale: 'en' as const, sourceText: TM_SOURCE, targetLocale: 'zh-Hans' as const, targetText: TM_TARGET,
      status: 'approved' as const, origin: 'human' as const, inlineCodes: [], note: null,
    };
  })(), { by: 'fixture' });
  await workflow.alignArticle({
    sourceText: ENGLISH, sourceFile: 'en.md', targetText: CHINESE, targetFile: 'zh-Hans.md',
    sourceLocale: 'en', targetLocale: 'zh-Hans', slug: SLUG, by: 'fixture',
  });
}

export interface HarnessOptions {
  auth?: AuthOptions;
  api?: ApiOptions;
  /** Seeds the store before the server starts (default: the harbour fixture). */
  seed?: (workflow: Workflow) => Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'bitext-api-'));
  const database = join(dir, 'bitext.db');
  const workflow = workflowOver(await openStore(database));
  await (options.seed ?? seedFixture)(workflow);
  const users = {} as Record<Role, Account>;
  for (const role of ['translator', 'reviewer', 'editor', 'admin'] as const) {
    const account = await workflow.addUser(`${role}-1`, role);
    users[role] = { name: account.user.name, password: account.password, token: account.token, role };
  }
  const auth = createAuth(workflow, options.auth);
  const app: BitextApp = createApp({
    site: workflow.site,
    logger: pino({ level: 'silent' }),
    extraRouters: [
      { path: '/api', router: createApiRouter(workflow, auth, options.api) },
      { path: '/workbench', router: createWorkbenchRouter(workflow, auth) },
    ],
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    workflow,
    users,
    async close() {
      app.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await workflow.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Parsed JSON of a response: tests read into it as the API documents it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface CallOptions {
  token?: string;
  cookie?: string;
  csrf?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One API call: JSON in and out, no redirects followed. */
export async function call(h: Harness, method: string, path: string, options: CallOptions = {}): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.csrf) headers['X-CSRF-Token'] = options.csrf;
  let body: string | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === 'string') {
      body = options.body;
    } else {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
  }
  const response = await fetch(`${h.url}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** The value of one cookie from a response's Set-Cookie headers. */
export function cookieFrom(headers: Headers, name: string): string | undefined {
  for (const line of headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [key, ...value] = pair!.split('=');
    if (key!.trim() === name) return value.join('=');
  }
  return undefined;
}

/**
 * Submits the login form as a browser would (fetch the form for its CSRF cookie and field, then
 * POST), with the given fields; returns the raw response for tests to inspect.
 */
export async function submitLogin(baseUrl: string, fields: Record<string, string>): Promise<Response> {
  const form = await fetch(`${baseUrl}/workbench/login`, { redirect: 'manual' });
  const loginToken = cookieFrom(form.headers, 'bitext_login_csrf')!;
  const field = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  return fetch(`${baseUrl}/workbench/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `bitext_login_csrf=${loginToken}` },
    body: new URLSearchParams({ ...fields, _csrf: field }).toString(),
  });
}

/** Logs in through the form as a browser would: returns the session cookie and its CSRF token. */
export async function logIn(h: Harness, account: Pick<Account, 'name' | 'password'>): Promise<{ cookie: string; csrf: string }> {
  const response = await submitLogin(h.url, { name: account.name, password: account.password, next: '/workbench/' });
  if (response.status !== 303) throw new Error(`login failed: ${response.status}`);
  const session = cookieFrom(response.headers, 'bitext_session')!;
  const cookie = `bitext_session=${session}`;
  const me = await call(h, 'GET', '/api/me', { cookie });
  return { cookie, csrf: me.body.csrfToken as string };
}
