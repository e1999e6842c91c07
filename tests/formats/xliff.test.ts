import { xliffAdapter, type ImportedUnit } from '../../src/formats';
import { unitFormatHarness } from './unit-format-harness';

const { read, write, readError } = unitFormatHarness(xliffAdapter, 'job.xlf', 11);

const x12 = (units: string, lang = 'target-language="zh-CN"'): string => `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="en-US" ${lang} datatype="plaintext" original="a.txt">
<body>
${units}
</body>
</file>
</xliff>
`;
const x20 = (units: string, trg = 'zh-TW'): string => `<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="${trg}">
<file id="f1">
${units}
</file>
</xliff>
`;

describe('XLIFF 1.2 read', () => {
  test('states map to ours, approved="yes" wins, alt-trans is ignored', async () => {
    const states = ['new', 'needs-translation', 'translated', 'needs-review-translation', 'signed-off', 'final'];
    const body = states.map((s, i) => `<trans-unit id="${i}"><source>S${i}</source><target state="${s}">T${i}</target></trans-unit>`).join('\n')
      + '\n<trans-unit id="a" approved="yes"><source>Approved</source><target state="translated">批准</target>'
      + '<alt-trans><source>Other</source><target>别的</target></alt-trans><note>from the client</note></trans-unit>'
      + '\n<trans-unit id="n"><source>No target yet</source></trans-unit>';
    const units = await read(x12(body));
    expect(units.map((u) => u.status)).toEqual(['new', 'new', 'translated', 'translated', 'approved', 'approved', 'approved', 'new']);
    expect(units[6]).toMatchObject({ sourceText: 'Approved', targetText: '批准', note: 'from the client', sourceLocale: 'en', targetLocale: 'zh-Hans' });
    expect(units[7].targetText).toBe('');
  });

  test('inline codes: g is paired, x is empty, ph keeps its native code, mrk is transparent', async () => {
    const [u] = await read(x12('<trans-unit id="1"><source>Press <g id="1" ctype="bold">Save</g><x id="2"/> <ph id="3">&lt;br&gt;</ph> <mrk mtype="term">now</mrk></source>'
      + '<target>按<g id="1" ctype="bold">保存</g><x id="2"/><ph id="3">&lt;br&gt;</ph><mrk mtype="term">现在</mrk></target></trans-unit>'));
    expect(u.sourceText).toBe('Press {g:1}Save{/g:1}{x:2} {ph:3} now');
    expect(u.targetText).toBe('按{g:1}保存{/g:1}{x:2}{ph:3}现在');
    expect(u.inlineCodes).toEqual([
      { id: '1', kind: 'g', native: '<g id="1" ctype="bold">' },
      { id: '2', kind: 'x', native: '<x id="2"/>' },
      { id: '3', kind: 'ph', native: '<ph id="3">&lt;br&gt;</ph>' },
    ]);
  });

  test('an unknown state names its line', async () => {
    const e = await readError(x12('<trans-unit id="1"><source>a</source>\n<target state="done-ish">b</target></trans-unit>'));
    expect(e.message).toMatch(/job\.xlf \(line 6, <target>\): unknown state "done-ish"/);
    expect(e.line).toBe(6);
  });

  test('no target language anywhere is an error; xml:lang on the target is enough', async () => {
    expect((await readError(x12('<trans-unit id="1"><source>a</source><target>b</target></trans-unit>', ''))).message).toMatch(/target language/);
    const [u] = await read(x12('<trans-unit id="1"><source>a</source><target xml:lang="zh-HK">乙</target></trans-unit>', ''));
    expect(u.targetLocale).toBe('zh-Hant');
  });
});

describe('XLIFF 2.0 read', () => {
  test('segments, states, notes and codes', async () => {
    const units = await read(x20(`<unit id="u1"><notes><note>check terms</note></notes>
<segment state="initial"><source>One</source><target>一</target></segment>
<segment state="translated"><source>Two</source><target>二</target></segment></unit>
<unit id="u2"><originalData><data id="d1">&lt;b&gt;</data></originalData>
<segment state="reviewed"><source>Three <pc id="1" dataRefStart="d1">bold</pc><ph id="2"/></source><target>三<pc id="1" dataRefStart="d1">粗</pc><ph id="2"/></target></segment></unit>
<unit id="u3"><segment state="final"><source>Four</source><target>四</target></segment></unit>
<unit id="u4"><segment><source>Five</source><target>五</target></segment><ignorable><source> </source></ignorable></unit>`));
    expect(units.map((u) => [u.sourceText, u.status, u.targetLocale])).toEqual([
      ['One', 'new', 'zh-Hant'], ['Two', 'translated', 'zh-Hant'], ['Three {pc:1}bold{/pc:1}{ph:2}', 'translated', 'zh-Hant'],
      ['Four', 'approved', 'zh-Hant'], ['Five', 'translated', 'zh-Hant'],
    ]);
    expect(units[0].note).toBe('check terms');
    // A code pointing at originalData keeps the original code; one without keeps its element.
    expect(units[2].inlineCodes).toEqual([{ id: '1', kind: 'pc', native: '<b>' }, { id: '2', kind: 'ph', native: '<ph id="2"/>' }]);
  });

  test('an unknown 2.0 state names its line', async () => {
    const e = await readError(x20('<unit id="u1">\n<segment state="approved"><source>a</source><target>b</target></segment></unit>'));
    expect(e.line).toBe(5);
    expect(e.message).toMatch(/unknown state "approved"/);
  });

  test('a bare zh target language is decided by the text', async () => {
    const [u] = await read(x20('<unit id="u1"><segment state="final"><source>Country</source><target>這個國家</target></segment></unit>', 'zh'));
    expect(u.targetLocale).toBe('zh-Hant');
  });
});

describe('XLIFF bad input', () => {
  test('truncated, wrong nesting, undeclared entity, entity declarations, 0-byte, binary, wrong root', async () => {
    const good = x20('<unit id="u1"><segment><source>a</source><target>b</target></segment></unit>');
    expect((await readError(good.slice(0, good.length - 30))).message).toMatch(/job\.xlf \(line \d+\)/);
    expect((await readError(x20('<unit id="u1"><segment><source>a</segment></source></unit>'))).line).toBe(4);
    expect((await readError(x20('<unit id="u1"><segment><source>a &copy;</source></segment></unit>'))).message).toMatch(/entity/);
    const lol = '<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><xliff version="2.0" srcLang="en" trgLang="zh"><file id="f"><unit id="u"><segment><source>&b;</source></segment></unit></file></xliff>';
    expect((await readError(lol)).message).toMatch(/entities/);
    expect((await readError(Buffer.alloc(0))).message).toMatch(/empty/);
    expect((await readError(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0, 0, 0x21, 0x00]))).message).toMatch(/binary|not valid/);
    expect((await readError('<tmx version="1.4"/>')).message).toMatch(/not an XLIFF file/);
  });
});

describe('XLIFF 2.0 write', () => {
  const units: ImportedUnit[] = [
    { sourceLocale: 'en', sourceText: 'New <one> & "quoted"', targetLocale: 'zh-Hans', targetText: '', status: 'new', origin: 'imported', note: null, inlineCodes: [] },
    { sourceLocale: 'en', sourceText: 'Draft', targetLocale: 'zh-Hans', targetText: '草稿', status: 'draft', origin: 'mt:deepl', note: 'machine', inlineCodes: [] },
    { sourceLocale: 'en', sourceText: 'Done', targetLocale: 'zh-Hans', targetText: '完成', status: 'translated', origin: 'aligned', note: null, inlineCodes: [] },
    {
      sourceLocale: 'en', sourceText: 'Click {bpt:1}Save{ept:1}{ph:2}', targetLocale: 'zh-Hans', targetText: '点击{bpt:1}保存{ept:1}{ph:2}', status: 'approved', origin: 'human', note: null,
      inlineCodes: [
        { id: '1', kind: 'bpt', native: '<bpt i="1">&lt;b&gt;</bpt>' }, { id: '1', kind: 'ept', native: '<ept i="1">&lt;/b&gt;</ept>' },
        { id: '2', kind: 'ph', native: '<ph x="2">&lt;br/&gt;</ph>' },
      ],
    },
  ];

  test('valid-looking XLIFF 2.0 with states, originalData and escaped text', async () => {
    const text = await write(units);
    // Region codes by default since #18 (CAT tools read zh-Hans and zh-Hant both as "zh").
    expect(text).toMatch(/<xliff xmlns="urn:oasis:names:tc:xliff:document:2\.0"[^>]* version="2\.0" srcLang="en" trgLang="zh-CN">/);
    expect(text).toContain('<source>New &lt;one&gt; &amp; "quoted"</source>');
    expect(text).toContain('<segment state="final">');
    expect(text).toContain('<data id="d1">&lt;b&gt;</data>');
    // A well-nested bpt/ept pair is one <pc> (#15), its start and end markup in originalData.
    expect(text).toContain('<source>Click <pc id="p1" dataRefStart="d1" dataRefEnd="d2">Save</pc><ph id="ph2" dataRef="d3"/></source>');
  });

  test('round trip keeps text, status (draft too), origin and note', async () => {
    const back = await read(await write(units));
    expect(back.map((u) => [u.sourceText, u.targetText, u.status, u.origin, u.note])).toEqual(units.map((u) => [
      u.sourceText.replace('{bpt:1}', '{bpt:p1}').replace('{ept:1}', '{ept:p1}').replace('{ph:2}', '{ph:ph2}'),
      u.targetText.replace('{bpt:1}', '{bpt:p1}').replace('{ept:1}', '{ept:p1}').replace('{ph:2}', '{ph:ph2}'),
      u.status, u.origin, u.note,
    ]));
  });

  test('native codes survive XLIFF 2.0 → XLIFF 2.0 → TMX', async () => {
    const back = await read(await write([units[3]]));
    expect(back[0].inlineCodes.map((c) => c.native)).toEqual(['<b>', '</b>', '<br/>']);
    const again = await write(back);
    expect(again).toContain('<data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data><data id="d3">&lt;br/&gt;</data>');
  });

  test('one language pair per file', async () => {
    await expect(write([units[0], { ...units[1], targetLocale: 'zh-Hant' }])).rejects.toThrow(/one language pair/);
  });
});
