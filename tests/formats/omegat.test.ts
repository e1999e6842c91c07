/**
 * OmegaT (Debian's omegat, console mode) reads Bitext's TMX export from a project's `tm/auto/`
 * and fills the project with the right Chinese script: Simplified in an EN-US → ZH-CN project,
 * Traditional in an EN-US → ZH-HK one, from one memory that holds both for the same English.
 * Runs the built CLI (`dist/cli/main.js`, as `npm test` builds it) and `omegat
 * --mode=console-translate`. Under CI=true a missing omegat fails this file; elsewhere it skips.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectHanScript } from '../../src/locale';
import { REPO_ROOT } from '../support/stores';

const OMEGAT = '/usr/bin/omegat';
const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const AVAILABLE = existsSync(OMEGAT);
const UNDER_CI = process.env.CI === 'true';
// OmegaT's start-up (a JVM, its plugins) takes seconds; a loaded shared machine, many more.
const OMEGAT_TIMEOUT = 240_000;

// No spaces in the path: /usr/bin/omegat passes its arguments on unquoted.
const dir = mkdtempSync(join(tmpdir(), 'bitext-omegat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bitext(db: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000,
    env: { ...process.env, BITEXT_DATABASE: db, LOG_LEVEL: 'silent' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SENTENCES: Array<[string, string, string]> = [
  ['Welcome to Jiangmen.', '欢迎来到江门。', '歡迎來到江門。'],
  ['The bridge links three cities.', '大桥连接三座城市。', '大橋連接三座城市。'],
  ['Overseas Chinese returned to build schools.', '华侨回乡兴办学校。', '華僑回鄉興辦學校。'],
  ['The old town is famous for its watchtowers.', '老城以碉楼闻名。', '老城以碉樓聞名。'],
];

const tmx = (lang: string, pick: (s: [string, string, string]) => string): string => `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>
${SENTENCES.map((s) => `<tu><tuv xml:lang="en"><seg>${s[0]}</seg></tuv><tuv xml:lang="${lang}"><seg>${pick(s)}</seg></tuv></tu>`).join('\n')}
</body></tmx>
`;

/** An OmegaT 3.6 project with one source file and `tmx` in tm/auto/. */
function omegatProject(name: string, targetLang: string, tmxFile: string): string {
  const project = join(dir, name);
  for (const sub of ['source', 'target', 'tm/auto', 'glossary', 'dictionary', 'omegat']) mkdirSync(join(project, sub), { recursive: true });
  writeFileSync(join(project, 'omegat.project'), `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes><mask>**/.svn/**</mask></source_dir_excludes>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>EN-US</source_lang>
    <target_lang>${targetLang}</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
`);
  writeFileSync(join(project, 'source', 'article.txt'), `${SENTENCES.map((s) => s[0]).join('\n\n')}\n`);
  writeFileSync(join(project, 'tm', 'auto', 'bitext.tmx'), readFileSync(tmxFile));
  return project;
}

/** Runs OmegaT's console translation; the translated file's paragraphs. */
function consoleTranslate(project: string): string[] {
  const home = join(dir, `home-${project.split('/').pop()}`);
  mkdirSync(home, { recursive: true });
  const r = spawnSync(OMEGAT, [project, '--mode=console-translate', '--no-team', '--disable-project-locking', '--quiet', `--config-dir=${join(home, 'config')}`], {
    encoding: 'utf8', timeout: OMEGAT_TIMEOUT,
    // A temporary HOME: OmegaT writes its preferences there; headless: no display on CI.
    env: { ...process.env, HOME: home, JAVA_TOOL_OPTIONS: '-Djava.awt.headless=true' },
  });
  if (r.status !== 0) throw new Error(`omegat exited ${r.status}: ${r.stderr}\n${r.stdout}`);
  const out = join(project, 'target', 'article.txt');
  if (!existsSync(out)) throw new Error(`omegat wrote no target file:\n${r.stdout}\n${r.stderr}`);
  return readFileSync(out, 'utf8').split(/\n+/).filter((line) => line.trim() !== '');
}

const suite = AVAILABLE || UNDER_CI ? describe : describe.skip;

suite('OmegaT fills a project from Bitext’s TMX export', () => {
  let exported = '';
  let simplifiedOnly = '';

  beforeAll(() => {
    if (!AVAILABLE) throw new Error(`${OMEGAT} is missing: .ci/run installs omegat`);
    if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
    // One memory, both scripts for the same English, imported at different times (so the
    // zh-Hans and zh-Hant units of a sentence are far apart in the store, as after conversion).
    const db = join(dir, 'memory.db');
    const file = (name: string, content: string): string => (writeFileSync(join(dir, name), content), join(dir, name));
    expect(bitext(db, ['tm', 'import', file('hans.tmx', tmx('zh-CN', (s) => s[1]))]).code).toBe(0);
    expect(bitext(db, ['tm', 'import', file('hant.tmx', tmx('zh-HK', (s) => s[2]))]).code).toBe(0);
    exported = join(dir, 'bitext-export.tmx');
    const r = bitext(db, ['tm', 'export', '--format', 'tmx', '-o', exported]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    simplifiedOnly = join(dir, 'bitext-export-hans.tmx');
    expect(bitext(db, ['tm', 'export', '--format', 'tmx', '--target-locale', 'zh-Hans', '-o', simplifiedOnly]).code).toBe(0);
  }, 120_000);

  test('the export holds each sentence once, with a zh-CN and a zh-HK <tuv>', () => {
    const text = readFileSync(exported, 'utf8');
    for (const [en, hans, hant] of SENTENCES) {
      const tu = new RegExp(`<tu[ >](?:(?!</tu>)[\\s\\S])*<seg>${en.replace(/[.]/g, '\\.')}</seg>(?:(?!</tu>)[\\s\\S])*</tu>`).exec(text)?.[0] ?? '';
      expect(tu).toMatch(new RegExp(`<tuv xml:lang="zh-CN"[^>]*><seg>${hans}</seg></tuv>`));
      expect(tu).toMatch(new RegExp(`<tuv xml:lang="zh-HK"[^>]*><seg>${hant}</seg></tuv>`));
    }
  });

  test('an EN-US → ZH-CN project is filled with Simplified', () => {
    const lines = consoleTranslate(omegatProject('zh-cn', 'ZH-CN', exported));
    expect(lines).toEqual(SENTENCES.map((s) => s[1]));
    for (const line of lines) expect(detectHanScript(line)).not.toBe('Hant');
  }, OMEGAT_TIMEOUT);

  test('an EN-US → ZH-HK project is filled with Traditional', () => {
    const lines = consoleTranslate(omegatProject('zh-hk', 'ZH-HK', exported));
    expect(lines).toEqual(SENTENCES.map((s) => s[2]));
    for (const line of lines) expect(detectHanScript(line)).toBe('Hant');
  }, OMEGAT_TIMEOUT);

  test('one variant exported alone (--target-locale zh-Hans) fills a ZH-CN project too', () => {
    expect(consoleTranslate(omegatProject('zh-cn-hans-only', 'ZH-CN', simplifiedOnly))).toEqual(SENTENCES.map((s) => s[1]));
  }, OMEGAT_TIMEOUT);
});
