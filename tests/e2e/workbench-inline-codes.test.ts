/**
 * Inline codes in the review editor (#15), in Chromium: Alt+. puts the source's next missing code
 * at the cursor, Alt+Shift+←/→ moves the code at the cursor by one character, the preview renders
 * the segment's markup (bold as bold, a link as a link, chips in place) and shows typed markup as
 * text; the saved target is checked through the API.
 */
import { join } from 'node:path';
import { ARTIFACTS, workbenchSession, type Watched } from '../support/workbench-page';
import { call } from '../api/harness';
import type { Workflow } from '../../src/workflow';

const SLUG = 'ferry-news';
const EN = '<h2>New ferry</h2><p>The <strong>new ferry</strong> sails from <a href="https://port.example/">the port</a> today.</p>';
// The Chinese version as an editor had it: no markup at all.
const ZH = '<h2>新渡轮</h2><p>新渡轮今天从港口启航。</p>';

async function seed(workflow: Workflow): Promise<void> {
  await workflow.alignArticle({
    sourceText: EN, sourceFile: 'en.html', targetText: ZH, targetFile: 'zh-Hans.html',
    sourceLocale: 'en', targetLocale: 'zh-Hans', slug: SLUG, by: 'fixture',
  });
}

const session = workbenchSession({ seed });
const REVIEW = `/workbench/articles/${SLUG}/zh-Hans`;

async function paragraphUnit() {
  return (await session.h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).find((u) => u.position === 1)!;
}

const value = (w: Watched, editor: string) => w.page.locator(`${editor} textarea.wb-edit-text`).inputValue();
async function press(w: Watched, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await w.page.keyboard.press(key);
}

it.each([1366, 390])('at %i px: Alt+. inserts the missing codes, Alt+Shift+arrows move one, the preview renders the markup, the save keeps it', async (width) => {
  const unit = await paragraphUnit();
  expect(unit.sourceText).toBe('The {bpt:1}new ferry{ept:1} sails from {bpt:2}the port{ept:2} today.');
  // Start from the aligned target each time (the first run saves over it).
  if (unit.targetText !== '新渡轮今天从港口启航。') {
    await session.h.workflow.editTarget({ id: unit.id, version: unit.version, text: '新渡轮今天从港口启航。', by: 'fixture' });
  }
  const api = await call(session.h, 'GET', `/api/articles/${SLUG}/units?locale=zh-Hans`, { token: session.h.users.translator.token });
  const listed = ((api.body.units ?? api.body) as Array<{ id: number; codes: unknown }>).find((u) => u.id === unit.id)!;
  expect(listed.codes).toEqual([
    { id: '1', tag: 'strong', paired: true, attributes: {} },
    { id: '2', tag: 'a', paired: true, attributes: { href: 'https://port.example/' } },
  ]);

  const w = await session.open('translator', REVIEW, width);
  await w.page.waitForSelector(`#unit-${unit.id}`);
  // The source is rendered: bold as bold, the link as a link that goes nowhere, chips in place.
  expect(await w.page.locator(`#unit-${unit.id} .wb-source strong.wb-rendered-code`).innerText()).toContain('new ferry');
  await w.page.click(`#unit-${unit.id} button[data-action=edit]`);
  const editor = `tr.wb-detail-editor[data-for="${unit.id}"]`;
  const area = w.page.locator(`${editor} textarea.wb-edit-text`);
  await area.waitFor();
  await area.focus();
  await area.evaluate((t) => (t as HTMLTextAreaElement).setSelectionRange(0, 0));

  await press(w, 'Alt+Period');
  expect(await value(w, editor)).toBe('{bpt:1}新渡轮今天从港口启航。');
  await press(w, 'ArrowRight', 3);
  await press(w, 'Alt+Period');
  expect(await value(w, editor)).toBe('{bpt:1}新渡轮{ept:1}今天从港口启航。');
  // The link's start put one character too early (before 从), then moved right over it.
  await press(w, 'ArrowRight', 2);
  await press(w, 'Alt+Period');
  expect(await value(w, editor)).toBe('{bpt:1}新渡轮{ept:1}今天{bpt:2}从港口启航。');
  await press(w, 'Alt+Shift+ArrowRight');
  expect(await value(w, editor)).toBe('{bpt:1}新渡轮{ept:1}今天从{bpt:2}港口启航。');
  // Its end put after 港 only, moved right past 口, once too far, and back left.
  await press(w, 'ArrowRight', 1);
  await press(w, 'Alt+Period');
  expect(await value(w, editor)).toBe('{bpt:1}新渡轮{ept:1}今天从{bpt:2}港{ept:2}口启航。');
  await press(w, 'Alt+Shift+ArrowRight', 2);
  expect(await value(w, editor)).toBe('{bpt:1}新渡轮{ept:1}今天从{bpt:2}港口启{ept:2}航。');
  await press(w, 'Alt+Shift+ArrowLeft');
  expect(await value(w, editor)).toBe('{bpt:1}新渡轮{ept:1}今天从{bpt:2}港口{ept:2}启航。');
  // Nothing missing any more: Alt+. leaves the text as it is.
  await press(w, 'Alt+Period');
  expect(await value(w, editor)).toBe('{bpt:1}新渡轮{ept:1}今天从{bpt:2}港口{ept:2}启航。');

  // The preview renders the markup: 新渡轮 bold, 港口 a link (its href in the title), chips kept.
  const preview = w.page.locator(`${editor} .wb-preview`);
  await w.page.waitForFunction((sel) => document.querySelector(`${sel} .wb-preview a.wb-preview-link`) !== null, editor);
  expect(await preview.locator('strong.wb-rendered-code').innerText()).toContain('新渡轮');
  const link = preview.locator('a.wb-preview-link');
  expect(await link.innerText()).toContain('港口');
  expect(await link.getAttribute('title')).toBe('https://port.example/');
  expect(await link.getAttribute('href')).toBeNull();
  expect(await preview.locator('.wb-chip').count()).toBe(4);

  // Markup a translator types is text: shown as the characters typed, never an element.
  await press(w, 'ControlOrMeta+End');
  await w.page.keyboard.type('<em>不</em><script>x()</script>');
  await w.page.waitForFunction((sel) => (document.querySelector(`${sel} .wb-preview`)?.textContent ?? '').includes('<script>'), editor);
  expect(await preview.locator('em, script').count()).toBe(0);
  expect(await preview.innerText()).toContain('<em>不</em><script>x()</script>');
  await w.page.locator(editor).screenshot({ path: join(ARTIFACTS, `inline-codes-preview-${width}.png`) });
  await press(w, 'Backspace', '<em>不</em><script>x()</script>'.length);

  await press(w, 'ControlOrMeta+Enter');
  await w.page.waitForSelector(`${editor}`, { state: 'detached' });
  const saved = await call(session.h, 'GET', `/api/units/${unit.id}`, { token: session.h.users.translator.token });
  expect(saved.status).toBe(200);
  expect(saved.body.target.text).toBe('{bpt:1}新渡轮{ept:1}今天从{bpt:2}港口{ept:2}启航。');
  expect(saved.body.findings.filter((f: { checkId: string }) => f.checkId === 'placeholders')).toEqual([]);
  expect(w.dialogs).toEqual([]);
  expect(w.errors).toEqual([]);
}, 120_000);
