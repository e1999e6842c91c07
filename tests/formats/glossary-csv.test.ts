import { PassThrough, Readable } from 'node:stream';
import { FormatError, glossaryCsvAdapter, readGlossaryCsv, writeGlossaryCsv } from '../../src/formats';
import type { NewConcept } from '../../src/termbase';

async function read(csv: string): Promise<NewConcept[]> {
  const out: NewConcept[] = [];
  for await (const c of glossaryCsvAdapter.read(Readable.from([Buffer.from(csv, 'utf8')]), { fileName: 'terms.csv' })) out.push(c);
  return out;
}

async function write(concepts: NewConcept[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeGlossaryCsv(concepts, out);
  return Buffer.concat(chunks).toString('utf8');
}

const term = (locale: 'en' | 'zh-Hans' | 'zh-Hant', text: string, status: 'preferred' | 'admitted' | 'forbidden' = 'preferred') => ({
  locale,
  text,
  status,
  caseSensitive: false,
  partOfSpeech: null,
  note: null,
});

describe('glossary CSV import', () => {
  test('one concept a row, all terms preferred by default', async () => {
    const csv = '\uFEFFen,zh-Hans,zh-Hant\nJiangmen,江门,江門\n"Hong Kong",香港,香港\n';
    expect(await read(csv)).toEqual([
      { note: null, subject: null, terms: [term('en', 'Jiangmen'), term('zh-Hans', '江门'), term('zh-Hant', '江門')] },
      { note: null, subject: null, terms: [term('en', 'Hong Kong'), term('zh-Hans', '香港'), term('zh-Hant', '香港')] },
    ]);
  });

  test('zh-CN / zh-TW aliases, any column order, status, several terms a cell, rows of one id', async () => {
    const csv = [
      'ID,Status,zh-TW,EN,zh_CN,Note,Case Sensitive,part_of_speech,term_note,subject',
      'gba,,粵港澳大灣區,Guangdong-Hong Kong-Macao Greater Bay Area,粤港澳大湾区,"The region, officially",,properNoun,,Places',
      'gba,admitted,大灣區,Greater Bay Area,大湾区,,,,,',
      'gba,forbidden,,Guangdong-Hongkong-Macao Greater Bay Area | Greater Guangdong Bay Area,,,,,Wrong,',
      'us,,,US,,,yes,,,',
    ].join('\r\n');
    const [gba, us] = await read(csv);
    expect(gba.id).toBe('gba');
    expect(gba.note).toBe('The region, officially');
    expect(gba.subject).toBe('Places');
    expect(gba.terms.map((t) => [t.locale, t.text, t.status, t.partOfSpeech, t.note])).toEqual([
      ['zh-Hant', '粵港澳大灣區', 'preferred', 'properNoun', null],
      ['en', 'Guangdong-Hong Kong-Macao Greater Bay Area', 'preferred', 'properNoun', null],
      ['zh-Hans', '粤港澳大湾区', 'preferred', 'properNoun', null],
      ['zh-Hant', '大灣區', 'admitted', null, null],
      ['en', 'Greater Bay Area', 'admitted', null, null],
      ['zh-Hans', '大湾区', 'admitted', null, null],
      ['en', 'Guangdong-Hongkong-Macao Greater Bay Area', 'forbidden', null, 'Wrong'],
      ['en', 'Greater Guangdong Bay Area', 'forbidden', null, 'Wrong'],
    ]);
    expect(us.terms[0]).toMatchObject({ text: 'US', caseSensitive: true });
  });

  test('streams: a concept comes out before the file ends', async () => {
    const input = new PassThrough();
    const iterator = readGlossaryCsv(input, { fileName: 'live.csv' })[Symbol.asyncIterator]();
    // csv-parse holds back the last few bytes (a record delimiter may be longer), so write a few rows.
    input.write('en\nA\nB\nC\nDDDDDDDDDDDDDDDDDDDD\n');
    expect((await iterator.next()).value).toMatchObject({ terms: [{ text: 'A' }] });
    expect((await iterator.next()).value).toMatchObject({ terms: [{ text: 'B' }] });
    input.end('E\n');
    const rest: string[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest.push(r.value.terms[0].text);
    expect(rest).toEqual(['C', 'DDDDDDDDDDDDDDDDDDDD', 'E']);
  });
});

describe('glossary CSV import refuses bad input with file and line', () => {
  test.each([
    // Any BCP 47 language is a column since #18; a malformed tag is not.
    ['a header naming no language', 'en,x_Y@z\nA,B\n', /^terms\.csv \(line 1\): column "x_Y@z" is neither a BCP 47 language tag/],
    ['an unknown column', 'en,comment\nA,B\n', /\(line 1\): column "comment" is neither/],
    ['two columns for one locale', 'zh-Hans,zh-CN\nA,B\n', /\(line 1\): columns "zh-Hans" and "zh-CN" both name zh-Hans/],
    ['no locale column', 'status,note\npreferred,x\n', /\(line 1\): the header names no locale column/],
    ['an unknown status', 'en,status\nA,preferred\nB,maybe\n', /\(line 3\): unknown status "maybe"/],
    ['an empty term between separators', 'en\nA||B\n', /\(line 2\): a term with empty text in column en/],
    ['a row with no terms', 'en,note\n,just a note\n', /\(line 2\): a row with no terms/],
    ['a duplicate concept id', 'id,en\nx,A\ny,B\nx,C\n', /\(line 4\): duplicate concept id "x" \(first at line 2/],
    ['a bad case_sensitive value', 'en,case_sensitive\nA,maybe\n', /\(line 2\): case_sensitive must be yes or no/],
    ['a header only', 'en,zh-Hans\n', /no terms/],
    ['an empty file', '', /empty file/],
    ['a ragged row', 'en,zh-Hans\nA,B,C\n', /\(line 2\): not valid CSV/],
    ['XML given as CSV', '<?xml version="1.0"?>\n<tbx/>', /^terms\.csv \(line 1\): not valid CSV/],
    ['XML without quotes given as CSV', '<tbx>\n</tbx>', /\(line 1\): column "<tbx>" is neither/],
  ])('%s', async (_name, csv, message) => {
    const error = await read(csv).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toMatch(message);
  });
});

describe('glossary CSV export', () => {
  test('round trip: concepts out and back in are the same', async () => {
    const concepts: NewConcept[] = [
      {
        id: 'gba',
        note: 'The region, "officially"',
        subject: 'Places',
        terms: [
          { ...term('en', 'Guangdong-Hong Kong-Macao Greater Bay Area'), partOfSpeech: 'properNoun' },
          { ...term('zh-Hans', '粤港澳大湾区'), partOfSpeech: 'properNoun' },
          { ...term('zh-Hant', '粵港澳大灣區'), partOfSpeech: 'properNoun' },
          term('en', 'Greater Bay Area', 'admitted'),
          term('zh-Hans', '大湾区', 'admitted'),
          { ...term('en', 'Guangdong-Hongkong-Macao Greater Bay Area', 'forbidden'), note: 'Hong Kong, two words' },
          { ...term('en', 'Greater Guangdong, Hong Kong and Macao Bay Area', 'forbidden'), note: 'Hong Kong, two words' },
        ],
      },
      { id: 'us', note: null, subject: null, terms: [{ ...term('en', 'US'), caseSensitive: true }] },
    ];
    const csv = await write(concepts);
    expect(csv.split('\n')[0]).toBe('id,en,zh-Hans,zh-Hant,status,case_sensitive,part_of_speech,term_note,note,subject');
    expect(csv).toContain('gba,"Guangdong-Hongkong-Macao Greater Bay Area|Greater Guangdong, Hong Kong and Macao Bay Area",,,forbidden,,,"Hong Kong, two words",,');
    expect(csv).toContain('us,US,,,preferred,yes,,,,');
    const back = await read(csv);
    // Read order groups a concept's terms by row; compare as sets per concept.
    const sorted = (c: NewConcept) => ({ ...c, terms: [...c.terms].sort((a, b) => (a.locale + a.text).localeCompare(b.locale + b.text)) });
    expect(back.map(sorted)).toEqual(concepts.map(sorted));
  });

  // Since #18 such a term is escaped (backslash-bar) and reads back intact.
  test('a term containing the separator (or a backslash) exports and re-imports intact', async () => {
    const concepts: NewConcept[] = [{ note: null, subject: null, terms: [term('en', 'A|B'), term('en', 'C\\D'), term('zh-Hans', '甲')] }];
    const csv = await write(concepts);
    expect(csv).toContain('A\\|B|C\\\\D');
    expect((await read(csv)).map((c) => c.terms.map((t) => t.text))).toEqual([['A|B', 'C\\D', '甲']]);
  });

  test('cells a spreadsheet would run as formulas are neutralised, and read back as they were', async () => {
    const concepts: NewConcept[] = [{ note: '=HYPERLINK("http://x")', subject: '@sum', terms: [term('en', '-1 day'), term('en', "'=already quoted"), term('zh-Hans', '+86')] }];
    const csv = await write(concepts);
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).toContain(`'@sum`);
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
    const [back] = await read(csv);
    expect(back.note).toBe('=HYPERLINK("http://x")');
    expect(back.subject).toBe('@sum');
    expect(back.terms.map((t) => t.text)).toEqual(['-1 day', "'=already quoted", '+86']);
  });

  test('other languages get their own columns; term_type is written when some term has one', async () => {
    const concepts: NewConcept[] = [{ id: 'c', note: null, subject: null, terms: [
      { ...term('en', 'Greater Bay Area'), termType: 'fullForm' }, { ...term('en', 'GBA'), termType: 'acronym' },
      { ...term('zh-Hans', '大湾区') }, { locale: 'pt-PT', text: 'Grande Baía', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
    ] }];
    const csv = await write(concepts);
    expect(csv.split('\n')[0]).toBe('id,en,zh-Hans,zh-Hant,pt-PT,status,case_sensitive,part_of_speech,term_type,term_note,note,subject');
    const [back] = await read(csv);
    const sorted = (c: NewConcept) => [...c.terms].sort((a, b) => (a.locale + a.text).localeCompare(b.locale + b.text));
    expect(sorted(back)).toEqual(sorted(concepts[0]));
  });
});
