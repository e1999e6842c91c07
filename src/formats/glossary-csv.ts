/**
 * Glossary CSV: one concept a row, a column per locale, for editors who keep terms in a
 * spreadsheet.
 *
 *   id,en,zh-Hans,zh-Hant,status,note
 *   gba,Guangdong-Hong Kong-Macao Greater Bay Area,粤港澳大湾区,粵港澳大灣區,,The official name
 *   gba,Greater Bay Area,大湾区,大灣區,admitted,
 *   gba,Guangdong-Hongkong-Macao Greater Bay Area,,,forbidden,
 *
 * Columns (header names, any order, case-insensitive):
 * - locale columns: `en`, `zh-Hans`, `zh-Hant`, or tags that name one of them (`zh-CN`,
 *   `zh-TW`, `zh-HK`, `zh_CN` …). At least one. A column naming any other language is an error.
 *   Several terms in one cell are separated by `|` (so a term cannot contain `|`).
 * - `status`: `preferred` (the default when empty or absent), `admitted` or `forbidden`,
 *   for every term of the row.
 * - `id`: the concept id. Consecutive rows with the same id are one concept; that is how a
 *   concept gets terms of different statuses. The same id again later is an error.
 * - `note` (the concept's note), `subject`, and per row: `case_sensitive` (yes/no),
 *   `part_of_speech`, `term_note`.
 */
import { MAX_RECORD } from './csv-units';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { toLocale, type Locale } from '../locale';
import { ConceptValidationError, validateConcept, type NewConcept, type Term, type TermStatus } from '../termbase';
import { FormatError, type FormatAdapter, type FormatReadOptions } from './adapter';

const OTHER_COLUMNS = ['id', 'status', 'note', 'case_sensitive', 'part_of_speech', 'term_note', 'subject'] as const;
type OtherColumn = (typeof OTHER_COLUMNS)[number];

const STATUS_WORDS: Record<string, TermStatus> = {
  preferred: 'preferred',
  admitted: 'admitted',
  forbidden: 'forbidden',
  deprecated: 'forbidden',
};
const BOOLEAN_WORDS: Record<string, boolean> = { yes: true, true: true, '1': true, y: true, no: false, false: false, '0': false, n: false };

/** Separates several terms in one cell. */
export const TERM_SEPARATOR = '|';

interface Layout {
  locales: Array<{ index: number; locale: Locale }>;
  other: Partial<Record<OtherColumn, number>>;
}

function readHeader(header: string[], file: string): Layout {
  const layout: Layout = { locales: [], other: {} };
  const seen = new Map<string, string>();
  header.forEach((raw, index) => {
    const name = raw.trim();
    const key = name.toLowerCase().replace(/[\s-]+/g, '_');
    if ((OTHER_COLUMNS as readonly string[]).includes(key)) {
      if (layout.other[key as OtherColumn] !== undefined) throw new FormatError(file, `column "${name}" appears twice`, { line: 1 });
      layout.other[key as OtherColumn] = index;
      return;
    }
    const locale = /^[a-z]{2,3}([-_][a-z0-9]{2,8})*$/i.test(name) ? toLocale(name) : undefined;
    if (!locale) {
      throw new FormatError(
        file,
        `column "${name}" is neither a locale we publish (en, zh-Hans, zh-Hant, or zh-CN, zh-TW …) nor one of ${OTHER_COLUMNS.join(', ')}`,
        { line: 1 },
      );
    }
    const earlier = seen.get(locale);
    if (earlier !== undefined) throw new FormatError(file, `columns "${earlier}" and "${name}" both name ${locale}`, { line: 1 });
    seen.set(locale, name);
    layout.locales.push({ index, locale });
  });
  if (layout.locales.length === 0) throw new FormatError(file, 'the header names no locale column (en, zh-Hans, zh-Hant)', { line: 1 });
  return layout;
}

interface Building {
  id: string | null;
  note: string | null;
  subject: string | null;
  terms: Term[];
  line: number;
}

/** Reads glossary CSV as concepts, one (or a run of same-id rows) at a time. */
export async function* readGlossaryCsv(input: NodeJS.ReadableStream, options: FormatReadOptions): AsyncGenerator<NewConcept> {
  const file = options.fileName;
  const parser = parse({ bom: true, info: true, skip_empty_lines: true, relax_quotes: false, trim: false, max_record_size: MAX_RECORD });
  // Pass the input through; a read error ends the parser with that error.
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser as unknown as NodeJS.WritableStream);

  let layout: Layout | null = null;
  let current: Building | null = null;
  const finishedIds = new Map<string, number>();
  let concepts = 0;
  let line = 0;

  const finish = (b: Building): NewConcept => {
    if (b.id !== null) finishedIds.set(b.id, b.line);
    try {
      return validateConcept({ ...(b.id !== null ? { id: b.id } : {}), note: b.note, subject: b.subject, terms: b.terms });
    } catch (error) {
      if (error instanceof ConceptValidationError) {
        throw new FormatError(file, `concept${b.id ? ` "${b.id}"` : ''}: ${error.issues.join('; ')}`, { line: b.line });
      }
      throw error;
    }
  };

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      line = info.lines;
      if (layout === null) {
        layout = readHeader(record, file);
        continue;
      }
      if (record.every((cell) => cell.trim() === '')) continue;
      const cell = (column: OtherColumn): string => {
        const index = layout!.other[column];
        return index === undefined ? '' : (record[index] ?? '').trim();
      };

      const statusText = cell('status').toLowerCase();
      const status = statusText === '' ? 'preferred' : STATUS_WORDS[statusText];
      if (!status) throw new FormatError(file, `unknown status "${cell('status')}" (preferred, admitted or forbidden)`, { line });
      const caseText = cell('case_sensitive').toLowerCase();
      const caseSensitive = caseText === '' ? false : BOOLEAN_WORDS[caseText];
      if (caseSensitive === undefined) throw new FormatError(file, `case_sensitive must be yes or no, not "${cell('case_sensitive')}"`, { line });

      const terms: Term[] = [];
      for (const { index, locale } of layout.locales) {
        const text = record[index] ?? '';
        if (text.trim() === '') continue;
        for (const part of text.split(TERM_SEPARATOR)) {
          if (part.trim() === '') throw new FormatError(file, `a term with empty text in column ${locale} ("${text}")`, { line });
          terms.push({
            locale,
            text: part.trim(),
            status,
            caseSensitive,
            partOfSpeech: cell('part_of_speech') || null,
            note: cell('term_note') || null,
          });
        }
      }
      if (terms.length === 0) throw new FormatError(file, 'a row with no terms', { line });

      const id = cell('id') || null;
      if (current && id !== null && current.id === id) {
        current.terms.push(...terms);
        const note = cell('note');
        if (note && current.note !== note) current.note = current.note ? `${current.note} ${note}` : note;
        current.subject ??= cell('subject') || null;
        continue;
      }
      if (current) {
        concepts++;
        yield finish(current);
      }
      if (id !== null && finishedIds.has(id)) {
        throw new FormatError(file, `duplicate concept id "${id}" (first at line ${finishedIds.get(id)}; rows of one concept must be consecutive)`, {
          line,
        });
      }
      current = { id, note: cell('note') || null, subject: cell('subject') || null, terms, line };
    }
  } catch (error) {
    if (error instanceof FormatError) throw error;
    const where = (error as { lines?: number }).lines ?? line + 1;
    throw new FormatError(file, `not valid CSV: ${(error as Error).message.replace(/^Invalid [^:]*: /, '')}`, { line: where });
  }
  if (layout === null) throw new FormatError(file, 'empty file: no header');
  if (current) {
    concepts++;
    yield finish(current);
  }
  if (concepts === 0) throw new FormatError(file, 'no terms: the file has a header and no rows');
}

const HEADER = ['id', 'en', 'zh-Hans', 'zh-Hant', 'status', 'case_sensitive', 'part_of_speech', 'term_note', 'note', 'subject'];

async function put(output: NodeJS.WritableStream, text: string): Promise<void> {
  if (!output.write(text)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
}

/**
 * Writes glossary CSV: a row per group of a concept's terms that share status, case rule,
 * part of speech and term note (most concepts are one to three rows). The stream is left open.
 */
export async function writeGlossaryCsv(
  concepts: AsyncIterable<NewConcept> | Iterable<NewConcept>,
  output: NodeJS.WritableStream,
): Promise<void> {
  await put(output, stringify([HEADER]));
  let n = 0;
  for await (const concept of concepts as AsyncIterable<NewConcept>) {
    n++;
    const id = concept.id ?? `c${n}`;
    const groups = new Map<string, Term[]>();
    for (const t of concept.terms) {
      if (t.text.includes(TERM_SEPARATOR)) throw new Error(`glossary CSV: term "${t.text}" contains "${TERM_SEPARATOR}"`);
      const key = JSON.stringify([t.status, t.caseSensitive, t.partOfSpeech, t.note]);
      const list = groups.get(key) ?? [];
      list.push(t);
      groups.set(key, list);
    }
    const rows: string[][] = [];
    let first = true;
    for (const terms of groups.values()) {
      const [t] = terms;
      const cells = (locale: Locale) => terms.filter((x) => x.locale === locale).map((x) => x.text).join(TERM_SEPARATOR);
      rows.push([
        id,
        cells('en'),
        cells('zh-Hans'),
        cells('zh-Hant'),
        t.status,
        t.caseSensitive ? 'yes' : '',
        t.partOfSpeech ?? '',
        t.note ?? '',
        first ? (concept.note ?? '') : '',
        first ? (concept.subject ?? '') : '',
      ]);
      first = false;
    }
    await put(output, stringify(rows));
  }
}

/** Glossary CSV on the common adapter interface. */
export const glossaryCsvAdapter: FormatAdapter<NewConcept> = {
  name: 'glossary-csv',
  read: (input, options) => readGlossaryCsv(input, options),
  write: (items, output) => writeGlossaryCsv(items, output),
};
