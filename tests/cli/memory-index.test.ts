/**
 * The saved memory index with real processes (issue #20): the first `bitext tm lookup` builds
 * and saves `<db>.tmindex`; a `bitext tm import` in another process adds units; the next
 * `bitext tm lookup`, a fresh process, loads the saved index and sees every imported unit; a
 * truncated sidecar is refused and rebuilt, with the same answers. Two processes starting at once on
 * a store with no saved index both build and save it: the store stays whole, and the sidecar left
 * is one whole index that the next process loads.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store';
import { REPO_ROOT } from '../support/stores';
import { workflowOver } from '../support/workflow-store';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'bitext-cli-tmindex-'));
const db = join(dir, 'memory.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
});

function bitext(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, BITEXT_DATABASE: db, LOG_LEVEL: 'silent' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TMX = (units: Array<[string, string]>) => `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>
${units.map(([en, zh]) => `<tu><tuv xml:lang="en"><seg>${en}</seg></tuv><tuv xml:lang="zh-CN"><seg>${zh}</seg></tuv></tu>`).join('\n')}
</body></tmx>`;

function tmx(name: string, from: number, count: number): string {
  const path = join(dir, name);
  const units: Array<[string, string]> = [];
  for (let i = from; i < from + count; i++) units.push([`The bridge over the river was opened in year ${i} by the city.`, `这座桥于第${i}年由该市开通。`]);
  writeFileSync(path, TMX(units));
  return path;
}

function lookup(query: string): Array<{ id: number; score: number; target: string }> {
  const r = bitext(['tm', 'lookup', query, '--json', '--min', '60', '--limit', '3']);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout.trim()) as { matches: Array<{ id: number; score: number; target: string }> }).matches;
}

it('a lookup right after an import in another process sees every imported unit, from the saved index', () => {
  expect(bitext(['tm', 'import', tmx('first.tmx', 1, 300)]).code).toBe(0);
  const before = lookup('The bridge over the river was opened in year 5 by the city.');
  expect(before[0]).toMatchObject({ score: 101 - 2, target: '这座桥于第5年由该市开通。' });
  expect(existsSync(`${db}.tmindex`)).toBe(true);
  const savedAt = statSync(`${db}.tmindex`).mtimeMs;

  expect(bitext(['tm', 'import', tmx('second.tmx', 1000, 50)]).code).toBe(0);
  // The new units are found although the saved index predates them.
  expect(lookup('The bridge over the river was opened in year 1049 by the city.')[0]).toMatchObject({ target: '这座桥于第1049年由该市开通。' });
  expect(lookup('The bridge over the river was opened in year 5 by the city.')[0]).toEqual(before[0]);
  expect(statSync(`${db}.tmindex`).mtimeMs).toBe(savedAt); // loaded and caught up, not rebuilt (50 < the re-save threshold)

  // A truncated sidecar: refused, rebuilt, same answers.
  truncateSync(`${db}.tmindex`, Math.floor(statSync(`${db}.tmindex`).size / 2));
  expect(lookup('The bridge over the river was opened in year 1049 by the city.')[0]).toMatchObject({ target: '这座桥于第1049年由该市开通。' });
  expect(lookup('The bridge over the river was opened in year 5 by the city.')[0]).toEqual(before[0]);
});

/** `bitext tm lookup` as a child process that runs alongside others. */
function lookupAsync(query: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'tm', 'lookup', query, '--json', '--min', '60', '--limit', '3'], {
      cwd: REPO_ROOT, env: { ...process.env, BITEXT_DATABASE: db, LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout }));
  });
}

it('two processes starting at once with no saved index: both answer, the store stays whole, one whole index is left', async () => {
  rmSync(`${db}.tmindex`, { force: true });
  const query = 'The bridge over the river was opened in year 1049 by the city.';
  const runs = await Promise.all([lookupAsync(query), lookupAsync(query), lookupAsync('The bridge over the river was opened in year 5 by the city.')]);
  for (const r of runs) expect(r.code).toBe(0);
  const [a, b] = runs.map((r) => JSON.stringify((JSON.parse(r.stdout.trim()) as { matches: unknown }).matches));
  expect(a).toBe(b);
  expect(existsSync(`${db}.tmindex`)).toBe(true);
  const check = new Database(db, { readonly: true });
  try {
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    check.close();
  }
  // The next process loads what was left (not rebuilt) and answers as before.
  const store = await openStore(db);
  const workflow = workflowOver(store);
  try {
    const matches = await workflow.lookup(query, { sourceLocale: 'en', targetLocale: 'zh-Hans', min: 60, limit: 3, previousSource: null, nextSource: null });
    expect(workflow.memoryIndexStatus()).toMatchObject({ source: 'file', rejected: null });
    expect(matches[0]).toMatchObject({ target: '这座桥于第1049年由该市开通。' });
  } finally {
    await workflow.close();
  }
});
