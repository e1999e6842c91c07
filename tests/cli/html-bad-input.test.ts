/**
 * Bad HTML input through `bitext import` and `bitext align` (#15): each refusal names the file
 * (and line, where there is one) with exit code 1, and leaves the store as it was; what the
 * parser repairs or bounds is said on stderr at file:line:col and the article is stored.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkflow } from '../../src/workflow';
import { REPO_ROOT } from '../support/stores';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'bitext-html-bad-'));
let db = '';
let n = 0;

function bitext(args: string[]) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, BITEXT_DATABASE: db, LOG_LEVEL: 'silent' }, timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The store's articles and their units, read by a workflow of its own. */
async function stored(): Promise<Array<{ slug: string; units: string[] }>> {
  const workflow = await openWorkflow({ database: db });
  try {
    const articles = await workflow.listArticles();
    return Promise.all(articles.map(async (a) => ({
      slug: a.slug, units: (await workflow.articleUnits(a.slug, { locale: 'zh-Hans' })).map((u) => `${u.sourceText} | ${u.targetText}`),
    })));
  } finally {
    await workflow.close();
  }
}

const EN = '<h1>Ferry notice</h1>\n<p>The ferry to Macao runs daily. Tickets are sold at the pier.</p>\n';
const ZH = '<h1>渡轮通知</h1>\n<p>往澳门的渡轮每天开行。船票在码头出售。</p>\n';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
});
beforeEach(() => { db = join(dir, `bad-${++n}.db`); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('imports malformed HTML repaired, telling each repair at file:line:col', async () => {
  const path = file('malformed.html', '<h1>Title</h1>\n<p>One <b>bold</p> two</b></p>\n<ul><li>a<li>b</ul>\n</span><p>end <em>open\n');
  const result = bitext(['import', path, '--locale', 'en', '--slug', 'malformed']);
  expect(result.code).toBe(0);
  expect(result.stderr.split('\n').filter((l) => l.includes('repaired'))).toEqual([
    `${path}:2:15: repaired <b> closed by </p> (misnested or not closed)`,
    `${path}:2:23: repaired end tag </b> with no open <b> (ignored)`,
    `${path}:2:27: repaired end tag </p> with no open <p> (ignored)`,
    `${path}:4:1: repaired end tag </span> with no open <span> (ignored)`,
    `${path}:4:15: repaired <em> not closed (closed at the end of the page)`,
  ]);
  // As a browser reads it: the <b> that </p> cut short is open again for "two".
  expect((await stored())[0]!.units.map((u) => u.split(' | ')[0])).toEqual(['Title', 'One {bpt:1}bold{ept:1}', '{bpt:1}two{ept:1}', 'a', 'b', 'end {bpt:1}open{ept:1}']);
});

describe.each([
  ['a PNG named .html', 'image.html', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff]), /:1: not valid UTF-8 text \(byte 0x89\)/],
  ['a binary file that is valid UTF-8 (NUL bytes)', 'blob.html', Buffer.from('\u0000\u0001\u0002<p>x</p>\u0000', 'utf8'), /:1: contains NUL bytes: this looks like a binary file/],
  ['plain text with no tags', 'notes.html', 'Only words here.\nA second line.\n', /: does not look like HTML \(no HTML elements\)/],
  ['a JSON document with markup in its strings', 'api.html', '{"title": "Ferry", "body": "<p>The ferry runs.</p>"}\n', /: is JSON, not HTML/],
  ['a page with no body text', 'empty.html', '<html><head><title>x</title><script>go()</script></head><body><div> </div><img src="a.png"></body></html>', /: the page has no body text/],
  ['an empty file', 'zero.html', '', /: the document is empty/],
])('%s', (_what, name, content, message) => {
  it('is refused by `import` and `align`, naming the file, exit 1, storing nothing', async () => {
    const bad = file(name, content);
    const imported = bitext(['import', bad, '--locale', 'en', '--slug', 'bad']);
    expect([imported.code, imported.stdout]).toEqual([1, '']);
    expect(imported.stderr).toMatch(new RegExp(`^bitext: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${message.source}`));
    // As the Chinese version of a good English page: the English is not stored either.
    const aligned = bitext(['align', file('en.html', EN), bad, '--slug', 'bad']);
    expect(aligned.code).toBe(1);
    expect(aligned.stderr).toContain(bad);
    expect(await stored()).toEqual([]);
  });
});

it('refuses a bad file over an existing article, leaving the article and its translations as they were', async () => {
  expect(bitext(['align', file('en.html', EN), file('zh.html', ZH), '--slug', 'ferry']).code).toBe(0);
  const before = await stored();
  expect(before[0]!.units).toEqual(['Ferry notice | 渡轮通知', 'The ferry to Macao runs daily. | 往澳门的渡轮每天开行。', 'Tickets are sold at the pier. | 船票在码头出售。']);
  const empty = file('empty.html', '<body><script>x()</script></body>');
  expect(bitext(['import', empty, '--locale', 'en', '--slug', 'ferry']).code).toBe(1);
  expect(bitext(['align', file('en.html', EN), empty, '--slug', 'ferry']).code).toBe(1);
  expect(await stored()).toEqual(before);
});

it('refuses a 10 MB page at once, naming the limit', async () => {
  const paragraph = '<p>Jiangmen news paragraph with <b>some</b> words in it.</p>\n';
  const big = file('big.html', paragraph.repeat(Math.ceil(10_000_000 / paragraph.length)));
  const result = bitext(['import', big, '--locale', 'en', '--slug', 'big']);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`${big}: the page is 10.0 million characters; at most 5 million are read`);
  expect(result.ms).toBeLessThan(10_000);
  expect(await stored()).toEqual([]);
});

it('reads a 10 MB Chinese page (3.5 million characters: under the limit) in bounded time', async () => {
  const article = `<html><body><article><h1>港口通知</h1>${'<p>江门港口新闻段落，包含<b>一些</b>文字。第二句话在这里。</p>\n'.repeat(3000)}</article>`;
  const chrome = `<div class="related">${'中文字符'.repeat(200)}</div>\n`;
  const page = article + chrome.repeat(Math.ceil((10_000_000 - Buffer.byteLength(article)) / Buffer.byteLength(chrome)));
  expect(Buffer.byteLength(page)).toBeGreaterThanOrEqual(10_000_000);
  const zh = file('zh10mb.html', page);
  const result = bitext(['import', zh, '--locale', 'zh-Hans', '--slug', 'zh-big']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^zh-big: 3001 paragraphs, 6001 segments/);
  // About 2.5 s and 250 MB alone on the machine.
  expect(result.ms).toBeLessThan(30_000);
});

// That the parse is linear in the depth is tests/segmentation/html.test.ts's to show (a ratio of two depths, not a wall clock).
it('imports 100,000 nested divs, saying what it flattened', async () => {
  const deep = file('deep.html', `${'<div>'.repeat(100_000)}<p>Deep text.</p>${'</div>'.repeat(100_000)}`);
  const result = bitext(['import', deep, '--locale', 'en', '--slug', 'deep']);
  expect(result.code).toBe(0);
  expect(result.stderr).toContain(`${deep}:1: limited elements nested deeper than 200 levels flattened (their text kept)`);
  expect((await stored())[0]!.units).toEqual(['Deep text. | ']);
});
