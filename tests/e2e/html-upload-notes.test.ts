/**
 * The workbench's upload of HTML that is not clean (#15), in Chromium: what the import repaired
 * or removed is listed (file:line:col) before the review opens, never dropped in silence; a file
 * that is not HTML is refused with its name shown, and nothing is stored.
 */
import { join } from 'node:path';
import { ARTIFACTS, workbenchSession } from '../support/workbench-page';

const session = workbenchSession();
const file = (name: string, text: string) => ({ name, mimeType: 'text/html', buffer: Buffer.from(text) });
const EN = '<h1>Ferry notice</h1>\n<p>The ferry <b>runs</p> daily.</b></p>\n<p onclick="x()">Tickets are sold at the pier.</p>\n';
const ZH = '<h1>渡轮通知</h1>\n<p>渡轮<b>每天</b>开行。</p>\n<p>船票在码头出售。</p>\n';

it.each([1366, 390])('at %i px: lists the repairs and removals of an upload, then opens the review', async (width) => {
  const slug = `ferry-notice-${width}`;
  const editor = await session.open('editor', '/workbench/', width);
  const form = editor.page.locator('form#wb-upload');
  await form.locator('input[name=english]').setInputFiles(file('en.html', EN));
  await form.locator('input[name=chinese]').setInputFiles(file('zh-Hans.html', ZH));
  await form.locator('input[name=slug]').fill(slug);
  await form.locator('button[type=submit]').click();
  const notes = editor.page.locator('#wb-upload-preview ul.wb-import-notes li');
  await notes.first().waitFor();
  expect(await notes.allTextContents()).toEqual(expect.arrayContaining([
    'en.html:2:21: repaired <b> closed by </p> (misnested or not closed)',
    'en.html:3: removed onclick attribute (script)',
  ]));
  await editor.page.locator('#wb-upload-preview').screenshot({ path: join(ARTIFACTS, `upload-notes-${width}.png`) });
  expect((await session.h.workflow.articleUnits(slug, { locale: 'zh-Hans' })).length).toBeGreaterThan(0);
  await Promise.all([
    editor.page.waitForURL(`**/workbench/articles/${slug}/zh-Hans`),
    editor.page.click('#wb-upload-preview a[data-action=open-review]'),
  ]);
  expect(editor.dialogs).toEqual([]);
  expect(editor.errors).toEqual([]);
}, 60_000);

it('refuses a file that is not HTML, naming it, and stores nothing', async () => {
  const before = (await session.h.workflow.listArticles()).length;
  const editor = await session.open('editor', '/workbench/', 1366);
  const form = editor.page.locator('form#wb-upload');
  await form.locator('input[name=english]').setInputFiles(file('notes.html', 'Only words here, no markup.'));
  await form.locator('input[name=slug]').fill('not-html');
  await form.locator('button[type=submit]').click();
  const status = editor.page.locator('.wb-status.wb-error');
  await status.waitFor();
  expect(await status.innerText()).toMatch(/^notes\.html: does not look like HTML/);
  expect((await session.h.workflow.listArticles()).length).toBe(before);
}, 60_000);
