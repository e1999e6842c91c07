/**
 * Done when (#15): an English HTML news item and its Chinese version, aligned with `bitext align`,
 * approved, published in en, zh-Hans and zh-Hant with the same structure and markup, the alt
 * text and link texts in each language, internal links to the same locale, nothing of the
 * hostile script — checked in Chromium and by parsing the served HTML.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { LOCALES, type Locale } from '../../src/locale';
import { ApprovalBlockedError, openWorkflow, type Workflow } from '../../src/workflow';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { serve, type Running } from '../site/serve';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const FIXTURE = join(ROOT, 'tests', 'fixtures', 'html', 'bay-area-bridge');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SLUG = 'bay-area-bridge';

let dir: string;
let database: string;
let workflow: Workflow;
let app: Running;
let chromium: TestBrowser;

function bitext(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, BITEXT_DATABASE: database, LOG_LEVEL: 'silent' }, timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'bitext-html-e2e-'));
  database = join(dir, 'bitext.db');
  expect(bitext(['seed']).code).toBe(0);
  const aligned = bitext(['align', join(FIXTURE, 'en.html'), join(FIXTURE, 'zh-Hans.html'), '--slug', SLUG]);
  expect(aligned.code).toBe(0);
  expect(aligned.stderr).toContain('removed <script> with its content');
  expect(aligned.stderr).toContain('removed onclick attribute (script)');
  workflow = await openWorkflow({ database });
  // A reviewer approves every aligned unit (overriding, with a reason, any error finding left).
  for (const unit of await workflow.articleUnits(SLUG, { locale: 'zh-Hans' })) {
    try {
      await workflow.approveUnit({ id: unit.id, by: 'reviewer' });
    } catch (error) {
      if (!(error instanceof ApprovalBlockedError)) throw error;
      await workflow.approveUnit({ id: unit.id, by: 'reviewer', overrides: error.findings.map((f) => ({ checkId: f.checkId, reason: 'checked by the e2e reviewer' })) });
    }
  }
  app = await serve({ site: workflow.site });
  chromium = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await chromium?.close();
  await app?.close();
  await workflow?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Element = DefaultTreeAdapterMap['element'];
function elements(node: DefaultTreeAdapterMap['node'], out: Element[] = []): Element[] {
  if ('tagName' in node) out.push(node);
  if ('childNodes' in node) for (const child of node.childNodes) elements(child, out);
  return out;
}

/** The served article as parse5 reads it: the tag sequence of its body, every attribute name, its links. */
async function served(locale: Locale) {
  const response = await fetch(`${app.url}/${locale}/articles/${SLUG}`);
  expect(response.status).toBe(200);
  const html = await response.text();
  const errors: string[] = [];
  const document = parse(html, { onParseError: (e) => errors.push(e.code) });
  const article = elements(document).find((e) => e.tagName === 'article')!;
  const body = elements(article).find((e) => e.attrs.some((a) => a.name === 'class' && a.value === 'article-body'))!;
  const inside = elements(body).slice(1);
  return {
    html, errors,
    tags: inside.map((e) => e.tagName),
    attributes: elements(document).flatMap((e) => e.attrs.map((a) => a.name)),
    hrefs: inside.filter((e) => e.tagName === 'a').map((e) => e.attrs.find((a) => a.name === 'href')?.value),
    // Every script but the site's own switcher file (same origin, /assets/switcher.<hash>.js).
    scripts: elements(document).filter((e) => e.tagName === 'script'
      && !e.attrs.some((a) => a.name === 'src' && /^\/assets\/switcher\.[\w-]+\.js$/.test(a.value))).length,
  };
}

const EXPECTED: Record<Locale, { h2: string; alt: string; links: [string, string]; bold: string }> = {
  en: { h2: 'A new link between Jiangmen and Zhuhai', alt: 'The Huangmaohai bridge at sunset', links: ['Greater Bay Area', 'the achievements of Jiangmen'], bold: 'about 30 minutes' },
  'zh-Hans': { h2: '江门与珠海之间的新通道', alt: '夕阳下的黄茅海大桥', links: ['粤港澳大湾区', '江门的成就'], bold: '约30分钟' },
  'zh-Hant': { h2: '江門與珠海之間的新通道', alt: '夕陽下的黃茅海大橋', links: ['粵港澳大灣區', '江門的成就'], bold: '約30分鐘' },
};

describe('the HTML news item in three languages', () => {
  it('is served with the same structure and markup in every locale, valid, with nothing of the script', async () => {
    const pages = await Promise.all(LOCALES.map((l) => served(l)));
    const [en] = pages;
    expect(en!.tags).toEqual([
      'h2', 'p', 'strong', 'p', 'a', 'a', 'p', 'ul', 'li', 'li', 'li', 'table', 'caption', 'tbody',
      'tr', 'th', 'th', 'th', 'tr', 'td', 'td', 'td', 'tr', 'td', 'td', 'td', 'figure', 'img', 'figcaption', 'p', 'b',
    ]);
    for (const [i, page] of pages.entries()) {
      const locale = LOCALES[i]!;
      expect({ locale, tags: page.tags }).toEqual({ locale, tags: en!.tags });
      expect({ locale, errors: page.errors }).toEqual({ locale, errors: [] });
      expect(page.scripts).toBe(0);
      expect(page.attributes.filter((a) => a.startsWith('on'))).toEqual([]);
      expect(page.html).not.toMatch(/alert|document\.cookie|javascript:/);
      expect(page.hrefs).toEqual(['https://www.cnbayarea.org.cn/', `/${locale}/articles/jiangmen-achievements`]);
    }
  });

  it.each(LOCALES)('%s in Chromium: headings, list, table, figure with alt and caption, links in the page locale', async (locale) => {
    const context = await chromium.newContext({ viewport: { width: 1000, height: 1400 } });
    try {
      const page = await context.newPage();
      let dialogs = 0;
      page.on('dialog', (dialog) => { dialogs++; void dialog.dismiss(); });
      await page.goto(`${app.url}/${locale}/articles/${SLUG}`);
      const e = EXPECTED[locale];
      expect(await page.locator('article h2').textContent()).toContain(e.h2);
      expect(await page.locator('article ul > li').count()).toBe(3);
      expect(await page.locator('article table tr').count()).toBe(3);
      expect(await page.locator('article table th').count()).toBe(3);
      expect(await page.locator('article figure img').getAttribute('alt')).toBe(e.alt);
      expect(await page.locator('article figure figcaption').count()).toBe(1);
      expect(await page.locator('article strong').textContent()).toBe(e.bold);
      expect(await page.locator('article .article-body a').allTextContents()).toEqual(e.links);
      const internal = page.locator('article .article-body a').nth(1);
      expect(await internal.getAttribute('href')).toBe(`/${locale}/articles/jiangmen-achievements`);
      await page.locator('article p').nth(1).click();
      expect(dialogs).toBe(0);
      expect(await page.evaluate(() => document.querySelectorAll('article script, article [onclick]').length)).toBe(0);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `html-article-${locale}.png`), fullPage: true });
      // The internal link leads to the linked article in the same locale.
      await internal.click();
      await page.waitForURL(`**/${locale}/articles/jiangmen-achievements`);
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
    } finally {
      await context.close();
    }
  });
});
