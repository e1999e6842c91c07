/**
 * Pages of the workbench in Chromium for e2e tests: a fresh browser context per person (own
 * cookies) whose page records dialogs and console errors, the login form, screenshots.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './browser';
import { startHarness, type Harness, type HarnessOptions } from '../api/harness';

export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

export interface Watched { page: Page; context: BrowserContext; dialogs: string[]; errors: string[] }

/** A page in its own context; `width` 1366 (desktop) or 390 (phone). */
export async function watchedPage(chromium: TestBrowser, width = 1366): Promise<Watched> {
  const context = await chromium.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, ...(width < 600 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  const page = await context.newPage();
  const watched: Watched = { page, context, dialogs: [], errors: [] };
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    // 4xx answers the client expects (a refused approval, a conflict) are logged by Chromium too.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) watched.errors.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  return watched;
}

export type WorkbenchRole = 'translator' | 'reviewer' | 'editor' | 'admin';

/** One e2e file's workbench: the app over a temporary store, Chromium, and pages logged in as someone. */
export interface WorkbenchSession {
  /** The harness (url, workflow, users); set once `beforeAll` has run. */
  readonly h: Harness;
  readonly chromium: TestBrowser;
  /** A fresh context (own cookies), not logged in; closed in `afterAll`. */
  page(width?: number): Promise<Watched>;
  /** A fresh context (own cookies) logged in as `role`, starting at `path`; closed in `afterAll`. */
  open(role: WorkbenchRole, path: string, width?: number): Promise<Watched>;
}

/**
 * Registers the `beforeAll` that starts the harness and Chromium and the `afterAll` that closes
 * every page, the browser and the harness (call it at the top of the file, before other hooks).
 */
export function workbenchSession(options: HarnessOptions = {}): WorkbenchSession {
  let h: Harness | undefined;
  let chromium: TestBrowser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    h = await startHarness(options);
    chromium = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await chromium?.close();
    await h?.close();
  });
  const session: WorkbenchSession = {
    get h() {
      if (!h) throw new Error('the workbench harness is not started yet (use it inside a test or hook)');
      return h;
    },
    get chromium() {
      if (!chromium) throw new Error('Chromium is not started yet (use it inside a test or hook)');
      return chromium;
    },
    async page(width = 1366) {
      const watched = await watchedPage(session.chromium, width);
      contexts.push(watched.context);
      return watched;
    },
    async open(role, path, width = 1366) {
      const watched = await session.page(width);
      await logInAs(watched.page, session.h.url, session.h.users[role], path);
      return watched;
    },
  };
  return session;
}

/** Logs in through the form, starting from `path` (the login sends the browser back there). */
export async function logInAs(page: Page, baseUrl: string, account: { name: string; password: string }, path = '/workbench/'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.fill('input[name=name]', account.name);
  await page.fill('input[name=password]', account.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/workbench/login'), page.click('form[action="/workbench/login"] button[type=submit]')]);
}

/** A full-page screenshot in test-artifacts/ (looked at by people, not compared). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }

/**
 * axe-core's automated checks on the page as it is now (injected from node_modules, no
 * network): the violations of serious or critical impact, as `id: help (selectors)` lines.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // Evaluated over DevTools, not as a <script>: the workbench's CSP (script-src 'self') stays on.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')})`);
}
