/**
 * TMX as other tools write it (#18): the file's own props and notes kept and written back, a
 * target's own provenance on its <tuv>, one <tu> for the units of one file unit, and what a
 * memory unit has no place for (header metadata, a <tuv>'s own props and notes) reported.
 */
import { Readable, PassThrough } from 'node:stream';
import { ReadReport, tmxAdapter, type ImportedUnit } from '../../src/formats';

async function read(text: string, report?: ReadReport): Promise<ImportedUnit[]> {
  const out: ImportedUnit[] = [];
  for await (const u of tmxAdapter.read(Readable.from([Buffer.from(text)]), { fileName: 'office.tmx', ...(report ? { report } : {}) })) out.push(u);
  return out;
}

async function write(units: ImportedUnit[]): Promise<string> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (d: Buffer) => parts.push(d));
  await tmxAdapter.write(units, out);
  out.end();
  return Buffer.concat(parts).toString('utf8');
}

const FILE = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext">
<prop type="x-Client">Macao Tourism</prop>
<note>Exported for the 2024 brochure.</note>
</header>
<body>
<tu creationid="ines" creationdate="20240301T080000Z">
<note>Official wording.</note>
<prop type="x-Domain">Tourism</prop>
<prop type="x-Project">Brochure</prop>
<tuv xml:lang="en"><seg>Welcome to Macao.</seg></tuv>
<tuv xml:lang="zh-CN" creationid="mei" creationdate="20240302T090000Z"><prop type="x-Origin">MT</prop><seg>欢迎来到澳门。</seg></tuv>
<tuv xml:lang="zh-TW"><note>Checked in Taipei.</note><seg>歡迎來到澳門。</seg></tuv>
<tuv xml:lang="pt-PT"><seg>Bem-vindo a Macau.</seg></tuv>
</tu>
</body>
</tmx>
`;

describe('TMX: what other tools put around the texts', () => {
  test('props and notes of a <tu> are kept, a <tuv>’s creator and date are its unit’s, the rest is reported', async () => {
    const report = new ReadReport();
    const units = await read(FILE, report);
    expect(units).toHaveLength(2);
    expect(units.map((u) => [u.targetLocale, u.createdBy, u.createdAt, u.note, u.fileUnit])).toEqual([
      ['zh-Hans', 'mei', '2024-03-02T09:00:00Z', 'Official wording.', 1],
      ['zh-Hant', 'ines', '2024-03-01T08:00:00Z', 'Official wording.', 1],
    ]);
    for (const u of units) expect(u.props).toEqual([{ type: 'x-Domain', value: 'Tourism' }, { type: 'x-Project', value: 'Brochure' }]);
    expect(report.lines()).toEqual([
      '<prop> in <header> ×1 not kept (file-level metadata): line 4 "Macao Tourism"',
      '<note> in <header> ×1 not kept (file-level metadata): line 5 "Exported for the 2024 brochure."',
      '<prop> in <tuv> ×1 not kept (a language\'s own property): line 13 "x-Origin: MT"',
      '<note> in <tuv> ×1 not kept (a language\'s own note): line 14 "Checked in Taipei."',
    ]);
  });

  test('written back as one <tu>: props, note, each target’s own creator and date; read again the same', async () => {
    const units = await read(FILE);
    const text = await write(units);
    expect(text.match(/<tu[ >]/g)).toHaveLength(1);
    expect(text).toContain('<prop type="x-Domain">Tourism</prop>\n      <prop type="x-Project">Brochure</prop>');
    expect(text).toContain('<note>Official wording.</note>');
    expect(text).toMatch(/<tu creationid="mei" creationdate="20240302T090000Z">/);
    expect(text).toMatch(/<tuv xml:lang="zh-HK" creationid="ines" creationdate="20240301T080000Z">/);
    expect(text).toContain('<tuv xml:lang="pt-PT"><seg>Bem-vindo a Macau.</seg></tuv>');
    expect(await read(text)).toEqual(units);
  });

  test('a target whose status differs from the first one says so in its <tuv>', async () => {
    const [hans, hant] = await read(FILE);
    const text = await write([{ ...hans, status: 'approved', origin: 'human' }, { ...hant, status: 'draft', origin: 'converted' }]);
    expect(text).toMatch(/<tuv xml:lang="zh-HK"[^>]*>\s*<prop type="x-bitext-status">draft<\/prop>\s*<prop type="x-bitext-origin">converted<\/prop>/);
    const back = await read(text);
    expect(back.map((u) => [u.targetLocale, u.status, u.origin])).toEqual([['zh-Hans', 'approved', 'human'], ['zh-Hant', 'draft', 'converted']]);
  });
});
