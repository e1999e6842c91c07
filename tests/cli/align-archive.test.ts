/**
 * `bitext align-archive EN_DIR ZH_DIR`: documents paired by content, never by name. The archive is
 * built at test time from ../shared/corpora (never copied into the repository): 23 true pairs of
 * literary chapter parts and academic text, two chapter parts with no English, two with no
 * Chinese, all under meaningless names. Without the corpora the suite fails under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../support/stores';
import { buildSmallArchive, CORPORA, type BuiltArchive } from '../support/archive-corpus';
import { sharedPresent } from '../support/shared';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');

function bitext(args: string[], db: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, BITEXT_DATABASE: db, LOG_LEVEL: 'silent' },
    timeout: 300_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Line { en: string | null; zh: string | null; score: number | null }
const parse = (stdout: string): Line[] => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);

function writeArchive(root: string, archive: BuiltArchive): { en: string; zh: string } {
  const dirs = { en: join(root, 'en'), zh: join(root, 'zh') };
  for (const side of ['en', 'zh'] as const) {
    for (const [name, text] of archive[side]) {
      const path = join(dirs[side], name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  return dirs;
}

// A dev machine without the corpora skips; CI must not pass without measuring anything.
const present = sharedPresent([join(CORPORA, 'mac-dev', 'src'), join(CORPORA, 'aca-dev', 'src')], 'the align-archive suite');
const work = mkdtempSync(join(tmpdir(), 'bitext-archive-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

if (present) {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  });

  describe('an archive of 25 English and 25 Chinese documents', () => {
    const archive = buildSmallArchive();
    const dirs = writeArchive(join(work, 'small'), archive);
    const db = join(work, 'small.db');
    let first: ReturnType<typeof bitext>;
    beforeAll(() => { first = bitext(['align-archive', dirs.en, dirs.zh, '--json'], db); });

    it('finds every true pair, pairs nothing wrongly and reports the four lone documents', () => {
      expect(archive.en.size).toBe(25);
      expect(archive.zh.size).toBe(25);
      expect(first.code).toBe(0);
      const lines = parse(first.stdout);
      const found = lines.filter((l) => l.en && l.zh).map((l) => [l.en, l.zh]);
      expect(found.sort()).toEqual(archive.pairs.slice().sort());
      for (const l of lines.filter((x) => x.en && x.zh)) expect(l.score).toBeGreaterThan(0.5);
      expect(lines.filter((l) => l.en && !l.zh).map((l) => l.en).sort()).toEqual(archive.loneEn.slice().sort());
      expect(lines.filter((l) => l.zh && !l.en).map((l) => l.zh).sort()).toEqual(archive.loneZh.slice().sort());
      for (const l of lines.filter((x) => !x.en || !x.zh)) expect(l.score).toBeNull();
      expect(first.stderr).toMatch(/23 pairs .*4 unpaired \(2 English, 2 Chinese\); 23 aligned/);
      // The done-when rate (sentences of the 23 pairs over the whole run, start-up included):
      // printed, not asserted (timings are for bench/, and this machine is shared).
      const rate = /(\d+) sentences in ([\d.]+) s \((\d+) sentences\/s\)/.exec(first.stderr);
      expect(rate).not.toBeNull();
      // Documents are segmented again on import: about the corpus's own sentence count.
      expect(Math.abs(Number(rate![1]) - archive.sentences)).toBeLessThan(0.05 * archive.sentences);
      console.log(`align-archive, 25 + 25 documents: ${rate![1]} sentences in ${rate![2]} s = ${rate![3]} sentences/s`);
      for (const name of [...archive.loneEn, ...archive.loneZh]) expect(first.stderr).toContain(name);
    });

    it('stores the aligned units of every pair', () => {
      const exported = bitext(['tm', 'export', '--format', 'csv'], db);
      expect(exported.code).toBe(0);
      const rows = exported.stdout.trim().split('\n').length - 1;
      // 23 pairs, about 2,000 English sentences (some merged into one unit by 2-1 beads).
      expect(rows).toBeGreaterThan(1000);
    });

    it('changes nothing when run again on the same folders', () => {
      const before = bitext(['tm', 'export', '--format', 'csv'], db).stdout;
      const again = bitext(['align-archive', dirs.en, dirs.zh, '--json'], db);
      expect(again.code).toBe(0);
      expect(parse(again.stdout)).toEqual(parse(first.stdout));
      expect(again.stderr).toMatch(/0 aligned, 23 unchanged, 0 failed/);
      expect(bitext(['tm', 'export', '--format', 'csv'], db).stdout).toBe(before);
    });
  });

  describe('documents that must not be paired', () => {
    const archive = buildSmallArchive(7);
    const dirs = writeArchive(join(work, 'tricky'), archive);
    const [enOfPair, zhOfPair] = archive.pairs[0];
    // A Chinese document in the English folder, an English one in the Chinese folder, an empty
    // file, a binary file, and a second English version of one Chinese page.
    writeFileSync(join(dirs.en, 'misfiled-zh.txt'), archive.zh.get(archive.pairs[1][1])!);
    writeFileSync(join(dirs.zh, 'misfiled-en.txt'), archive.en.get(archive.pairs[2][0])!);
    writeFileSync(join(dirs.en, 'empty.txt'), '');
    writeFileSync(join(dirs.zh, 'image.html'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
    writeFileSync(join(dirs.en, 'second-version.txt'), archive.en.get(enOfPair)!.replace(/\n\n/g, '\n\n\n'));
    symlinkSync('.', join(dirs.en, 'loop'));
    symlinkSync(join(dirs.en, 'nowhere'), join(dirs.en, 'broken'));
    // 100 MB (sparse: no disk used): refused by its size, never read into memory.
    writeFileSync(join(dirs.zh, 'huge.txt'), '');
    truncateSync(join(dirs.zh, 'huge.txt'), 100 * 1024 * 1024);
    const r = bitext(['align-archive', dirs.en, dirs.zh, '--json', '--dry-run'], join(work, 'tricky.db'));
    const lines = parse(r.stdout);
    const pairs = lines.filter((l) => l.en && l.zh);

    it('reports each by name and pairs none of them wrongly', () => {
      expect(r.code).toBe(0);
      const truth = new Map(archive.pairs);
      truth.set('second-version.txt', zhOfPair);
      for (const p of pairs) expect(truth.get(p.en!)).toBe(p.zh);
      // One of the two English versions is paired with the page; the other is left unpaired.
      expect(pairs.filter((p) => p.zh === zhOfPair)).toHaveLength(1);
      expect(pairs).toHaveLength(23);
      for (const name of ['misfiled-zh.txt', 'empty.txt']) expect(lines).toContainEqual({ en: name, zh: null, score: null });
      for (const name of ['misfiled-en.txt', 'image.html']) expect(lines).toContainEqual({ en: null, zh: name, score: null });
      expect(r.stderr).toMatch(/misfiled-zh\.txt: a Chinese document in the English folder/);
      expect(r.stderr).toMatch(/misfiled-en\.txt: an English document in the Chinese folder/);
      expect(r.stderr).toMatch(/empty\.txt: the document is empty/);
      expect(r.stderr).toMatch(/image\.html: .*(binary|UTF-8)/);
      expect(r.stderr).toMatch(/loop: a symbolic link back into a folder already read/);
      expect(r.stderr).toMatch(/broken: a broken symbolic link/);
      expect(lines).toContainEqual({ en: null, zh: 'huge.txt', score: null });
      expect(r.stderr).toMatch(/huge\.txt: too large \(100 MB/);
      expect(r.stderr).toMatch(/dry run: nothing stored/);
    });
  });

  describe('bad folders', () => {
    it('exits 2 naming a folder that does not exist', () => {
      const r = bitext(['align-archive', join(work, 'nope'), work], join(work, 'bad.db'));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${join(work, 'nope')}: no such folder`);
    });

    it('exits 2 naming an empty folder', () => {
      const empty = join(work, 'empty-folder');
      mkdirSync(empty);
      writeFileSync(join(work, 'one.txt'), 'Hello.');
      const r = bitext(['align-archive', empty, work], join(work, 'bad.db'));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${empty}: no documents in this folder`);
    });
  });

  describe('a pair that fails to store', () => {
    // The first pair's slug already names a Chinese-source article: storing that pair fails inside
    // its transaction. The run reports it by name and goes on; --fail-fast stops there.
    const archive = buildSmallArchive(11);
    const dirs = writeArchive(join(work, 'failing'), archive);
    const [enName, zhName] = archive.pairs.slice().sort((a, b) => (a[0] < b[0] ? -1 : 1))[0];
    const slug = enName.replace(/^.*\//, '').replace(/\.[a-z]+$/, '');
    const blocker = join(work, 'blocker.txt');
    writeFileSync(blocker, '这是另一篇文章。\n');
    const firstEnglish = archive.en.get(enName)!.replace(/<[^>]*>/g, ' ').trim().split(/(?<=[.?!])\s/)[0].slice(0, 40);
    const prepared = (name: string): string => {
      const db = join(work, name);
      expect(bitext(['import', blocker, '--locale', 'zh-Hans', '--slug', slug], db).code).toBe(0);
      return db;
    };

    it('names the pair, stores the others, and keeps nothing of the failed one', () => {
      const db = prepared('failing.db');
      const r = bitext(['align-archive', dirs.en, dirs.zh], db);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${dirs.en}/${enName} ↔ ${dirs.zh}/${zhName}: `);
      expect(r.stderr).toMatch(/22 aligned, 0 unchanged, 1 failed/);
      const exported = bitext(['tm', 'export', '--format', 'csv'], db).stdout;
      expect(exported.length).toBeGreaterThan(1000);
      expect(exported).not.toContain(firstEnglish);
    });

    it('stops at the first failure with --fail-fast, nothing of that pair stored', () => {
      const db = prepared('fail-fast.db');
      const r = bitext(['align-archive', dirs.en, dirs.zh, '--fail-fast'], db);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${dirs.en}/${enName} ↔ ${dirs.zh}/${zhName}: `);
      expect(r.stderr).toMatch(/stopped at the first failure \(--fail-fast\); 0 of 23 pairs done/);
      expect(bitext(['tm', 'export', '--format', 'csv'], db).stdout).not.toContain(firstEnglish);
    });
  });
}
