/**
 * The workbench defects of issue #17, each as a person meets it in Chromium: hidden things
 * that showed, a concept save that lost fields and then conflicted with itself, an editor's
 * button shown to translators, a second approval, a TBX import that undid UI edits, the repair
 * popover over the next row, "1 units", `#` from 0, raw error text, no favicon.
 */
import { screenshot, workbenchSession } from '../support/workbench-page';
import { SLUG, call, seedFixture, type Harness } from '../api/harness';
import type { Workflow } from '../../src/workflow';

/** A second copy of the harbour article, so approvals here do not change the first one. */
const SPARE = 'harbour-spare';

async function seed(workflow: Workflow): Promise<void> {
  await seedFixture(workflow);
  await workflow.saveConcept({
    subject: 'transport',
    note: 'a boat that carries passengers',
    fields: [{ type: 'definition', value: 'a boat for passengers on a regular route' }],
    terms: [
      { locale: 'en', text: 'ferry', status: 'preferred', partOfSpeech: 'noun', termType: 'fullForm', fields: [{ type: 'geographicalUsage', value: 'HK' }] },
      { locale: 'zh-Hans', text: '渡轮', status: 'preferred', partOfSpeech: 'noun' },
      { locale: 'fr', text: 'traversier', status: 'admitted' },
    ],
  }, { id: 'c-ferry', expectedVersion: null, by: 'fixture' });
  await workflow.alignArticle({
    sourceText: 'Spare news\n\nThe ferry runs daily. Tickets cost ten yuan.\n', sourceFile: 'en.txt',
    targetText: '备用新闻\n\n渡轮每天运行。票价十元。\n', targetFile: 'zh-Hans.txt',
    sourceLocale: 'en', targetLocale: 'zh-Hans', slug: SPARE, by: 'fixture',
  });
}

const session = workbenchSession({ seed });
const open = session.open;
let h: Harness;
beforeAll(() => { h = session.h; });

async function unitAt(slug: string, locale: 'zh-Hans' | 'zh-Hant', position: number) {
  return (await h.workflow.articleUnits(slug, { locale })).find((u) => u.position === position)!;
}

describe('termbase', () => {
  it('hides the concept form until asked, and closes it on Cancel and after Save', async () => {
    const { page, errors } = await open('editor', '/workbench/termbase');
    await page.waitForSelector('#tb-list tr[data-id]');
    // Nothing under "Add a concept" until it is clicked (an empty box showed before).
    expect(await page.locator('#tb-editor').isVisible()).toBe(false);
    expect(await page.locator('#tb-import-preview').isVisible()).toBe(false);
    await page.click('#tb-add');
    expect(await page.locator('#tb-editor').isVisible()).toBe(true);
    await page.click('#tb-editor button[data-action=cancel]');
    expect(await page.locator('#tb-editor').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tb-add');

    await page.click('#tb-add');
    const rows = page.locator('#tb-editor .tb-term-row');
    await rows.nth(0).locator('input[name=text]').fill('gangway');
    await rows.nth(1).locator('input[name=text]').fill('舷梯');
    await page.click('#tb-editor button[data-action=save-concept]');
    await page.waitForFunction(() => document.querySelector('#tb-status')?.textContent?.includes('saved'));
    expect(await page.locator('#tb-editor').isVisible()).toBe(false);
    await page.waitForFunction(() => document.querySelector('#tb-list')?.textContent?.includes('gangway'));
    expect(errors).toEqual([]);
  }, 60_000);

  it('saves a concept unchanged without losing its subject or parts of speech, twice in a row', async () => {
    const { page, errors } = await open('editor', '/workbench/termbase');
    await page.waitForSelector('#concept-c-ferry');
    const content = ({ version: _v, updatedAt: _a, updatedBy: _b, ...rest }: Awaited<ReturnType<Workflow['concept']>>) => rest;
    const before = await h.workflow.concept('c-ferry');
    for (const round of [1, 2]) {
      await page.click('#concept-c-ferry button[data-action=edit]');
      expect(await page.inputValue('#tb-editor input[name=subject]')).toBe('transport');
      await page.click('#tb-editor button[data-action=save-concept]');
      await page.waitForFunction((v) => document.querySelector('#concept-c-ferry small')?.textContent === `v${v}`, round + 1);
      expect(await page.locator('#tb-editor .wb-error').count()).toBe(0);
      const stored = await h.workflow.concept('c-ferry');
      expect(stored.subject).toBe('transport');
      expect(stored.terms.map((term) => [term.locale, term.partOfSpeech])).toEqual([['en', 'noun'], ['zh-Hans', 'noun'], ['fr', null]]);
      // Whatever else the store keeps of the concept (term types, TBX data categories) is as it was.
      expect(content(stored)).toEqual(content(before));
      expect(stored.updatedBy).toBe(h.users.editor.name);
    }
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows what a TBX import adds and changes first, and keeps a UI edit when told "keep mine"', async () => {
    const exported = await (await fetch(`${h.url}/api/termbase/export?format=tbx`, { headers: { Authorization: `Bearer ${h.users.editor.token}` } })).text();
    const { page, errors } = await open('editor', '/workbench/termbase');
    await page.waitForSelector('#concept-c-pier');
    // An edit in the workbench after the export: the pier concept gets a forbidden variant.
    await page.click('#concept-c-pier button[data-action=edit]');
    await page.click('#tb-editor button[data-action=add-term]');
    const added = page.locator('#tb-editor .tb-term-row').last();
    await added.locator('select[name=locale]').selectOption('zh-Hans');
    await added.locator('input[name=text]').fill('码头');
    await page.click('#tb-editor button[data-action=save-concept]');
    await page.waitForFunction(() => document.querySelector('#concept-c-pier')?.textContent?.includes('码头'));

    // Importing the older file: first a preview, nothing written yet. The file undoes the edit:
    // a conflict, and Apply waits until it is decided.
    await page.click('details.tb-import summary');
    await page.setInputFiles('#tb-import input[type=file]', { name: 'older.tbx', mimeType: 'application/xml', buffer: Buffer.from(exported) });
    await page.click('#tb-import button[type=submit]');
    const conflict = page.locator('#tb-import-preview .tb-plan-conflicts li[data-id=c-pier]');
    await conflict.waitFor();
    const preview = await page.locator('#tb-import-preview').innerText();
    expect(preview).toContain('1 conflict to decide');
    expect(preview).toContain('− zh-Hans 码头 (forbidden)');
    expect(preview).toContain('edited in the workbench');
    const apply = page.locator('#tb-import-preview button[data-action=apply-import]');
    expect(await apply.isDisabled()).toBe(true);
    await screenshot(page, 'workbench-termbase-import-preview');
    expect((await h.workflow.concept('c-pier')).terms.some((term) => term.text === '码头')).toBe(true);

    // "Keep the workbench edit", then apply: the UI edit stays, on the page and in the store, and the summary says so.
    await conflict.getByLabel('Keep the workbench edit').check();
    expect(await apply.isDisabled()).toBe(false);
    await apply.click();
    await page.waitForFunction(() => document.querySelector('#tb-status')?.textContent?.includes('kept'));
    expect(await page.locator('#tb-status').innerText()).toContain('c-pier');
    expect((await h.workflow.concept('c-pier')).terms.some((term) => term.text === '码头')).toBe(true);
    expect(await page.locator('#concept-c-pier').innerText()).toContain('码头');
    expect(await page.locator('#tb-import-preview').isVisible()).toBe(false);

    // Again, choosing "Take the file's": now the file's version wins, as asked.
    await page.click('#tb-import button[type=submit]');
    await conflict.waitFor();
    await conflict.getByLabel('Take the file’s').check();
    await apply.click();
    await page.waitForFunction(() => /1 updated/.test(document.querySelector('#tb-status')?.textContent ?? ''));
    expect((await h.workflow.concept('c-pier')).terms.some((term) => term.text === '码头')).toBe(false);
    await page.waitForFunction(() => !document.querySelector('#concept-c-pier')?.textContent?.includes('码头'));
    expect(errors).toEqual([]);
  }, 60_000);
});

describe('review', () => {
  it('numbers units from 1, says "1 unit shown", and keeps the editor-only button from translators', async () => {
    const { page, errors } = await open('translator', `/workbench/articles/${SLUG}/zh-Hans`);
    await page.waitForSelector('tr.wb-unit');
    expect(await page.locator('tr.wb-unit td.wb-num').first().innerText()).toBe('1');
    expect(await page.locator('tr.wb-para th').first().innerText()).toBe('Paragraph 1');
    expect(await page.locator('#wb-status').innerText()).toBe('5 units shown');
    expect(await page.locator('#wb-preferred-terms').count()).toBe(0);
    await page.fill('#wb-filters input[name=q]', 'ferry terminal');
    await page.click('#wb-filters button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('tr.wb-unit').length === 1);
    expect(await page.locator('#wb-status').innerText()).toBe('1 unit shown');

    const editor = await open('editor', `/workbench/articles/${SLUG}/zh-Hans`);
    await editor.page.waitForSelector('tr.wb-unit');
    expect(await editor.page.locator('#wb-preferred-terms').isVisible()).toBe(true);
    // For the editor it does something, and says what: here no source has a forbidden term.
    await editor.page.click('#wb-preferred-terms');
    await editor.page.waitForFunction(() => /forbidden term/.test(document.querySelector('#wb-status')?.textContent ?? ''));
    expect(await editor.page.locator('#wb-status').innerText()).toBe('No source segment uses a forbidden term: nothing to change.');
    expect([...errors, ...editor.errors]).toEqual([]);
  }, 60_000);

  it('"Use preferred terms in the source" replaces a forbidden English term for the editor and sends the translation back to review', async () => {
    await h.workflow.saveConcept({
      terms: [{ locale: 'en', text: 'pontoon', status: 'preferred' }, { locale: 'en', text: 'float', status: 'forbidden' }, { locale: 'zh-Hans', text: '浮桥', status: 'preferred' }],
    }, { id: 'c-pontoon', expectedVersion: null, by: 'fixture' });
    await h.workflow.alignArticle({
      sourceText: 'Harbour craft\n\nThe float is moored at the pier.\n', sourceFile: 'en.txt', targetText: '浮桥\n\n浮桥停靠在栈桥旁。\n', targetFile: 'zh-Hans.txt',
      sourceLocale: 'en', targetLocale: 'zh-Hans', slug: 'floats', by: 'fixture',
    });
    const editor = await open('editor', '/workbench/articles/floats/zh-Hans');
    await editor.page.waitForSelector('tr.wb-unit');
    await editor.page.click('#wb-preferred-terms');
    await editor.page.waitForFunction(() => /now uses?|nothing|rror/.test(document.querySelector('#wb-status')?.textContent ?? ''));
    expect(await editor.page.locator('#wb-status').innerText()).toBe('1 source segment now uses the preferred terms; its translations are back in review.');
    expect(await editor.page.locator('#wb-units').innerText()).toContain('The pontoon is moored at the pier.');
    const units = await h.workflow.articleUnits('floats', { locale: 'zh-Hans' });
    const changed = units.find((u) => u.sourceText === 'The pontoon is moored at the pier.')!;
    // Its translation was made for the old source: outdated, to be looked at again.
    expect(changed.outdatedSource).toBe('The float is moored at the pier.');
    expect(editor.errors).toEqual([]);
  }, 60_000);

  it('does not approve an approved unit again by key (one history entry)', async () => {
    const { page, errors } = await open('reviewer', `/workbench/articles/${SPARE}/zh-Hans`);
    await page.waitForSelector('tr.wb-unit');
    const first = await unitAt(SPARE, 'zh-Hans', 0);
    await page.locator('h1').click();
    await page.keyboard.press('j');
    expect(await page.locator('tr.wb-current').getAttribute('id')).toBe(`unit-${first.id}`);
    await page.keyboard.press('a');
    await page.waitForSelector(`#unit-${first.id}.wb-st-approved`);
    // `a` went on to the next unit: back to the approved one, and `a` again.
    await page.waitForFunction((id) => document.querySelector('tr.wb-current')?.id !== `unit-${id}`, first.id);
    await page.keyboard.press('k');
    expect(await page.locator('tr.wb-current').getAttribute('id')).toBe(`unit-${first.id}`);
    await page.keyboard.press('a');
    await page.waitForFunction(() => document.querySelector('#wb-status')?.textContent?.includes('already approved'));
    const history = await h.workflow.unitHistory(first.id);
    expect(history.filter((entry) => entry.action === 'approve')).toHaveLength(1);
    expect(errors).toEqual([]);
  }, 60_000);

  it('says in words why an untranslated unit cannot be approved', async () => {
    const { page, errors } = await open('reviewer', `/workbench/articles/${SLUG}/zh-Hant`);
    await page.waitForSelector('tr.wb-unit');
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await page.waitForFunction(() => (document.querySelector('#wb-status')?.textContent ?? '') !== '5 units shown');
    const message = await page.locator('#wb-status').innerText();
    expect(message).toBe('Unit 1 has no translation yet: write one (e) before approving it.');
    expect(message).not.toMatch(/Error:|target:/);
    expect(errors).toEqual([]);
  }, 60_000);

  it('opens the alignment repairs in a full-width row under the unit, not over the next one', async () => {
    const { page, errors } = await open('translator', `/workbench/articles/${SPARE}/zh-Hans`);
    await page.waitForSelector('tr.wb-unit');
    const second = await unitAt(SPARE, 'zh-Hans', 1);
    const third = await unitAt(SPARE, 'zh-Hans', 2);
    await page.click(`#unit-${second.id} button[data-action=repair]`);
    const panel = page.locator('tr.wb-detail-repair');
    await panel.waitFor();
    const [table, box, next] = await Promise.all([
      page.locator('#wb-review').boundingBox(), panel.boundingBox(), page.locator(`#unit-${third.id}`).boundingBox(),
    ]);
    expect(box!.width).toBeGreaterThan(table!.width * 0.95);
    expect(next!.y).toBeGreaterThanOrEqual(box!.y + box!.height - 1);
    expect(await panel.locator('button[data-action=merge]').isVisible()).toBe(true);
    await screenshot(page, 'workbench-repair');
    await page.click('tr.wb-detail-repair button[data-action=close-repair]');
    expect(await page.locator('tr.wb-detail-repair').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);
});

describe('every page', () => {
  it('has a favicon that loads', async () => {
    const { page } = await open('translator', '/workbench/');
    const href = await page.locator('link[rel=icon]').getAttribute('href');
    expect(href).toBeTruthy();
    const icon = await call(h, 'GET', href!);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  }, 60_000);
});
