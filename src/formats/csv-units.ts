/**
 * Translation units as CSV: `source_locale,source,target_locale,target,status,origin,note`
 * (status, origin and note optional on read). Streaming both ways with csv-parse / csv-stringify.
 */
import { parse, type Info } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { canonicalTag, exportTag } from '../locale';
import { UNIT_ORIGINS, UNIT_STATUSES, type UnitOrigin, type UnitStatus } from '../memory';
import { FormatError, type FormatAdapter, type FormatWriteOptions, type ImportedUnit } from './adapter';
import { exportTexts, unitsFromTexts } from './languages';
import { decodeText, items } from './xml-stream';

/** Characters one CSV record may hold (a million: far above any real segment pair). */
export const MAX_RECORD = 1_000_000;

/**
 * A cell a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`, tab or carriage return)
 * is written with a leading apostrophe, which spreadsheets show as text; reading takes one
 * apostrophe off again. A cell that already starts with apostrophes before such a character gets
 * one more, so every text comes back exactly.
 */
export function safeCell(text: string): string {
  return /^'*[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function unsafeCell(text: string): string {
  return /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

const REQUIRED = ['source_locale', 'source', 'target_locale', 'target'] as const;
const HEADER = ['source_locale', 'source', 'target_locale', 'target', 'status', 'origin', 'note'];

async function* readCsv(input: NodeJS.ReadableStream, options: { fileName: string }): AsyncGenerator<ImportedUnit> {
  const file = options.fileName;
  // A record (one row, quoted newlines included) may not grow without bound: an unclosed quote
  // in a huge file would otherwise be held whole before the error.
  const parser = parse({ info: true, skip_empty_lines: true, relax_column_count: false, max_record_size: MAX_RECORD });
  // Feed decoded text in the background; a decoding error ends the parse with it.
  void (async () => {
    try {
      for await (const text of decodeText(input, file)) {
        if (!parser.write(text)) await new Promise<void>((resolve) => parser.once('drain', () => resolve()));
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();

  let columns: Map<string, number> | null = null;
  let rows = 0;
  try {
    for await (const entry of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const { record, info } = entry;
      const line = info.lines;
      if (!columns) {
        columns = new Map(record.map((name, i) => [name.trim().replace(/^\uFEFF/, '').toLowerCase(), i]));
        const missing = REQUIRED.filter((c) => !columns!.has(c));
        if (missing.length > 0) throw new FormatError(file, `missing column(s) ${missing.join(', ')} in the header`, { line });
        continue;
      }
      const cell = (name: string): string | undefined => {
        const i = columns!.get(name);
        return i === undefined ? undefined : record[i];
      };
      const sourceText = unsafeCell(cell('source') ?? '');
      const targetText = unsafeCell(cell('target') ?? '');
      const sourceTag = unsafeCell(cell('source_locale') ?? '').trim();
      const targetTag = unsafeCell(cell('target_locale') ?? '').trim();
      if (!canonicalTag(sourceTag)) throw new FormatError(file, `source_locale "${sourceTag}" is not a BCP 47 language tag`, { line });
      if (!canonicalTag(targetTag)) throw new FormatError(file, `target_locale "${targetTag}" is not a BCP 47 language tag`, { line });
      const statusCell = (cell('status') ?? '').trim();
      const originCell = (cell('origin') ?? '').trim();
      if (statusCell && !(UNIT_STATUSES as readonly string[]).includes(statusCell)) {
        throw new FormatError(file, `unknown status "${statusCell}" (expected ${UNIT_STATUSES.join(', ')})`, { line });
      }
      if (originCell && !(UNIT_ORIGINS as readonly string[]).includes(originCell)) {
        throw new FormatError(file, `unknown origin "${originCell}" (expected ${UNIT_ORIGINS.join(', ')})`, { line });
      }
      const noteCell = unsafeCell(cell('note') ?? '');
      yield* unitsFromTexts(
        [{ tag: sourceTag, text: sourceText, codes: [], line }, { tag: targetTag, text: targetText, codes: [], line }],
        0,
        {
          status: (statusCell || (targetText.trim() ? 'translated' : 'new')) as UnitStatus,
          origin: (originCell || 'imported') as UnitOrigin,
          note: noteCell ? noteCell : null,
          fileUnit: ++rows,
        },
      );
    }
  } catch (error) {
    if (error instanceof FormatError) throw error;
    const e = error as Error & { lines?: number; code?: string };
    throw new FormatError(file, `bad CSV: ${e.message.replace(/^Invalid Record Length: /, '')}`, e.lines !== undefined ? { line: e.lines } : {});
  }
  if (!columns) throw new FormatError(file, 'no header line');
}

/** A row per language pair of each unit (its working pair, then each other language), formula cells neutralised. */
async function writeCsv(source: AsyncIterable<ImportedUnit> | Iterable<ImportedUnit>, output: NodeJS.WritableStream, options: FormatWriteOptions = {}): Promise<void> {
  const stringifier = stringify({ header: true, columns: HEADER, record_delimiter: 'unix' });
  const done = new Promise<void>((resolve, reject) => {
    stringifier.on('data', (chunk: Buffer | string) => { if (!output.write(chunk)) stringifier.pause(); });
    output.on('drain', () => stringifier.resume());
    stringifier.on('end', () => resolve());
    stringifier.on('error', reject);
  });
  for await (const u of items(source)) {
    const texts = exportTexts(u, options);
    if (!texts) continue;
    const [first, ...rest] = texts.targets;
    const src = texts.source ?? first;
    const pairs = texts.source ? texts.targets : rest;
    // Written back as the unit's own pair even where only the source has text.
    const rows = pairs.length > 0 ? pairs : [{ tag: exportTag(u.targetLocale, options.localeTags ?? 'region', options.hantRegion ?? 'HK'), text: '' }];
    for (const t of rows) {
      const row = [src.tag, src.text, t.tag, t.text, u.status, u.origin, u.note ?? ''].map(safeCell);
      if (!stringifier.write(row)) await new Promise<void>((resolve) => stringifier.once('drain', () => resolve()));
    }
  }
  stringifier.end();
  await done;
}

export const csvUnitsAdapter: FormatAdapter<ImportedUnit> = {
  name: 'csv',
  read: readCsv,
  write: writeCsv,
};
