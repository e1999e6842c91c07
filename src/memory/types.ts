import type { LanguageTag, Locale } from '../locale';
import type { Finding, Override } from '../checks';

/** Review status of a translation unit's target, in workflow order. */
export const UNIT_STATUSES = ['new', 'draft', 'translated', 'approved'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/** Where a target came from (provenance). */
export const UNIT_ORIGINS = ['aligned', 'human', 'tm', 'mt:deepl', 'converted', 'imported'] as const;
export type UnitOrigin = (typeof UNIT_ORIGINS)[number];

import type { InlineCode } from '../document';

export type { InlineCode } from '../document';
export { INLINE_CODE_TOKEN } from '../document';

/**
 * The unit's segment in a language beyond its working pair (fr, pt-PT, ja …), from an imported
 * file: kept, shown in concordance and written back on export, never matched or checked.
 * Its inline code tokens are among the unit's `inlineCodes`.
 */
export interface UnitVariant {
  locale: LanguageTag;
  text: string;
}

/**
 * What an imported file said about a unit beyond its texts, kept to be written back: the
 * translator's note, the tool's properties (TMX `<prop type="x-Domain">` …) and the date the
 * file gives for the translation (the store's createdAt is when Bitext stored it).
 */
export interface UnitFileData {
  note?: string;
  props?: UnitProperty[];
  createdAt?: string;
}

/** One property of a unit as a file named it (TMX `<prop type>`). */
export interface UnitProperty {
  type: string;
  value: string;
}

/** The alignment step a unit came from, with the aligner's confidence. */
export interface BeadProvenance {
  /** e.g. `1-1`, `2-1` (source sentences – target sentences) */
  type: string;
  /** 0..1, higher is better */
  score: number;
  lowConfidence: boolean;
}

export interface TranslationUnit {
  id: number;
  /** Incremented on every change; edits must carry the version they started from. */
  version: number;
  /** The article the unit belongs to; null for units that live only in the memory (imported). */
  documentId: number | null;
  /** Order of the source segment in its document (0-based). */
  position: number | null;
  /** Paragraph of the source segment in its document (0-based). */
  paragraph: number | null;
  sourceLocale: Locale;
  sourceText: string;
  targetLocale: Locale;
  targetText: string;
  status: UnitStatus;
  origin: UnitOrigin;
  bead: BeadProvenance | null;
  /** For origin `tm`: the fuzzy score of the match it came from. */
  matchScore: number | null;
  /** Source texts of the neighbouring segments, for context (101) matches. */
  previousSource: string | null;
  nextSource: string | null;
  inlineCodes: InlineCode[];
  /** Texts of the same unit in other languages (absent or empty for most units). */
  variants?: UnitVariant[];
  /** Note, properties and date from the file the unit was imported from (absent for most units). */
  fileData?: UnitFileData;
  findings: Finding[];
  overrides: Override[];
  /**
   * Who typed the current target text (the four-eyes rule reads it); null when it came from
   * alignment of an existing translation, the memory, MT, conversion or an import.
   */
  targetAuthor: string | null;
  /**
   * The source text the target was made for, when the source has changed since (the target is
   * outdated: kept as a draft for the translator to fix what changed); null when it is current.
   */
  outdatedSource: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** A unit to be inserted: the store assigns id, version and timestamps. */
export type NewTranslationUnit = Omit<TranslationUnit, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'updatedBy' | 'targetAuthor' | 'outdatedSource'> & {
  outdatedSource?: string | null;
  updatedBy?: string;
  targetAuthor?: string | null;
};

/** One entry of a unit's history: what changed, who, when and why. */
export interface UnitHistoryEntry {
  unitId: number;
  version: number;
  action: 'create' | 'edit' | 'approve' | 'override' | 'status' | 'source-edit' | 'realign' | 'import' | 'convert' | 'recheck';
  targetText: string;
  sourceText: string;
  status: UnitStatus;
  origin: UnitOrigin;
  by: string;
  at: string;
  reason: string | null;
}
