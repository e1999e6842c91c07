/**
 * Work queues and the keyboard (issue #17): a reviewer works through the "needs review" queue
 * of an article with the keyboard only — approve and go on, fix a target and save with
 * Ctrl+Enter into the next unit, override a blocked unit, Esc back to the row, the `?` list.
 */
import { screenshot, seriousAxeViolations, workbenchSession, type Watched } from '../support/workbench-page';
import { SLUG, TM_TARGET, call, type Harness } from '../api/harness';

const session = workbenchSession();
const open = session.open;
let h: Harness;
beforeAll(() => { h = session.h; });

async function unitAt(position: number) {
  return (await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).find((u) => u.position === position)!;
}

const focusedId = (w: Watched) => w.page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || '');

describe('a reviewer works through "needs review" by keyboard', () => {
  it('approves, fixes with Ctrl+Enter, overrides, and ends with the four-eyes refusal; Esc keeps the focus on the unit', async () => {
    // Not in the queue: a draft (not offered for review yet) and an approved unit.
    const draft = await unitAt(1);
    expect((await call(h, 'PUT', `/api/units/${draft.id}`, {
      token: h.users.translator.token, headers: { 'If-Match': String(draft.version) }, body: { text: draft.targetText, status: 'draft' },
    })).status).toBe(200);
    const done = await unitAt(2);
    await h.workflow.approveUnit({ id: done.id, by: h.users.editor.name, role: 'editor', version: done.version });
    const [first, builders, pier] = [await unitAt(0), await unitAt(3), await unitAt(4)];

    const w = await open('reviewer', `/workbench/articles/${SLUG}/zh-Hans`);
    const { page } = w;
    await page.waitForSelector(`#unit-${first.id}`);
    await page.waitForFunction(() => document.querySelector('[data-count-for=review]')?.textContent === '(3)');
    expect(await page.locator('[data-count-for=all]').innerText()).toBe('(5)');

    // `?` lists every key; Esc closes the list.
    await page.keyboard.press('?');
    await page.waitForSelector('#wb-keys-dialog[open]');
    const keys = await page.locator('#wb-keys-dialog').innerText();
    for (const key of ['Ctrl+Enter', 'Esc', 'j', 'k', 'a', 'Alt+1']) expect(keys).toContain(key);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'queues-keys-1366');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !(document.getElementById('wb-keys-dialog') as HTMLDialogElement).open);

    // 2: the "needs review" queue, its first unit current and focused.
    await page.keyboard.press('2');
    await page.waitForFunction(() => document.querySelector('button[data-queue=review]')?.getAttribute('aria-pressed') === 'true');
    await page.waitForFunction((id) => document.activeElement?.id === `unit-${id}`, first.id);
    expect(await page.locator('#wb-units tr.wb-unit').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-id')))))
      .toEqual([first.id, builders.id, pier.id]);
    expect(new URL(page.url()).searchParams.get('queue')).toBe('review');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'queues-review-1366');

    // a: approved, and the next unit of the queue is current.
    await page.keyboard.press('a');
    await page.waitForSelector(`#unit-${first.id}.wb-st-approved`);
    await page.waitForFunction((id) => document.activeElement?.id === `unit-${id}`, builders.id);
    expect((await h.workflow.unit(first.id)).status).toBe('approved');

    // e: edit the builders sentence (施工单位 is the termbase's word); the textarea grows with the text.
    await page.keyboard.press('e');
    await page.waitForSelector('tr.wb-detail-editor textarea.wb-edit-text');
    expect(await focusedId(w)).toBe('TEXTAREA');
    const rowsBefore = await page.locator('textarea.wb-edit-text').evaluate((t) => (t as HTMLTextAreaElement).rows);
    await page.keyboard.press('ControlOrMeta+a');
    for (let i = 0; i < 6; i++) { await page.keyboard.type('市政府感谢了施工单位。'); await page.keyboard.press('Enter'); }
    const grown = await page.locator('textarea.wb-edit-text').evaluate((t) => [(t as HTMLTextAreaElement).rows, t.scrollHeight <= t.clientHeight + 1]);
    expect(grown[0]).toBeGreaterThan(rowsBefore);
    expect(grown[1]).toBe(true);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('市政府感谢了施工单位。');
    // The source stays in view above the text being typed.
    expect(await page.locator('tr.wb-detail-editor .wb-editor-source').innerText()).toContain('builders');

    // Ctrl+Enter: saved as translated, and the next unit's editor opens with the memory's best match in view.
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.waitForSelector(`tr.wb-detail-editor[data-for="${pier.id}"] textarea`);
    const saved = await h.workflow.unit(builders.id);
    expect([saved.targetText, saved.status, saved.targetAuthor]).toEqual(['市政府感谢了施工单位。', 'translated', h.users.reviewer.name]);
    await page.waitForSelector(`tr.wb-detail-editor[data-for="${pier.id}"] .wb-best-match .wb-score`);
    expect(await page.locator('.wb-best-match').innerText()).toContain(TM_TARGET);
    expect(await page.locator('tr.wb-detail-editor .wb-editor-source').innerText()).toContain('second pier');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'queues-editor-1366');

    // Esc: the editor closes, the focus is back on the unit's row (not lost to the page).
    await page.keyboard.press('Escape');
    await page.waitForSelector('tr.wb-detail-editor', { state: 'detached' });
    expect(await focusedId(w)).toBe(`unit-${pier.id}`);

    // a on a blocked unit: the override form, its reason focused; Ctrl+Enter overrides and approves.
    await page.keyboard.press('a');
    await page.waitForSelector('form.wb-override textarea');
    expect(await focusedId(w)).toBe('TEXTAREA');
    await page.keyboard.type('码头 is the harbour office\'s own word for this pier.');
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.waitForSelector(`#unit-${pier.id}.wb-st-approved`);
    const overridden = await h.workflow.unit(pier.id);
    expect(overridden.overrides.map((o) => o.by)).toEqual([h.users.reviewer.name]);
    await page.waitForFunction(() => /Nothing left/.test(document.querySelector('#wb-status')?.textContent ?? ''));
    expect(await focusedId(w)).toBe(`unit-${pier.id}`);

    // k back to the sentence the reviewer wrote: the four-eyes rule refuses it, and says why.
    await page.keyboard.press('k');
    expect(await focusedId(w)).toBe(`unit-${builders.id}`);
    await page.keyboard.press('a');
    await page.waitForFunction(() => /four-eyes/.test(document.querySelector('#wb-status')?.textContent ?? ''));
    expect((await h.workflow.unit(builders.id)).status).toBe('translated');

    // The queue now holds that one unit, for another reviewer; a link keeps the queue.
    await page.waitForFunction(() => document.querySelector('[data-count-for=review]')?.textContent === '(1)');
    await page.reload();
    await page.waitForSelector(`#unit-${builders.id}`);
    expect(await page.locator('#wb-units tr.wb-unit').count()).toBe(1);
    expect(w.errors).toEqual([]);
    expect(w.dialogs).toEqual([]);
  }, 180_000);

  it('"mine" holds what I typed; "with errors" what cannot be approved as it is; the API answers the same', async () => {
    const mine = await call(h, 'GET', `/api/articles/${SLUG}/units?locale=zh-Hans&queue=mine`, { token: h.users.reviewer.token });
    expect(mine.status).toBe(200);
    expect(mine.body.map((u: { position: number }) => u.position)).toEqual([3]);
    const theirs = await call(h, 'GET', `/api/articles/${SLUG}/units?locale=zh-Hans&queue=mine`, { token: h.users.translator.token });
    expect(theirs.body.map((u: { position: number }) => u.position)).toEqual([1]);
    const counts = await call(h, 'GET', `/api/articles/${SLUG}/queues?locale=zh-Hans`, { token: h.users.translator.token });
    expect(counts.body).toEqual({ all: 5, review: 1, outdated: 0, errors: expect.any(Number), mine: 1 });
    const errors = await call(h, 'GET', `/api/articles/${SLUG}/units?locale=zh-Hans&queue=errors`, { token: h.users.translator.token });
    expect(errors.body.every((u: { blocked: boolean }) => u.blocked)).toBe(true);
    expect(errors.body).toHaveLength(counts.body.errors);
    const bad = await call(h, 'GET', `/api/articles/${SLUG}/units?locale=zh-Hans&queue=everything`, { token: h.users.translator.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^queue: /);

    // An editor changes a source: its translation is outdated, and in that queue.
    const pier = (await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).find((u) => u.position === 4)!;
    const article = await h.workflow.requireArticle(SLUG);
    await h.workflow.editSource({ documentId: article.id, position: 4, text: 'Work on the second pier starts in May.', by: h.users.editor.name });
    const outdated = await call(h, 'GET', `/api/articles/${SLUG}/units?locale=zh-Hans&queue=outdated`, { token: h.users.translator.token });
    expect(outdated.body.map((u: { id: number }) => u.id)).toEqual([pier.id]);
    expect((await call(h, 'GET', `/api/articles/${SLUG}/queues?locale=zh-Hans`, { token: h.users.translator.token })).body.outdated).toBe(1);

    // In the browser, 5 shows "mine" and 4 "with errors".
    const w = await open('translator', `/workbench/articles/${SLUG}/zh-Hans`, 390);
    await w.page.waitForSelector('#wb-units tr.wb-unit');
    await w.page.keyboard.press('5');
    await w.page.waitForFunction(() => document.querySelector('button[data-queue=mine]')?.getAttribute('aria-pressed') === 'true'
      && document.querySelectorAll('#wb-units tr.wb-unit').length === 1);
    await screenshot(w.page, 'queues-mine-390');
    expect(await seriousAxeViolations(w.page)).toEqual([]);
    expect(w.errors).toEqual([]);
  }, 120_000);
});
