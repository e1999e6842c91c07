/**
 * The workbench in Chinese (issue #17): an editor in Jiangmen picks 简体中文 in the header; every
 * page, the browser-side strings and the `?` list are Chinese, the choice is remembered, 繁體中文
 * too; a browser asking for Chinese gets it from the start.
 */
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { logInAs, screenshot, seriousAxeViolations, watchedPage, type Watched } from '../support/workbench-page';
import { SLUG, startHarness, type Harness } from '../api/harness';

let h: Harness;
let chromium: TestBrowser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  h = await startHarness();
  chromium = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await chromium?.close();
  await h?.close();
});

async function open(path: string, width = 1366): Promise<Watched> {
  const watched = await watchedPage(chromium, width);
  contexts.push(watched.context);
  await logInAs(watched.page, h.url, h.users.editor, path);
  return watched;
}

describe('the workbench in Chinese', () => {
  it('renders in 简体中文 once chosen, keeps the choice, and in 繁體中文 too', async () => {
    const w = await open('/workbench/');
    const { page } = w;
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('.wb-ui-language').innerText()).toMatch(/Language[\s\S]*Switch/);
    await page.selectOption('#wb-ui-lang', 'zh-Hans');
    await Promise.all([page.waitForURL(`${h.url}/workbench/`), page.click('.wb-ui-language button')]);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
    expect(await page.locator('h1').innerText()).toContain('文章');
    expect(await page.locator('nav').innerText()).toContain('术语库');
    expect(await page.locator('.wb-ui-language button').innerText()).toBe('切换');
    expect(await page.locator('.wb-upload summary').innerText()).toBe('上传文章');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'chinese-articles-1366');

    // The review page: server-rendered and script-rendered strings alike.
    await page.goto(`${h.url}/workbench/articles/${SLUG}/zh-Hans`);
    await page.waitForSelector('#wb-units tr.wb-unit');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
    expect(await page.locator('button[data-queue=review]').innerText()).toMatch(/^待审校/);
    await page.waitForFunction(() => document.querySelector('#wb-status')?.textContent === '显示 5 个单元');
    expect(await page.locator('#wb-units tr.wb-unit').first().locator('button[data-action=edit]').innerText()).toBe('编辑');
    expect(await page.locator('#wb-units').innerText()).toContain('第 1 段');
    // Where each target came from, in Chinese too (the filter's choices and the badges).
    expect(await page.locator('#wb-units tr.wb-unit').first().locator('.wb-origin-aligned').innerText()).toBe('对齐');
    expect(await page.locator('#wb-filters select[name=origin] option[value="mt:deepl"]').innerText()).toBe('DeepL 机器翻译');
    await page.locator('h1').click();
    await page.keyboard.press('?');
    await page.waitForSelector('#wb-keys-dialog[open]');
    expect(await page.locator('#wb-keys-title').innerText()).toBe('键盘快捷键');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'chinese-keys-1366');
    await page.keyboard.press('Escape');
    // The concordance in Chinese: its title, the count, the termbase's terms with their statuses.
    await page.keyboard.press('Control+k');
    await page.waitForSelector('#wb-concordance:not([hidden])');
    expect(await page.locator('#wb-concordance-title').innerText()).toBe('语境检索');
    await page.keyboard.type('栈桥');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /个单元含有“栈桥”/.test(document.querySelector('#wb-concordance-status')?.textContent ?? ''));
    await page.waitForSelector('#wb-concordance-terms li');
    expect(await page.locator('#wb-concordance-terms').innerText()).toContain('栈桥 (首选)');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'chinese-concordance-1366');
    await page.keyboard.press('Escape');

    // Traditional, from the review page: back on the same page.
    await page.selectOption('#wb-ui-lang', 'zh-Hant');
    await Promise.all([page.waitForURL(`${h.url}/workbench/articles/${SLUG}/zh-Hans`), page.click('.wb-ui-language button')]);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant');
    expect(await page.locator('nav').innerText()).toContain('術語庫');
    await page.goto(`${h.url}/workbench/termbase`);
    expect(await page.locator('h1').innerText()).toBe('術語庫');
    await screenshot(page, 'chinese-hant-termbase-1366');
    expect(w.errors).toEqual([]);
  }, 120_000);

  it('follows the browser\'s languages until a choice is made, and keeps redirects on site', async () => {
    const context = await chromium.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${h.url}/workbench/login`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');
    expect(await page.locator('h1').innerText()).toBe('登录工作台');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'chinese-login-390');
    const away = await fetch(`${h.url}/workbench/ui?lang=en&next=//evil.example/`, { redirect: 'manual' });
    expect(away.status).toBe(303);
    expect(away.headers.get('location')).toBe('/workbench/');
  }, 60_000);
});
