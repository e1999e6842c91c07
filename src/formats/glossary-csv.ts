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
import { MAX_RECORD, safeCell, unsafeCell } from './csv-units';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { keptLocale, type LanguageTag, type Locale } from '../locale';
import { ConceptValidationError, TERM_TYPES, validateConcept, type NewConcept, type Term, type TermStatus, type TermType } from '../termbase';
import { FormatError, type FormatAdapter, type FormatReadOptions } from './adapter';

const OTHER_COLUMNS = ['id', 'status', 'note', 'case_sensitive', 'part_of_speech', 'term_type', 'term_note', 'subject'] as const;
type OtherColumn = (typeof OTHER_COLUMNS)[number];

const STATUS_WORDS: Record<string, TermStatus> = {
  preferred: 'preferred',
  admitted: 'admitted',
  forbidden: 'forbidden',
  deprecated: 'forbidden',
};
const BOOLEAN_WORDS: Record<string, boolean> = { yes: true, true: true, '1': true, y: true, no: false, false: false, '0': false, n: false };

/** Separates several terms in one cell; a term holding it writes it as backslash-bar (and a backslash as two). */
export const TERM_SEPARATOR = '|';

function escapeTerm(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** Splits a cell at unescaped separators: backslash-bar is a bar inside a term, two backslashes one, any other backslash itself. */
export function splitTerms(cell: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const ch = cell[i];
    if (ch === '\\' && (cell[i + 1] === TERM_SEPARATOR || cell[i + 1] === '\\')) {
      current += cell[++i];
    } else if (ch === TERM_SEPARATOR) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

interface Layout {
  locales: Array<{ index: number; locale: LanguageTag }>;
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
    // A language column names an ISO 639 language (two or three letters), so that a stray
    // column such as "comment" is not taken for a language.
    const locale = /^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$/i.test(name) ? keptLocale(name) : undefined;
    if (!locale) {
      throw new FormatError(
        file,
        `column "${name}" is neither a BCP 47 language tag (en, zh-Hans, zh-Hant, zh-CN, fr, pt-PT …) nor one of ${OTHER_COLUMNS.join(', ')}`,
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
        return index === undefined ? '' : unsafeCell((record[index] ?? '').trim());
      };

      const statusText = cell('status').toLowerCase();
      const status = statusText === '' ? 'preferred' : STATUS_WORDS[statusText];
      if (!status) throw new FormatError(file, `unknown status "${cell('status')}" (preferred, admitted or forbidden)`, { line });
      const caseText = cell('case_sensitive').toLowerCase();
      const caseSensitive = caseText === '' ? false : BOOLEAN_WORDS[caseText];
      if (caseSensitive === undefined) throw new FormatError(file, `case_sensitive must be yes or no, not "${cell('case_sensitive')}"`, { line });

      const termTypeText = cell('term_type');
      if (termTypeText !== '' && !(TERM_TYPES as readonly string[]).includes(termTypeText)) {
        throw new FormatError(file, `unknown term_type "${termTypeText}" (${TERM_TYPES.join(', ')} or empty)`, { line });
      }
      const termType = termTypeText === '' ? undefined : (termTypeText as TermType);

      const terms: Term[] = [];
      for (const { index, locale } of layout.locales) {
        const text = record[index] ?? '';
        if (text.trim() === '') continue;
        for (const part of splitTerms(unsafeCell(text))) {
          if (part.trim() === '') throw new FormatError(file, `a term with empty text in column ${locale} ("${text}")`, { line });
          terms.push({
            locale,
            text: part.trim(),
            status,
            caseSensitive,
            partOfSpeech: cell('part_of_speech') || null,
            note: cell('term_note') || null,
            ...(termType ? { termType } : {}),
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

const WORKING_COLUMNS: readonly Locale[] = ['en', 'zh-Hans', 'zh-Hant'];

async function put(output: NodeJS.WritableStream, text: string): Promise<void> {
  if (!output.write(text)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
}

/**
 * Writes glossary CSV: a row per group of a concept's terms that share status, case rule,
 * part of speech, term type and term note (most concepts are one to three rows). Columns: the
 * three working locales, then every other language in the termbase; `term_type` only when some
 * term has one. The header must name every language, so the concepts are read whole first
 * (a termbase is thousands of concepts, not millions). The stream is left open.
 */
export async function writeGlossaryCsv(
  concepts: AsyncIterable<NewConcept> | Iterable<NewConcept>,
  output: NodeJS.WritableStream,
): Promise<void> {
  const all: NewConcept[] = [];
  for await (const concept of concepts as AsyncIterable<NewConcept>) all.push(concept);
  const others = new Set<string>();
  let anyTermType = false;
  for (const c of all) {
    for (const t of c.terms) {
      if (!(WORKING_COLUMNS as readonly string[]).includes(t.locale)) others.add(t.locale);
      if (t.termType) anyTermType = true;
    }
  }
  const locales: string[] = [...WORKING_COLUMNS, ...others];
  const header = ['id', ...locales, 'status', 'case_sensitive', 'part_of_speech', ...(anyTermType ? ['term_type'] : []), 'term_note', 'note', 'subject'];
  await put(output, stringify([header.map(safeCell)]));
  let n = 0;
  for (const concept of all) {
    n++;
    const id = concept.id ?? `c${n}`;
    const groups = new Map<string, Term[]>();
    for (const t of concept.terms) {
      const key = JSON.stringify([t.status, t.caseSensitive, t.partOfSpeech, t.termType ?? null, t.note]);
      const list = groups.get(key) ?? [];
      list.push(t);
      groups.set(key, list);
    }
    const rows: string[][] = [];
    let first = true;
    for (const terms of groups.values()) {
      const [t] = terms;
      const cells = (locale: string) => terms.filter((x) => x.locale === locale).map((x) => escapeTerm(x.text)).join(TERM_SEPARATOR);
      rows.push([
        id,
        ...locales.map(cells),
        t.status,
        t.caseSensitive ? 'yes' : '',
        t.partOfSpeech ?? '',
        ...(anyTermType ? [t.termType ?? ''] : []),
        t.note ?? '',
        first ? (concept.note ?? '') : '',
        first ? (concept.subject ?? '') : '',
      ].map(safeCell));
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
