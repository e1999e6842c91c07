/**
 * Bulk actions on a filtered selection in the browser (issue #17): a translator marks the drafts
 * translated; a reviewer selects the "needs review" queue, approves it in one request, is told
 * which unit went stale and which are blocked, gives one reason per check and approves the
 * blocked ones with the overrides each needs; re-running the checks says nothing changed.
 */
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { logInAs, screenshot, seriousAxeViolations, watchedPage, type Watched } from '../support/workbench-page';
import { SLUG, call, startHarness, type Harness } from '../api/harness';

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

async function open(role: 'translator' | 'reviewer' | 'editor' | 'admin', path: string, width = 1366): Promise<Watched> {
  const watched = await watchedPage(chromium, width);
  contexts.push(watched.context);
  await logInAs(watched.page, h.url, h.users[role], path);
  return watched;
}

const REVIEW = `/workbench/articles/${SLUG}/zh-Hans`;
const unitAt = async (position: number) => (await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).find((u) => u.position === position)!;
const summaryLine = (w: Watched, kind: string) => w.page.locator(`#wb-bulk li[data-kind=${kind}]`).innerText();

describe('bulk actions on a filtered selection', () => {
  it('marks drafts translated, approves a queue in one request with stale and blocked units named, then overrides the blocked', async () => {
    for (const position of [0, 1]) {
      const unit = await unitAt(position);
      await h.workflow.editTarget({ id: unit.id, version: unit.version, text: unit.targetText, by: 'fixture', status: 'draft', origin: 'tm' });
    }

    // The translator filters the drafts, selects them all and marks them translated.
    const translator = await open('translator', REVIEW);
    await translator.page.waitForSelector('#wb-units tr.wb-unit');
    await translator.page.selectOption('#wb-filters select[name=status]', 'draft');
    await translator.page.click('#wb-filters button[type=submit]');
    await translator.page.waitForFunction(() => document.querySelectorAll('#wb-units tr.wb-unit').length === 2);
    await translator.page.check('#wb-select-all');
    await translator.page.click('#wb-mark-translated');
    await translator.page.waitForSelector('#wb-bulk li[data-kind=done]');
    expect(await summaryLine(translator, 'done')).toMatch(/^2 now translated: #1, #2$/);
    expect((await unitAt(0)).status).toBe('translated');
    expect(await seriousAxeViolations(translator.page)).toEqual([]);
    await screenshot(translator.page, 'bulk-translated-1366');

    // The reviewer selects the whole "needs review" queue (five units) ...
    const reviewer = await open('reviewer', `${REVIEW}?queue=review`);
    await reviewer.page.waitForFunction(() => document.querySelectorAll('#wb-units tr.wb-unit').length === 5);
    await reviewer.page.check('#wb-select-all');
    expect(await reviewer.page.locator('#wb-selected').innerText()).toBe('5 selected');
    // ... while the translator changes one of them.
    const passengers = await unitAt(2);
    expect((await call(h, 'PUT', `/api/units/${passengers.id}`, {
      token: h.users.translator.token, headers: { 'If-Match': String(passengers.version) }, body: { text: '它每天为3000名乘客服务。' },
    })).status).toBe(200);
    await reviewer.page.click('#wb-approve-selected');
    await reviewer.page.waitForSelector('#wb-bulk li[data-kind=done]');
    expect(await summaryLine(reviewer, 'done')).toBe('2 approved: #1, #2');
    expect(await summaryLine(reviewer, 'stale')).toMatch(/^1 changed since you loaded them .*: #3$/);
    expect(await summaryLine(reviewer, 'blocked')).toBe('2 blocked by error findings: #4, #5');
    expect((await unitAt(2)).status).toBe('translated');
    expect(await seriousAxeViolations(reviewer.page)).toEqual([]);
    await screenshot(reviewer.page, 'bulk-blocked-1366');

    // One reason for the check both blocked units have; both are approved with it.
    const reasons = reviewer.page.locator('form.wb-bulk-override textarea');
    expect(await reasons.count()).toBe(1);
    expect(await reasons.first().getAttribute('data-check-id')).toBe('term-missing');
    await reviewer.page.click('form.wb-bulk-override button[data-action=bulk-override]');
    expect(await reviewer.page.locator('form.wb-bulk-override .wb-message').innerText()).toContain('Write a reason');
    await reasons.first().fill('The harbour office\'s own words; the termbase entry is being revised.');
    await reviewer.page.click('form.wb-bulk-override button[data-action=bulk-override]');
    await reviewer.page.waitForFunction(() => /^2 approved: #4, #5$/.test(document.querySelector('#wb-bulk li[data-kind=done]')?.textContent ?? ''));
    for (const position of [3, 4]) {
      const unit = await unitAt(position);
      expect(unit.status).toBe('approved');
      expect(unit.overrides.map((o) => [o.checkId, o.by])).toEqual([['term-missing', 'reviewer-1']]);
    }
    await screenshot(reviewer.page, 'bulk-overridden-1366');

    // Re-run checks on everything shown: nothing changed, and it says so.
    await reviewer.page.click('button[data-queue=""]');
    await reviewer.page.waitForFunction(() => document.querySelectorAll('#wb-units tr.wb-unit').length === 5);
    await reviewer.page.check('#wb-select-all');
    await reviewer.page.click('#wb-recheck');
    await reviewer.page.waitForFunction(() => /Checks re-run on 5 units/.test(document.querySelector('#wb-bulk h2')?.textContent ?? ''));
    expect(await reviewer.page.locator('#wb-bulk').innerText()).toContain('No findings changed.');
    for (const w of [translator, reviewer]) expect(w.errors).toEqual([]);
  }, 180_000);

  it('shows the summary on a phone too', async () => {
    const w = await open('reviewer', REVIEW, 390);
    await w.page.waitForSelector('#wb-units tr.wb-unit');
    await w.page.check('#wb-select-all');
    await w.page.click('#wb-recheck');
    await w.page.waitForSelector('#wb-bulk h2');
    expect(await seriousAxeViolations(w.page)).toEqual([]);
    await screenshot(w.page, 'bulk-recheck-390');
    expect(w.errors).toEqual([]);
  }, 60_000);
});
