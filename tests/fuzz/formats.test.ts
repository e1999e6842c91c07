/**
 * Hostile and broken files for every reader (TMX, XLIFF, unit CSV, TBX, glossary CSV): valid
 * files cut, spliced and sprinkled with junk, and random bytes. Each read either finishes or
 * fails with a FormatError naming the file — never another exception, never a hang, never
 * unbounded memory. Plus the XML attacks (external entities, billion laughs, depth, size).
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import {
  FormatError, getGlossaryFormat, getUnitFormat, type ImportedUnit,
} from '../../src/formats';
import type { NewConcept } from '../../src/termbase';

const SAMPLE_UNITS: ImportedUnit[] = [
  ['The ferry leaves at 9 a.m. from Jiangmen.', '渡轮上午9点从江门开出。'],
  ['Press <b>Save</b> & close "the" window.', '按<b>保存</b>并关闭“窗口”。'],
  ['Growth reached 5.1% in 2023; exports rose.', '2023年增长5.1%；出口上升。'],
  ['Line one,\nline two', '第一行，\n第二行'],
].map(([sourceText, targetText]) => ({
  sourceLocale: 'en', sourceText: sourceText!, targetLocale: 'zh-Hans', targetText: targetText!,
  status: 'translated', origin: 'human', inlineCodes: [], note: null,
}));

const SAMPLE_CONCEPTS: NewConcept[] = [
  { id: 'c-gba', note: 'region', subject: null, terms: [
    { locale: 'en', text: 'Greater Bay Area', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
    { locale: 'zh-Hans', text: '大湾区', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
    { locale: 'zh-Hant', text: '大灣區', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
  ] },
  { id: 'c-pier', note: null, subject: null, terms: [
    { locale: 'en', text: 'pier', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: 'a "landing" stage' },
    { locale: 'zh-Hans', text: '码头', status: 'forbidden', caseSensitive: false, partOfSpeech: null, note: null },
  ] },
] as NewConcept[];

async function written(write: (out: NodeJS.WritableStream) => Promise<void>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const { Writable } = await import('node:stream');
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(Buffer.from(chunk)); done(); } });
  await write(sink);
  return Buffer.concat(chunks);
}

interface Reader { name: string; sample: () => Promise<Buffer>; read: (bytes: Buffer | Readable, fileName: string) => AsyncIterable<unknown> }

const readers: Reader[] = [
  ...(['tmx', 'xliff', 'csv'] as const).map((format): Reader => ({
    name: `units ${format}`,
    sample: () => written((out) => getUnitFormat(format).write(SAMPLE_UNITS, out, { sourceLocale: 'en', targetLocale: 'zh-Hans' })),
    read: (bytes, fileName) => getUnitFormat(format).read(Buffer.isBuffer(bytes) ? Readable.from([bytes]) : bytes, { fileName }),
  })),
  ...(['tbx', 'csv'] as const).map((format): Reader => ({
    name: `glossary ${format}`,
    sample: () => written((out) => getGlossaryFormat(format).write(SAMPLE_CONCEPTS as never, out)),
    read: (bytes, fileName) => getGlossaryFormat(format).read(Buffer.isBuffer(bytes) ? Readable.from([bytes]) : bytes, { fileName }),
  })),
];

/** Reads everything; returns the count or the error. Fails the test on anything but a FormatError. */
async function readAll(reader: Reader, bytes: Buffer | Readable, fileName = 'fuzz.input'): Promise<number | FormatError> {
  let n = 0;
  try {
    for await (const item of reader.read(bytes, fileName)) {
      expect(item).toBeDefined();
      n++;
    }
    return n;
  } catch (error) {
    if (!(error instanceof FormatError)) throw new Error(`${reader.name}: not a FormatError: ${(error as Error)?.stack ?? String(error)}`);
    expect(error.message).toContain(fileName);
    return error;
  }
}

/** Edits that break a file the ways real files break: cut short, spliced, junk inserted, bytes flipped. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('<', '>', '&', '&amp', '&#0;', '&#xD800;', ']]>', '<!--', '<![CDATA[', '"', ',', '\n', '\r', '\u0000', '\ufeff', '</tu>', '<tu>', '<seg>', '</termEntry>', 'zh-Hans,'),
  ) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(bytes: Buffer, edits: Mutation[]): Buffer {
  let out = bytes;
  for (const edit of edits) {
    const at = out.length ? edit.at % out.length : 0;
    switch (edit.kind) {
      case 'truncate': out = out.subarray(0, at); break;
      case 'insert': out = Buffer.concat([out.subarray(0, at), Buffer.from(edit.text), out.subarray(at)]); break;
      case 'delete': out = Buffer.concat([out.subarray(0, at), out.subarray(at + edit.length)]); break;
      case 'flip': out = Buffer.from(out); if (out.length) out[at] = edit.byte; break;
      case 'duplicate': out = Buffer.concat([out.subarray(0, at + edit.length), out.subarray(at)]); break;
    }
  }
  return out;
}

/** A fixed seed: the same inputs on every run (change it to explore; failures print their own seed). */
const SEED = 0x5ca1ab1e;

/** Once a bug in src/formats/tbx.ts: the decoder's final flush threw a TypeError on a cut UTF-8 sequence. */
it('glossary tbx: a file ending in a cut UTF-8 sequence is a FormatError', async () => {
  const tbx = readers.find((r) => r.name === 'glossary tbx')!;
  expect(await readAll(tbx, Buffer.from([0x3c, 0x74, 0x62, 0x78, 0x3e, 0xc2]))).toBeInstanceOf(FormatError);
});

/** Once a bug in src/formats/xliff.ts: a <unit> inside a <segment> made `finish` read null (a TypeError). */
it('units xliff: a unit nested in a segment is a FormatError', async () => {
  const xliff = readers.find((r) => r.name === 'units xliff')!;
  expect(await readAll(xliff, Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="zh-Hans"><file id="f1">
<unit id="u1"><segment state="translated"><file id="f2"><unit id="u2"><segment state="translated">
<source>Hello.</source><target>你好。</target></segment></unit></file></segment></unit></file></xliff>`))).toBeInstanceOf(FormatError);
});

describe.each(readers)('$name reader on hostile input', (reader) => {
  let sample: Buffer;
  beforeAll(async () => {
    sample = await reader.sample();
    expect(await readAll(reader, sample)).toBeGreaterThan(0); // the sample itself reads
  });

  it('broken versions of a valid file: items or a FormatError, quickly', async () => {
    await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (edits) => {
      const bytes = mutate(sample, edits);
      const started = performance.now();
      await readAll(reader, bytes);
      // A few milliseconds each; the budget catches a hang or a blow-up, not a slow machine.
      expect(performance.now() - started).toBeLessThan(10_000);
    }), { numRuns: 150, seed: SEED });
  });

  it('random bytes and random text: a FormatError (or nothing), never a crash', async () => {
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)), fc.string({ maxLength: 300 }).map((s) => Buffer.from(s))),
      async (bytes) => { await readAll(reader, bytes); },
    ), { numRuns: 150, seed: SEED });
  });

  // The CSV readers bound a record (csv-parse max_record_size), so an unclosed quote is refused early.
  it('refuses one endless line or text node without holding it (bounded memory)', async () => {
    const head = reader.name === 'units csv' ? 'source_locale,source,target_locale,target\nen,"'
      : reader.name === 'glossary csv' ? 'en,zh-Hans\n"'
      : sample.toString('utf8').slice(0, sample.toString('utf8').indexOf('<', 60));
    let sent = 0;
    const endless = Readable.from((function* () {
      yield Buffer.from(head);
      const chunk = Buffer.alloc(1 << 20, 'a');
      // 64 MB of text with no markup and no line end: far past every limit.
      while (sent < 64) { sent++; yield chunk; }
    })());
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const result = await readAll(reader, endless);
    expect(result).toBeInstanceOf(FormatError);
    expect(sent).toBeLessThan(64); // stopped early, not after reading it all
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('XML attacks (TMX, XLIFF, TBX)', () => {
  const xmlReaders = readers.filter((r) => /tmx|xliff|tbx/.test(r.name));
  const ROOTS: Record<string, string> = { 'units tmx': 'tmx', 'units xliff': 'xliff', 'glossary tbx': 'tbx' };
  const wrap = (name: string, doctype: string, body: string) => {
    const root = ROOTS[name]!;
    const open = root === 'xliff' ? '<xliff version="1.2"><file source-language="en" target-language="zh-CN" datatype="plaintext" original="f"><body>' : `<${root}>`;
    const close = root === 'xliff' ? '</body></file></xliff>' : `</${root}>`;
    return Buffer.from(`<?xml version="1.0"?>\n${doctype.replace('ROOT', root)}\n${open}${body}${close}`);
  };

  it.each(xmlReaders)('$name: an external entity is never resolved', async (reader) => {
    for (const doctype of [
      '<!DOCTYPE ROOT [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE ROOT [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>',
      '<!DOCTYPE ROOT SYSTEM "file:///etc/passwd">',
    ]) {
      const result = await readAll(reader, wrap(reader.name, doctype, '<x>&xxe;</x>'));
      expect(result).toBeInstanceOf(FormatError);
      expect((result as Error).message).not.toMatch(/root:/);
    }
  });

  it.each(xmlReaders)('$name: billion laughs is refused before it expands', async (reader) => {
    const levels = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const started = performance.now();
    const result = await readAll(reader, wrap(reader.name, `<!DOCTYPE ROOT [${levels.join('')}]>`, '<x>&lol9;</x>'));
    expect(result).toBeInstanceOf(FormatError);
    expect((result as Error).message).toMatch(/entit/i);
    // Expanded, 3 billion characters: minutes, or out of memory. Refused, milliseconds.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it.each(xmlReaders)('$name: an undeclared entity is an error, not text', async (reader) => {
    expect(await readAll(reader, wrap(reader.name, '', '<x>&nbsp;&undefined;</x>'))).toBeInstanceOf(FormatError);
  });

  it.each(xmlReaders)('$name: 100,000 nested elements are refused with the depth limit named', async (reader) => {
    const started = performance.now();
    const result = await readAll(reader, wrap(reader.name, '', `${'<d>'.repeat(100_000)}${'</d>'.repeat(100_000)}`));
    expect(result).toBeInstanceOf(FormatError);
    expect((result as Error).message).toMatch(/deeper|depth|nest/i);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it.each(xmlReaders)('$name: a 10-million-character attribute or text is refused with a clear message', async (reader) => {
    const result = await readAll(reader, wrap(reader.name, '', `<x>${'y'.repeat(10_000_000)}</x>`));
    expect(result).toBeInstanceOf(FormatError);
    expect((result as Error).message).toMatch(/characters|too long|large|limit/i);
  });
});
