/**
 * Editing comfort on the review page (issue #17), each point as a translator meets it in Chromium:
 * the textarea grows with the text (and shrinks back), the source and the memory's best match stay
 * in view while a long text is typed (laptop and phone), Ctrl+Enter saves and opens the next unit,
 * Esc from every form and panel gives the focus back to where the person was, and every key the
 * `?` list names does what it says.
 */
import { join } from 'node:path';
import { ARTIFACTS, workbenchSession, type Watched } from '../support/workbench-page';
import { SLUG, TM_TARGET, type Harness } from '../api/harness';

const session = workbenchSession();
let h: Harness;
beforeAll(() => { h = session.h; });

const REVIEW = `/workbench/articles/${SLUG}/zh-Hans`;
async function unitAt(position: number) {
  return (await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).find((u) => u.position === position)!;
}
const focused = (w: Watched) => w.page.evaluate(() => {
  const a = document.activeElement;
  return a ? (a.id || a.getAttribute('name') || a.getAttribute('data-action') || a.tagName) : '';
});
/** Whether the element is wholly inside the window (what the person sees without scrolling). */
const inView = (w: Watched, selector: string) => w.page.locator(selector).evaluate((e) => {
  const box = e.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
});

async function typeLongText(w: Watched, lines: number): Promise<void> {
  await w.page.keyboard.press('ControlOrMeta+a');
  for (let i = 0; i < lines; i++) {
    await w.page.keyboard.type(`第${i + 1}行：第二座栈桥下月开工。`);
    if (i + 1 < lines) await w.page.keyboard.press('Enter');
  }
}

describe('editing comfort', () => {
  it.each([1366, 390])('at %i px: the textarea grows and shrinks with the text; source and best match stay in view while typing', async (width) => {
    const w = await session.open('translator', REVIEW, width);
    const pier = await unitAt(4);
    await w.page.waitForSelector(`#unit-${pier.id}`);
    await w.page.click(`#unit-${pier.id} button[data-action=edit]`);
    const editor = `tr.wb-detail-editor[data-for="${pier.id}"]`;
    await w.page.waitForSelector(`${editor} .wb-best-match .wb-score`);
    expect(await w.page.locator(`${editor} .wb-best-match`).innerText()).toContain(TM_TARGET);
    const area = w.page.locator(`${editor} textarea.wb-edit-text`);
    const rows = () => area.evaluate((t) => (t as HTMLTextAreaElement).rows);
    const start = await rows();

    await typeLongText(w, 40);
    const grown = await rows();
    expect(grown).toBeGreaterThan(start);
    // The caret's line, the source and the memory's best match are all on screen at once.
    for (const part of ['.wb-editor-source', '.wb-best-match', 'textarea.wb-edit-text']) expect([part, await inView(w, `${editor} ${part}`)]).toEqual([part, true]);
    expect(await area.evaluate((t) => (t as HTMLTextAreaElement).value.split('\n').length)).toBe(40);
    // The window as the translator sees it (not the whole page).
    await w.page.screenshot({ path: join(ARTIFACTS, `editing-long-${width}.png`) });

    // Back to one line: the textarea shrinks again.
    await w.page.keyboard.press('ControlOrMeta+a');
    await w.page.keyboard.type('第二座栈桥下月开工。');
    expect(await rows()).toBeLessThan(grown);
    expect(await rows()).toBe(start);
    expect(w.errors).toEqual([]);
  }, 90_000);

  it('Ctrl+Enter saves and opens the next unit; at the end of the list it saves, stays and says so', async () => {
    const w = await session.open('translator', REVIEW);
    const [fourth, fifth] = [await unitAt(3), await unitAt(4)];
    await w.page.waitForSelector(`#unit-${fourth.id}`);
    await w.page.click(`#unit-${fourth.id} button[data-action=edit]`);
    await w.page.waitForSelector(`tr.wb-detail-editor[data-for="${fourth.id}"] textarea`);
    await w.page.keyboard.press('ControlOrMeta+a');
    await w.page.keyboard.type('市政府感谢了建设者们。');
    await w.page.keyboard.press('ControlOrMeta+Enter');
    await w.page.waitForSelector(`tr.wb-detail-editor[data-for="${fifth.id}"] textarea`);
    expect(await focused(w)).toBe('TEXTAREA');
    expect((await h.workflow.unit(fourth.id)).targetText).toBe('市政府感谢了建设者们。');
    // The last unit: saved, its row current and focused, no editor left open.
    await w.page.keyboard.press('ControlOrMeta+a');
    await w.page.keyboard.type('第二座栈桥明年开工。');
    await w.page.keyboard.press('ControlOrMeta+Enter');
    await w.page.waitForSelector('tr.wb-detail-editor', { state: 'detached' });
    await w.page.waitForFunction((id) => document.activeElement?.id === `unit-${id}`, fifth.id);
    expect((await h.workflow.unit(fifth.id)).targetText).toBe('第二座栈桥明年开工。');
    expect(await w.page.locator('#wb-status').innerText()).toMatch(/saved/i);
    expect(w.errors).toEqual([]);
  }, 90_000);

  it('Esc from every form and panel puts the focus back where the person was, and the keys go on working', async () => {
    const w = await session.open('reviewer', REVIEW);
    const [second, third] = [await unitAt(1), await unitAt(2)];
    await w.page.waitForSelector(`#unit-${second.id}`);
    await w.page.locator('h1').click();
    await w.page.keyboard.press('j');
    await w.page.keyboard.press('j');
    await w.page.waitForFunction((id) => document.activeElement?.id === `unit-${id}`, second.id);
    // Each key opens its form under the unit; Esc closes it and the row has the focus again.
    for (const [key, detail] of [['e', 'editor'], ['s', 'editor'], ['h', 'history'], ['c', 'comments'], ['r', 'repair']] as const) {
      await w.page.keyboard.press(key);
      await w.page.waitForSelector(`tr.wb-detail-${detail}[data-for="${second.id}"]`);
      expect([key, await w.page.evaluate(() => document.activeElement?.closest('tr.wb-detail') !== null || document.activeElement?.tagName === 'TABLE')]).toEqual([key, true]);
      await w.page.keyboard.press('Escape');
      await w.page.waitForSelector('tr.wb-detail', { state: 'detached' });
      expect([key, await focused(w)]).toEqual([key, `unit-${second.id}`]);
    }
    // The `?` list and the concordance give the focus back to the row too.
    await w.page.keyboard.press('?');
    await w.page.waitForSelector('#wb-keys-dialog[open]');
    await w.page.keyboard.press('Escape');
    expect(await focused(w)).toBe(`unit-${second.id}`);
    await w.page.keyboard.press('Control+k');
    await w.page.waitForSelector('#wb-concordance:not([hidden])');
    await w.page.keyboard.press('Escape');
    expect(await focused(w)).toBe(`unit-${second.id}`);
    // The search field: Esc leaves it for the current row.
    await w.page.keyboard.press('/');
    expect(await focused(w)).toBe('q');
    await w.page.keyboard.press('Escape');
    expect(await focused(w)).toBe(`unit-${second.id}`);
    // And the keys still move: j goes on to the next unit.
    await w.page.keyboard.press('j');
    expect(await focused(w)).toBe(`unit-${third.id}`);
    // The override form of a blocked unit (a on the builders sentence, still without 施工单位): Esc back to its row, nothing approved.
    const builders = await unitAt(3);
    expect(builders.findings.map((f) => f.checkId)).toContain('term-missing');
    await w.page.keyboard.press('j');
    expect(await focused(w)).toBe(`unit-${builders.id}`);
    await w.page.keyboard.press('a');
    await w.page.waitForSelector(`tr.wb-detail-override[data-for="${builders.id}"] textarea`);
    expect(await focused(w)).toBe('reason');
    await w.page.keyboard.press('Escape');
    await w.page.waitForSelector('tr.wb-detail', { state: 'detached' });
    expect(await focused(w)).toBe(`unit-${builders.id}`);
    expect((await h.workflow.unit(builders.id)).status).toBe('translated');
    // A button inside a form (the repair's merge) keeps Esc too: back to the row.
    await w.page.keyboard.press('r');
    await w.page.waitForSelector('tr.wb-detail-repair button[data-action=merge]');
    expect(await focused(w)).toBe('merge');
    await w.page.keyboard.press('Escape');
    expect(await focused(w)).toBe(`unit-${builders.id}`);
    expect(w.errors).toEqual([]);
  }, 90_000);

  it('every key the ? list names does what it says', async () => {
    const w = await session.open('reviewer', REVIEW);
    const [first, second] = [await unitAt(0), await unitAt(1)];
    await w.page.waitForSelector(`#unit-${first.id}`);
    await w.page.keyboard.press('?');
    await w.page.waitForSelector('#wb-keys-dialog[open]');
    const listed = await w.page.locator('#wb-keys-dialog kbd').allInnerTexts();
    await w.page.keyboard.press('Escape');
    for (const key of ['j', '↓', 'k', '↑', '1', '2', '3', '4', '5', '/', 'Enter', 'e', 's', 'a', 'x', 'h', 'c', 'r', 'Ctrl+Enter', 'Alt+1', 'Alt+.', 'Esc', 'Ctrl+K', 'Tab', '?']) {
      expect([key, listed.includes(key)]).toEqual([key, true]);
    }
    const current = () => w.page.evaluate(() => document.querySelector('tr.wb-current')?.id);
    await w.page.locator('h1').click();
    await w.page.keyboard.press('ArrowDown');
    expect(await current()).toBe(`unit-${first.id}`);
    await w.page.keyboard.press('j');
    expect(await current()).toBe(`unit-${second.id}`);
    await w.page.keyboard.press('ArrowUp');
    expect(await current()).toBe(`unit-${first.id}`);
    await w.page.keyboard.press('ArrowDown');
    await w.page.keyboard.press('x');
    expect(await w.page.locator(`#unit-${second.id} input.wb-select`).isChecked()).toBe(true);
    expect(await w.page.locator('#wb-approve-selected').isEnabled()).toBe(true);
    await w.page.keyboard.press('x');
    expect(await w.page.locator(`#unit-${second.id} input.wb-select`).isChecked()).toBe(false);
    await w.page.keyboard.press('Enter');
    await w.page.waitForSelector(`tr.wb-detail-editor[data-for="${second.id}"] textarea`);
    expect(await focused(w)).toBe('TEXTAREA');
    await w.page.keyboard.press('Escape');
    // Alt+1 in the editor puts the memory's best match in (the pier sentence has one).
    const pier = await unitAt(4);
    await w.page.click(`#unit-${pier.id} td.wb-num`);
    await w.page.keyboard.press('e');
    await w.page.waitForSelector(`tr.wb-detail-editor[data-for="${pier.id}"] .wb-best-match .wb-score`);
    await w.page.keyboard.press('Alt+Digit1');
    const best = await w.page.locator('tr.wb-detail-editor .wb-best-target').innerText();
    expect(await w.page.locator('tr.wb-detail-editor textarea').inputValue()).toBe(best.trim());
    await w.page.keyboard.press('Escape');
    expect(await focused(w)).toBe(`unit-${pier.id}`);
    await w.page.keyboard.press('s');
    await w.page.waitForSelector('tr.wb-detail-editor .wb-suggestions .wb-match button');
    expect(await w.page.evaluate(() => document.activeElement?.closest('.wb-suggestions') !== null)).toBe(true);
    await w.page.keyboard.press('Escape');
    await w.page.keyboard.press('4');
    await w.page.waitForFunction(() => document.querySelector('button[data-queue=errors]')?.getAttribute('aria-pressed') === 'true');
    await w.page.keyboard.press('1');
    await w.page.waitForFunction(() => document.querySelector('button[data-queue=""]')?.getAttribute('aria-pressed') === 'true');
    // a approves the current unit and moves on.
    await w.page.waitForFunction((id) => document.activeElement?.id === `unit-${id}`, first.id);
    expect(await current()).toBe(`unit-${first.id}`);
    await w.page.keyboard.press('a');
    await w.page.waitForSelector(`#unit-${first.id}.wb-st-approved`);
    await w.page.waitForFunction((id) => document.activeElement?.id === `unit-${id}`, second.id);
    // Tab reaches the row's own buttons (the ones without a key of their own: the source edit, bulk actions).
    await w.page.keyboard.press('Tab');
    expect(await w.page.evaluate(() => document.activeElement?.closest('tr.wb-unit') !== null || document.activeElement?.closest('#wb-units') !== null)).toBe(true);
    expect(w.errors).toEqual([]);
  }, 90_000);
});
