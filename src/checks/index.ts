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

/** Runs all checks on one unit. */
export function runChecks(unit: CheckableUnit, context: CheckContext): Finding[] {
  return CHECKS.flatMap((check) => check.run(unit, context));
}

export { createCheckContext } from './context';
export { blockingFindings, validateOverride, validateOverrides, hasErrors } from './gate';
export type { OverrideValidation, OverridesValidation } from './gate';
export { extractNumbers } from './numerals';
export type { NumberMention } from './numerals';
export type { Check, CheckableUnit, CheckContext, Finding, Override, OverrideRequest, Severity, Span } from './types';
