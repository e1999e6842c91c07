import type { LanguageTag } from '../locale';

/** TBX administrative statuses as Bitext uses them. */
export const TERM_STATUSES = ['preferred', 'admitted', 'forbidden'] as const;
export type TermStatus = (typeof TERM_STATUSES)[number];

/** Term forms (TBX `termType`) that the checks act on; other TBX values are kept as a data category. */
export const TERM_TYPES = ['fullForm', 'shortForm', 'abbreviation', 'acronym'] as const;
export type TermType = (typeof TERM_TYPES)[number];

/**
 * A data category Bitext keeps and writes back without acting on it: a definition, a source, a
 * context sentence, a cross-reference, a customer or project subset, a transaction…
 * `type` is the TBX data category name. A TBX group (`descripGrp`, `transacGrp` …) is one field
 * with its members in `details` (the definition's source, the transaction's date).
 */
export interface DataCategory {
  type: string;
  value: string;
  /** Where a cross-reference or graphic points (TBX `target`). */
  target?: string;
  /** The TBX element it was read from when that is not the one its type implies (`descrip`, `admin`, `termNote`, `ref`, `xref`, `transac`, `date`, `note`). */
  element?: string;
  details?: DataCategory[];
}

/** Data categories of one language section of a concept (a definition in Spanish). */
export interface LanguageFields {
  locale: LanguageTag;
  fields: DataCategory[];
}

export interface Term {
  /**
   * BCP 47. en, zh-Hans and zh-Hant are the working locales (recognised in text, checked,
   * published); terms in any other language (`fr`, `pt-PT`, `zu`) are kept and exported.
   */
  locale: LanguageTag;
  text: string;
  status: TermStatus;
  /** English terms match case-insensitively unless this is set. */
  caseSensitive: boolean;
  partOfSpeech: string | null;
  note: string | null;
  /** The term's form (TBX termType); absent or null when the file does not say. */
  termType?: TermType | null;
  /** Other term-level data categories (geographicalUsage, context, source, customerSubset …). */
  fields?: DataCategory[];
}

/** A concept: one meaning, with its terms in every locale. */
export interface Concept {
  /** Stable id (from TBX `id`, or generated). */
  id: string;
  note: string | null;
  subject: string | null;
  terms: Term[];
  /** Other concept-level data categories (definition, source, crossReference, customerSubset …). */
  fields?: DataCategory[];
  /** Data categories of language sections (a definition per language). */
  languages?: LanguageFields[];
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export type NewConcept = Omit<Concept, 'version' | 'updatedAt' | 'updatedBy' | 'id'> & { id?: string };

export interface ConceptHistoryEntry {
  conceptId: string;
  version: number;
  action: 'create' | 'edit' | 'delete' | 'import';
  /** The concept as it was after the change (null after delete). */
  snapshot: Concept | null;
  by: string;
  at: string;
}
