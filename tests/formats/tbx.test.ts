import { Readable, PassThrough } from 'node:stream';
import { FormatError, readTbx, tbxAdapter, writeTbx } from '../../src/formats';
import type { NewConcept } from '../../src/termbase';

async function read(xml: string | Buffer, chunkSize = 0): Promise<NewConcept[]> {
  const data = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  const chunks: Buffer[] = [];
  if (chunkSize > 0) for (let i = 0; i < data.length; i += chunkSize) chunks.push(data.subarray(i, i + chunkSize));
  else chunks.push(data);
  const out: NewConcept[] = [];
  for await (const c of tbxAdapter.read(Readable.from(chunks), { fileName: 'test.tbx' })) out.push(c);
  return out;
}

async function readError(xml: string): Promise<FormatError> {
  try {
    await read(xml);
  } catch (error) {
    if (error instanceof FormatError) return error;
    throw error;
  }
  throw new Error('expected a FormatError');
}

const V3_DCA = `<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="gba">
      <descrip type="subjectField">Places</descrip>
      <descrip type="definition">The bay area.</descrip>
      <langSec xml:lang="en">
        <termSec>
          <term>Guangdong-Hong Kong-Macao Greater Bay Area</term>
          <termNote type="partOfSpeech">properNoun</termNote>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          <note>The official name.</note>
        </termSec>
        <termSec>
          <term>Greater Bay Area</term>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
        </termSec>
        <termSec>
          <term>Guangdong-Hongkong-Macao Greater Bay Area</term>
          <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>
        </termSec>
        <termSec><term>Greater Guangdong &amp; Macao Bay Area</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="zh-CN"><termSec><term>粤港澳大湾区</term></termSec></langSec>
      <langSec xml:lang="zh-TW"><termSec><term>粵港澳大灣區</term></termSec></langSec>
      <langSec xml:lang="fr"><termSec><term>région de la Grande Baie</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="us">
      <langSec xml:lang="en"><termSec><term>US</term><termNote type="x-caseSensitive">yes</termNote></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>`;

// Since #18 the definition is kept as what it is (it was folded into the note before), and so is
// the superseded status (written back as read).
const EXPECTED_GBA: NewConcept = {
  id: 'gba',
  note: null,
  subject: 'Places',
  fields: [{ type: 'definition', value: 'The bay area.' }],
  terms: [
    { locale: 'en', text: 'Guangdong-Hong Kong-Macao Greater Bay Area', status: 'preferred', caseSensitive: false, partOfSpeech: 'properNoun', note: 'The official name.' },
    { locale: 'en', text: 'Greater Bay Area', status: 'admitted', caseSensitive: false, partOfSpeech: null, note: null },
    {
      locale: 'en', text: 'Guangdong-Hongkong-Macao Greater Bay Area', status: 'forbidden', caseSensitive: false, partOfSpeech: null, note: null,
      fields: [{ type: 'administrativeStatus', value: 'supersededTerm-admn-sts' }],
    },
    { locale: 'en', text: 'Greater Guangdong & Macao Bay Area', status: 'forbidden', caseSensitive: false, partOfSpeech: null, note: null },
    { locale: 'zh-Hans', text: '粤港澳大湾区', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
    { locale: 'zh-Hant', text: '粵港澳大灣區', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
    // Every language is kept since #18 (it was dropped in silence before).
    { locale: 'fr', text: 'région de la Grande Baie', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
  ],
};

describe('TBX import', () => {
  test('TBX v3, DCA style (TBX-Basic)', async () => {
    const concepts = await read(V3_DCA);
    expect(concepts).toHaveLength(2);
    expect(concepts[0]).toEqual(EXPECTED_GBA);
    expect(concepts[1].terms[0]).toMatchObject({ text: 'US', caseSensitive: true, status: 'preferred' });
  });

  test('the same file fed a few bytes at a time (chunks split UTF-8 characters)', async () => {
    expect(await read(V3_DCA, 7)).toEqual(await read(V3_DCA));
  });

  test('UTF-16 with a BOM (little and big endian, fed in odd-sized chunks) and UTF-8 with a BOM read like UTF-8', async () => {
    const text = V3_DCA.replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    const utf8bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(V3_DCA)]);
    const expected = await read(V3_DCA);
    expect(expected.length).toBe(2);
    for (const bytes of [le, Buffer.concat([Buffer.from([0xfe, 0xff]), be]), utf8bom]) {
      expect(await read(bytes, 7)).toEqual(expected);
    }
  });

  test('TBX v3, DCT style (namespaced data categories)', async () => {
    const xml = `<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <tbxHeader><fileDesc><sourceDesc><p>dct</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="hk">
      <basic:subjectField>Places</basic:subjectField>
      <langSec xml:lang="en">
        <termSec><term>Hong Kong</term><basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus><basic:partOfSpeech>properNoun</basic:partOfSpeech></termSec>
        <termSec><term>Hongkong</term><basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus><note>Two words.</note></termSec>
      </langSec>
      <langSec xml:lang="zh-Hans"><termSec><term>香港</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>`;
    expect(await read(xml)).toEqual([
      {
        id: 'hk',
        note: null,
        subject: 'Places',
        terms: [
          { locale: 'en', text: 'Hong Kong', status: 'preferred', caseSensitive: false, partOfSpeech: 'properNoun', note: null },
          { locale: 'en', text: 'Hongkong', status: 'forbidden', caseSensitive: false, partOfSpeech: null, note: 'Two words.' },
          { locale: 'zh-Hans', text: '香港', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
        ],
      },
    ]);
  });

  test('TBX-Min (v3 DCT, usage values)', async () => {
    const xml = `<tbx type="TBX-Min" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:min="http://www.tbxinfo.net/ns/min">
  <tbxHeader><fileDesc><sourceDesc><p>min</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="m1">
      <min:subjectField>Places</min:subjectField>
      <langSec xml:lang="en">
        <termSec><term>Macao</term><min:usage>preferred</min:usage><min:partOfSpeech>properNoun</min:partOfSpeech><min:customerSubset>site</min:customerSubset></termSec>
        <termSec><term>Macau</term><min:usage>admitted</min:usage></termSec>
        <termSec><term>Macaw</term><min:usage>notRecommended</min:usage></termSec>
        <termSec><term>Amacao</term><min:usage>obsolete</min:usage></termSec>
      </langSec>
      <langSec xml:lang="zh"><termSec><term>澳門</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>`;
    const [c] = await read(xml);
    expect(c.subject).toBe('Places');
    expect(c.terms.map((t) => [t.locale, t.text, t.status])).toEqual([
      ['en', 'Macao', 'preferred'],
      ['en', 'Macau', 'admitted'],
      ['en', 'Macaw', 'forbidden'],
      ['en', 'Amacao', 'forbidden'],
      // A bare `zh` takes its script from the text.
      ['zh-Hant', '澳門', 'preferred'],
    ]);
  });

  test('TBX 2008 (martif), with a DOCTYPE that declares nothing', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>2008</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="jm">
      <descripGrp><descrip type="subjectField">Places</descrip></descripGrp>
      <note>A city.</note>
      <langSet xml:lang="en">
        <tig><term>Jiangmen</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote><termNote type="partOfSpeech">noun</termNote></tig>
        <tig><term>Kongmoon</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="zh-Hans"><ntig><termGrp><term>江门</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termGrp></ntig></langSet>
      <langSet xml:lang="zh-HK"><tig><term>江門</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>`;
    expect(await read(xml)).toEqual([
      {
        id: 'jm',
        note: 'A city.',
        subject: 'Places',
        terms: [
          { locale: 'en', text: 'Jiangmen', status: 'preferred', caseSensitive: false, partOfSpeech: 'noun', note: null },
          { locale: 'en', text: 'Kongmoon', status: 'forbidden', caseSensitive: false, partOfSpeech: null, note: null },
          { locale: 'zh-Hans', text: '江门', status: 'admitted', caseSensitive: false, partOfSpeech: null, note: null },
          { locale: 'zh-Hant', text: '江門', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
        ],
      },
    ]);
  });

  test('yields concepts as it goes (streaming), before the file ends', async () => {
    const input = new PassThrough();
    const iterator = readTbx(input, { fileName: 'stream.tbx' })[Symbol.asyncIterator]();
    input.write('<tbx><text><body><conceptEntry id="a"><langSec xml:lang="en"><termSec><term>A</term></termSec></langSec></conceptEntry>');
    input.write('<conceptEntry id="b">');
    const first = await iterator.next();
    expect(first.value).toMatchObject({ id: 'a' });
    input.end('<langSec xml:lang="en"><termSec><term>B</term></termSec></langSec></conceptEntry></body></text></tbx>');
    expect((await iterator.next()).value).toMatchObject({ id: 'b' });
    expect((await iterator.next()).done).toBe(true);
  });
});

describe('TBX import refuses bad input with file and line', () => {
  const wrap = (entries: string) => `<tbx type="TBX-Basic" style="dca">\n<text><body>\n${entries}\n</body></text></tbx>`;
  test.each([
    ['not XML', 'term,en\nfoo,bar\n', /^test\.tbx \(line \d\): not XML: text data outside of root node$/],
    ['broken XML', '<tbx><text>\n<body></text></tbx>', /^test\.tbx \(line 2\): not well-formed XML: unexpected close tag$/],
    ['an empty file', '', /^test\.tbx: empty file/],
    ['not TBX', '<html><body/></html>', /^test\.tbx \(line 1\): not a TBX file: the root element is <html>/],
    ['no terms at all', wrap(''), /^test\.tbx: no concepts/],
    ['a concept without terms', wrap('<conceptEntry id="x"><descrip type="subjectField">x</descrip></conceptEntry>'), /\(line 3\): concept "x" has no terms/],
    [
      'an unknown status',
      wrap('<conceptEntry id="x"><langSec xml:lang="en"><termSec><term>A</term><termNote type="administrativeStatus">maybe</termNote></termSec></langSec></conceptEntry>'),
      /\(line 3\): unknown term status "maybe" for "A"/,
    ],
    ['an empty term', wrap('<conceptEntry id="x">\n<langSec xml:lang="en"><termSec><term>  </term></termSec></langSec></conceptEntry>'), /\(line 4\): a term with empty text/],
    [
      'a duplicate concept id',
      wrap('<conceptEntry id="x"><langSec xml:lang="en"><termSec><term>A</term></termSec></langSec></conceptEntry>\n<conceptEntry id="x"><langSec xml:lang="en"><termSec><term>B</term></termSec></langSec></conceptEntry>'),
      /\(line 4\): duplicate concept id "x" \(first at line 3\)/,
    ],
    [
      'a repeated term in one concept',
      wrap('<conceptEntry id="x"><langSec xml:lang="en"><termSec><term>A</term></termSec><termSec><term>a</term></termSec></langSec></conceptEntry>'),
      /concept "x": terms\[1\]\.text: repeats terms\[0\]/,
    ],
    ['a DOCTYPE declaring entities', '<!DOCTYPE tbx [<!ENTITY a "aaaa">]>\n<tbx/>', /DOCTYPE declares entities/],
    ['an undefined entity', wrap('<conceptEntry id="x"><langSec xml:lang="en"><termSec><term>&xxe;</term></termSec></langSec></conceptEntry>'), /not well-formed XML/],
    ['a language section without xml:lang', wrap('<conceptEntry id="x"><langSec><termSec><term>A</term></termSec></langSec></conceptEntry>'), /without xml:lang/],
    ['deep nesting', `<tbx>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</tbx>`, /nested deeper than 40/],
  ])('%s', async (_name, xml, message) => {
    const error = await readError(xml);
    expect(error.message).toMatch(message);
    expect(error.file).toBe('test.tbx');
  });

  test('a size cap', async () => {
    const big = `<tbx><text><body><conceptEntry id="a"><note>${'x'.repeat(5000)}</note></conceptEntry></body></text></tbx>`;
    const run = async () => {
      for await (const _ of readTbx(Readable.from([big]), { fileName: 'big.tbx' }, { maxDepth: 40, maxText: 1000, maxBytes: 1e6 })) void _;
    };
    await expect(run()).rejects.toThrow(/more than 1000 characters without markup|text longer than 1000/);
    const run2 = async () => {
      for await (const _ of readTbx(Readable.from([big]), { fileName: 'big.tbx' }, { maxDepth: 40, maxText: 1e6, maxBytes: 100 })) void _;
    };
    await expect(run2()).rejects.toThrow(/larger than 100 bytes/);
  });
});

describe('TBX export', () => {
  test('writes TBX-Basic v3 DCA that reads back the same', async () => {
    const concepts = await read(V3_DCA);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeTbx(concepts, out);
    out.end();
    const xml = Buffer.concat(chunks).toString('utf8');
    expect(xml).toContain('<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">');
    expect(xml).toContain('<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>');
    expect(xml).toContain('<term>Greater Guangdong &amp; Macao Bay Area</term>');
    const again = await read(xml);
    expect(xml).toContain('<termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>');
    expect(xml).toContain('<descrip type="definition">The bay area.</descrip>');
    expect(again).toEqual(concepts);
  });

  test('a concept without an id gets one', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await tbxAdapter.write([{ note: null, subject: null, terms: [{ locale: 'en', text: 'A', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null }] }], out);
    expect(Buffer.concat(chunks).toString('utf8')).toContain('<conceptEntry id="c1">');
  });
});

describe('TBX termType (#18)', () => {
  const entry = (termType: string) => `<tbx type="TBX-Basic" style="dca"><text><body>
<conceptEntry id="gba"><langSec xml:lang="en">
<termSec><term>Greater Bay Area</term><termNote type="termType">fullForm</termNote></termSec>
<termSec><term>GBA</term><termNote type="termType">${termType}</termNote></termSec>
</langSec></conceptEntry></body></text></tbx>`;

  test('is read into Term.termType and written back', async () => {
    const [c] = await read(entry('acronym'));
    expect(c.terms.map((t) => [t.text, t.termType])).toEqual([['Greater Bay Area', 'fullForm'], ['GBA', 'acronym']]);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (b: Buffer) => chunks.push(b));
    await writeTbx([c], out);
    const xml = Buffer.concat(chunks).toString('utf8');
    expect(xml).toContain('<termNote type="termType">acronym</termNote>');
    expect(await read(xml)).toEqual([c]);
  });

  test('an unknown value refuses the file, naming line and value', async () => {
    const error = await readError(entry('bogusForm'));
    expect(error.message).toMatch(/^test\.tbx \(line 4\): .*termType "bogusForm"/);
  });
});
