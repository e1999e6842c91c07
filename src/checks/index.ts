import type { Check, CheckableUnit, CheckContext, Finding } from './types';
import { termMissing } from './term-missing';
import { termForbidden } from './term-forbidden';
import { termForm } from './term-form';
import { numbers } from './numbers';
import { scriptMix } from './script-mix';
import { quoteMarks } from './quote-marks';
import { untranslated } from './untranslated';
import { punctuationWidth } from './punctuation-width';
import { whitespace } from './whitespace';
import { empty } from './empty';
import { placeholders } from './placeholders';
import { lengthRatio } from './length-ratio';
import { spelling } from './spelling';
import { wordsRunTogether } from './run-together';
import { spaceBeforePunctuation } from './space-before-punctuation';

/** Every check, in the order findings are listed (errors about terms first). */
export const CHECKS: readonly Check[] = [
  empty,
  termMissing,
  termForm,
  termForbidden,
  numbers,
  placeholders,
  scriptMix,
  quoteMarks,
  untranslated,
  punctuationWidth,
  whitespace,
  lengthRatio,
  // The English source, for the editor (warnings on the source side).
  spelling,
  wordsRunTogether,
  spaceBeforePunctuation,
];

const JUDGES_SOURCE = new Set(CHECKS.filter((check) => check.judgesSource).map((check) => check.id));

/**
 * A finding on the source text itself (the English source's warnings): a source span from a
 * check that judges the source alone — not a term or number the translation lacks, which
 * points at the source but belongs to that locale's translation.
 */
export function isSourceFinding(finding: Finding): boolean {
  return finding.span?.side === 'source' && JUDGES_SOURCE.has(finding.checkId);
}

/** Runs all checks on one unit. */
export function runChecks(unit: CheckableUnit, context: CheckContext): Finding[] {
  return CHECKS.flatMap((check) => check.run(unit, context));
}

/**
 * The same findings as `runChecks`, letting the event loop through (setImmediate) whenever the
 * checks have run for `sliceMs` since the last pause: a server checking a 20,000-character
 * hostile text for one request keeps answering the others (the public site) in between. Each
 * check runs in linear time, so a slice overruns its budget by one check at most.
 */
export async function runChecksInSlices(unit: CheckableUnit, context: CheckContext, sliceMs = 8): Promise<Finding[]> {
  const findings: Finding[] = [];
  let started = performance.now();
  for (const check of CHECKS) {
    findings.push(...check.run(unit, context));
    if (performance.now() - started >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      started = performance.now();
    }
  }
  return findings;
}

export { createCheckContext } from './context';
export { blockingFindings, validateOverride, validateOverrides, hasErrors } from './gate';
export type { OverrideValidation, OverridesValidation } from './gate';
export { extractNumbers } from './numerals';
export type { NumberMention } from './numerals';
export type { Check, CheckableUnit, CheckContext, Finding, Override, OverrideRequest, Severity, Span } from './types';
