import type { Locale } from '../locale';
import type { Concept } from '../termbase';
import type { TermRecognizer } from '../termbase';
import type { InlineCode } from '../document';

export type Severity = 'error' | 'warning';

/** Where in the text a finding points: UTF-16 offsets into source or target. */
export interface Span {
  side: 'source' | 'target';
  start: number;
  end: number;
}

/** One check's result on one unit. */
export interface Finding {
  checkId: string;
  severity: Severity;
  message: string;
  span: Span | null;
}

/** An error finding overridden by a person, with the reason kept. */
export interface Override {
  checkId: string;
  reason: string;
  by: string;
  at: string;
}

/** What a check looks at: a source and a target text with their locales. */
export interface CheckableUnit {
  sourceLocale: Locale;
  sourceText: string;
  targetLocale: Locale;
  targetText: string;
  /** The original markup behind the texts' code tokens (HTML articles, imported TMX/XLIFF). */
  inlineCodes?: readonly InlineCode[];
}

/** Shared, precomputed things checks need (the termbase and its recognizer). */
export interface CheckContext {
  concepts: readonly Concept[];
  /** The termbase's recognizer, built once for many units (createCheckContext builds it). */
  recognizer?: TermRecognizer;
}

/** A check plug-in: one job, registered in one list (src/checks/index.ts). */
export interface Check {
  /** Stable id, kept with findings and overrides (e.g. `term-missing`). */
  id: string;
  severity: Severity;
  /** One line for translators: what the check looks for. */
  description: string;
  /**
   * Its findings with a source span judge the source text alone, the same whatever the
   * translation (a typo, a forbidden English term): the English source's warnings, the editor's.
   * Checks that compare the two sides (a term or number the target lacks) point at the source
   * too, but judge one locale's translation.
   */
  judgesSource?: true;
  run(unit: CheckableUnit, context: CheckContext): Finding[];
}

/** What a person asks for when overriding an error finding (the workflow adds who and when). */
export interface OverrideRequest {
  checkId: string;
  reason: string;
}
