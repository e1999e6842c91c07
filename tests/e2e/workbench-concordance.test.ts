/**
 * Concordance beside the editor (issue #17): Ctrl+K opens it from anywhere on the review page,
 * text selected in a source cell or in the editor's textarea is searched at once, English and
 * Chinese phrases both, each hit's source and target side by side with the phrase marked (how it
 * was translated before, and where); the panel sits beside the editor, not over it; Esc closes it
 * and the focus goes back where it was (the editor stays open); the `?` list names the key.
 */
import { screenshot, seriousAxeViolations, workbenchSession, type Watched } from '../support/workbench-page';
import { SLUG, TM_TARGET, type Harness } from '../api/harness';

const session = workbenchSession();
const open = session.open;
let h: Harness;
beforeAll(() => { h = session.h; });

const review = `/workbench/articles/${SLUG}/zh-Hans`;

async function unitAt(position: number) {
  return (await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).find((u) => u.position === position)!;
}

/** Selects the first occurrence of `phrase` in the text under `selector`, as a mouse drag would. */
async function selectInPage(w: Watched, selector: string, phrase: string): Promise<void> {
  const ok = await w.page.evaluate(([sel, text]) => {
    const root = document.querySelector(sel!);
    if (!root) return false;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(text!);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text!.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
    return false;
  }, [selector, phrase]);
  expect(ok).toBe(true);
}

const hits = (w: Watched) => w.page.locator('#wb-concordance-hits li.wb-hit');
const focused = (w: Watched) => w.page.evaluate(() => {
  const a = document.activeElement;
  return a ? (a.id || `${a.tagName}${a.className ? `.${a.className}` : ''}`) : '';
});

describe('concordance beside the editor', () => {
  it('searches by Ctrl+K, selected text and both languages, marks the phrase and gives the focus back', async () => {
    const w = await open('translator', review);
    const { page, errors } = w;
    const first = await unitAt(0);
    const pier = await unitAt(4);
    await page.waitForSelector(`#unit-${first.id}`);
    expect(await page.locator('#wb-concordance').isVisible()).toBe(false);

    // The `?` list names the key.
    await page.keyboard.press('?');
    await page.waitForSelector('#wb-keys-dialog[open]');
    expect(await page.locator('#wb-keys-dialog').innerText()).toMatch(/Ctrl\+K\s*Concordance/);
    await page.keyboard.press('Escape');

    // Ctrl+K with nothing selected: the panel opens, its phrase field focused.
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.waitForFunction((id) => document.activeElement?.id === `unit-${id}`, first.id);
    await page.keyboard.press('Control+k');
    await page.waitForSelector('#wb-concordance:not([hidden])');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
    await page.keyboard.type('pier');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /holds? “pier”/.test(document.querySelector('#wb-concordance-status')?.textContent ?? ''));
    // How "pier" was translated before: the memory's 栈桥 and the article's own 码头, side by side, "pier" marked.
    const texts = await hits(w).evaluateAll((items) => items.map((li) => ({
      source: li.querySelector('.wb-hit-source')!.textContent, target: li.querySelector('.wb-hit-target')!.textContent,
      marks: Array.from(li.querySelectorAll('.wb-hit-source mark')).map((m) => m.textContent!.toLowerCase()),
      meta: li.querySelector('.wb-hit-meta')!.textContent,
    })));
    expect(texts).toEqual(expect.arrayContaining([
      expect.objectContaining({ target: TM_TARGET, marks: ['pier'], meta: expect.stringContaining('memory only') }),
      expect.objectContaining({ source: pier.sourceText, target: pier.targetText, marks: ['pier'], meta: expect.stringContaining(`${SLUG} #5`) }),
    ]));
    // The termbase's word on it too, when the phrase is a term: pier → 栈桥 / 棧橋.
    await page.waitForSelector('#wb-concordance-terms li[data-concept=c-pier]');
    expect(await page.locator('#wb-concordance-terms').innerText()).toMatch(/en pier \(preferred\) · zh-Hans 栈桥 \(preferred\) · zh-Hant 棧橋 \(preferred\)/);
    const pairBoxes = await hits(w).first().locator('.wb-hit-pair > p').evaluateAll((ps) => ps.map((p) => p.getBoundingClientRect().toJSON() as DOMRect));
    expect(pairBoxes[1]!.left).toBeGreaterThanOrEqual(pairBoxes[0]!.right - 1); // source and target side by side
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'concordance-pier-1366');

    // Esc: closed, the focus back on the unit's row.
    await page.keyboard.press('Escape');
    expect(await page.locator('#wb-concordance').isVisible()).toBe(false);
    expect(await focused(w)).toBe(`unit-${first.id}`);

    // Text selected in a source cell, then Ctrl+K: that text is searched.
    const terminal = (await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).find((u) => u.sourceText.includes('ferry terminal'))!;
    await selectInPage(w, `#unit-${terminal.id} td.wb-source`, 'ferry terminal');
    await page.keyboard.press('Control+k');
    await page.waitForFunction(() => /holds? “ferry terminal”/.test(document.querySelector('#wb-concordance-status')?.textContent ?? ''));
    expect(await page.inputValue('#wb-concordance-form input[name=q]')).toBe('ferry terminal');
    expect(await hits(w).first().locator('.wb-hit-source mark').innerText()).toBe('ferry terminal');
    // Not a term: no termbase box.
    expect(await page.locator('#wb-concordance-terms li').count()).toBe(0);

    // A Chinese phrase: found in the targets, marked there.
    await page.fill('#wb-concordance-form input[name=q]', '码头');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /holds? “码头”/.test(document.querySelector('#wb-concordance-status')?.textContent ?? ''));
    const marks = await page.locator('#wb-concordance-hits .wb-hit-target mark').allInnerTexts();
    expect(marks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(marks)).toEqual(new Set(['码头']));
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  }, 90_000);

  it('sits beside the open editor, searches the text selected in the textarea, and Esc keeps the editor open', async () => {
    const w = await open('translator', review);
    const { page, errors } = w;
    const pier = await unitAt(4);
    await page.waitForSelector(`#unit-${pier.id}`);
    await page.click(`#unit-${pier.id} button[data-action=edit]`);
    const textarea = page.locator(`tr.wb-detail-editor[data-for="${pier.id}"] textarea.wb-edit-text`);
    await textarea.waitFor();
    // The translator selects 码头 in their own text and asks how it was translated before.
    await textarea.evaluate((t) => {
      const area = t as HTMLTextAreaElement;
      const at = area.value.indexOf('码头');
      area.focus();
      area.setSelectionRange(at, at + 2);
    });
    await page.keyboard.press('Control+k');
    await page.waitForFunction(() => /holds? “码头”/.test(document.querySelector('#wb-concordance-status')?.textContent ?? ''));
    // Beside the editor, not over it: the textarea and the panel do not overlap.
    const [area, panel] = await Promise.all([textarea.boundingBox(), page.locator('#wb-concordance').boundingBox()]);
    expect(area!.x + area!.width).toBeLessThanOrEqual(panel!.x + 1);
    expect(await textarea.isVisible()).toBe(true);
    await screenshot(page, 'concordance-editor-1366');

    // Esc closes the panel only; the focus goes back into the textarea, the text unchanged.
    await page.keyboard.press('Escape');
    expect(await page.locator('#wb-concordance').isVisible()).toBe(false);
    expect(await page.locator('tr.wb-detail-editor').count()).toBe(1);
    expect(await focused(w)).toBe('TEXTAREA.wb-edit-text');
    expect(await textarea.inputValue()).toBe(pier.targetText);
    // The button opens it as well (and a second press closes it).
    await page.click('#wb-concordance-open');
    expect(await page.locator('#wb-concordance').isVisible()).toBe(true);
    await page.click('#wb-concordance-close');
    expect(await page.locator('#wb-concordance').isVisible()).toBe(false);
    expect(errors).toEqual([]);
  }, 90_000);

  it('fits a phone screen as a sheet under the page', async () => {
    const w = await open('translator', review, 390);
    const { page, errors } = w;
    await page.waitForSelector('tr.wb-unit');
    await page.click('#wb-concordance-open');
    await page.fill('#wb-concordance-form input[name=q]', 'pier');
    await page.click('#wb-concordance-form button[type=submit]');
    await page.waitForSelector('#wb-concordance-hits li.wb-hit');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = await page.locator('#wb-concordance').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'concordance-390');
    expect(errors).toEqual([]);
  }, 90_000);
});
