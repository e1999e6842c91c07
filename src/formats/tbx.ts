/**
 * TBX glossaries: TBX v3 (ISO 30042:2019: TBX-Basic and TBX-Min, DCA and DCT styles) and
 * TBX 2008 (martif) in; TBX-Basic v3 in the DCA style out. Read as a stream of concepts on the
 * shared XML stack (xml-stream: BOM and declared encoding, entity refusal, depth/text/size limits).
 *
 * The three shapes are one tree with different names, so one reader handles them all:
 *   concept   conceptEntry (v3) · termEntry (2008) · entry (TBX-Min 2013)
 *   language  langSec · langSet · langGroup                     (xml:lang)
 *   term      termSec · tig · ntig · termGroup                  (holds <term>)
 * and a data category is `<descrip|termNote|admin|transac|ref|xref type="X">` (DCA) or an
 * element named X in any namespace (DCT: `<basic:administrativeStatus>`, `<min:partOfSpeech>`).
 *
 * Nothing is dropped: every language is kept; status, part of speech, term type, notes and the
 * subject are fields of their own; every other data category (definition, source, context,
 * crossReference, customerSubset, transactions …) is kept as a DataCategory at its level and
 * written back. What has no place at all (term components, back matter, inline markup) is
 * counted in the ReadReport, or refuses the file under `strict`.
 */
import type { SaxesTagPlain } from 'saxes';
import { canonicalTag, keptLocale, type LanguageTag } from '../locale';
import {
  ConceptValidationError, TERM_TYPES, validateConcept,
  type DataCategory, type LanguageFields, type NewConcept, type Term, type TermStatus, type TermType,
} from '../termbase';
import { FormatError, type FormatAdapter, type FormatReadOptions } from './adapter';
import { escapeAttribute, escapeXml, streamXml, writeOut, type InputLimits } from './xml-stream';

export type TbxLimits = InputLimits;

export const TBX_LIMITS: TbxLimits = { maxDepth: 40, maxText: 1_000_000, maxBytes: 512 * 1024 * 1024 };

/** Administrative statuses (TBX v3, TBX 2008 normativeAuthorization) and TBX-Min usage values, to ours. */
const STATUS_VALUES: Record<string, TermStatus> = {
  'preferredterm-admn-sts': 'preferred',
  'standardizedterm-admn-sts': 'preferred',
  'admittedterm-admn-sts': 'admitted',
  'legalterm-admn-sts': 'admitted',
  'regulatedterm-admn-sts': 'admitted',
  'deprecatedterm-admn-sts': 'forbidden',
  'supersededterm-admn-sts': 'forbidden',
  preferredterm: 'preferred',
  standardizedterm: 'preferred',
  admittedterm: 'admitted',
  legalterm: 'admitted',
  regulatedterm: 'admitted',
  deprecatedterm: 'forbidden',
  supersededterm: 'forbidden',
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
/** The values a refusal lists (TBX administrativeStatus, then TBX-Min usage). */
const STATUS_LIST = 'preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts, supersededTerm-admn-sts, '
  + 'standardizedTerm-admn-sts, legalTerm-admn-sts, regulatedTerm-admn-sts; TBX-Min: preferred, admitted, notRecommended, obsolete';
/** Data categories that carry a term's status. */
const STATUS_CATEGORIES = new Set(['administrativeStatus', 'normativeAuthorization', 'usage', 'termStatus']);
/** TBX-Basic's termType picklist; a file that says it is TBX-Basic (or TBX-Min) may use no other value. */
const BASIC_TERM_TYPES = new Set(['fullForm', 'acronym', 'abbreviation', 'shortForm', 'variant', 'phrase']);
/** termType values of TBX v3 core (ISO 30042 / DatCatInfo), for the other dialects. */
const ALL_TERM_TYPES = new Set([
  ...BASIC_TERM_TYPES, 'clippedTerm', 'commonName', 'entryTerm', 'equation', 'formula', 'initialism', 'internationalism',
  'internationalScientificTerm', 'logicalExpression', 'partNumber', 'phraseologicalUnit', 'shortcut', 'sku',
  'standardText', 'string', 'symbol', 'synonym', 'synonymousPhrase', 'transcribedForm', 'transliteratedForm',
  'transcribedTerm', 'transliteratedTerm', 'abbreviatedFormFor', 'orthographicalVariant', 'romanizedForm',
]);
/** Our own data category for the case rule (TBX has none); written in the DCA style. */
const CASE_CATEGORY = 'x-caseSensitive';

const CONCEPT_ELEMENTS = new Set(['conceptEntry', 'termEntry', 'entry']);
const LANGUAGE_ELEMENTS = new Set(['langSec', 'langSet', 'langGroup']);
const TERM_ELEMENTS = new Set(['termSec', 'tig', 'ntig', 'termGroup']);
/** Elements that name their data category in `type` (DCA style); `note` and `date` are their own. */
const DCA_ELEMENTS = new Set(['descrip', 'termNote', 'admin', 'transac', 'transacNote', 'ref', 'xref', 'date', 'note', 'adminNote', 'descripNote']);
const GROUP_ELEMENTS = new Set(['descripGrp', 'adminGrp', 'termNoteGrp', 'transacGrp']);
/** Inline markup inside a term or a note: its text is kept, the markup is not. */
const INLINE_ELEMENTS = new Set(['hi', 'foreign', 'ph', 'sc', 'ec', 'bpt', 'ept', 'it', 'ut', 'g', 'x']);
/** Structures Bitext has no place for: skipped whole and reported. */
const UNKEPT_ELEMENTS: Record<string, string> = {
  termCompList: 'term components',
  termCompSec: 'term components',
  back: 'back matter',
  refObjectSec: 'reference objects',
  refObjectList: 'reference objects',
};
/** Elements of the header or of grouping that carry no data category themselves (DCT style). */
const STRUCTURAL = new Set([
  'tbx', 'martif', 'TBX', 'tbxHeader', 'martifHeader', 'header', 'fileDesc', 'titleStmt', 'title', 'publicationStmt',
  'sourceDesc', 'encodingDesc', 'revisionDesc', 'change', 'p', 'text', 'body', 'term', 'termGrp', 'tbxMin',
  'description', 'languages', 'dateCreated', 'id',
]);

/** The DCA element a data category is written in, when the file did not say otherwise. */
const ELEMENT_OF: Record<string, string> = {
  definition: 'descrip', context: 'descrip', subjectField: 'descrip', example: 'descrip', explanation: 'descrip', figure: 'descrip',
  source: 'admin', customerSubset: 'admin', projectSubset: 'admin', entrySource: 'admin', elementWorkingStatus: 'admin',
  responsibility: 'transacNote', transactionType: 'transac', date: 'date', note: 'note',
  crossReference: 'ref', externalCrossReference: 'xref', xGraphic: 'xref',
};
const TERM_NOTES = new Set([
  'partOfSpeech', 'termType', 'administrativeStatus', 'grammaticalGender', 'grammaticalNumber', 'geographicalUsage',
  'termLocation', 'normativeAuthorization', 'usage', 'register', 'usageNote', 'termStatus', CASE_CATEGORY,
]);

type Level = 'concept' | 'language' | 'term';

function defaultElement(type: string, level: Level): string {
  if (TERM_NOTES.has(type)) return 'termNote';
  return ELEMENT_OF[type] ?? (level === 'term' ? 'termNote' : 'descrip');
}

interface PendingTerm {
  lang: string;
  text: string;
  /** The status category as read (its type and value), if any. */
  status: DataCategory | null;
  partOfSpeech: string | null;
  termType: string | null;
  note: string | null;
  caseSensitive: string | null;
  fields: DataCategory[];
  line: number;
}

interface PendingConcept {
  id: string | null;
  note: string | null;
  subject: string | null;
  fields: DataCategory[];
  languages: LanguageFields[];
  terms: Array<{ term: PendingTerm; locale: LanguageTag }>;
  line: number;
}

interface PendingLanguage {
  code: string;
  fields: DataCategory[];
  firstTermText: string | null;
  line: number;
}

/** An element whose text we are collecting. */
interface Capture {
  depth: number;
  /** `term`, or the data category. */
  category: string;
  element: string;
  /** True in the DCT style, where the element's name is the category. */
  dct: boolean;
  target?: string;
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
  const ready: NewConcept[] = [];
  const seenIds = new Map<string, number>();
  let depth = 0;
  let root: string | null = null;
  let basic = false;
  let concept: PendingConcept | null = null;
  let lang: PendingLanguage | null = null;
  let term: PendingTerm | null = null;
  let capture: Capture | null = null;
  let group: { depth: number; members: DataCategory[] } | null = null;
  let skip: { depth: number; element: string; line: number; text: string } | null = null;
  let concepts = 0;

  const fail = (reason: string, line: number): never => {
    throw new FormatError(file, reason, { line });
  };
  /** Something with no place in Bitext: reported, or under `strict` the end of the import. */
  const unkept = (element: string, reason: string, line: number, text: string): void => {
    if (options.strict) fail(`${element} cannot be kept by Bitext (${reason}); --strict refuses the file`, line);
    options.report?.add(element, reason, line, text);
  };
  const level = (): Level => (term ? 'term' : lang ? 'language' : 'concept');
  const container = (): DataCategory[] => (term ? term.fields : lang ? lang.fields : concept!.fields);

  const newTerm = (line: number): PendingTerm => ({
    lang: lang!.code, text: '', status: null, partOfSpeech: null, termType: null, note: null, caseSensitive: null, fields: [], line,
  });

  /** A data category read whole: kept in its own field where Bitext has one, else as a DataCategory. */
  const place = (field: DataCategory, line: number, grouped: boolean): void => {
    const where = level();
    const { type, value } = field;
    const plain = !grouped && field.target === undefined;
    if (where === 'term' && term) {
      if (STATUS_CATEGORIES.has(type)) {
        if (!STATUS_VALUES[value.toLowerCase()]) {
          fail(`unknown term status "${value}" for "${term.text || '(term)'}": ${type} "${value}" is not a TBX value (${STATUS_LIST})`, line);
        }
        term.status = field;
        return;
      }
      if (type === 'termType') {
        const allowed = basic ? BASIC_TERM_TYPES : ALL_TERM_TYPES;
        if (!allowed.has(value)) {
          fail(`unknown termType "${value}" for "${term.text || '(term)'}" (${basic ? 'TBX-Basic allows' : 'expected'} ${[...(basic ? BASIC_TERM_TYPES : TERM_TYPES)].join(', ')}${basic ? '' : ' …'})`, line);
        }
        if (plain && term.termType === null && (TERM_TYPES as readonly string[]).includes(value)) { term.termType = value; return; }
      } else if (plain && type === 'partOfSpeech' && term.partOfSpeech === null) { term.partOfSpeech = value; return; }
      else if (plain && type === 'note' && term.note === null && !field.element) { term.note = value; return; }
      else if (plain && type === CASE_CATEGORY) { term.caseSensitive = value; return; }
    } else if (where === 'concept' && concept) {
      if (plain && type === 'note' && concept.note === null && !field.element) { concept.note = value; return; }
      if (plain && type === 'subjectField' && concept.subject === null && !field.element) { concept.subject = value; return; }
    }
    container().push(field);
  };

  const fieldOf = (c: Capture, value: string): DataCategory => {
    const field: DataCategory = { type: c.category, value };
    if (c.target !== undefined) field.target = c.target;
    if (!c.dct && c.element !== defaultElement(c.category, level())) field.element = c.element;
    return field;
  };

  const finishCapture = (c: Capture): void => {
    if (c.category === 'term') {
      if (term) term.text = c.text.trim();
      if (lang && lang.firstTermText === null) lang.firstTermText = c.text.trim();
      return;
    }
    const value = collapse(c.text);
    if (value === '' && c.target === undefined) return;
    const field = fieldOf(c, value);
    if (group) group.members.push(field);
    else place(field, c.line, false);
  };

  const finishGroup = (g: { members: DataCategory[] }, line: number): void => {
    const [main, ...details] = g.members;
    if (!main) return;
    if (details.length === 0) { place(main, line, false); return; }
    place({ ...main, details }, line, true);
  };

  const finishTerm = (t: PendingTerm): void => {
    if (!concept) return;
    if (t.text === '') fail('a term with empty text', t.line);
    const locale = keptLocale(t.lang, t.text);
    if (!locale) fail(`xml:lang "${t.lang}" is not a BCP 47 language tag`, t.line);
    concept.terms.push({ term: t, locale: locale! });
  };

  const finishLanguage = (l: PendingLanguage): void => {
    if (!concept || l.fields.length === 0) return;
    const locale = keptLocale(l.code, l.firstTermText ?? undefined)!;
    const existing = concept.languages.find((x) => x.locale === locale);
    if (existing) existing.fields.push(...l.fields);
    else concept.languages.push({ locale, fields: l.fields });
  };

  const finishConcept = (c: PendingConcept): void => {
    if (c.terms.length === 0) fail(`concept${c.id ? ` "${c.id}"` : ''} has no terms`, c.line);
    const terms: Term[] = c.terms.map(({ term: t, locale }) => {
      let status: TermStatus = 'preferred';
      const fields = [...t.fields];
      if (t.status !== null) {
        status = STATUS_VALUES[t.status.value.toLowerCase()]!;
        // The status as the file spelled it (superseded, TBX-Min usage, a group with its source) is written back as read.
        const canonical = t.status.type === 'administrativeStatus' && t.status.value === STATUS_OUT[status] && !t.status.details && !t.status.element;
        if (!canonical) fields.unshift(t.status);
      }
      let caseSensitive = false;
      if (t.caseSensitive !== null) {
        const v = t.caseSensitive.toLowerCase();
        if (!['true', 'false', 'yes', 'no', '1', '0'].includes(v)) fail(`${CASE_CATEGORY} must be yes or no, not "${t.caseSensitive}"`, t.line);
        caseSensitive = ['true', 'yes', '1'].includes(v);
      }
      const out: Term = { locale, text: t.text, status, caseSensitive, partOfSpeech: t.partOfSpeech, note: t.note };
      if (t.termType !== null) out.termType = t.termType as TermType;
      if (fields.length > 0) out.fields = fields;
      return out;
    });
    try {
      ready.push(validateConcept({
        ...(c.id !== null ? { id: c.id } : {}),
        note: c.note,
        subject: c.subject,
        terms,
        ...(c.fields.length ? { fields: c.fields } : {}),
        ...(c.languages.length ? { languages: c.languages } : {}),
      }));
    } catch (error) {
      if (error instanceof ConceptValidationError) fail(`concept${c.id ? ` "${c.id}"` : ''}: ${error.issues.join('; ')}`, c.line);
      throw error;
    }
  };

  const handlers = {
    open(tag: SaxesTagPlain, line: number): void {
      depth++;
      const name = localName(tag.name);
      const attr = (key: string): string | undefined => tag.attributes[key];
      if (skip) return;
      if (root === null) {
        root = name;
        if (name !== 'tbx' && name !== 'martif' && name !== 'TBX') fail(`not a TBX file: the root element is <${tag.name}>`, line);
        basic = /^TBX-(Basic|Min)/i.test(attr('type') ?? '');
        return;
      }
      if (capture) {
        // Markup inside a term or a note (<hi>, <ph>): its text is kept, the markup is not.
        if (INLINE_ELEMENTS.has(name)) unkept(`<${name}>`, `markup inside <${capture.element}>: its text is kept`, line, capture.text.trim());
        else unkept(`<${name}>`, `element inside <${capture.element}>: its text is kept`, line, capture.text.trim());
        return;
      }
      const reason = UNKEPT_ELEMENTS[name];
      if (reason) {
        skip = { depth, element: `<${name}>`, line, text: '' };
        return;
      }
      if (CONCEPT_ELEMENTS.has(name)) {
        if (concept) fail(`<${tag.name}> inside another concept`, line);
        const id = attr('id')?.trim() || null;
        if (id !== null) {
          const first = seenIds.get(id);
          if (first !== undefined) fail(`duplicate concept id "${id}" (first at line ${first})`, line);
          seenIds.set(id, line);
        }
        concept = { id, note: null, subject: null, fields: [], languages: [], terms: [], line };
      } else if (LANGUAGE_ELEMENTS.has(name)) {
        if (!concept) fail(`<${tag.name}> outside a concept`, line);
        const code = attr('xml:lang') ?? attr('lang');
        if (!code) fail(`<${tag.name}> without xml:lang`, line);
        if (!canonicalTag(code!)) fail(`<${tag.name}> xml:lang "${code}" is not a BCP 47 language tag`, line);
        lang = { code: code!, fields: [], firstTermText: null, line };
      } else if (TERM_ELEMENTS.has(name)) {
        if (!lang) fail(`<${tag.name}> outside a language section`, line);
        term = newTerm(line);
        if (attr('id') !== undefined) unkept(`<${name} id>`, 'term ids (only concept ids are kept)', line, attr('id')!);
      } else if (name === 'term') {
        if (!lang) fail('<term> outside a language section', line);
        // TBX 2008 and TBX-Min allow a bare <term> directly in the language section.
        term ??= newTerm(line);
        capture = { depth, category: 'term', element: 'term', dct: false, text: '', line };
      } else if (GROUP_ELEMENTS.has(name)) {
        if (concept) group = { depth, members: [] };
      } else if (DCA_ELEMENTS.has(name)) {
        if (!concept) return;
        const type = attr('type') ?? (name === 'note' || name === 'date' ? name : undefined);
        if (!type) { unkept(`<${name}>`, 'a data category without type', line, ''); skip = { depth, element: `<${name}>`, line, text: '' }; return; }
        capture = { depth, category: type, element: name, dct: false, text: '', line };
        const target = attr('target');
        if (target !== undefined) capture.target = target;
        // Attributes beyond type and target (Weblate's <note from="translator">, xml:lang, datatype) have no place in a data category.
        for (const key of Object.keys(tag.attributes)) {
          if (key !== 'type' && key !== 'target' && key !== 'id') unkept(`<${name} ${key}>`, 'an attribute of a data category (its text is kept)', line, tag.attributes[key]!);
        }
      } else if (!STRUCTURAL.has(name) && concept) {
        // DCT style: the element's name is the data category.
        capture = { depth, category: name, element: name, dct: true, text: '', line };
        const target = attr('target');
        if (target !== undefined) capture.target = target;
      }
    },
    text(text: string): void {
      if (skip) { if (skip.text.length < 80) skip.text += text; return; }
      if (capture) {
        capture.text += text;
        if (capture.text.length > limits.maxText) fail(`text longer than ${limits.maxText} characters`, capture.line);
      }
    },
    close(tag: SaxesTagPlain, line: number): void {
      const name = localName(tag.name);
      try {
        if (skip) {
          if (depth === skip.depth) {
            unkept(skip.element, UNKEPT_ELEMENTS[name] ?? 'not a data category', skip.line, collapse(skip.text));
            skip = null;
          }
          return;
        }
        if (capture) {
          if (capture.depth === depth) {
            const done = capture;
            capture = null;
            finishCapture(done);
          }
          return;
        }
        if (group && group.depth === depth) {
          const done = group;
          group = null;
          finishGroup(done, line);
        } else if (TERM_ELEMENTS.has(name) && term) {
          finishTerm(term);
          term = null;
        } else if (LANGUAGE_ELEMENTS.has(name) && lang) {
          // A bare <term> with no term section around it closes with its language section.
          if (term) { finishTerm(term); term = null; }
          finishLanguage(lang);
          lang = null;
        } else if (CONCEPT_ELEMENTS.has(name) && concept) {
          const done = concept;
          concept = null;
          finishConcept(done);
          concepts++;
        }
      } finally {
        depth--;
      }
    },
  };

  yield* streamXml(input, file, handlers, ready, {
    limits,
    describeXmlError: (reason, sawRoot) => (sawRoot ? `not well-formed XML: ${reason}` : `not XML: ${reason}`),
  });
  if (concepts === 0) throw new FormatError(file, 'no concepts: the file holds no terms');
}

function fieldXml(field: DataCategory, level: Level, indent: string): string {
  const element = field.element ?? defaultElement(field.type, level);
  const one = (f: DataCategory, el: string): string => {
    const target = f.target !== undefined ? ` target="${escapeAttribute(f.target)}"` : '';
    if ((el === 'note' && f.type === 'note') || (el === 'date' && f.type === 'date')) return `<${el}${target}>${escapeXml(f.value)}</${el}>`;
    return `<${el} type="${escapeAttribute(f.type)}"${target}>${escapeXml(f.value)}</${el}>`;
  };
  if (!field.details?.length) return `${indent}${one(field, element)}\n`;
  const groupName = `${element === 'transacNote' || element === 'date' ? 'transac' : element}Grp`;
  let s = `${indent}<${groupName}>${one(field, element)}`;
  for (const d of field.details) s += one(d, d.element ?? defaultElement(d.type, level));
  return `${s}</${groupName}>\n`;
}

/** TBX v3 (ISO 30042:2019) or TBX 2008 (martif), which older tools (Translate Toolkit, Weblate) read. */
export type TbxVersion = 'v3' | '2008';

const NAMES: Record<TbxVersion, { concept: string; language: string; term: string }> = {
  v3: { concept: 'conceptEntry', language: 'langSec', term: 'termSec' },
  2008: { concept: 'termEntry', language: 'langSet', term: 'tig' },
};

/** One concept as a TBX-Basic (DCA) `<conceptEntry>` (v3) or `<termEntry>` (2008). */
export function conceptEntryXml(concept: NewConcept, fallbackId: string, version: TbxVersion = 'v3'): string {
  const names = NAMES[version];
  let s = '';
  const id = concept.id ?? fallbackId;
  s += `    <${names.concept} id="${escapeAttribute(id)}">\n`;
  // The subject and the note before any other subjectField or note, so they read back as the concept's own.
  if (concept.subject) s += `      <descrip type="subjectField">${escapeXml(concept.subject)}</descrip>\n`;
  if (concept.note) s += `      <note>${escapeXml(concept.note)}</note>\n`;
  for (const f of concept.fields ?? []) s += fieldXml(f, 'concept', '      ');
  const locales = Array.from(new Set([...concept.terms.map((t) => t.locale), ...(concept.languages ?? []).map((l) => l.locale)]));
  for (const locale of locales) {
    s += `      <${names.language} xml:lang="${escapeAttribute(locale)}">\n`;
    for (const f of concept.languages?.find((l) => l.locale === locale)?.fields ?? []) s += fieldXml(f, 'language', '        ');
    for (const t of concept.terms.filter((x) => x.locale === locale)) {
      s += `        <${names.term}>\n`;
      s += `          <term>${escapeXml(t.text)}</term>\n`;
      // A status as the file spelled it, while it still says what the term's status is; else ours.
      const kept = (t.fields ?? []).find((f) => STATUS_CATEGORIES.has(f.type) && STATUS_VALUES[f.value.toLowerCase()] === t.status);
      const others = (t.fields ?? []).filter((f) => !STATUS_CATEGORIES.has(f.type));
      s += kept ? fieldXml(kept, 'term', '          ') : `          <termNote type="administrativeStatus">${STATUS_OUT[t.status]}</termNote>\n`;
      if (t.partOfSpeech) s += `          <termNote type="partOfSpeech">${escapeXml(t.partOfSpeech)}</termNote>\n`;
      if (t.termType) s += `          <termNote type="termType">${t.termType}</termNote>\n`;
      if (t.caseSensitive) s += `          <termNote type="${CASE_CATEGORY}">yes</termNote>\n`;
      if (t.note) s += `          <note>${escapeXml(t.note)}</note>\n`;
      for (const f of others) s += fieldXml(f, 'term', '          ');
      s += `        </${names.term}>\n`;
    }
    s += `      </${names.language}>\n`;
  }
  s += `    </${names.concept}>\n`;
  return s;
}

/**
 * Writes TBX-Basic (v3, DCA style). Forbidden terms are written as `deprecatedTerm-admn-sts`
 * unless the file they came from said `supersededTerm-admn-sts` (or a TBX-Min usage).
 * The output stream is left open for the caller to end.
 */
export async function writeTbx(
  concepts: AsyncIterable<NewConcept> | Iterable<NewConcept>,
  output: NodeJS.WritableStream,
  options: { title?: string; version?: TbxVersion } = {},
): Promise<void> {
  const title = options.title ?? 'Bitext termbase';
  const version = options.version ?? 'v3';
  const v3 = version === 'v3';
  await writeOut(
    output,
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      (v3 ? '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n' : '<martif type="TBX-Basic" xml:lang="en">\n') +
      `  <${v3 ? 'tbxHeader' : 'martifHeader'}>\n    <fileDesc>\n` +
      `      <titleStmt><title>${escapeXml(title)}</title></titleStmt>\n` +
      '      <sourceDesc><p>Exported by Bitext</p></sourceDesc>\n' +
      '    </fileDesc>\n' +
      (v3 ? '' : '    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>\n') +
      `  </${v3 ? 'tbxHeader' : 'martifHeader'}>\n  <text>\n  <body>\n`,
  );
  let n = 0;
  for await (const concept of concepts as AsyncIterable<NewConcept>) {
    n++;
    await writeOut(output, conceptEntryXml(concept, `c${n}`, version));
  }
  await writeOut(output, `  </body>\n  </text>\n</${v3 ? 'tbx' : 'martif'}>\n`);
}

/** TBX glossaries on the common adapter interface: reads v3 (Basic, Min; DCA, DCT) and 2008; writes TBX-Basic DCA, v3 or (`tbxVersion: '2008'`) 2008. */
export const tbxAdapter: FormatAdapter<NewConcept> = {
  name: 'tbx',
  read: (input, options) => readTbx(input, options),
  write: (items, output, options) => writeTbx(items, output, {
    title: typeof options?.title === 'string' ? options.title : undefined,
    version: options?.tbxVersion === '2008' ? '2008' : 'v3',
  }),
};
