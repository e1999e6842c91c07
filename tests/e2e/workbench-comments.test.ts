/**
 * Comments and assignment across people (issue #17), each in their own browser context: an
 * editor assigns a translator and a reviewer; the translator finds the work on the articles
 * page, asks the reviewer a question with @mention; the reviewer finds it under "Your work" and
 * in "Mine", answers and resolves it; the translator sees the answer and the resolution.
 */
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { logInAs, screenshot, seriousAxeViolations, watchedPage, type Watched } from '../support/workbench-page';
import { SLUG, startHarness, type Harness } from '../api/harness';

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

describe('comments and assignment between people', () => {
  it('assign, ask with @mention, find it, answer, resolve — each person in their own browser', async () => {
    const units = await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' });
    const second = units.find((u) => u.position === 1)!;

    // The editor assigns translator-1 to zh-Hans and reviewer-1 to the whole article.
    const editor = await open('editor', REVIEW);
    await editor.page.waitForSelector('#wb-assignments .wb-assign summary');
    await editor.page.click('#wb-assignments .wb-assign summary');
    await editor.page.selectOption('.wb-assign-form select[name=role]', 'translator');
    await editor.page.selectOption('.wb-assign-form select[name=user]', 'translator-1');
    await editor.page.click('.wb-assign-form button[data-action=assign]');
    await editor.page.waitForFunction(() => document.querySelector('#wb-assignments [data-role=translator] strong')?.textContent === 'translator-1');
    await editor.page.selectOption('.wb-assign-form select[name=role]', 'reviewer');
    // Only people who may approve are offered as reviewers.
    expect(await editor.page.locator('.wb-assign-form select[name=user] option').allInnerTexts()).not.toContain('translator-1 (Translator)');
    await editor.page.selectOption('.wb-assign-form select[name=user]', 'reviewer-1');
    await editor.page.selectOption('.wb-assign-form select[name=scope]', '*');
    await editor.page.click('.wb-assign-form button[data-action=assign]');
    await editor.page.waitForFunction(() => document.querySelector('#wb-assignments [data-role=reviewer] strong')?.textContent === 'reviewer-1');
    expect(await seriousAxeViolations(editor.page)).toEqual([]);
    expect((await h.workflow.assignments(SLUG)).map((a) => [a.locale, a.role, a.assignee]))
      .toEqual([[null, 'reviewer', 'reviewer-1'], ['zh-Hans', 'translator', 'translator-1']]);

    // The translator's articles page says what is theirs; the link opens their queue.
    const translator = await open('translator', '/workbench/');
    expect(await translator.page.locator('.wb-your-work').innerText()).toMatch(/Harbour news · 简体中文 · Translator/);
    expect(await translator.page.locator(`tr[data-slug="${SLUG}"][data-locale="zh-Hans"] .wb-assigned`).innerText()).toMatch(/Translator: translator-1[\s\S]*Reviewer: reviewer-1/);
    await screenshot(translator.page, 'comments-articles-1366');
    await Promise.all([translator.page.waitForURL(/queue=mine/), translator.page.click('.wb-your-work a')]);
    await translator.page.waitForFunction(() => document.querySelector('button[data-queue=mine]')?.getAttribute('aria-pressed') === 'true');
    await translator.page.waitForFunction((n) => document.querySelectorAll('#wb-units tr.wb-unit').length === n, units.length);

    // c on the second unit: the thread; @reviewer-1 is put in by the picker; Ctrl+Enter posts.
    await translator.page.click(`#unit-${second.id} td.wb-source`);
    await translator.page.keyboard.press('c');
    await translator.page.waitForSelector('tr.wb-detail-comments textarea');
    await translator.page.keyboard.type('Is 客运码头 the word the harbour office uses? ');
    await translator.page.selectOption('.wb-mention-picker', 'reviewer-1');
    await translator.page.keyboard.type('please check <b>this</b>');
    await translator.page.keyboard.press('ControlOrMeta+Enter');
    await translator.page.waitForSelector('.wb-comment .wb-mention');
    expect(await translator.page.locator('.wb-comment .wb-mention').innerText()).toBe('@reviewer-1');
    expect(await translator.page.locator('.wb-comment-text').innerText()).toContain('please check <b>this</b>');
    expect(await translator.page.locator(`#unit-${second.id} button[data-action=comments]`).innerText()).toBe('Comments (1 open)');
    expect(await seriousAxeViolations(translator.page)).toEqual([]);
    await screenshot(translator.page, 'comments-thread-1366');
    // Esc closes the thread; the focus is on the unit again.
    await translator.page.keyboard.press('Escape');
    expect(await translator.page.evaluate(() => document.activeElement?.id)).toBe(`unit-${second.id}`);

    // The reviewer, in another browser, finds the mention under "Your work" and in "Mine".
    const reviewer = await open('reviewer', '/workbench/', 390);
    const work = await reviewer.page.locator('.wb-your-work').innerText();
    expect(work).toMatch(/1 open comment mentions you/);
    expect(work).toContain('translator-1');
    await screenshot(reviewer.page, 'comments-your-work-390');
    await Promise.all([reviewer.page.waitForURL(/queue=mine/), reviewer.page.click('.wb-work-mentions a')]);
    await reviewer.page.waitForSelector(`#unit-${second.id}.wb-current`);
    // Assigned the whole article, the reviewer's "mine" holds every unit; the thread is marked on the row.
    await reviewer.page.waitForFunction((id) => document.querySelector(`#unit-${id} button[data-action=comments]`)?.classList.contains('wb-has-comments'), second.id);
    await reviewer.page.click(`#unit-${second.id} button[data-action=comments]`);
    await reviewer.page.waitForSelector('tr.wb-detail-comments .wb-comment');
    await reviewer.page.fill('tr.wb-detail-comments textarea', 'Yes: 客运码头 is theirs. @translator-1');
    await reviewer.page.click('tr.wb-detail-comments button[data-action=post-comment]');
    await reviewer.page.waitForFunction(() => document.querySelectorAll('.wb-comment').length === 2);
    await reviewer.page.click('.wb-comment button[data-action=resolve]');
    await reviewer.page.waitForSelector('.wb-comment.wb-comment-resolved');
    expect(await seriousAxeViolations(reviewer.page)).toEqual([]);
    await screenshot(reviewer.page, 'comments-resolved-390');
    const thread = await h.workflow.unitComments(second.id);
    expect(thread.map((c) => [c.author, c.resolved, c.mentions])).toEqual([
      ['translator-1', true, ['reviewer-1']], ['reviewer-1', false, ['translator-1']],
    ]);
    expect(thread[0]!.resolvedBy).toBe('reviewer-1');
    // The resolved mention is gone from the reviewer's work.
    await reviewer.page.goto(`${h.url}/workbench/`);
    expect(await reviewer.page.locator('.wb-work-mentions').count()).toBe(0);

    // The translator, back in their browser, sees the answer and the resolution.
    await translator.page.reload();
    await translator.page.waitForSelector(`#unit-${second.id}`);
    await translator.page.click(`#unit-${second.id} button[data-action=comments]`);
    await translator.page.waitForFunction(() => document.querySelectorAll('.wb-comment').length === 2);
    expect(await translator.page.locator('.wb-comment').nth(0).innerText()).toMatch(/resolved by reviewer-1/);
    expect(await translator.page.locator('.wb-comment').nth(1).innerText()).toContain('Yes: 客运码头 is theirs.');
    for (const w of [editor, translator, reviewer]) {
      expect(w.errors).toEqual([]);
      expect(w.dialogs).toEqual([]);
    }
  }, 180_000);

  it('lets the author edit and delete their own comment (others cannot), and everyone sees it', async () => {
    const units = await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' });
    const third = units.find((u) => u.position === 2)!;
    const translator = await open('translator', REVIEW);
    const reviewer = await open('reviewer', REVIEW);
    const thread = async (w: Watched) => {
      await w.page.reload();
      await w.page.waitForSelector(`#unit-${third.id}`);
      await w.page.click(`#unit-${third.id} button[data-action=comments]`);
      await w.page.waitForSelector('tr.wb-detail-comments .wb-comments');
    };

    // The translator posts, then finds a mistake in it and edits it in place (Ctrl+Enter saves).
    await thread(translator);
    await translator.page.fill('tr.wb-detail-comments textarea.wb-comment-input', 'Is 3000 passengers a dya right? @editor-1');
    await translator.page.keyboard.press('ControlOrMeta+Enter');
    await translator.page.waitForSelector('.wb-comment button[data-action=edit-comment]');
    await translator.page.click('.wb-comment button[data-action=edit-comment]');
    const box = translator.page.locator('.wb-comment textarea.wb-comment-edit');
    expect(await translator.page.evaluate(() => document.activeElement?.className)).toBe('wb-comment-edit');
    // Esc leaves the edit only; the thread stays open.
    await translator.page.keyboard.press('Escape');
    expect(await box.count()).toBe(0);
    expect(await translator.page.locator('tr.wb-detail-comments').count()).toBe(1);
    await translator.page.click('.wb-comment button[data-action=edit-comment]');
    await box.fill('Is "3000 passengers a day" right? @reviewer-1');
    await translator.page.keyboard.press('ControlOrMeta+Enter');
    await translator.page.waitForFunction(() => document.querySelector('.wb-comment-text')?.textContent?.includes('a day'));
    expect(await translator.page.locator('.wb-comment .wb-edited').innerText()).toBe('(edited)');
    expect(await translator.page.locator('.wb-comment .wb-mention').innerText()).toBe('@reviewer-1');
    expect(await seriousAxeViolations(translator.page)).toEqual([]);
    await screenshot(translator.page, 'comments-edited-1366');
    const [stored] = await h.workflow.unitComments(third.id);
    expect([stored!.text, stored!.mentions, stored!.version]).toEqual(['Is "3000 passengers a day" right? @reviewer-1', ['reviewer-1'], 2]);

    // The reviewer sees the edited text, marked as edited, and gets no Edit or Delete on someone else's comment.
    await thread(reviewer);
    expect(await reviewer.page.locator('.wb-comment-text').innerText()).toBe('Is "3000 passengers a day" right? @reviewer-1');
    expect(await reviewer.page.locator('.wb-comment .wb-edited').count()).toBe(1);
    expect(await reviewer.page.locator('.wb-comment button[data-action=edit-comment], .wb-comment button[data-action=delete-comment]').count()).toBe(0);
    await reviewer.page.fill('tr.wb-detail-comments textarea.wb-comment-input', 'Yes, it is.');
    await reviewer.page.click('tr.wb-detail-comments button[data-action=post-comment]');
    await reviewer.page.waitForFunction(() => document.querySelectorAll('.wb-comment').length === 2);

    // The translator deletes their comment: asked in the page first (Keep is focused). The reply
    // answered it, so its place stays for everyone as a marker, without the deleted text.
    await thread(translator);
    await translator.page.locator('.wb-comment').nth(0).locator('button[data-action=delete-comment]').click();
    expect(await translator.page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('keep-comment');
    await translator.page.click('button[data-action=confirm-delete-comment]');
    await translator.page.waitForSelector('.wb-comment.wb-comment-deleted');
    const marker = (w: Watched) => w.page.locator('.wb-comment').nth(0);
    expect(await translator.page.locator('.wb-comment').count()).toBe(2);
    expect(await marker(translator).innerText()).toMatch(new RegExp(`^Comment deleted by ${h.users.translator.name} \\(.+\\)\\.$`));
    expect(await marker(translator).locator('button').count()).toBe(0);
    expect(await translator.page.locator('tr.wb-detail-comments').innerText()).not.toContain('3000 passengers');
    expect(await translator.page.locator('.wb-comment').nth(1).locator('.wb-comment-text').innerText()).toBe('Yes, it is.');
    expect(await translator.page.locator(`#unit-${third.id} button[data-action=comments]`).innerText()).toBe('Comments (1 open)');
    await screenshot(translator.page, 'comments-deleted-marker-1366');
    await thread(reviewer);
    expect(await reviewer.page.locator('.wb-comment').count()).toBe(2);
    expect(await marker(reviewer).innerText()).toContain('Comment deleted by');
    expect(await reviewer.page.locator('tr.wb-detail-comments').innerText()).not.toContain('3000 passengers');
    const stored2 = await h.workflow.unitComments(third.id);
    expect(stored2.map((c) => [c.author, c.text, c.mentions, c.deleted?.by ?? null])).toEqual([
      [h.users.translator.name, '', [], h.users.translator.name], ['reviewer-1', 'Yes, it is.', [], null],
    ]);
    // The deleted question's @mention no longer puts the unit in the reviewer's "mine".
    expect(await h.workflow.openMentions('reviewer-1')).toEqual([]);

    // The reply deleted too: nothing is left to mark, the thread is empty.
    await reviewer.page.locator('.wb-comment').nth(1).locator('button[data-action=delete-comment]').click();
    await reviewer.page.click('button[data-action=confirm-delete-comment]');
    await reviewer.page.waitForFunction(() => document.querySelectorAll('.wb-comment').length === 0);
    expect(await h.workflow.unitComments(third.id)).toEqual([]);
    for (const w of [translator, reviewer]) {
      expect(w.errors).toEqual([]);
      expect(w.dialogs).toEqual([]);
    }
  }, 120_000);
});
