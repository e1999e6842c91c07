/**
 * The workbench in Chromium over the real app and a temporary SQLite store: a reviewer's
 * review (filter, TM suggestion, refused approval, override, approve the article, the public
 * page appears), an editor's termbase change and its affected units, a stale save's conflict,
 * and segments holding markup shown as text everywhere, never run.
 * Screenshots of each view go to test-artifacts/workbench-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { workbenchSession } from '../support/workbench-page';
import { SLUG, TM_TARGET, call, seedFixture, type Account, type Harness } from '../api/harness';
import type { Workflow } from '../../src/workflow';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const HOSTILE = 'security-note';
const SCRIPT = '<script>window.__xss=1</script>';
const IMG = '<img src=x onerror="window.__xss=2">';

async function seed(workflow: Workflow): Promise<void> {
  await seedFixture(workflow);
  await workflow.alignArticle({
    sourceText: `Security ${IMG} note\n\nNever type ${SCRIPT} into the form. Report it to us.\n`,
    sourceFile: 'en.txt',
    targetText: `安全${IMG}提示\n\n切勿在表单中输入${SCRIPT}。请向我们报告。\n`,
    targetFile: 'zh-Hans.txt',
    sourceLocale: 'en', targetLocale: 'zh-Hans', slug: HOSTILE, by: 'fixture',
  });
  await workflow.saveConcept({
    note: `a note with ${SCRIPT}`,
    terms: [{ locale: 'en', text: '<b onmouseover="window.__xss=3">bold</b>', status: 'admitted' }],
  }, { id: 'c-markup', expectedVersion: null, by: 'fixture' });
}

const session = workbenchSession({ seed });
let h: Harness;
beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  h = session.h;
});

/** A fresh browser context (own cookies) whose page records dialogs and console errors. */
const newPage = () => session.page(1400);

async function logIn(page: Page, account: Account, path = '/workbench/'): Promise<void> {
  await page.goto(`${h.url}${path}`);
  expect(new URL(page.url()).pathname).toBe('/workbench/login');
  await page.fill('input[name=name]', account.name);
  await page.fill('input[name=password]', account.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/workbench/login'), page.click('form[action="/workbench/login"] button[type=submit]')]);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `workbench-${name}.png`), fullPage: true });
}

async function unitIdAt(slug: string, position: number): Promise<number> {
  return (await h.workflow.articleUnits(slug, { locale: 'zh-Hans' })).find((u) => u.position === position)!.id;
}

const xss = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

describe('reviewer', () => {
  it('logs in, filters, fixes a unit with a TM suggestion, overrides a refused approval, approves the article', async () => {
    const { page, dialogs, errors } = await newPage();
    await page.goto(`${h.url}/workbench/`);
    await shot(page, 'login');
    await logIn(page, h.users.reviewer);
    expect(new URL(page.url()).pathname).toBe('/workbench/');
    expect(await page.locator('.wb-articles').isVisible()).toBe(true);
    expect(await page.locator('.wb-articles').innerText()).toContain('Harbour news');
    await shot(page, 'articles');

    await Promise.all([page.waitForURL(`**/workbench/articles/${SLUG}/zh-Hans`), page.click(`a[href="/workbench/articles/${SLUG}/zh-Hans"]`)]);
    await page.waitForSelector('tr.wb-unit');
    expect(await page.locator('tr.wb-unit').count()).toBe(5);
    expect(await page.locator('tr.wb-para').count()).toBe(3);
    await shot(page, 'review');

    // Filter to units with findings: the two with a missing term, and the one whose English has a name the termbase lacks (a source warning).
    await page.check('#wb-filters input[name=findings]');
    await page.click('#wb-filters button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('tr.wb-unit').length === 3);
    const pier = await unitIdAt(SLUG, 4);
    const builders = await unitIdAt(SLUG, 3);
    expect(await page.locator(`#unit-${pier} mark.wb-mark-error`).innerText()).toBe('pier');

    // Fix the pier unit with the TM suggestion: the finding goes away live, then on save.
    await page.click(`#unit-${pier} button[data-action=suggestions]`);
    await page.waitForSelector('.wb-match button[data-action=insert]');
    expect(await page.locator('.wb-match .wb-score').first().innerText()).toMatch(/^\d+%$/);
    expect(await page.locator('.wb-match-source del').first().innerText()).toBe('month');
    expect(await page.locator('.wb-match-source ins').first().innerText()).toBe('year');
    expect(await page.locator('.wb-live').innerText()).toContain('term-missing');
    await shot(page, 'suggestions');
    await page.click('.wb-match button[data-action=insert]');
    expect(await page.inputValue('textarea.wb-edit-text')).toBe(TM_TARGET);
    await page.waitForFunction(() => document.querySelector('.wb-live')?.textContent?.includes('No findings.'));
    await page.click('form.wb-editor button[data-action=save]');
    await page.waitForFunction((id) => document.querySelector(`#unit-${id} td.wb-target`)?.textContent === '第二座栈桥下月开工。', pier);
    expect(await page.locator(`#unit-${pier}`).innerText()).toContain('tm');
    const saved = await h.workflow.unit(pier);
    expect([saved.targetText, saved.origin, saved.updatedBy]).toEqual([TM_TARGET, 'tm', h.users.reviewer.name]);

    // Approving the builders unit is refused; the override needs a reason.
    await page.click(`#unit-${builders} button[data-action=approve]`);
    await page.waitForSelector('form.wb-override');
    expect(await page.locator('form.wb-override').innerText()).toContain('term-missing');
    expect((await h.workflow.unit(builders)).status).toBe('translated');
    await page.click('form.wb-override button[data-action=override]');
    expect(await page.locator('form.wb-override .wb-message').innerText()).toContain('Write a reason');
    await shot(page, 'override');
    await page.fill('form.wb-override textarea[name=reason]', 'Client style guide: 建设者 in thanks.');
    await page.click('form.wb-override button[data-action=override]');
    await page.waitForSelector(`#unit-${builders}.wb-st-approved`);
    expect((await h.workflow.unit(builders)).overrides).toEqual([expect.objectContaining({ checkId: 'term-missing', reason: 'Client style guide: 建设者 in thanks.' })]);

    // History of the unit: who, when, what, why.
    await page.click(`#unit-${builders} button[data-action=history]`);
    await page.waitForSelector('table.wb-history');
    const history = await page.locator('table.wb-history').innerText();
    expect(history).toContain('override');
    expect(history).toContain('Client style guide');
    expect(history).toContain(h.users.reviewer.name);
    await shot(page, 'history');

    // Keyboard: clear the filters, j moves down, a approves the current unit.
    await page.keyboard.press('Escape');
    await page.click('#wb-filters button[type=reset]');
    await page.waitForFunction(() => document.querySelectorAll('tr.wb-unit').length === 5);
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const heading = await unitIdAt(SLUG, 0);
    expect(await page.locator('tr.wb-current').getAttribute('id')).toBe(`unit-${heading}`);
    await page.keyboard.press('a');
    await page.waitForSelector(`#unit-${heading}.wb-st-approved`);
    await page.keyboard.press('j');
    await page.keyboard.press('s');
    await page.waitForSelector('tr.wb-detail-editor');
    await page.keyboard.press('Escape');
    expect(await page.locator('tr.wb-detail').count()).toBe(0);

    // Approve the rest of the article; the zh-Hans page is then published.
    expect((await fetch(`${h.url}/zh-Hans/articles/${SLUG}`)).status).toBe(404);
    await page.click('#wb-approve-all');
    await page.waitForSelector('#wb-public-link');
    expect(await page.locator('#wb-status').innerText()).toMatch(/approved, 0 blocked/);
    await shot(page, 'approved');
    await Promise.all([page.waitForURL(`**/zh-Hans/articles/${SLUG}`), page.click('#wb-public-link')]);
    expect(await page.locator('main').innerText()).toContain(TM_TARGET);
    await shot(page, 'public-zh-Hans');
    // The articles list shows the release: its version and date.
    await page.goto(`${h.url}/workbench/`);
    expect(await page.locator(`tr[data-slug="${SLUG}"][data-locale="zh-Hans"] .wb-release`).innerText())
      .toBe(`published version 1 (${new Date().toISOString().slice(0, 10)})`);

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('editor', () => {
  it('adds a forbidden term and follows the link to the units it put in error', async () => {
    const { page, errors } = await newPage();
    await logIn(page, h.users.editor, '/workbench/termbase');
    expect(new URL(page.url()).pathname).toBe('/workbench/termbase');
    await page.waitForSelector('#tb-list tr[data-id]');
    await shot(page, 'termbase');

    await page.click('#tb-add');
    const rows = page.locator('#tb-editor .tb-term-row');
    await rows.nth(0).locator('input[name=text]').fill('ferry terminal');
    await rows.nth(1).locator('input[name=text]').fill('渡轮码头');
    await page.click('#tb-editor button[data-action=add-term]');
    await rows.nth(2).locator('select[name=locale]').selectOption('zh-Hans');
    await rows.nth(2).locator('input[name=text]').fill('客运码头');
    await rows.nth(2).locator('select[name=status]').selectOption('forbidden');
    await page.fill('#tb-editor textarea[name=note]', 'where ferries berth');
    await shot(page, 'termbase-editor');
    await page.click('#tb-editor button[data-action=save-concept]');
    await page.waitForSelector('.tb-recheck');
    const terminal = await unitIdAt(SLUG, 1);
    expect(await page.locator('.tb-recheck').innerText()).toMatch(/put 1 unit in error/);
    const link = page.locator('.tb-affected a');
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe(`/workbench/articles/${SLUG}/zh-Hans#unit-${terminal}`);
    await shot(page, 'termbase-recheck');

    await Promise.all([page.waitForURL(`**/workbench/articles/${SLUG}/zh-Hans#unit-${terminal}`), link.click()]);
    await page.waitForSelector(`#unit-${terminal}.wb-current`);
    expect(await page.locator(`#unit-${terminal} .wb-findings`).innerText()).toContain('term-forbidden');
    expect(await page.locator(`#unit-${terminal} td.wb-target mark.wb-mark-error`).innerText()).toBe('客运码头');
    await shot(page, 'affected-unit');

    // An editor may edit the English source: the targets go back for review.
    await page.click(`#unit-${terminal} button[data-action=edit-source]`);
    await page.fill('form.wb-source-edit textarea', 'The new ferry terminal opened in Jiangmen on Monday morning.');
    await page.fill('form.wb-source-edit input.wb-source-reason', 'time of day');
    await page.click('form.wb-source-edit button[data-action=save-source]');
    await page.waitForFunction(() => document.querySelector('#wb-status')?.textContent?.includes('flagged for re-review'));
    const edited = await h.workflow.unit(terminal);
    expect(edited.sourceText).toBe('The new ferry terminal opened in Jiangmen on Monday morning.');
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows a stale save as a conflict with both texts, and can save over it', async () => {
    const { page, errors } = await newPage();
    await logIn(page, h.users.editor, `/workbench/articles/${SLUG}/zh-Hans`);
    const unitId = await unitIdAt(SLUG, 2);
    await page.waitForSelector(`#unit-${unitId}`);
    await page.click(`#unit-${unitId} button[data-action=edit]`);
    await page.fill('textarea.wb-edit-text', '它每天服务三千名乘客。');
    // Someone else saves the unit meanwhile.
    const current = await h.workflow.unit(unitId);
    const other = await call(h, 'PUT', `/api/units/${unitId}`, { token: h.users.translator.token, headers: { 'If-Match': `"${current.version}"` }, body: { text: '它每日服务3000名旅客。' } });
    expect(other.status).toBe(200);
    await page.click('form.wb-editor button[data-action=save]');
    await page.waitForSelector('.wb-conflict:not([hidden])');
    expect(await page.locator('.wb-yours').innerText()).toBe('它每天服务三千名乘客。');
    expect(await page.locator('.wb-theirs').innerText()).toBe('它每日服务3000名旅客。');
    await shot(page, 'conflict');
    await page.click('button[data-action=keep-mine]');
    await page.waitForFunction((id) => document.querySelector(`#unit-${id} td.wb-target`)?.textContent === '它每天服务三千名乘客。', unitId);
    expect((await h.workflow.unit(unitId)).targetText).toBe('它每天服务三千名乘客。');
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('segments holding markup', () => {
  it('are shown as text in every view and never run', async () => {
    const { page, dialogs, errors } = await newPage();
    const response = await page.goto(`${h.url}/workbench/login`);
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await logIn(page, h.users.translator);
    expect(await page.locator('.wb-articles').innerText()).toContain(`Security ${IMG} note`);

    await page.goto(`${h.url}/workbench/articles/${HOSTILE}/zh-Hans`);
    await page.waitForSelector('tr.wb-unit');
    const table = await page.locator('#wb-units').innerText();
    expect(table).toContain(SCRIPT);
    expect(table).toContain(IMG);
    expect(await page.locator('#wb-units img, #wb-units script, #wb-units b').count()).toBe(0);
    const unitId = (await h.workflow.articleUnits(HOSTILE, { locale: 'zh-Hans' })).find((u) => u.sourceText.includes('<script>'))!.id;
    await page.click(`#unit-${unitId} button[data-action=edit]`);
    expect(await page.inputValue('textarea.wb-edit-text')).toContain(SCRIPT);
    await page.waitForFunction(() => document.querySelector('.wb-preview')?.textContent?.includes('<script>'));
    await page.click(`#unit-${unitId} button[data-action=history]`);
    await page.waitForSelector('table.wb-history');
    expect(await page.locator('table.wb-history').innerText()).toContain(SCRIPT);
    await shot(page, 'markup-review');

    await page.goto(`${h.url}/workbench/termbase`);
    await page.waitForSelector('#concept-c-markup');
    expect(await page.locator('#concept-c-markup').innerText()).toContain('<b onmouseover="window.__xss=3">bold</b>');
    expect(await page.locator('#concept-c-markup').innerText()).toContain(SCRIPT);
    expect(await page.locator('#tb-list b, #tb-list script').count()).toBe(0);
    await page.hover('#concept-c-markup .tb-text');
    await shot(page, 'markup-termbase');

    // Publish the article (overriding whatever the checks say about the markup) and read it.
    for (const unit of await h.workflow.articleUnits(HOSTILE, { locale: 'zh-Hans' })) {
      const headers = { 'If-Match': String(unit.version) };
      const approved = await call(h, 'POST', `/api/units/${unit.id}/approve`, { token: h.users.reviewer.token, headers, body: {} });
      if (approved.status === 409) {
        // Every error check at once, each with its reason.
        const checks = Array.from(new Set((approved.body.findings as Array<{ checkId: string }>).map((f) => f.checkId)));
        await call(h, 'POST', `/api/units/${unit.id}/approve`, {
          token: h.users.reviewer.token, headers, body: { overrides: checks.map((checkId) => ({ checkId, reason: 'markup is the subject of the article' })) },
        });
      }
    }
    for (const locale of ['zh-Hans', 'en']) {
      const visit = await page.goto(`${h.url}/${locale}/articles/${HOSTILE}`);
      if (visit!.status() !== 200) continue;
      const main = await page.locator('main').innerText();
      expect(main).toContain(SCRIPT);
      expect(await page.locator('main img, main script').count()).toBe(0);
      await shot(page, `markup-public-${locale}`);
    }
    expect((await fetch(`${h.url}/zh-Hans/articles/${HOSTILE}`)).status).toBe(200);

    expect(await xss(page)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});
