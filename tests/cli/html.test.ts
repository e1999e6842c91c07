/** `bitext import FILE.html` and `bitext align EN.html ZH.html`: the report on stderr, clear refusals. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/stores';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'html', 'bay-area-bridge');
const dir = mkdtempSync(join(tmpdir(), 'bitext-html-cli-'));
let db = '';
let n = 0;

function bitext(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, BITEXT_DATABASE: db, LOG_LEVEL: 'silent' }, timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
});
beforeEach(() => { db = join(dir, `html-${++n}.db`); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('imports an HTML file and tells on stderr what it removed', () => {
  const en = join(FIXTURES, 'en.html');
  const result = bitext(['import', en, '--locale', 'en', '--slug', 'bridge']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^bridge: 22 paragraphs, \d+ segments/);
  expect(result.stderr).toContain(`${en}:6: removed <script> with its content (2 times)`);
  expect(result.stderr).toContain(`${en}:13: removed onclick attribute (script)`);
});

it('aligns two HTML files', () => {
  const result = bitext(['align', join(FIXTURES, 'en.html'), join(FIXTURES, 'zh-Hans.html'), '--slug', 'bridge']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/bridge: 22 paragraphs, \d+ segments aligned/);
});

it('aligns two HTML files and says on stderr what of the Chinese markup it could not carry over', () => {
  const en = join(dir, 'en.html');
  const zh = join(dir, 'zh.html');
  writeFileSync(en, '<h1>Ferry</h1><p>The <a href="https://ferry.example/en">ferry</a> runs daily.</p>\n');
  writeFileSync(zh, '<h1>渡轮</h1>\n<p><a href="https://ferry.example/fares">渡轮</a>每天<sup>*</sup>运行。</p>\n');
  const result = bitext(['align', en, zh, '--slug', 'ferry']);
  expect(result.code).toBe(0);
  expect(result.stderr).toContain(`${zh}:2: block 2 <p>: dropped <sup> around "*": no such inline code in the source segment "The ferry runs daily." at ${en}:1; its markup is left out`);
  expect(result.stderr).toContain(`${zh}:2: block 2 <p>: link "渡轮" goes to "https://ferry.example/fares" but the source's goes to "https://ferry.example/en" (segment "The ferry runs daily." at ${en}:1)`);
});

it('refuses a file named .html that is not HTML, naming it, exit 1', () => {
  const file = join(dir, 'notes.html');
  writeFileSync(file, 'Only words here.\n');
  const result = bitext(['import', file, '--locale', 'en']);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`${file}: does not look like HTML`);
});
