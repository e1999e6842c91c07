/**
 * What a translator types into a target is text (#15): `<script>` and `<b>` typed in the review
 * editor are stored as those characters, shown as them in the workbench, and on every published
 * page (en, zh-Hans, zh-Hant) escaped — never run, never an element — in Chromium.
 */
import { join } from 'node:path';
import { LOCALES } from '../../src/locale';
import { ApprovalBlockedError, type Workflow } from '../../src/workflow';
import { call, seedFixture } from '../api/harness';
import { ARTIFACTS, workbenchSession } from '../support/workbench-page';

const SLUG = 'safe-text';
// The English page shows markup as characters too (an author writes it as entities).
const EN = '<h1>Safe text</h1>\n<p>Authors write &lt;script&gt;alert(1)&lt;/script&gt; to show code.</p>\n<p>It is <strong>only text</strong> here.</p>\n';
const ZH = '<h1>安全文本</h1>\n<p>作者写出代码来展示。</p>\n<p>这里<strong>只是文本</strong>。</p>\n';
const TYPED = '这里{bpt:1}只是文本{ept:1}<script>window.__typed=1;alert(2)</script><b>粗</b><img src=x onerror="window.__typed=2">。';
const SHOWN = '<script>window.__typed=1;alert(2)</script><b>粗</b><img src=x onerror="window.__typed=2">';

async function seed(workflow: Workflow): Promise<void> {
  // The site's chrome (and the harness's usual article), so the pages read as published ones do.
  await seedFixture(workflow);
  await workflow.alignArticle({
    sourceText: EN, sourceFile: 'en.html', targetText: ZH, targetFile: 'zh-Hans.html',
    sourceLocale: 'en', targetLocale: 'zh-Hans', slug: SLUG, by: 'fixture',
  });
}

const session = workbenchSession({ seed });
const unitAt = async (position: number) => (await session.h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).find((u) => u.position === position)!;

it('stores and shows typed markup as characters in the workbench, then publishes it escaped in en, zh-Hans and zh-Hant', async () => {
  const unit = await unitAt(2);
  expect(unit.sourceText).toBe('It is {bpt:1}only text{ept:1} here.');
  const w = await session.open('translator', `/workbench/articles/${SLUG}/zh-Hans`, 1366);
  await w.page.waitForSelector(`#unit-${unit.id}`);
  await w.page.click(`#unit-${unit.id} button[data-action=edit]`);
  const editor = `tr.wb-detail-editor[data-for="${unit.id}"]`;
  const area = w.page.locator(`${editor} textarea.wb-edit-text`);
  await area.fill(TYPED);
  await w.page.keyboard.press('ControlOrMeta+Enter');
  await w.page.waitForSelector(editor, { state: 'detached' });

  // Stored as typed: the characters, the source's one code, nothing taken for markup.
  const saved = await call(session.h, 'GET', `/api/units/${unit.id}`, { token: session.h.users.translator.token });
  expect(saved.body.target.text).toBe(TYPED);
  expect((await unitAt(2)).inlineCodes).toEqual([{ id: '1', kind: 'bpt', native: '<strong>' }, { id: '1', kind: 'ept', native: '</strong>' }]);

  // Shown as typed in the review table, with no element made of it.
  const cell = w.page.locator(`#unit-${unit.id} .wb-target`);
  await w.page.waitForFunction((id) => (document.querySelector(`#unit-${id} .wb-target`)?.textContent ?? '').includes('<script>'), unit.id);
  expect(await cell.innerText()).toContain(SHOWN);
  expect(await cell.locator('script, b, img').count()).toBe(0);
  await w.page.locator(`#unit-${unit.id}`).screenshot({ path: join(ARTIFACTS, 'typed-markup-workbench.png') });
  expect(w.dialogs).toEqual([]);
  expect(await w.page.evaluate(() => (window as { __typed?: number }).__typed)).toBeUndefined();

  // A reviewer approves every unit (overriding, with a reason, any error finding): the pages are published.
  for (const u of await session.h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })) {
    try {
      await session.h.workflow.approveUnit({ id: u.id, by: 'reviewer' });
    } catch (error) {
      if (!(error instanceof ApprovalBlockedError)) throw error;
      await session.h.workflow.approveUnit({ id: u.id, by: 'reviewer', overrides: [...new Set(error.findings.map((f) => f.checkId))].map((checkId) => ({ checkId, reason: 'typed markup is text' })) });
    }
  }

  for (const locale of LOCALES) {
    const raw = await (await fetch(`${session.h.url}/${locale}/articles/${SLUG}`)).text();
    expect({ locale, escaped: raw.includes('&lt;script&gt;') }).toEqual({ locale, escaped: true });
    const page = await session.page(390);
    await page.page.goto(`${session.h.url}/${locale}/articles/${SLUG}`);
    const body = page.page.locator('article .article-body');
    const text = await body.innerText();
    if (locale === 'en') expect(text).toContain('Authors write <script>alert(1)</script> to show code.');
    else expect({ locale, shown: text.includes(`只是文本${SHOWN}。`) }).toEqual({ locale, shown: true });
    // The one element of the segment is the source's strong; nothing typed became an element.
    expect(await body.locator('strong').count()).toBe(1);
    expect(await body.locator('script, b, img').count()).toBe(0);
    expect(await page.page.evaluate(() => (window as { __typed?: number }).__typed)).toBeUndefined();
    expect({ locale, dialogs: page.dialogs }).toEqual({ locale, dialogs: [] });
    await page.page.screenshot({ path: join(ARTIFACTS, `typed-markup-${locale}.png`), fullPage: true });
  }
}, 120_000);
