import { detectUnitFormat, getUnitFormat, tmxAdapter, type ImportedUnit } from '../../src/formats';
import { unitFormatHarness } from './unit-format-harness';

const { read, write, readError } = unitFormatHarness(tmxAdapter, 'memory.tmx', 7);

const header = '<header srclang="en" creationtool="test" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="test"/>';
const tmx = (body: string, head = header): string => `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n${head}\n<body>\n${body}\n</body>\n</tmx>\n`;
const tu = (en: string, zhLang: string, zh: string): string => `<tu><tuv xml:lang="en"><seg>${en}</seg></tuv><tuv xml:lang="${zhLang}"><seg>${zh}</seg></tuv></tu>`;

describe('TMX read', () => {
  test('reads units, locales, notes, creator and date, inline codes as tokens', async () => {
    const units = await read(tmx(`<tu creationid="ann" creationdate="20240115T093000Z"><note>checked</note>
<tuv xml:lang="EN-US"><seg>Click <bpt i="1" type="bold">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> &amp; go<ph x="2">&lt;br/&gt;</ph></seg></tuv>
<tuv xml:lang="zh-CN"><seg>点击<bpt i="1" type="bold">&lt;b&gt;</bpt>保存<ept i="1">&lt;/b&gt;</ept>然后走<ph x="2">&lt;br/&gt;</ph></seg></tuv></tu>`));
    expect(units).toHaveLength(1);
    const [u] = units;
    expect(u).toMatchObject({
      sourceLocale: 'en', targetLocale: 'zh-Hans', sourceText: 'Click {bpt:1}Save{ept:1} & go{ph:2}', targetText: '点击{bpt:1}保存{ept:1}然后走{ph:2}',
      status: 'translated', origin: 'imported', note: 'checked', createdBy: 'ann', createdAt: '2024-01-15T09:30:00Z',
    });
    expect(u.inlineCodes).toEqual([
      { id: '1', kind: 'bpt', native: '<bpt i="1" type="bold">&lt;b&gt;</bpt>' },
      { id: '1', kind: 'ept', native: '<ept i="1">&lt;/b&gt;</ept>' },
      { id: '2', kind: 'ph', native: '<ph x="2">&lt;br/&gt;</ph>' },
    ]);
  });

  test('Chinese tags: regions decide the script, bare zh is decided by the text', async () => {
    const units = await read(tmx([
      tu('a', 'zh-TW', '這個'), tu('b', 'zh-HK', '這個'), tu('c', 'zh-MO', '這個'), tu('d', 'zh-SG', '这个'),
      tu('e', 'zh', '這個國家的語言'), tu('f', 'zh', '这个国家的语言'), tu('g', 'ZH-hant', '這'),
    ].join('\n')));
    expect(units.map((u) => u.targetLocale)).toEqual(['zh-Hant', 'zh-Hant', 'zh-Hant', 'zh-Hans', 'zh-Hant', 'zh-Hans', 'zh-Hant']);
  });

  // Since #18 the other languages are kept (they were skipped before), as variants of the first unit.
  test('one unit per working target language; other languages kept as variants', async () => {
    const units = await read(tmx('<tu><tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="zh-Hans"><seg>你好</seg></tuv><tuv xml:lang="zh-Hant"><seg>你好</seg></tuv></tu>'));
    expect(units.map((u) => `${u.sourceLocale}>${u.targetLocale}:${u.targetText}`)).toEqual(['en>zh-Hans:你好', 'en>zh-Hant:你好']);
    expect(units[0].variants).toEqual([{ locale: 'fr', text: 'Bonjour' }]);
    expect(units[1].variants).toBeUndefined();
  });

  test('TMX 1.1: lang attribute instead of xml:lang', async () => {
    const units = await read(`<?xml version="1.0"?><tmx version="1.1"><header srclang="EN" creationtool="old" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="EN" o-tmf="x"></header><body><tu><tuv lang="EN"><seg>Good morning</seg></tuv><tuv lang="ZH-TW"><seg>早安</seg></tuv></tu></body></tmx>`);
    expect(units).toEqual([expect.objectContaining({ sourceLocale: 'en', sourceText: 'Good morning', targetLocale: 'zh-Hant', targetText: '早安' })]);
  });

  test('UTF-16 with a BOM (little and big endian) and UTF-8 with a BOM', async () => {
    const text = tmx(tu('Tea', 'zh-CN', '茶')).replace('UTF-8', 'UTF-16');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const beBody = Buffer.from(text, 'utf16le');
    for (let i = 0; i < beBody.length; i += 2) { const t = beBody[i]; beBody[i] = beBody[i + 1]; beBody[i + 1] = t; }
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), beBody]);
    const utf8bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(tmx(tu('Tea', 'zh-CN', '茶')))]);
    for (const bytes of [le, be, utf8bom]) {
      expect(await read(bytes)).toEqual([expect.objectContaining({ sourceText: 'Tea', targetText: '茶', targetLocale: 'zh-Hans' })]);
    }
  });

  test('a DOCTYPE naming the TMX DTD is fine (and not fetched)', async () => {
    const text = tmx(tu('x', 'zh', '字')).replace('<tmx', '<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">\n<tmx');
    expect(await read(text)).toHaveLength(1);
  });
});

describe('TMX bad input', () => {
  test('no srclang', async () => {
    const e = await readError(tmx(tu('a', 'zh', '字'), '<header creationtool="x" datatype="plaintext"/>'));
    expect(e.message).toMatch(/memory\.tmx \(line 3, <header>\): the header has no srclang/);
    expect(e.line).toBe(3);
  });

  // TMX 1.4b asks for one or more <tuv>: a source alone is an untranslated unit (Translate Toolkit reads it so), not an error (#18).
  test('a unit with its source alone is kept with an empty target; one with no <tuv> names its line', async () => {
    const units = await read(tmx(`${tu('a', 'zh', '字')}\n<tu><tuv xml:lang="en"><seg>alone</seg></tuv></tu>`));
    expect(units[1]).toMatchObject({ sourceLocale: 'en', sourceText: 'alone', targetLocale: 'zh-Hans', targetText: '', status: 'new' });
    const e = await readError(tmx(`${tu('a', 'zh', '字')}\n<tu>\n</tu>`));
    expect(e.line).toBe(6);
    expect(e.message).toMatch(/line 6.*has no <tuv>/);
  });

  test('truncated file', async () => {
    const text = tmx(tu('a', 'zh', '字'));
    const e = await readError(text.slice(0, text.length - 20));
    expect(e.message).toMatch(/memory\.tmx \(line \d+\)/);
  });

  test('wrong nesting', async () => {
    const e = await readError(tmx('<tu><tuv xml:lang="en"><seg>a</tuv></seg></tu>'));
    expect(e.line).toBe(5);
  });

  test('undeclared entity, with its line', async () => {
    const e = await readError(tmx(`${tu('a', 'zh', '字')}\n${tu('b &nbsp; c', 'zh', '字')}`));
    expect(e.line).toBe(6);
    expect(e.message).toMatch(/entity/);
  });

  test('billion laughs is refused before it expands', async () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const text = `<?xml version="1.0"?>\n<!DOCTYPE tmx [\n${lol.join('\n')}\n]>\n<tmx version="1.4">${header}<body>${tu('&lol9;', 'zh', '字')}</body></tmx>`;
    const started = Date.now();
    const e = await readError(text);
    // Expanded, it is 3 billion characters: minutes, or out of memory. Refused, milliseconds.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(e.message).toMatch(/entities/);
  });

  test('an external entity is never resolved', async () => {
    const text = `<?xml version="1.0"?>\n<!DOCTYPE tmx [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<tmx version="1.4">${header}<body>${tu('&xxe;', 'zh', '字')}</body></tmx>`;
    const e = await readError(text);
    expect(e.message).not.toMatch(/root:/);
    // Even without a declaration the reference is an error, never file content.
    const e2 = await readError(tmx(tu('&xxe;', 'zh', '字')));
    expect(e2.message).toMatch(/entity/);
  });

  test('elements nested too deep', async () => {
    const e = await readError(tmx(`<tu><tuv xml:lang="en"><seg>${'<hi>'.repeat(100)}x${'</hi>'.repeat(100)}</seg></tuv></tu>`));
    expect(e.message).toMatch(/deeper/);
  });

  test('0-byte and binary files', async () => {
    expect((await readError(Buffer.alloc(0))).message).toMatch(/empty/);
    expect((await readError(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]))).message).toMatch(/binary|not valid/);
  });

  test('not a TMX file', async () => {
    expect((await readError('<html><body/></html>')).message).toMatch(/not a TMX file/);
  });
});

describe('TMX write', () => {
  const units: ImportedUnit[] = [
    {
      sourceLocale: 'en', sourceText: 'Tom & Jerry <friends> {bpt:1}bold{ept:1}', targetLocale: 'zh-Hans', targetText: '汤姆和杰瑞{bpt:1}粗体{ept:1}',
      status: 'approved', origin: 'human', note: 'a "note"', createdBy: 'ann', createdAt: '2024-01-15T09:30:00.000Z',
      inlineCodes: [{ id: '1', kind: 'bpt', native: '<bpt i="1">&lt;b&gt;</bpt>' }, { id: '1', kind: 'ept', native: '<ept i="1">&lt;/b&gt;</ept>' }],
    },
    { sourceLocale: 'en', sourceText: 'Plain', targetLocale: 'zh-Hant', targetText: '樸素', status: 'translated', origin: 'mt:deepl', note: null, inlineCodes: [] },
    { sourceLocale: 'zh-Hans', sourceText: '你好', targetLocale: 'en', targetText: 'Hello', status: 'draft', origin: 'aligned', note: null, inlineCodes: [] },
  ];

  test('writes a TMX 1.4b header and escaped text', async () => {
    const text = await write(units);
    expect(text).toMatch(/<tmx version="1\.4">/);
    expect(text).toMatch(/<header creationtool="Bitext" creationtoolversion="[^"]+" datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" o-tmf="[^"]+"\/>/);
    expect(text).toContain('Tom &amp; Jerry &lt;friends&gt; <bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept>');
    // Region codes by default since #18.
    expect(text).toContain('<tu srclang="zh-CN">');
  });

  test('round trip keeps text, locales, status, origin, codes, note, creator and date', async () => {
    const back = await read(await write(units));
    expect(back).toEqual(units.map((u) => ({ ...u, ...(u.createdAt ? { createdAt: '2024-01-15T09:30:00Z' } : {}) })));
  });

  test('codes from XLIFF become TMX codes', async () => {
    const text = await write([{
      sourceLocale: 'en', sourceText: 'A {g:1}b{/g:1} {x:2}', targetLocale: 'zh-Hans', targetText: '甲{g:1}乙{/g:1}{x:2}', status: 'translated', origin: 'imported', note: null,
      inlineCodes: [{ id: '1', kind: 'g', native: '<g id="1" ctype="bold">' }, { id: '2', kind: 'x', native: '<x id="2"/>' }],
    }]);
    expect(text).toContain('A <bpt i="1">&lt;g id="1" ctype="bold"&gt;</bpt>b<ept i="1">&lt;/g&gt;</ept> <ph x="2">&lt;x id="2"/&gt;</ph>');
    const [back] = await read(text);
    expect(back.sourceText).toBe('A {bpt:1}b{ept:1} {ph:2}');
  });
});

describe('unit formats by name and file name', () => {
  test('getUnitFormat and detectUnitFormat', () => {
    expect(getUnitFormat('tmx').name).toBe('tmx');
    expect(getUnitFormat('xliff').name).toBe('xliff');
    expect(getUnitFormat('csv').name).toBe('csv');
    expect(detectUnitFormat('Memory.TMX')).toBe('tmx');
    expect(detectUnitFormat('a.xlf')).toBe('xliff');
    expect(detectUnitFormat('a.xliff')).toBe('xliff');
    expect(detectUnitFormat('units.csv')).toBe('csv');
    expect(detectUnitFormat('notes.docx')).toBeUndefined();
  });
});
