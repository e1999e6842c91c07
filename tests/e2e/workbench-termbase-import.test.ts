/**
 * The termbase import preview in Chromium (#17): before anything is written the editor sees what
 * the file adds, changes (term by term) and leaves out; each conflict — a concept edited in the
 * workbench that the file changes too — is decided "keep mine" or "take the file's" (Apply waits
 * until each is); a concept missing from the file goes only when ticked; and when someone changes
 * the termbase between the preview and Apply, the server refuses (409) and the preview is shown
 * again, to decide on what the import would do now.
 */
import { PassThrough } from 'node:stream';
import type { Page } from 'playwright-core';
import { getGlossaryFormat } from '../../src/formats';
import type { NewConcept, Term, TermStatus } from '../../src/termbase';
import type { Workflow } from '../../src/workflow';
import { screenshot, seriousAxeViolations, workbenchSession } from '../support/workbench-page';
import { seedFixture } from '../api/harness';

/** A term as the store keeps it (no case rule, part of speech or note). */
const term = (locale: string, text: string, status: TermStatus): Term => ({ locale, text, status, caseSensitive: false, partOfSpeech: null, note: null });
const concept = (id: string, terms: Term[]): NewConcept => ({ id, note: null, subject: null, terms });

/** What the last import brought in (the base each conflict is measured against). */
const IMPORTED: NewConcept[] = [
  concept('c-alpha', [term('en', 'quay', 'preferred'), term('zh-Hans', '码头', 'preferred')]),
  concept('c-beta', [term('en', 'berth', 'preferred'), term('zh-Hans', '泊位', 'preferred')]),
  concept('c-gamma', [term('en', 'jetty', 'preferred'), term('zh-Hans', '突堤', 'preferred')]),
  concept('c-delta', [term('en', 'harbour master', 'preferred'), term('zh-Hans', '港务长', 'preferred')]),
];

async function seed(workflow: Workflow): Promise<void> {
  await seedFixture(workflow);
  await workflow.importConcepts(IMPORTED, 'fixture');
  // Edits in the workbench since that import: alpha gets a Traditional term, beta an English variant.
  const alpha = await workflow.concept('c-alpha');
  await workflow.saveConcept({ ...IMPORTED[0]!, terms: [...IMPORTED[0]!.terms, term('zh-Hant', '碼頭', 'preferred')] },
    { id: 'c-alpha', expectedVersion: alpha.version, by: 'editor-1' });
  const beta = await workflow.concept('c-beta');
  await workflow.saveConcept({ ...IMPORTED[1]!, terms: [...IMPORTED[1]!.terms, term('en', 'mooring', 'admitted')] },
    { id: 'c-beta', expectedVersion: beta.version, by: 'editor-1' });
}

const session = workbenchSession({ seed });

/**
 * The glossary file: alpha's Chinese term only admitted and beta with a second Chinese term (both
 * conflicts with the edits above), delta with another Chinese term (a plain change), a new buoy
 * concept, gamma left out; the fixture's pier and builders as they are.
 */
async function glossaryFile(): Promise<Buffer> {
  const fixture = (await session.h.workflow.listConcepts())
    .filter((c) => c.id === 'c-pier' || c.id === 'c-builders')
    .map(({ id, note, subject, terms }) => ({ id, note, subject, terms }));
  const [alpha, beta, , delta] = IMPORTED as [NewConcept, NewConcept, NewConcept, NewConcept];
  const concepts: NewConcept[] = [
    ...fixture,
    concept('c-alpha', [alpha.terms[0]!, term('zh-Hans', '码头', 'admitted')]),
    concept('c-beta', [...beta.terms, term('zh-Hans', '船位', 'admitted')]),
    concept('c-delta', [delta.terms[0]!, term('zh-Hans', '港长', 'preferred')]),
    concept('c-buoy', [term('en', 'buoy', 'preferred'), term('zh-Hans', '浮标', 'preferred')]),
  ];
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await getGlossaryFormat('tbx').write(concepts, out);
  out.end();
  return Buffer.concat(chunks);
}

async function checkFile(page: Page, file: Buffer): Promise<void> {
  await page.click('details.tb-import summary');
  await page.setInputFiles('#tb-import input[type=file]', { name: 'harbour-terms.tbx', mimeType: 'application/xml', buffer: file });
  await page.click('#tb-import button[type=submit]');
  await page.waitForSelector('#tb-import-preview .tb-plan-conflicts li[data-id=c-alpha]');
}

const terms = async (id: string) => (await session.h.workflow.concept(id)).terms.map((t) => `${t.locale} ${t.text} ${t.status}`);

describe('termbase import preview', () => {
  it('fits a phone: the preview at 390 px, axe-clean, nothing written', async () => {
    const { page, errors } = await session.open('editor', '/workbench/termbase', 390);
    await page.waitForSelector('#concept-c-alpha');
    await checkFile(page, await glossaryFile());
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.locator('#tb-import-preview details.tb-plan-absent summary').click();
    await screenshot(page, 'workbench-termbase-import-390');
    await page.click('#tb-import-preview button[data-action=cancel-import]');
    expect(await page.locator('#tb-import-preview').isVisible()).toBe(false);
    expect(await terms('c-gamma')).toEqual(['en jetty preferred', 'zh-Hans 突堤 preferred']);
    expect(errors).toEqual([]);
  }, 60_000);

  it('reads in 简体中文 for an editor who chose it: headings, choices and the wait for decisions', async () => {
    const { page, errors } = await session.open('editor', '/workbench/termbase');
    await page.selectOption('#wb-ui-lang', 'zh-Hans');
    await Promise.all([page.waitForURL('**/workbench/termbase'), page.click('.wb-ui-language button')]);
    await page.waitForSelector('#concept-c-alpha');
    await checkFile(page, await glossaryFile());
    const box = page.locator('#tb-import-preview');
    expect(await box.locator('h2').innerText()).toBe('本次导入将做的改动');
    expect(await box.innerText()).toContain('冲突：在工作台中编辑过，文件中也有改动');
    expect(await box.locator('.tb-plan-conflicts li[data-id=c-alpha]').getByLabel('保留工作台中的编辑').count()).toBe(1);
    expect(await box.locator('.tb-plan-conflicts li[data-id=c-alpha]').getByLabel('采用文件的').count()).toBe(1);
    expect(await box.locator('#tb-decide').innerText()).toBe('请先决定 2 处冲突。');
    // Chinese punctuation around a term's status.
    expect(await box.locator('.tb-plan-conflicts li[data-id=c-beta]').innerText()).toContain('+ zh-Hans 船位（允许）');
    // No English left in what the preview says (ids, locale codes and the terms aside).
    const words = (await box.innerText()).replace(/editor-1|c-[a-z]+|zh-Han[st]|\ben\b|quay|berth|mooring|jetty|harbour master|buoy/g, '');
    expect(words).not.toMatch(/[A-Za-z]{3,}/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-termbase-import-zh-Hans-1366');
    expect(errors).toEqual([]);
  }, 60_000);

  it('waits for each conflict to be decided, removes only what is ticked, and shows the preview again after a concurrent edit', async () => {
    const { page, errors } = await session.open('editor', '/workbench/termbase');
    await page.waitForSelector('#concept-c-alpha');
    const file = await glossaryFile();
    await checkFile(page, file);
    const box = page.locator('#tb-import-preview');
    const text = await box.innerText();
    expect(text).toContain('1 concept will be added · 1 concept will change · 2 conflicts to decide · 2 unchanged');
    // Term by term: alpha's status change and the Traditional term the file lacks; beta's two sides.
    const alpha = box.locator('.tb-plan-conflicts li[data-id=c-alpha]');
    const beta = box.locator('.tb-plan-conflicts li[data-id=c-beta]');
    expect(await alpha.innerText()).toContain('~ zh-Hans 码头: preferred → admitted');
    expect(await alpha.innerText()).toContain('− zh-Hant 碼頭 (preferred)');
    expect(await alpha.innerText()).toContain('edited in the workbench since the last import (editor-1,');
    expect(await beta.innerText()).toContain('+ zh-Hans 船位 (admitted)');
    expect(await beta.innerText()).toContain('− en mooring (admitted)');
    expect(await box.locator('.tb-plan-changed li[data-id=c-delta]').innerText()).toMatch(/\+ zh-Hans 港长 \(preferred\)[\s\S]*− zh-Hans 港务长 \(preferred\)/);
    expect(await box.locator('.tb-plan-added li[data-id=c-buoy]').innerText()).toContain('en buoy (preferred) · zh-Hans 浮标 (preferred)');
    expect(await box.locator('details.tb-plan-absent summary').innerText()).toBe('1 concept of the termbase is not in the file: it stays unless you tick it');

    // Apply waits for both decisions, and says how many are left.
    const apply = box.locator('button[data-action=apply-import]');
    expect(await apply.isDisabled()).toBe(true);
    expect(await box.locator('#tb-decide').innerText()).toBe('Decide 2 conflicts first.');
    // Focus starts on the first decision, so the keyboard goes straight to it.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('decide-c-alpha');
    await alpha.getByLabel('Keep the workbench edit').check();
    expect(await apply.isDisabled()).toBe(true);
    expect(await box.locator('#tb-decide').innerText()).toBe('Decide 1 conflict first.');
    await beta.getByLabel('Take the file’s').check();
    expect(await apply.isDisabled()).toBe(false);
    expect(await box.locator('#tb-decide').innerText()).toBe('');
    await box.locator('details.tb-plan-absent summary').click();
    await box.getByLabel('remove c-gamma').check();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'workbench-termbase-import-1366');

    // Meanwhile someone else edits the pier concept: the preview is stale, the apply refused.
    const pier = await session.h.workflow.concept('c-pier');
    await session.h.workflow.saveConcept({ note: pier.note, terms: [...pier.terms, term('en', 'wharf', 'admitted')] },
      { id: 'c-pier', expectedVersion: pier.version, by: 'reviewer-1' });
    await apply.click();
    await box.locator('p[role=alert]').waitFor();
    expect(await box.locator('p[role=alert]').innerText()).toBe('Someone changed the termbase since this preview. Here is what the import would do now: decide again.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tb-preview-h');
    // Nothing was written; the preview now has the pier as a third conflict, and every decision is asked again.
    expect(await terms('c-gamma')).toEqual(['en jetty preferred', 'zh-Hans 突堤 preferred']);
    expect(await terms('c-beta')).toContain('en mooring admitted');
    expect(await box.innerText()).toContain('3 conflicts to decide');
    // The pier was only ever changed in the workbench: said so, not "since the last import".
    expect(await box.locator('.tb-plan-conflicts li[data-id=c-pier] .wb-warning').innerText()).toMatch(/^changed in the workbench \(reviewer-1, .+\) and never imported; the file has it otherwise$/);
    expect(await apply.isDisabled()).toBe(true);
    expect(await box.getByLabel('remove c-gamma').isChecked()).toBe(false);
    // The list below shows the concurrent edit too.
    await page.waitForFunction(() => document.querySelector('#concept-c-pier')?.textContent?.includes('wharf'));
    await screenshot(page, 'workbench-termbase-import-stale');

    await alpha.getByLabel('Keep the workbench edit').check();
    await beta.getByLabel('Take the file’s').check();
    await box.locator('.tb-plan-conflicts li[data-id=c-pier]').getByLabel('Keep the workbench edit').check();
    await box.locator('details.tb-plan-absent summary').click();
    await box.getByLabel('remove c-gamma').check();
    await apply.click();
    await page.waitForFunction(() => /imported|added/.test(document.querySelector('#tb-status')?.textContent ?? ''));
    const status = await page.locator('#tb-status').innerText();
    expect(status).toContain('1 concept removed: c-gamma.');
    expect(status).toMatch(/kept: c-alpha, c-pier|kept: c-pier, c-alpha/);
    expect(await box.isVisible()).toBe(false);

    // Kept as edited, taken from the file, removed as ticked, changed, added — and the concurrent edit kept.
    expect(await terms('c-alpha')).toEqual(['en quay preferred', 'zh-Hans 码头 preferred', 'zh-Hant 碼頭 preferred']);
    expect(await terms('c-beta')).toEqual(['en berth preferred', 'zh-Hans 泊位 preferred', 'zh-Hans 船位 admitted']);
    expect(await session.h.workflow.findConcept('c-gamma')).toBeNull();
    expect(await terms('c-delta')).toEqual(['en harbour master preferred', 'zh-Hans 港长 preferred']);
    expect(await terms('c-buoy')).toEqual(['en buoy preferred', 'zh-Hans 浮标 preferred']);
    expect(await terms('c-pier')).toContain('en wharf admitted');
    // The list on the page shows the result without a reload.
    await page.waitForSelector('#concept-c-buoy');
    expect(await page.locator('#concept-c-gamma').count()).toBe(0);
    expect(await page.locator('#concept-c-alpha').innerText()).toContain('碼頭');
    expect(errors).toEqual([]);
  }, 90_000);
});
