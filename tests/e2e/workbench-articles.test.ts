/**
 * The articles page in Chromium: an editor uploads an English article with its Chinese version
 * and lands in the review; a changed English re-upload shows its changes before it is applied
 * and keeps the translations of unchanged segments; the list is newest first, searchable and
 * filterable; translators get no upload form; the page passes axe-core's checks.
 */
import { screenshot, seriousAxeViolations, workbenchSession } from '../support/workbench-page';
import { SLUG, type Harness } from '../api/harness';

const ENGLISH = `# Pier opens

The new pier opened in Jiangmen on Friday.

Ferries to Hong Kong leave every hour. Tickets are sold at the pier.
`;
const CHINESE = `# 栈桥启用

江门新栈桥于星期五启用。

前往香港的渡轮每小时一班。栈桥现场售票。
`;
const ENGLISH_V2 = ENGLISH.replace('Ferries to Hong Kong leave every hour.', 'Ferries to Macao leave every two hours.');

const session = workbenchSession();
const open = session.open;
let h: Harness;
beforeAll(() => { h = session.h; });

const file = (name: string, text: string, mimeType = 'text/markdown') => ({ name, mimeType, buffer: Buffer.from(text) });

describe('articles page', () => {
  it('uploads an English article with its Chinese version and opens the review', async () => {
    const { page, errors } = await open('editor', '/workbench/');
    // docs/DESIGN.md's contract: file inputs for the English and the optional Chinese file, a slug, Upload.
    const form = page.locator('form#wb-upload');
    expect(await form.locator('input[type=file][name=english]').count()).toBe(1);
    expect(await form.locator('input[type=file][name=chinese]').count()).toBe(1);
    expect(await form.locator('input[name=slug]').count()).toBe(1);
    expect(await form.locator('button[type=submit]').innerText()).toBe('Upload');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-articles-1366');

    await form.locator('input[name=english]').setInputFiles(file('en.md', ENGLISH));
    await form.locator('input[name=chinese]').setInputFiles(file('zh-Hans.md', CHINESE));
    await form.locator('input[name=slug]').fill('pier-opens');
    await Promise.all([page.waitForURL('**/workbench/articles/pier-opens/zh-Hans'), form.locator('button[type=submit]').click()]);
    await page.waitForSelector('tr.wb-unit');
    expect(await page.locator('tr.wb-unit').count()).toBe(4);
    expect(await page.locator('#wb-units').innerText()).toContain('江门新栈桥于星期五启用。');
    const units = await h.workflow.articleUnits('pier-opens', { locale: 'zh-Hans' });
    expect(units.map((u) => u.status)).toEqual(['translated', 'translated', 'translated', 'translated']);
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows what a changed English re-upload changes before applying it, and keeps unchanged translations', async () => {
    const before = await h.workflow.articleUnits('pier-opens', { locale: 'zh-Hans' });
    const kept = before.find((u) => u.sourceText === 'Tickets are sold at the pier.')!;
    const { page, errors } = await open('editor', '/workbench/');
    const form = page.locator('form#wb-upload');
    await form.locator('input[name=english]').setInputFiles(file('pier-opens.md', ENGLISH_V2));
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('#wb-upload-preview button[data-action=apply-upload]');
    const preview = await page.locator('#wb-upload-preview').innerText();
    expect(preview).toContain('pier-opens exists');
    expect(preview).toContain('1 new, 1 removed, 3 unchanged segments.');
    expect(preview).toContain('− Ferries to Hong Kong leave every hour.');
    expect(preview).toContain('+ Ferries to Macao leave every two hours.');
    await screenshot(page, 'workbench-articles-reupload');
    // Nothing written until the editor applies it.
    expect((await h.workflow.articleUnits('pier-opens', { locale: 'zh-Hans' })).map((u) => u.sourceText)).toEqual(before.map((u) => u.sourceText));

    await Promise.all([page.waitForURL('**/workbench/articles/pier-opens/zh-Hans'), page.click('#wb-upload-preview button[data-action=apply-upload]')]);
    await page.waitForSelector('tr.wb-unit');
    const after = await h.workflow.articleUnits('pier-opens', { locale: 'zh-Hans' });
    expect(after.map((u) => u.sourceText)).toContain('Ferries to Macao leave every two hours.');
    const same = after.find((u) => u.id === kept.id)!;
    expect([same.targetText, same.status]).toEqual([kept.targetText, kept.status]);
    expect(errors).toEqual([]);
  }, 90_000);

  it('lists articles newest first, searchable and filterable by status', async () => {
    const { page } = await open('translator', '/workbench/');
    expect(await page.locator('form#wb-upload').count()).toBe(0);
    const slugs = await page.locator('tr.wb-article-first').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-slug')));
    expect(slugs).toEqual(['pier-opens', SLUG]);
    expect(await page.locator('tr[data-slug=pier-opens][data-locale=zh-Hans] .wb-share').innerText()).toMatch(/0%/);
    // Never released: "not published" said once (a badge repeated the versions line).
    const state = await page.locator('tr[data-slug=pier-opens][data-locale=zh-Hans] .wb-state').innerText();
    expect(state.match(/not published/g)).toHaveLength(1);

    await page.fill('input[type=search][name=q]', 'harbour');
    await Promise.all([page.waitForURL('**/workbench/?q=harbour*'), page.click('form[role=search] button[type=submit]')]);
    expect(await page.locator('tr.wb-article-first').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-slug')))).toEqual([SLUG]);

    // The harbour article has units in error (a missing term); the new one has none.
    await page.goto(`${h.url}/workbench/?status=with-errors`);
    expect(await page.locator('tr.wb-article-first').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-slug')))).toEqual([SLUG]);
    await page.goto(`${h.url}/workbench/?status=published`);
    expect(await page.locator('p.wb-none').innerText()).toBe('No article matches.');
    expect(await seriousAxeViolations(page)).toEqual([]);
  }, 90_000);

  it('works on a phone-sized screen', async () => {
    const { page, errors } = await open('editor', '/workbench/', 390);
    await screenshot(page, 'workbench-articles-390');
    // Against 390, not clientWidth: a phone browser widens its layout viewport to fit a page that is too wide.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - 390);
    expect(overflow).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  }, 60_000);
});
