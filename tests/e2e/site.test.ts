/**
 * The public site in Chromium, over the real workflow and store: a temporary SQLite database
 * seeded with the Jiangmen article (aligned, approved, zh-Hant derived) by `seed`.
 * Screenshots of the three article pages, phone and desktop, go to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { LOCALES, LOCALE_LABELS, type Locale } from '../../src/locale';
import { openWorkflow, type Workflow } from '../../src/workflow';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { serve, type Running } from '../site/serve';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SLUG = 'jiangmen-achievements';
const FORBIDDEN = ['Greater Guangdong, Hong Kong and Macao Bay Area', 'Guangdong-Hongkong-Macao Greater Bay Area'];

let dir: string;
let workflow: Workflow;
let app: Running;
let chromium: TestBrowser;
const contexts: BrowserContext[] = [];

async function context(options: Parameters<TestBrowser['newContext']>[0] = {}): Promise<BrowserContext> {
  const created = await chromium.newContext(options);
  contexts.push(created);
  return created;
}

async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(`${app.url}${path}`);
  expect(response).not.toBeNull();
}

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bitext-site-e2e-'));
  workflow = await openWorkflow({ database: join(dir, 'bitext.db') });
  await workflow.seed(ROOT);
  await workflow.importDocument({
    text: 'Escaping <script>alert("title")</script> test\n\nA paragraph with <script>alert(1)</script> and <b>markup</b> in it.\n',
    fileName: 'escape-test.txt',
    slug: 'escape-test',
    locale: 'en',
    by: 'e2e',
  });
  app = await serve({ site: workflow.site });
  chromium = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await app?.close();
  await workflow?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('first visit: negotiated from the browser language', () => {
  it.each([
    ['zh-HK', 'zh-Hant'],
    ['zh-TW', 'zh-Hant'],
    ['zh-CN', 'zh-Hans'],
    ['en-US', 'en'],
    ['fr', 'en'],
  ] as const)('a %s browser gets %s', async (browserLocale, expected) => {
    const page = await (await context({ locale: browserLocale })).newPage();
    await open(page, '/');
    expect(pathOf(page)).toBe(`/${expected}/`);
    expect(await page.getAttribute('html', 'lang')).toBe(expected);
    await open(page, `/articles/${SLUG}`);
    expect(pathOf(page)).toBe(`/${expected}/articles/${SLUG}`);
    expect(await page.getAttribute('html', 'lang')).toBe(expected);
  });

  it('follows q-values in Accept-Language', async () => {
    const page = await (
      await context({ extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9,zh-TW;q=0.8,zh-CN;q=0.7,en;q=0.5' } })
    ).newPage();
    await open(page, '/');
    expect(pathOf(page)).toBe('/zh-Hant/');
  });
});

describe('switching and the remembered choice', () => {
  it('a Hong Kong reader lands on Traditional Chinese, switches to English, and gets English next time', async () => {
    const reader = await context({ locale: 'zh-HK' });
    const page = await reader.newPage();
    await open(page, `/articles/${SLUG}`);
    expect(pathOf(page)).toBe(`/zh-Hant/articles/${SLUG}`);

    // The link goes straight to the English page: no /switch hop, the script remembers the choice.
    expect(await page.getAttribute('nav.switcher a[hreflang="en"]', 'href')).toBe(`/en/articles/${SLUG}`);
    const hops: string[] = [];
    page.on('request', (r) => { if (r.isNavigationRequest()) hops.push(new URL(r.url()).pathname); });
    await page.locator('nav.switcher a[hreflang="en"]').click();
    await page.waitForURL(`**/en/articles/${SLUG}`);
    expect(hops).toEqual([`/en/articles/${SLUG}`]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const cookies = await reader.cookies(app.url);
    expect(cookies.find((c) => c.name === 'bitext_locale')?.value).toBe('en');

    const later = await reader.newPage();
    await open(later, '/');
    expect(pathOf(later)).toBe('/en/');
    await open(later, `/articles/${SLUG}`);
    expect(pathOf(later)).toBe(`/en/articles/${SLUG}`);
  });
});

describe('the article in each language', () => {
  let page: Page;
  beforeAll(async () => {
    page = await (await context()).newPage();
  });

  it.each(LOCALES)('%s: lang, canonical, hreflang alternates and a switcher labelled in each language', async (locale) => {
    await open(page, `/${locale}/articles/${SLUG}`);
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    expect(await page.getAttribute('link[rel="canonical"]', 'href')).toBe(`/${locale}/articles/${SLUG}`);
    const alternates = await page.$$eval('link[rel="alternate"]', (links) =>
      links.map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]),
    );
    expect(alternates).toEqual([
      ...LOCALES.map((l) => [l, `/${l}/articles/${SLUG}`]),
      ['x-default', `/articles/${SLUG}`],
    ]);
    const switcher = await page.$$eval('nav.switcher a', (links) =>
      links.map((a) => ({ text: a.textContent, lang: a.getAttribute('lang'), hreflang: a.getAttribute('hreflang') })),
    );
    expect(switcher).toEqual(
      LOCALES.filter((l) => l !== locale).map((l: Locale) => ({ text: LOCALE_LABELS[l], lang: l, hreflang: l })),
    );
    expect(await page.textContent('nav.switcher [aria-current]')).toBe(LOCALE_LABELS[locale]);
  });

  it('zh-Hant says 粵港澳大灣區 and zh-Hans says 粤港澳大湾区', async () => {
    await open(page, `/zh-Hant/articles/${SLUG}`);
    const hant = (await page.textContent('main'))!;
    expect(hant).toContain('粵港澳大灣區');
    expect(hant).not.toContain('粤港澳大湾区');
    await open(page, `/zh-Hans/articles/${SLUG}`);
    const hans = (await page.textContent('main'))!;
    expect(hans).toContain('粤港澳大湾区');
    expect(hans).not.toContain('粵港澳大灣區');
  });

  it('no page shows a forbidden variant of the Bay Area name', async () => {
    for (const path of ['/en/', '/zh-Hans/', '/zh-Hant/', ...LOCALES.map((l) => `/${l}/articles/${SLUG}`)]) {
      await open(page, path);
      const text = (await page.textContent('body'))!;
      for (const forbidden of FORBIDDEN) expect(`${path}: ${text.includes(forbidden) ? forbidden : 'clean'}`).toBe(`${path}: clean`);
    }
    await open(page, `/en/articles/${SLUG}`);
    expect(await page.textContent('main')).toContain('Guangdong-Hong Kong-Macao Greater Bay Area');
  });

  it('takes its chrome from the UI strings', async () => {
    await open(page, `/zh-Hant/articles/${SLUG}`);
    const footer = (await page.textContent('footer'))!;
    for (const s of ['網站簡介', '網站地圖', '聯絡我們', '關於我們', '江門市人民政府 版權所有']) expect(footer).toContain(s);
    await open(page, `/en/articles/${SLUG}`);
    expect(await page.textContent('footer')).toContain("Copyright Jiangmen Municipal People's Government All Rights Reserved");
  });
});

describe('safety', () => {
  it('shows <script> in the text as text and runs nothing', async () => {
    const page = await (await context()).newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await open(page, '/en/articles/escape-test');
    expect(await page.textContent('main')).toContain('A paragraph with <script>alert(1)</script> and <b>markup</b> in it.');
    // The switcher's file is the page's one script; nothing typed into the text runs or becomes one.
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('script[src^="/assets/switcher."]').count()).toBe(1);
    expect(await page.locator('main b').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(violations).toEqual([]);
    // The stylesheet loaded under the CSP: the header band has its colour.
    const band = await page.$eval('.site-header', (el) => getComputedStyle(el).backgroundColor);
    expect(band).toBe('rgb(163, 32, 28)');
  });

  it('answers 404 with the languages that exist for an unpublished locale', async () => {
    const page = await (await context()).newPage();
    const response = await page.goto(`${app.url}/zh-Hant/articles/escape-test`);
    expect(response?.status()).toBe(404);
    const links = await page.$$eval('main ul.languages a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['/en/articles/escape-test']);
    expect(await page.locator('nav.switcher a[hreflang="zh-Hant"]').count()).toBe(0);
  });
});

describe('how it looks', () => {
  it.each([
    ['phone', { width: 390, height: 844 }],
    ['desktop', { width: 1280, height: 900 }],
  ] as const)('screenshots on a %s', async (name, viewport) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const page = await (await context({ viewport, deviceScaleFactor: name === 'phone' ? 2 : 1 })).newPage();
    for (const locale of LOCALES) {
      await open(page, `/${locale}/articles/${SLUG}`);
      // Nothing wider than the screen: no sideways scrolling on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, `site-${locale}-${name}.png`), fullPage: true });
    }
    // The skip link appears on focus and leads to the content.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.className);
    expect(focused).toBe('skip-link');
    await page.screenshot({ path: join(ARTIFACTS, `site-skip-link-${name}.png`) });
  });
});
