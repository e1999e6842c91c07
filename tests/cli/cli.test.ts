/**
 * The command line as scripts outside the project call it (docs/DESIGN.md's contract): the built
 * `dist/cli/main.js`, real files, exit codes 0 / 1 (problems found) / 2 (bad usage).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/stores';
import { startFakeDeepLServer, type FakeDeepLServer } from '../support/deepl-server';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'bitext-cli-'));
let db = '';
let n = 0;

function bitext(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    input: options.input ?? '',
    env: { ...process.env, BITEXT_DATABASE: db, LOG_LEVEL: 'silent', ...options.env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
});
beforeEach(() => { db = join(dir, `cli-${++n}.db`); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bad usage and bad input', () => {
  it('exits 2 on an unknown flag, naming it', () => {
    const r = bitext(['import', 'x.md', '--locale', 'en', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--bogus/);
  });

  it('exits 2 on a missing file, naming it', () => {
    const r = bitext(['import', join(dir, 'missing.md'), '--locale', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.md: no such file/);
  });

  it('exits 2 on a bad slug and stores nothing', () => {
    const r = bitext(['import', join(REPO_ROOT, 'content/jiangmen-achievements/en.md'), '--locale', 'en', '--slug', 'Bad Slug!']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--slug/);
    expect(bitext(['tm', 'export', '--format', 'csv']).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 on an unknown locale', () => {
    const r = bitext(['import', join(REPO_ROOT, 'content/jiangmen-achievements/en.md'), '--locale', 'fr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--locale/);
  });

  it('refuses a file that is not UTF-8 text, naming the file and line', () => {
    const bad = file('latin1.txt', Buffer.concat([Buffer.from('Fine line.\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait.\n')]));
    const r = bitext(['import', bad, '--locale', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/latin1\.txt:2: not valid UTF-8/);
  });

  it('refuses an empty document', () => {
    const r = bitext(['import', file('empty.md', '\n  \n'), '--locale', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/empty\.md.*empty/);
  });

  it('names an unreachable PostgreSQL without its password and exits non-zero', () => {
    const r = bitext(['import', join(REPO_ROOT, 'content/jiangmen-achievements/en.md'), '--locale', 'en'], {
      env: { BITEXT_DATABASE: 'postgres://bitext:s3cret@127.0.0.1:1/nowhere' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/127\.0\.0\.1:1/);
    expect(r.stderr).not.toMatch(/s3cret/);
  });
});

describe('documents', () => {
  it('imports the seed article as 7 paragraphs without the footer', () => {
    const r = bitext(['import', join(REPO_ROOT, 'content/jiangmen-achievements/en.md'), '--locale', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^jiangmen-achievements: 7 paragraphs, 10 segments/);
  });

  it('seeds idempotently', () => {
    expect(bitext(['seed']).code).toBe(0);
    const again = bitext(['seed']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 added, 0 updated/);
    expect(again.stdout).toMatch(/already stored, unchanged/);
  });

  it('refuses an English file that reads as Chinese (the files the wrong way round), storing nothing', () => {
    const en = join(REPO_ROOT, 'content/jiangmen-achievements/en.md');
    const zh = join(REPO_ROOT, 'content/jiangmen-achievements/zh-Hans.md');
    const swapped = bitext(['align', zh, en, '--slug', 'swapped']);
    expect(swapped.code).toBe(2);
    expect(swapped.stderr).toContain(`${zh}: the text reads as Chinese, not English (are the files, or the locales, the wrong way round?)`);
    const asEnglish = bitext(['import', zh, '--locale', 'en', '--slug', 'swapped']);
    expect(asEnglish.code).toBe(2);
    const stored = bitext(['translate', '--slug', 'swapped']);
    expect([stored.code, stored.stderr.trim()]).toEqual([1, 'bitext: article "swapped" not found']);
    expect(bitext(['import', zh, '--locale', 'zh-Hans', '--slug', 'chinese-source']).code).toBe(0);
  });

  it('seeds from the installation when run elsewhere, and refuses a --root with nothing to seed', () => {
    const elsewhere = mkdtempSync(join(dir, 'elsewhere-'));
    const fresh = { BITEXT_DATABASE: join(elsewhere, 'fresh.db') };
    const r = bitext(['seed'], { cwd: elsewhere, env: fresh });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`seed: reading glossary/, content/ and locales/ from ${REPO_ROOT}`);
    expect(r.stdout).toMatch(/^termbase: [1-9]\d* added/);
    expect(r.stdout).toMatch(/article jiangmen-achievements: \d+ segments/);
    const empty = bitext(['seed', '--root', elsewhere], { cwd: elsewhere, env: fresh });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain(`--root: ${elsewhere} holds no glossary/, content/ or locales/ folder: nothing to seed`);
  });

  it('aligns sentence files to [i,j]:[k] beads covering every line once', () => {
    const zh = file('src.txt', '那天晚上我没走掉。\n陈清扬把我拽住，以伟大友谊的名义叫我留下来。\n她承认打我不对。\n');
    const en = file('tgt.txt', 'I did not leave that night—Chen Qingyang caught me and asked me to stay in the name of our great friendship.\nShe admitted that she had been wrong to slap me.\n');
    const r = bitext(['align', '--sentences', zh, en, '--source-locale', 'zh', '--target-locale', 'en']);
    expect(r.code).toBe(0);
    const beads = r.stdout.trim().split('\n');
    for (const bead of beads) expect(bead).toMatch(/^\[(\d+(,\d+)*)?\]:\[(\d+(,\d+)*)?\]$/);
    expect(beads).toEqual(['[0,1]:[0]', '[2]:[1]']);
  });

  it('aligns an article into the store and summarises the beads', () => {
    const r = bitext(['align', join(REPO_ROOT, 'content/jiangmen-achievements/en.md'), join(REPO_ROOT, 'content/jiangmen-achievements/zh-Hans.md'), '--slug', 'jiangmen']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/beads: 1-1: \d+/);
    expect(r.stdout).toMatch(/low-confidence beads \(review these\): \d+/);
  });
});

describe('checks', () => {
  it('exits 1 with findings as JSON when there is an error', () => {
    bitext(['seed']);
    const r = bitext(['check', '--source', 'The Guangdong-Hongkong-Macao Greater Bay Area will invest 4 billion yuan.', '--target', '粤港澳大湾区将投资50亿元。', '--target-locale', 'zh-Hans', '--json']);
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.stdout) as { findings: Array<{ checkId: string; severity: string; span: unknown; message: string }> };
    expect(findings.map((f) => f.checkId)).toEqual(expect.arrayContaining(['term-forbidden', 'numbers']));
    for (const f of findings) expect(f).toEqual(expect.objectContaining({ severity: expect.any(String), message: expect.any(String) }));
  });

  it('exits 0 on a clean pair', () => {
    bitext(['seed']);
    const r = bitext(['check', '--source', 'Sixty-three projects in Jiangmen.', '--target', '江门有63个项目。', '--target-locale', 'zh-Hans']);
    expect(r.stdout).toBe('no findings\n');
    expect(r.code).toBe(0);
  });
});

describe('translation memory', () => {
  const TMX = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>\n${body}\n</body></tmx>\n`;
  const TU = (en: string, zh: string) => `<tu><tuv xml:lang="en"><seg>${en}</seg></tuv><tuv xml:lang="zh-CN"><seg>${zh}</seg></tuv></tu>`;

  it('imports all or nothing: a broken file stores no unit', () => {
    const broken = file('broken.tmx', TMX(`${TU('Good morning.', '早上好。')}\n<tu><tuv xml:lang="en"><seg>Unclosed`));
    const r = bitext(['tm', 'import', broken]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.tmx/);
    expect(bitext(['tm', 'export', '--format', 'csv']).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('imports, reports counts, and looks up with --json', () => {
    const good = file('good.tmx', TMX([TU('Jiangmen will invest 5 billion yuan this year.', '江门今年将投资50亿元。'), TU('Good morning.', '早上好。'), TU('Good morning.', '早上好。')].join('\n')));
    const r = bitext(['tm', 'import', good]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 added, 0 updated, 1 duplicates skipped/);
    const queries = file('queries.txt', 'Jiangmen will invest 4 billion yuan this year.\nSomething else entirely different.\n');
    const lookup = bitext(['tm', 'lookup', '--file', queries, '--json']);
    expect(lookup.code).toBe(0);
    const lines = lookup.stdout.trim().split('\n').map((l) => JSON.parse(l) as { query: string; matches: Array<Record<string, unknown>>; ms: number });
    expect(lines).toHaveLength(2);
    expect(lines[0]!.matches[0]).toEqual({ id: expect.any(Number), score: expect.any(Number), source: 'Jiangmen will invest 5 billion yuan this year.', target: '江门今年将投资50亿元。', status: expect.any(String), origin: 'imported' });
    expect(lines[0]!.matches[0]!.score).toBeGreaterThanOrEqual(70);
    expect(lines[1]!.matches).toEqual([]);
    expect(typeof lines[0]!.ms).toBe('number');
  });

  it('exports TMX that imports again', () => {
    bitext(['seed']);
    const out = join(dir, 'export.tmx');
    expect(bitext(['tm', 'export', '--format', 'tmx', '-o', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/<tmx version="1.4"/);
    db = join(dir, `cli-${++n}.db`);
    expect(bitext(['tm', 'import', out]).stdout).toMatch(/\d+ added/);
  });
});

describe('glossary, conversion, users', () => {
  it('round-trips the termbase through CSV', () => {
    bitext(['seed']);
    const out = join(dir, 'terms.csv');
    expect(bitext(['glossary', 'export', '--format', 'csv', '-o', out]).code).toBe(0);
    db = join(dir, `cli-${++n}.db`);
    const r = bitext(['glossary', 'import', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ concepts added/);
  });

  it('refuses a TBX that is not XML, leaving the termbase unchanged', () => {
    const r = bitext(['glossary', 'import', file('bad.tbx', 'this is not xml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.tbx/);
  });

  it('converts zh-Hans on stdin with termbase terms protected', () => {
    bitext(['seed']);
    const r = bitext(['convert'], { input: '江门加快粤港澳大湾区建设。' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('江門加快粵港澳大灣區建設。');
    expect(bitext(['convert', '--variant', 'xx']).code).toBe(2);
  });

  it('creates a user and prints the password and token once', () => {
    const r = bitext(['user', 'add', 'mei', '--role', 'translator']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/password: \S{12,}/);
    expect(r.stdout).toMatch(/api token: btx_\S+/);
    expect(bitext(['user', 'add', 'mei', '--role', 'translator']).code).toBe(2);
    expect(bitext(['user', 'add', 'lee', '--role', 'boss']).code).toBe(2);
  });
});

describe('translate', () => {
  let deepl: FakeDeepLServer;
  beforeAll(async () => { deepl = await startFakeDeepLServer(); });
  afterAll(() => deepl.close());

  function runAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    // The fake DeepL server lives in this process: the CLI must run without blocking it.
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, BITEXT_DATABASE: db, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('fills untranslated segments from DeepL with the termbase glossary, as drafts', async () => {
    bitext(['seed']);
    const doc = file('news.md', '# Bay Area\n\nJiangmen is in the Guangdong-Hong Kong-Macao Greater Bay Area.\n');
    expect(bitext(['import', doc, '--locale', 'en', '--slug', 'news']).code).toBe(0);
    const r = await runAsync(['translate', '--slug', 'news'], { DEEPL_AUTH_KEY: deepl.authKey, DEEPL_SERVER_URL: deepl.url, DEEPL_MAX_ATTEMPTS: '1' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 from the memory, 2 by DeepL; 0 left/);
    expect(deepl.glossaries.size).toBe(1);
    const csv = bitext(['tm', 'export', '--format', 'csv']).stdout;
    expect(csv).toMatch(/粤港澳大湾区/);
    expect(csv).toMatch(/draft,mt:deepl/);
  });

  it('fails clearly on a refused key', async () => {
    bitext(['import', file('a.md', 'Hello there.\n'), '--locale', 'en', '--slug', 'hello']);
    const r = await runAsync(['translate', '--slug', 'hello'], { DEEPL_AUTH_KEY: 'wrong-key', DEEPL_SERVER_URL: deepl.url, DEEPL_MAX_ATTEMPTS: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/auth/);
  });
});
