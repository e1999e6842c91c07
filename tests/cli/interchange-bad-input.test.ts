/**
 * Bad interchange files through the command line (#18): each refused whole with exit 1 and a
 * message naming the file, the line and the value, and nothing stored. Keeping every language
 * did not weaken the limits: entity declarations, nesting depth and text size are still refused,
 * in French units as in Chinese ones.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/stores';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'formats');
const dir = mkdtempSync(join(tmpdir(), 'bitext-bad-input-'));
let db = '';
let n = 0;

function bitext(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, BITEXT_DATABASE: db, LOG_LEVEL: 'silent' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A file in the test's folder; the CLI runs there, so messages name it as given. */
function file(name: string, content: string | Buffer): string {
  writeFileSync(join(dir, name), content);
  return name;
}

const memoryIsEmpty = (): boolean => bitext(['tm', 'export', '--format', 'csv']).stdout.trim().split('\n').length === 1;
const termbaseIsEmpty = (): boolean => bitext(['glossary', 'export', '--format', 'csv']).stdout.trim().split('\n').length === 1;

const HEADER = '<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>';
const tmx = (body: string, header = HEADER): string => `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">${header}<body>\n${body}\n</body></tmx>\n`;
const tu = (en: string, lang: string, text: string): string => `<tu><tuv xml:lang="en"><seg>${en}</seg></tuv><tuv xml:lang="${lang}"><seg>${text}</seg></tuv></tu>`;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
});
beforeEach(() => { db = join(dir, `store-${++n}.db`); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a language tag that is not BCP 47 (xx_YY@foo)', () => {
  test('TMX <tuv xml:lang>', () => {
    const r = bitext(['tm', 'import', file('tag.tmx', tmx(`${tu('Hello', 'zh-CN', '你好')}\n${tu('Bonjour', 'xx_YY@foo', '?')}`))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tag\.tmx \(line 4, <tuv>\): xml:lang="xx_YY@foo" is not a BCP 47 language tag/);
    expect(r.stderr).toMatch(/tag\.tmx: nothing was imported/);
    expect(memoryIsEmpty()).toBe(true);
  });

  test('XLIFF 2.0 trgLang, XLIFF 1.2 target-language, unit CSV, TBX <langSet>', () => {
    const x20 = readFileSync(join(FIXTURES, 'xliff/oasis-2.0-en-fr.xlf'), 'utf8').replace('trgLang="fr-FR"', 'trgLang="xx_YY@foo"');
    const r20 = bitext(['tm', 'import', file('tag20.xlf', x20)]);
    expect(r20.code).toBe(1);
    expect(r20.stderr).toMatch(/tag20\.xlf \(line 2, <xliff>\): trgLang="xx_YY@foo" is not a BCP 47 language tag/);
    const x12 = readFileSync(join(FIXTURES, 'xliff/zh-ja-1.2.xlf'), 'utf8').replace('target-language="ja-JP"', 'target-language="xx_YY@foo"');
    const r12 = bitext(['tm', 'import', file('tag12.xlf', x12)]);
    expect(r12.code).toBe(1);
    expect(r12.stderr).toMatch(/tag12\.xlf \(line 3, <file>\): target-language="xx_YY@foo" is not a BCP 47 language tag/);
    const csv = bitext(['tm', 'import', file('tag.csv', 'source_locale,source,target_locale,target\nen,Hello,zh-CN,你好\nen,Bye,xx_YY@foo,?\n')]);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toMatch(/tag\.csv \(line 3\): target_locale "xx_YY@foo" is not a BCP 47 language tag/);
    expect(memoryIsEmpty()).toBe(true);
    const tbx = readFileSync(join(FIXTURES, 'tbx/weblate-en-fr.tbx'), 'utf8').replace(/xml:lang="fr"/g, 'xml:lang="xx_YY@foo"');
    const rt = bitext(['glossary', 'import', file('tag.tbx', tbx)]);
    expect(rt.code).toBe(1);
    expect(rt.stderr).toMatch(/tag\.tbx \(line 15\): <langSet> xml:lang "xx_YY@foo" is not a BCP 47 language tag/);
    expect(termbaseIsEmpty()).toBe(true);
  });
});

describe('mixed encodings', () => {
  test('a UTF-8 TMX with a Latin-1 byte on line 4: the line and the byte', () => {
    const [before, after] = tmx(`${tu('Tea', 'zh-CN', '茶')}\n${tu('Cafe', 'fr', 'Café')}`).split('Cafe');
    const text = Buffer.concat([Buffer.from(`${before}Caf`), Buffer.from([0xe9]), Buffer.from(after)]);
    const r = bitext(['tm', 'import', file('mixed.tmx', text)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/mixed\.tmx \(line 4\): not valid utf-8 text: byte 0xE9: mixed encodings/);
    expect(memoryIsEmpty()).toBe(true);
  });

  test('a TBX declared UTF-16 whose bytes are UTF-8 with GB2312 inside', () => {
    const tbx = Buffer.concat([
      Buffer.from(readFileSync(join(FIXTURES, 'tbx/weblate-en-fr.tbx'), 'utf8').replace('<term>glossaire</term>', '<term>glossaire ')),
    ]);
    const at = tbx.indexOf('<term>glossaire ') + '<term>glossaire '.length;
    const bytes = Buffer.concat([tbx.subarray(0, at), Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), Buffer.from('</term>'), tbx.subarray(at)]);
    const r = bitext(['glossary', 'import', file('mixed.tbx', bytes)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/mixed\.tbx \(line 15\): not valid utf-8 text: byte 0xD6/);
    expect(termbaseIsEmpty()).toBe(true);
  });
});

describe('a TMX whose srclang names a language no unit has', () => {
  test('header srclang', () => {
    const r = bitext(['tm', 'import', file('srclang.tmx', tmx(tu('Hello', 'zh-CN', '你好'), HEADER.replace('srclang="en"', 'srclang="de-DE"')))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/srclang\.tmx \(line 3, <tu>\): the header's srclang "de-DE" names a language this translation unit has no <tuv> in \(it has en, zh-CN\)/);
    expect(memoryIsEmpty()).toBe(true);
  });

  test('a unit’s own srclang', () => {
    const r = bitext(['tm', 'import', file('tu-srclang.tmx', tmx(`${tu('Hello', 'zh-CN', '你好')}\n<tu srclang="ja"><tuv xml:lang="en"><seg>Bye</seg></tuv><tuv xml:lang="fr"><seg>Salut</seg></tuv></tu>`))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tu-srclang\.tmx \(line 4, <tu>\): its srclang "ja" names a language/);
    expect(memoryIsEmpty()).toBe(true);
  });
});

describe('values invalid for a field Bitext knows', () => {
  test('XLIFF 2.0 state="badState" (OASIS test suite): attribute, value, file and line', () => {
    const r = bitext(['tm', 'import', file('invalid-state.xlf', readFileSync(join(FIXTURES, 'xliff/oasis-2.0-invalid-state.xlf')))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid-state\.xlf \(line 11, <segment>\): unknown state "badState": state="badState" is not an XLIFF 2\.0 state/);
    expect(r.stderr).not.toMatch(/target language/);
    expect(memoryIsEmpty()).toBe(true); // the valid unit before it is not kept either
  });

  test('TBX administrativeStatus outside TBX’s list: the whole file refused, file, line and value', () => {
    const source = readFileSync(join(FIXTURES, 'tbx/ltac-astronomy-en-es-zu.tbx'), 'utf8');
    const at = source.indexOf('preferredTerm-admn-sts', source.indexOf('astro-003'));
    const bad = source.slice(0, at) + 'bestTerm-admn-sts' + source.slice(at + 'preferredTerm-admn-sts'.length);
    const line = bad.slice(0, at).split('\n').length;
    const r = bitext(['glossary', 'import', file('status.tbx', bad)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`status\\.tbx \\(line ${line}\\): unknown term status "bestTerm-admn-sts" for "star": administrativeStatus "bestTerm-admn-sts" is not a TBX value`));
    expect(termbaseIsEmpty()).toBe(true);
  });
});

describe('the limits hold for every language', () => {
  const lol = (): string => {
    const lines = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lines.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    return lines.join('\n');
  };

  test('entity expansion (billion laughs) in a French unit: TMX, XLIFF, TBX', () => {
    const t = bitext(['tm', 'import', file('lol.tmx', `<?xml version="1.0"?>\n<!DOCTYPE tmx [\n${lol()}\n]>\n<tmx version="1.4">${HEADER}<body>${tu('Hi', 'fr', '&lol9;')}</body></tmx>`)]);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/lol\.tmx \(line \d+\): DOCTYPE declares entities, which are not allowed/);
    const x = bitext(['tm', 'import', file('lol.xlf', `<?xml version="1.0"?>\n<!DOCTYPE xliff [\n${lol()}\n]>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"><file id="f"><unit id="u"><segment><source>Hi</source><target>&lol9;</target></segment></unit></file></xliff>`)]);
    expect(x.code).toBe(1);
    expect(x.stderr).toMatch(/lol\.xlf \(line \d+\): DOCTYPE declares entities/);
    const g = bitext(['glossary', 'import', file('lol.tbx', `<?xml version="1.0"?>\n<!DOCTYPE martif [\n${lol()}\n]>\n<martif type="TBX"><text><body><termEntry><langSet xml:lang="zu"><tig><term>&lol9;</term></tig></langSet></termEntry></body></text></martif>`)]);
    expect(g.code).toBe(1);
    expect(g.stderr).toMatch(/lol\.tbx \(line \d+\): DOCTYPE declares entities/);
    expect(memoryIsEmpty()).toBe(true);
    expect(termbaseIsEmpty()).toBe(true);
  });

  test('nesting depth: 100 <hi> in a Portuguese segment, 50 levels in a TBX', () => {
    const t = bitext(['tm', 'import', file('deep.tmx', tmx(`<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="pt-PT"><seg>${'<hi>'.repeat(100)}x${'</hi>'.repeat(100)}</seg></tuv></tu>`))]);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/deep\.tmx \(line 3\): elements nested deeper than 64/);
    const g = bitext(['glossary', 'import', file('deep.tbx', `<martif type="TBX"><text><body><termEntry><langSet xml:lang="es"><tig><term>a</term>${'<note>'.repeat(50)}x${'</note>'.repeat(50)}</tig></langSet></termEntry></body></text></martif>`)]);
    expect(g.code).toBe(1);
    expect(g.stderr).toMatch(/deep\.tbx \(line 1\): .*nested deeper than 40/);
  });

  test('text size: a 4 MB Japanese segment without markup', () => {
    const r = bitext(['tm', 'import', file('huge.tmx', tmx(tu('a', 'ja', 'あ'.repeat(4_100_000))))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/huge\.tmx \(line 3(, <seg>)?\): (segment text too long|more than 4000000 characters without markup)/);
    expect(memoryIsEmpty()).toBe(true);
  });
});

describe('what an import cannot keep is reported, not dropped in silence', () => {
  test('tm import of the OASIS XLIFF 2.0 sample and the LISA TMX: counts on stdout, each unkept element on stderr', () => {
    const x = bitext(['tm', 'import', join(FIXTURES, 'xliff/oasis-2.0-en-fr.xlf')]);
    expect(x.code).toBe(0);
    expect(x.stdout).toMatch(/oasis-2\.0-en-fr\.xlf: 7 translation units read; 7 added, 0 updated, 0 duplicates skipped/);
    for (const element of ['<note> outside <unit> ×1', '<skeleton> ×1', '<mda:metadata> ×1', '<mtc:matches> ×1', '<gls:glossary> ×1']) expect(x.stderr).toContain(element);
    const t = bitext(['tm', 'import', join(FIXTURES, 'tmx/lisa-kit-multilingual-utf16.tmx')]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/6 translation units read \(9 memory units: one per working language pair\); 9 added/);
    expect(t.stderr).toMatch(/<prop> in <header> ×1 not kept \(file-level metadata\): line 5 "Macao SAR"/);
  });

  test('glossary import of Weblate’s TBX names the note attribute it cannot keep; --strict refuses the file', () => {
    const file = join(FIXTURES, 'tbx/weblate-en-fr.tbx');
    const r = bitext(['glossary', 'import', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/<note from> ×3 not kept/);
    db = join(dir, `store-${++n}.db`);
    const strict = bitext(['glossary', 'import', file, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/weblate-en-fr\.tbx \(line 16\): <note from> cannot be kept by Bitext.*--strict refuses the file/);
    expect(termbaseIsEmpty()).toBe(true);
  });
});
