/**
 * The footer's pages in Chromium, over the real workflow (the seed article, released in all three
 * languages): a Hong Kong reader opens the footer's Sitemap, finds the article and About Us there,
 * switches About Us to English by its direct link, and reads Contact Us. Screenshots of the
 * zh-Hant sitemap and the English About Us (phone) go to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkflow, type Workflow } from '../../src/workflow';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { serve, type Running } from '../site/serve';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SLUG = 'jiangmen-achievements';

let dir: string;
let workflow: Workflow;
let app: Running;
let chromium: TestBrowser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bitext-site-pages-'));
  workflow = await openWorkflow({ database: join(dir, 'bitext.db') });
  await workflow.seed(ROOT);
  app = await serve({ site: workflow.site });
  chromium = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await app?.close();
  await workflow?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('a reader goes from the footer to the sitemap, the article, About Us in English and Contact Us', async () => {
  const reader = await chromium.newContext({ locale: 'zh-HK', viewport: { width: 390, height: 844 } });
  try {
    const page = await reader.newPage();
    await page.goto(`${app.url}/zh-Hant/articles/${SLUG}`);
    await page.locator('footer a', { hasText: '網站地圖' }).click();
    await page.waitForURL('**/zh-Hant/sitemap');
    expect(await page.locator('h1').textContent()).toBe('網站地圖');
    // The seed article is released in zh-Hant: listed under its year, linked in this language.
    const article = page.locator(`main a[href="/zh-Hant/articles/${SLUG}"]`);
    await expect(article.count()).resolves.toBe(1);
    expect(await page.locator('main h3').first().textContent()).toMatch(/^\d{4}年$/);
    await page.screenshot({ path: join(ARTIFACTS, 'sitemap-zh-Hant-phone.png'), fullPage: true });

    await page.locator('main a', { hasText: '關於我們' }).click();
    await page.waitForURL('**/zh-Hant/about');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hant');
    expect(await page.locator('main').textContent()).toContain('示例內容');
    // The switcher links straight to the English page; the choice is remembered.
    await page.locator('nav.switcher a[hreflang="en"]').click();
    await page.waitForURL('**/en/about');
    expect(await page.locator('h1').textContent()).toBe('About Us');
    expect(await page.locator('main blockquote').textContent()).toContain('Sample content');
    expect((await reader.cookies(app.url)).find((c) => c.name === 'bitext_locale')?.value).toBe('en');
    await page.screenshot({ path: join(ARTIFACTS, 'about-en-phone.png'), fullPage: true });

    await page.locator('footer a', { hasText: 'Contact Us' }).click();
    await page.waitForURL('**/en/contact');
    expect(await page.locator('footer a[aria-current="page"]').textContent()).toBe('Contact Us');
    expect(await page.locator('main').textContent()).toContain('web-office@jiangmen.example');
  } finally {
    await reader.close();
  }
}, 60_000);
