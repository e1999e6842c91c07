/**
 * TBX glossaries: TBX v3 (ISO 30042:2019: TBX-Basic and TBX-Min, DCA and DCT styles) and
 * TBX 2008 (martif) in; TBX-Basic v3 in the DCA style out. Read as a stream of concepts.
 *
 * The three shapes are one tree with different names, so one reader handles them all:
 *   concept   conceptEntry (v3) · termEntry (2008) · entry (TBX-Min 2013)
 *   language  langSec · langSet · langGroup                     (xml:lang)
 *   term      termSec · tig · ntig · termGroup                  (holds <term>)
 * and a data category is `<descrip|termNote|admin type="X">` (DCA) or an element named X in
 * any namespace (DCT: `<basic:administrativeStatus>`, `<min:partOfSpeech>`).
 */
import { SaxesParser } from 'saxes';
import { keptLocale, type LanguageTag } from '../locale';
import { ConceptValidationError, TERM_TYPES, validateConcept, type NewConcept, type TermStatus, type TermType } from '../termbase';
import { FormatError, type FormatAdapter, type FormatReadOptions } from './adapter';

export interface TbxLimits {
  /** Deepest element nesting accepted (TBX needs about 8). */
  maxDepth: number;
  /** Longest run of text without markup, in characters. */
  maxText: number;
  /** Largest file, in bytes. */
  maxBytes: number;
}

export const TBX_LIMITS: TbxLimits = { maxDepth: 40, maxText: 1_000_000, maxBytes: 512 * 1024 * 1024 };

/** Administrative statuses (TBX v3 and 2008) and TBX-Min usage values, to ours. */
const STATUS_VALUES: Record<string, TermStatus> = {
  'preferredterm-admn-sts': 'preferred',
  'standardizedterm-admn-sts': 'preferred',
  'admittedterm-admn-sts': 'admitted',
  'legalterm-admn-sts': 'admitted',
  'regulatedterm-admn-sts': 'admitted',
  'deprecatedterm-admn-sts': 'forbidden',
  'supersededterm-admn-sts': 'forbidden',
  preferred: 'preferred',
  admitted: 'admitted',
  notrecommended: 'forbidden',
  obsolete: 'forbidden',
  deprecated: 'forbidden',
  forbidden: 'forbidden',
};
const STATUS_OUT: Record<TermStatus, string> = {
  preferred: 'preferredTerm-admn-sts',
  admitted: 'admittedTerm-admn-sts',
  forbidden: 'deprecatedTerm-admn-sts',
};
/** Data categories that carry a term's status. */
const STATUS_CATEGORIES = new Set(['administrativeStatus', 'normativeAuthorization', 'usage', 'termStatus']);
/** Our own data category for the case rule (TBX has none); written in the DCA style. */
const CASE_CATEGORY = 'x-caseSensitive';

const CONCEPT_ELEMENTS = new Set(['conceptEntry', 'termEntry', 'entry']);
const LANGUAGE_ELEMENTS = new Set(['langSec', 'langSet', 'langGroup']);
const TERM_ELEMENTS = new Set(['termSec', 'tig', 'ntig', 'termGroup']);
const DCA_ELEMENTS = new Set(['descrip', 'termNote', 'admin']);
/** Elements of the header or of grouping that carry no data category themselves (DCT style). */
const STRUCTURAL = new Set([
  'tbx', 'martif', 'TBX', 'tbxHeader', 'martifHeader', 'header', 'fileDesc', 'titleStmt', 'title', 'publicationStmt',
  'sourceDesc', 'encodingDesc', 'revisionDesc', 'change', 'p', 'text', 'body', 'back', 'descripGrp', 'termNoteGrp',
  'adminGrp', 'transacGrp', 'transac', 'transacNote', 'date', 'ref', 'xref', 'hi', 'foreign', 'ph', 'sc', 'ec',
  'refObjectSec', 'refObjectList', 'refObject', 'itemSet', 'item', 'itemGrp', 'term', 'termCompList', 'termComp',
  'termCompSec', 'termCompGrp', 'termGrp', 'bpt', 'ept', 'it', 'tbxMin', 'description', 'languages', 'dateCreated', 'id',
]);

interface PendingTerm {
  locale: LanguageTag | null;
  lang: string;
  text: string;
  status: string | null;
  partOfSpeech: string | null;
  termType: string | null;
  note: string | null;
  caseSensitive: string | null;
  line: number;
}

interface PendingConcept {
  id: string | null;
  note: string | null;
  definition: string | null;
  subject: string | null;
  terms: PendingTerm[];
  /** `<term>` elements seen, including those in languages we do not publish. */
  termCount: number;
  line: number;
}

/** An element whose text we are collecting, and where the text goes. */
interface Capture {
  depth: number;
  category: string;
  text: string;
  line: number;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Reads TBX concepts from a stream, one concept at a time. */
export async function* readTbx(
  input: NodeJS.ReadableStream,
  options: FormatReadOptions,
  limits: TbxLimits = TBX_LIMITS,
): AsyncGenerator<NewConcept> {
  const file = options.fileName;
  const parser = new SaxesParser({ position: true });
  const ready: NewConcept[] = [];
  const seenIds = new Map<string, number>();
  let depth = 0;
  let sinceMarkup = 0;
  let root: string | null = null;
  let concept: PendingConcept | null = null;
  let lang: { code: string; line: number } | null = null;
  let term: PendingTerm | null = null;
  let capture: Capture | null = null;
  let concepts = 0;

  // Annotated so that TypeScript knows code after a fail() call is unreachable.
  const fail: (reason: string, line?: number) => never = (reason, line = parser.line) => {
    throw new FormatError(file, reason, { line });
  };

  const assign = (c: Capture): void => {
    const value = c.category === 'term' ? c.text.trim() : collapse(c.text);
    if (c.category === 'term') {
      if (term) term.text = value;
      return;
    }
    if (value === '') return;
    if (term) {
      if (STATUS_CATEGORIES.has(c.category)) term.status = value;
      else if (c.category === 'partOfSpeech') term.partOfSpeech = value;
      else if (c.category === 'termType') term.termType = value;
      else if (c.category === 'note' || c.category === 'definition') term.note = term.note ? `${term.note} ${value}` : value;
      else if (c.category === CASE_CATEGORY) term.caseSensitive = value;
      else if (c.category === 'subjectField' && concept) concept.subject ??= value;
    } else if (concept && !lang) {
      if (c.category === 'note') concept.note = concept.note ? `${concept.note} ${value}` : value;
      else if (c.category === 'definition') concept.definition = value;
      else if (c.category === 'subjectField') concept.subject = value;
    }
  };

  const finishTerm = (t: PendingTerm): void => {
    if (!concept) return;
    concept.termCount++;
    if (t.text === '') fail('a term with empty text', t.line);
    if (!t.locale) fail(`xml:lang "${t.lang}" is not a BCP 47 language tag`, t.line);
    concept.terms.push(t);
  };

  const finishConcept = (c: PendingConcept): void => {
    if (c.termCount === 0) fail(`concept${c.id ? ` "${c.id}"` : ''} has no terms`, c.line);
    if (c.terms.length === 0) return; // only languages we do not publish
    const terms = c.terms.map((t) => {
      let status: TermStatus = 'preferred';
      if (t.status !== null) {
        const known = STATUS_VALUES[t.status.toLowerCase()];
        if (!known) fail(`unknown term status "${t.status}" for "${t.text}"`, t.line);
        status = known;
      }
      let caseSensitive = false;
      if (t.caseSensitive !== null) {
        const v = t.caseSensitive.toLowerCase();
        if (!['true', 'false', 'yes', 'no', '1', '0'].includes(v)) fail(`${CASE_CATEGORY} must be yes or no, not "${t.caseSensitive}"`, t.line);
        caseSensitive = ['true', 'yes', '1'].includes(v);
      }
      let termType: TermType | undefined;
      if (t.termType !== null) {
        if (!(TERM_TYPES as readonly string[]).includes(t.termType)) fail(`unknown termType "${t.termType}" for "${t.text}" (expected ${TERM_TYPES.join(', ')})`, t.line);
        termType = t.termType as TermType;
      }
      return { locale: t.locale as LanguageTag, text: t.text, status, caseSensitive, partOfSpeech: t.partOfSpeech, note: t.note, ...(termType ? { termType } : {}) };
    });
    try {
      const validated = validateConcept({
        ...(c.id !== null ? { id: c.id } : {}),
        note: c.note ?? c.definition,
        subject: c.subject,
        terms,
      });
      ready.push(validated);
    } catch (error) {
      if (error instanceof ConceptValidationError) fail(`concept${c.id ? ` "${c.id}"` : ''}: ${error.issues.join('; ')}`, c.line);
      throw error;
    }
  };

  parser.on('error', (e) => {
    const reason = e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '');
    fail(root === null ? `not XML: ${reason}` : `not well-formed XML: ${reason}`);
  });
  parser.on('doctype', (doctype) => {
    // Entity declarations are how billion-laughs and external-entity attacks start; TBX needs none.
    if (/<!ENTITY/i.test(doctype)) fail('DOCTYPE declares entities, which are not allowed');
  });
  parser.on('opentag', (tag) => {
    sinceMarkup = 0;
    depth++;
    if (depth > limits.maxDepth) fail(`elements nested deeper than ${limits.maxDepth}`);
    const name = localName(tag.name);
    const line = parser.line;
    const attr = (key: string): string | undefined => {
      const v: unknown = tag.attributes[key];
      return typeof v === 'string' ? v : (v as { value?: string } | undefined)?.value;
    };
    if (root === null) {
      root = name;
      if (name !== 'tbx' && name !== 'martif' && name !== 'TBX') fail(`not a TBX file: the root element is <${tag.name}>`);
      return;
    }
    if (capture) return; // markup inside a term or a note (<hi>, <ph>): its text is kept
    if (CONCEPT_ELEMENTS.has(name)) {
      if (concept) fail(`<${tag.name}> inside another concept`);
      const id = attr('id')?.trim() || null;
      if (id !== null) {
        const first = seenIds.get(id);
        if (first !== undefined) fail(`duplicate concept id "${id}" (first at line ${first})`);
        seenIds.set(id, line);
      }
      concept = { id, note: null, definition: null, subject: null, terms: [], termCount: 0, line };
    } else if (LANGUAGE_ELEMENTS.has(name)) {
      if (!concept) fail(`<${tag.name}> outside a concept`);
      const code = attr('xml:lang') ?? attr('lang');
      if (!code) fail(`<${tag.name}> without xml:lang`);
      lang = { code, line };
    } else if (TERM_ELEMENTS.has(name)) {
      if (!lang) fail(`<${tag.name}> outside a language section`);
      term = { locale: null, lang: lang.code, text: '', status: null, partOfSpeech: null, termType: null, note: null, caseSensitive: null, line };
    } else if (name === 'term') {
      if (!lang) fail('<term> outside a language section');
      // TBX 2008 and TBX-Min allow a bare <term> directly in the language section.
      term ??= { locale: null, lang: lang.code, text: '', status: null, partOfSpeech: null, termType: null, note: null, caseSensitive: null, line };
      capture = { depth, category: 'term', text: '', line };
    } else if (DCA_ELEMENTS.has(name)) {
      const type = attr('type');
      if (concept && type) capture = { depth, category: type, text: '', line };
    } else if (name === 'note') {
      if (concept) capture = { depth, category: 'note', text: '', line };
    } else if (!STRUCTURAL.has(name) && concept) {
      // DCT style: the element's name is the data category.
      capture = { depth, category: name, text: '', line };
    }
  });
  parser.on('text', (text) => {
    if (capture) {
      capture.text += text;
      if (capture.text.length > limits.maxText) fail(`text longer than ${limits.maxText} characters`);
    }
  });
  parser.on('cdata', (text) => {
    if (capture) capture.text += text;
  });
  parser.on('closetag', (tag) => {
    sinceMarkup = 0;
    const name = localName(tag.name);
    if (capture && capture.depth === depth) {
      const done = capture;
      capture = null;
      assign(done);
    } else if (!capture) {
      if (TERM_ELEMENTS.has(name) && term) {
        term.locale = keptLocale(term.lang, term.text) ?? null;
        finishTerm(term);
        term = null;
      } else if (LANGUAGE_ELEMENTS.has(name)) {
        if (term) {
          term.locale = keptLocale(term.lang, term.text) ?? null;
          finishTerm(term);
          term = null;
        }
        // A bare <term> with no term section around it closes with its language section.
        lang = null;
      } else if (CONCEPT_ELEMENTS.has(name) && concept) {
        const done = concept;
        concept = null;
        finishConcept(done);
        concepts++;
      }
    }
    depth--;
  });

  let bytes = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const feed = (text: string): void => {
    for (let i = 0; i < text.length; i += 65536) {
      const slice = text.slice(i, i + 65536);
      sinceMarkup += slice.length;
      parser.write(slice);
      // One enormous text node (or attribute) without markup is caught before it fills memory.
      if (sinceMarkup > limits.maxText) fail(`more than ${limits.maxText} characters without markup`);
    }
  };
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    bytes += buffer.length;
    if (bytes > limits.maxBytes) fail(`larger than ${limits.maxBytes} bytes`);
    let text = '';
    try {
      text = decoder.decode(buffer, { stream: true });
    } catch {
      fail('not UTF-8 text');
    }
    feed(text);
    yield* ready.splice(0);
  }
  if (bytes === 0) throw new FormatError(file, 'empty file: not XML');
  let tail = '';
  try {
    tail = decoder.decode();
  } catch {
    fail('not UTF-8 text: the file ends in the middle of a character');
  }
  feed(tail);
  parser.close();
  if (root === null) throw new FormatError(file, 'not XML: no element found');
  yield* ready.splice(0);
  if (concepts === 0) throw new FormatError(file, 'no concepts: the file holds no terms');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

async function put(output: NodeJS.WritableStream, text: string): Promise<void> {
  if (!output.write(text)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
}

/** One concept as TBX-Basic (v3, DCA) `<conceptEntry>`. */
export function conceptEntryXml(concept: NewConcept, fallbackId: string): string {
  const lines: string[] = [];
  const id = concept.id ?? fallbackId;
  lines.push(`    <conceptEntry id="${escapeXml(id)}">`);
  if (concept.subject) lines.push(`      <descrip type="subjectField">${escapeXml(concept.subject)}</descrip>`);
  if (concept.note) lines.push(`      <note>${escapeXml(concept.note)}</note>`);
  const locales = Array.from(new Set(concept.terms.map((t) => t.locale)));
  for (const locale of locales) {
    lines.push(`      <langSec xml:lang="${locale}">`);
    for (const t of concept.terms.filter((x) => x.locale === locale)) {
      lines.push('        <termSec>');
      lines.push(`          <term>${escapeXml(t.text)}</term>`);
      if (t.partOfSpeech) lines.push(`          <termNote type="partOfSpeech">${escapeXml(t.partOfSpeech)}</termNote>`);
      if (t.termType) lines.push(`          <termNote type="termType">${t.termType}</termNote>`);
      lines.push(`          <termNote type="administrativeStatus">${STATUS_OUT[t.status]}</termNote>`);
      if (t.caseSensitive) lines.push(`          <termNote type="${CASE_CATEGORY}">yes</termNote>`);
      if (t.note) lines.push(`          <note>${escapeXml(t.note)}</note>`);
      lines.push('        </termSec>');
    }
    lines.push('      </langSec>');
  }
  lines.push('    </conceptEntry>');
  return lines.join('\n') + '\n';
}

/**
 * Writes TBX-Basic (v3, DCA style). Forbidden terms are written as `deprecatedTerm-admn-sts`.
 * The output stream is left open for the caller to end.
 */
export async function writeTbx(
  concepts: AsyncIterable<NewConcept> | Iterable<NewConcept>,
  output: NodeJS.WritableStream,
  options: { title?: string } = {},
): Promise<void> {
  const title = options.title ?? 'Bitext termbase';
  await put(
    output,
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n' +
      '  <tbxHeader>\n    <fileDesc>\n' +
      `      <titleStmt><title>${escapeXml(title)}</title></titleStmt>\n` +
      '      <sourceDesc><p>Exported by Bitext</p></sourceDesc>\n' +
      '    </fileDesc>\n  </tbxHeader>\n  <text>\n  <body>\n',
  );
  let n = 0;
  for await (const concept of concepts as AsyncIterable<NewConcept>) {
    n++;
    await put(output, conceptEntryXml(concept, `c${n}`));
  }
  await put(output, '  </body>\n  </text>\n</tbx>\n');
}

/** TBX glossaries on the common adapter interface: reads v3 (Basic, Min; DCA, DCT) and 2008; writes TBX-Basic DCA. */
export const tbxAdapter: FormatAdapter<NewConcept> = {
  name: 'tbx',
  read: (input, options) => readTbx(input, options),
  write: (items, output, options) => writeTbx(items, output, { title: typeof options?.title === 'string' ? options.title : undefined }),
};
