/**
 * Launches Debian's Chromium for e2e tests through playwright-core (never a downloaded
 * browser). Each launch gets its own fresh, temporary profile directory, removed on close.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumMissingMessage(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return (
    `Chromium not found at ${CHROMIUM_PATH}: the e2e tests drive Debian's chromium. ` +
    'Install it with `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH); ' +
    'do not run `npx playwright install`.'
  );
}

export interface TestBrowser {
  browser: Browser;
  /** A new isolated context (own cookies), e.g. `{ locale: 'zh-HK' }` for Accept-Language. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile; throws with install instructions if it is missing. */
export async function launchBrowser(): Promise<TestBrowser> {
  const missing = chromiumMissingMessage();
  if (missing) throw new Error(missing);
  const profile = mkdtempSync(join(tmpdir(), 'bitext-chromium-'));
  // Playwright manages --user-data-dir itself for launch(); a persistent context is the way to
  // choose the directory, and a throwaway browser context per scenario keeps cookies apart.
  const persistent = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: ARGS,
    headless: true,
  });
  const browser = persistent.browser();
  if (!browser) {
    await persistent.close();
    rmSync(profile, { recursive: true, force: true });
    throw new Error('Chromium started without a Browser object; cannot create isolated contexts');
  }
  return {
    browser,
    newContext: (options = {}) => browser.newContext(options),
    async close() {
      await persistent.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
