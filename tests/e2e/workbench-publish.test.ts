/**
 * An editor publishes a new article pair without the command line (issue #17): the English and
 * Chinese HTML uploaded on the articles page, segmented and aligned into the review; a reviewer
 * (another person, another browser) approves the "needs review" queue by keyboard; the article's
 * pages are then online in en, zh-Hans and zh-Hant (Traditional derived, the termbase's 棧橋 in
 * place). A changed English re-upload shows what it changes before it is applied, and applying
 * it keeps the released Chinese pages online.
 */
import { screenshot, seriousAxeViolations, workbenchSession } from '../support/workbench-page';
import type { Harness } from '../api/harness';

const SLUG = 'bridge-opens';
const page = (title: string, body: string) =>
  `<!doctype html>\n<html><head><meta charset="utf-8"><title>${title}</title></head><body><article>\n${body}\n</article></body></html>\n`;
const ENGLISH = page('Pier opens', `<h1>Pier opens</h1>
<p>The new pier opened in Jiangmen on <strong>Friday</strong>.</p>
<p>Ferries to Hong Kong leave every hour. Tickets are sold at the pier.</p>`);
const CHINESE = page('栈桥启用', `<h1>栈桥启用</h1>
<p>江门新栈桥于<strong>星期五</strong>启用。</p>
<p>前往香港的渡轮每小时一班。栈桥现场售票。</p>`);
const ENGLISH_V2 = ENGLISH.replace('Ferries to Hong Kong leave every hour.', 'Ferries to Macao leave every two hours.');

const session = workbenchSession();
let h: Harness;
beforeAll(() => { h = session.h; });

const file = (name: string, text: string) => ({ name, mimeType: 'text/html', buffer: Buffer.from(text) });

async function publicText(path: string): Promise<{ status: number; lang: string | null; article: string }> {
  const reader = await session.page();
  const response = await reader.page.goto(`${h.url}${path}`);
  const status = response?.status() ?? 0;
  const lang = await reader.page.locator('html').getAttribute('lang');
  const article = status === 200 ? await reader.page.locator('article').innerText() : '';
  await reader.context.close();
  return { status, lang, article };
}

describe('an article pair from upload to the public site, without the CLI', () => {
  it('upload (HTML) → review → approve by keyboard → published in en, zh-Hans and zh-Hant; a re-upload shows its changes first', async () => {
    // The editor uploads both files on the articles page; the form takes HTML too.
    const editor = await session.open('editor', '/workbench/');
    const form = editor.page.locator('form#wb-upload');
    expect(await form.locator('input[name=english]').getAttribute('accept')).toMatch(/\.html/);
    expect(await form.locator('input[name=chinese]').getAttribute('accept')).toMatch(/\.html/);
    await form.locator('input[name=english]').setInputFiles(file('en.html', ENGLISH));
    await form.locator('input[name=chinese]').setInputFiles(file('zh-Hans.html', CHINESE));
    await form.locator('input[name=slug]').fill(SLUG);
    await Promise.all([editor.page.waitForURL(`**/workbench/articles/${SLUG}/zh-Hans`), form.locator('button[type=submit]').click()]);
    await editor.page.waitForSelector('tr.wb-unit');
    const units = await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' });
    expect(units.map((u) => u.sourceText)).toEqual(['Pier opens', expect.stringContaining('The new pier opened'), 'Ferries to Hong Kong leave every hour.', 'Tickets are sold at the pier.']);
    expect(units.every((u) => u.status === 'translated' && u.origin === 'aligned')).toBe(true);
    // The English is clean (the termbase's words are right): it is online at once; the Chinese is not yet.
    expect((await publicText(`/en/articles/${SLUG}`)).status).toBe(200);
    expect((await publicText(`/zh-Hans/articles/${SLUG}`)).status).toBe(404);

    // The reviewer, in their own browser, works the "needs review" queue with the keyboard only.
    const reviewer = await session.open('reviewer', `/workbench/articles/${SLUG}/zh-Hans`);
    const r = reviewer.page;
    await r.waitForSelector('tr.wb-unit');
    await r.locator('h1').click();
    await r.keyboard.press('2');
    await r.waitForFunction(() => document.querySelector('button[data-queue=review]')?.getAttribute('aria-pressed') === 'true');
    for (const unit of units) {
      await r.waitForFunction((id) => document.querySelector('tr.wb-current')?.id === `unit-${id}`, unit.id);
      await r.keyboard.press('a');
      await r.waitForSelector(`#unit-${unit.id}.wb-st-approved`);
    }
    await r.waitForSelector('#wb-public-link');
    expect(await seriousAxeViolations(r)).toEqual([]);
    await screenshot(r, 'publish-approved-1366');
    expect((await h.workflow.articleUnits(SLUG, { locale: 'zh-Hant' })).map((u) => u.status)).toEqual(['approved', 'approved', 'approved', 'approved']);

    // Online in all three languages, each with its own text; Traditional with the termbase's 棧橋.
    const en = await publicText(`/en/articles/${SLUG}`);
    const hans = await publicText(`/zh-Hans/articles/${SLUG}`);
    const hant = await publicText(`/zh-Hant/articles/${SLUG}`);
    expect([en.status, en.lang, hans.status, hans.lang, hant.status, hant.lang]).toEqual([200, 'en', 200, 'zh-Hans', 200, 'zh-Hant']);
    expect(en.article).toContain('Ferries to Hong Kong leave every hour.');
    expect(hans.article).toContain('前往香港的渡轮每小时一班。');
    expect(hant.article).toContain('棧橋');
    expect(hant.article).toContain('渡輪');
    expect(hant.article).not.toContain('栈桥');

    // The articles list says so: released, v1, in both Chinese locales.
    await editor.page.goto(`${h.url}/workbench/?q=${SLUG}`);
    const today = new Date().toISOString().slice(0, 10);
    for (const locale of ['zh-Hans', 'zh-Hant']) {
      expect(await editor.page.locator(`tr[data-slug=${SLUG}][data-locale=${locale}] .wb-release`).getAttribute('data-version')).toBe('1');
      // What readers see against what is worked on (issue #14): nothing left, the same version.
      expect(await editor.page.locator(`tr[data-slug=${SLUG}][data-locale=${locale}] .wb-versions`).innerText())
        .toBe(`published version 1 (${today}) · working version 1 · 0 units to approve`);
    }
    await screenshot(editor.page, 'publish-articles-1366');

    // From the list, the editor takes the Traditional page offline (with a reason) and releases it again.
    const hantRow = () => editor.page.locator(`tr[data-slug=${SLUG}][data-locale=zh-Hant]`);
    expect(await hantRow().locator('button[data-action=release]').count()).toBe(0);
    await hantRow().locator('details.wb-withdraw summary').click();
    await hantRow().locator('input[name=reason]').fill('Checking the Hong Kong wording with the client.');
    await Promise.all([editor.page.waitForEvent('load'), hantRow().locator('form[data-action=withdraw] button[type=submit]').click()]);
    await hantRow().locator('button[data-action=release]').waitFor();
    expect((await publicText(`/zh-Hant/articles/${SLUG}`)).status).not.toBe(200);
    expect((await h.workflow.articleReleases(SLUG, 'zh-Hant'))[0]!.withdrawal?.reason).toBe('Checking the Hong Kong wording with the client.');
    await screenshot(editor.page, 'publish-withdrawn-1366');
    await Promise.all([editor.page.waitForEvent('load'), hantRow().locator('button[data-action=release]').click()]);
    await editor.page.waitForSelector(`tr[data-slug=${SLUG}][data-locale=zh-Hant] .wb-release[data-version="2"]`);
    expect((await publicText(`/zh-Hant/articles/${SLUG}`)).status).toBe(200);

    // A changed English: the upload first shows what changes; nothing is written before Apply.
    await editor.page.locator('form#wb-upload input[name=english]').setInputFiles(file(`${SLUG}.html`, ENGLISH_V2));
    await editor.page.locator('form#wb-upload button[type=submit]').click();
    await editor.page.waitForSelector('#wb-upload-preview button[data-action=apply-upload]');
    const preview = await editor.page.locator('#wb-upload-preview').innerText();
    expect(preview).toContain('− Ferries to Hong Kong leave every hour.');
    expect(preview).toContain('+ Ferries to Macao leave every two hours.');
    expect(preview).toMatch(/1 new, 1 removed, 3 unchanged segments/);
    // Before the change is applied, the editor is told which published pages it concerns and that they stay online.
    const warning = await editor.page.locator('#wb-upload-preview .wb-published-warning').innerText();
    expect(warning).toContain('This page is published');
    for (const page of [`en v1, ${today}`, `zh-Hans v1, ${today}`, `zh-Hant v2, ${today}`]) expect(warning).toContain(page);
    expect(warning).toContain('Readers keep these versions');
    await screenshot(editor.page, 'publish-reupload-1366');
    expect((await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).map((u) => u.sourceText)).toContain('Ferries to Hong Kong leave every hour.');
    await Promise.all([editor.page.waitForURL(`**/workbench/articles/${SLUG}/zh-Hans`), editor.page.click('#wb-upload-preview button[data-action=apply-upload]')]);
    await editor.page.waitForSelector('tr.wb-unit');
    expect((await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).map((u) => u.sourceText)).toContain('Ferries to Macao leave every two hours.');
    // The review says where this locale stands: readers see v1, the work is v2 with the new sentence to approve.
    await editor.page.waitForSelector('#wb-versions');
    expect(await editor.page.locator('#wb-versions').innerText()).toBe(`published version 1 (${today}) · working version 2 · 1 unit to approve`);
    // Editing an approved translation of a published page: a warning before the change says readers keep v1.
    const [pier] = await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' });
    await editor.page.click(`button[data-action=edit][data-id="${pier!.id}"]`);
    const editWarning = await editor.page.locator('form.wb-editor .wb-published-warning').innerText();
    expect(editWarning).toContain('Readers see version 1');
    expect(editWarning).toContain('working version 2');
    await editor.page.click('form.wb-editor button[data-action=cancel]');
    // An alignment repair changes the structure every locale shares: all published pages are named.
    await editor.page.click(`button[data-action=repair][data-id="${pier!.id}"]`);
    const repairWarning = await editor.page.locator('.wb-repair .wb-published-warning').innerText();
    for (const page of [`en v2, ${today}`, `zh-Hans v1, ${today}`, `zh-Hant v2, ${today}`]) expect(repairWarning).toContain(page);
    await screenshot(editor.page, 'publish-repair-warning-1366');
    await editor.page.click('.wb-repair button[data-action=close-repair]');
    expect(await editor.page.locator('.wb-published-warning').count()).toBe(0);
    // The released Chinese stays online while the new sentence waits for its translation.
    const still = await publicText(`/zh-Hans/articles/${SLUG}`);
    expect([still.status, still.article.includes('前往香港的渡轮每小时一班。')]).toEqual([200, true]);
    expect((await publicText(`/en/articles/${SLUG}`)).article).toContain('Ferries to Macao leave every two hours.');
    for (const w of [editor, reviewer]) expect(w.errors).toEqual([]);
  }, 180_000);
});
