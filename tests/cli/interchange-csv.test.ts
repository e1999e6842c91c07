/**
 * CSV interchange through the command line (#18): terms and segments holding the list separator,
 * the CSV delimiters and quotes come back intact; cells a spreadsheet would run as formulas are
 * neutralised on export and restored on import; a reader that closes the pipe early
 * (`bitext tm export --format csv | head -1`) ends the export quietly with exit 0.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/stores';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'bitext-csv-'));
let n = 0;
const newDb = (): string => join(dir, `store-${++n}.db`);

function bitext(db: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, BITEXT_DATABASE: db, LOG_LEVEL: 'silent' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string): string {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('glossary CSV', () => {
  // The separator of several terms in a cell (|), the CSV delimiters of other locales (; and ,),
  // quotes, a backslash, and cells a spreadsheet would run (= + - @).
  const TERMS: Array<[string, string, string]> = [
    ['input|output', '输入|输出', 'fr'],
    ['Guangdong, Hong Kong; Macao', '粤港澳', 'fr'],
    ['the "Bay Area"', '“大湾区”', 'fr'],
    ['C:\\path\\|pipe', '路径', 'fr'],
    ['=SUM(A1:A2)', '+86 热线', '-1 jour'],
    ['@mention', '@提及', 'fr'],
  ];
  const tbx = `<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
${TERMS.map(([en, zh, fr], i) => `<termEntry id="t${i}"><langSet xml:lang="en"><tig><term>${escapeXml(en)}</term></tig></langSet><langSet xml:lang="zh-CN"><tig><term>${escapeXml(zh)}</term></tig></langSet><langSet xml:lang="fr"><tig><term>${escapeXml(fr === 'fr' ? `${en} (fr)` : fr)}</term></tig></langSet></termEntry>`).join('\n')}
</body></text></martif>
`;

  test('a term holding the list separator, delimiters, quotes or a formula exports and re-imports intact', () => {
    const first = newDb();
    expect(bitext(first, ['glossary', 'import', file('terms.tbx', tbx)]).code).toBe(0);
    const csvPath = join(dir, 'terms.csv');
    expect(bitext(first, ['glossary', 'export', '--format', 'csv', '-o', csvPath])).toMatchObject({ code: 0, stderr: '' });
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv).toContain('input\\|output');
    expect(csv).toContain("'=SUM(A1:A2)");
    expect(csv).toContain("'+86 热线");
    expect(csv).toContain("'-1 jour");
    expect(csv).toContain("'@mention");

    const second = newDb();
    const r = bitext(second, ['glossary', 'import', csvPath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(`${TERMS.length} concepts added`);
    // The same termbase: its TBX export is the first one's, term for term.
    expect(bitext(second, ['glossary', 'export', '--format', 'tbx']).stdout).toBe(bitext(first, ['glossary', 'export', '--format', 'tbx']).stdout);
    const back = bitext(second, ['glossary', 'export', '--format', 'tbx']).stdout;
    for (const [en, zh] of TERMS) {
      expect(back).toContain(`<term>${escapeXml(en)}</term>`);
      expect(back).toContain(`<term>${escapeXml(zh)}</term>`);
    }
  });
});

describe('unit CSV', () => {
  const PAIRS: Array<[string, string]> = [
    ['One, two; three', '一，二；三'],
    ['She said "yes"', '她说“是”'],
    ['Two\nlines', '两\n行'],
    ['=HYPERLINK("http://example.com")', '=1+1'],
    ['+86 20 1234 5678', '-5 °C'],
    ['@everyone', '\t缩进'],
  ];
  const tmx = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>
${PAIRS.map(([en, zh]) => `<tu><tuv xml:lang="en"><seg>${escapeXml(en)}</seg></tuv><tuv xml:lang="zh-CN"><seg>${escapeXml(zh)}</seg></tuv></tu>`).join('\n')}
</body></tmx>
`;

  test('delimiters, quotes, newlines and formula cells: neutralised on export, the same texts after re-import', () => {
    const first = newDb();
    expect(bitext(first, ['tm', 'import', file('memory.tmx', tmx)]).code).toBe(0);
    const csvPath = join(dir, 'memory.csv');
    expect(bitext(first, ['tm', 'export', '--format', 'csv', '-o', csvPath]).code).toBe(0);
    const csv = readFileSync(csvPath, 'utf8');
    for (const cell of [`"'=HYPERLINK(""http://example.com"")"`, "'=1+1", "'+86 20 1234 5678", "'-5 °C", "'@everyone", "'\t缩进"]) expect(csv).toContain(cell);

    const second = newDb();
    const r = bitext(second, ['tm', 'import', csvPath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(`${PAIRS.length} added`);
    expect(bitext(second, ['tm', 'export', '--format', 'csv']).stdout).toBe(bitext(first, ['tm', 'export', '--format', 'csv']).stdout);
    const back = bitext(second, ['tm', 'export', '--format', 'tmx']).stdout;
    for (const [en, zh] of PAIRS) {
      expect(back).toContain(`<seg>${escapeXml(en)}</seg>`);
      expect(back).toContain(`<seg>${escapeXml(zh)}</seg>`);
    }
  });
});

describe('a closed pipe', () => {
  test('`bitext tm export | head -1` and `bitext glossary export | head -1` end quietly with exit 0', () => {
    const db = newDb();
    // Enough units that the export is still writing when head has closed the pipe.
    const units = Array.from({ length: 6000 }, (_, i) => `<tu><tuv xml:lang="en"><seg>Sentence ${i} of a long memory.</seg></tuv><tuv xml:lang="zh-CN"><seg>长记忆库的第${i}句。</seg></tuv></tu>`);
    expect(bitext(db, ['tm', 'import', file('big.tmx', `<?xml version="1.0"?><tmx version="1.4"><header srclang="en" creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/><body>\n${units.join('\n')}\n</body></tmx>`)]).code).toBe(0);
    const terms = Array.from({ length: 3000 }, (_, i) => `<termEntry id="c${i}"><langSet xml:lang="en"><tig><term>term ${i}</term></tig></langSet></termEntry>`);
    expect(bitext(db, ['glossary', 'import', file('big.tbx', `<martif type="TBX"><text><body>${terms.join('\n')}</body></text></martif>`)]).code).toBe(0);
    for (const command of ['tm export --format csv', 'tm export --format tmx', 'tm export --format xliff --xliff-version 1.2', 'glossary export --format csv', 'glossary export --format tbx']) {
      const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${CLI}" ${command} | head -1`], {
        cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, BITEXT_DATABASE: db, LOG_LEVEL: 'silent' },
      });
      expect({ command, code: r.status, stderr: r.stderr }).toEqual({ command, code: 0, stderr: '' });
      expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });
});

describe('an export that fails half-way', () => {
  test('leaves no truncated file behind, and an existing file as it was', () => {
    const db = newDb();
    // Two language pairs: XLIFF 2.0 holds one per file, so the export stops once it meets the second.
    const units = Array.from({ length: 50 }, (_, i) => `<tu><tuv xml:lang="en"><seg>Line ${i}.</seg></tuv><tuv xml:lang="zh-CN"><seg>第${i}行。</seg></tuv><tuv xml:lang="zh-HK"><seg>第${i}行。</seg></tuv></tu>`);
    expect(bitext(db, ['tm', 'import', file('pairs.tmx', `<?xml version="1.0"?><tmx version="1.4"><header srclang="en" creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/><body>\n${units.join('\n')}\n</body></tmx>`)]).code).toBe(0);
    const fresh = join(dir, 'fresh.xlf');
    const failed = bitext(db, ['tm', 'export', '--format', 'xliff', '-o', fresh]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/XLIFF 2\.0 holds one language pair per file/);
    expect(existsSync(fresh)).toBe(false);
    const kept = file('kept.xlf', 'the previous export\n');
    expect(bitext(db, ['tm', 'export', '--format', 'xliff', '-o', kept]).code).toBe(1);
    expect(readFileSync(kept, 'utf8')).toBe('the previous export\n');
    expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
    expect(bitext(db, ['tm', 'export', '--format', 'xliff', '--target-locale', 'zh-Hans', '-o', kept]).code).toBe(0);
    expect(readFileSync(kept, 'utf8')).toContain('<target>第49行。</target>');
    // Standard output by name is standard output; a path that cannot be written is named.
    const piped = bitext(db, ['tm', 'export', '--format', 'csv', '-o', '/dev/stdout']);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('Line 49.');
    const nowhere = bitext(db, ['tm', 'export', '--format', 'csv', '-o', join(dir, 'no-such-folder', 'x.csv')]);
    expect([nowhere.code, nowhere.stderr.trim()]).toEqual([2, `bitext: -o: ${join(dir, 'no-such-folder', 'x.csv')}: its folder does not exist`]);
    const folder = bitext(db, ['glossary', 'export', '--format', 'csv', '-o', dir]);
    expect([folder.code, folder.stderr.trim()]).toEqual([2, `bitext: -o: ${dir}: is a folder`]);
  });
});
