import { runChecks, runChecksInSlices } from '../checks';
import type { Finding } from '../checks';
import type { TranslationUnit } from '../memory';
import type { TermbaseSnapshot } from './context';

type Checkable = Pick<TranslationUnit, 'sourceLocale' | 'sourceText' | 'targetLocale' | 'targetText' | 'status'> & Partial<Pick<TranslationUnit, 'inlineCodes'>>;

/**
 * Findings for a unit. An untranslated unit is checked on its source only: the source is
 * enforced too (forbidden terms in English), but an empty target is not yet a finding.
 */
export function checkUnit(unit: Checkable, termbase: TermbaseSnapshot): Finding[] {
  const findings = runChecks(
    {
      sourceLocale: unit.sourceLocale, sourceText: unit.sourceText, targetLocale: unit.targetLocale, targetText: unit.targetText,
      ...(unit.inlineCodes?.length ? { inlineCodes: unit.inlineCodes } : {}),
    },
    termbase.checkContext,
  );
  if (unit.status === 'new' && unit.targetText.trim() === '') {
    return findings.filter((f) => f.span?.side === 'source');
  }
  return findings;
}

/**
 * `checkUnit` for a request's own text (a draft check, an edit): the checks run in time slices,
 * so the other requests of the server are answered in between (see runChecksInSlices).
 */
export async function checkUnitInSlices(unit: Checkable, termbase: TermbaseSnapshot, sliceMs?: number): Promise<Finding[]> {
  const findings = await runChecksInSlices(
    {
      sourceLocale: unit.sourceLocale, sourceText: unit.sourceText, targetLocale: unit.targetLocale, targetText: unit.targetText,
      ...(unit.inlineCodes?.length ? { inlineCodes: unit.inlineCodes } : {}),
    },
    termbase.checkContext,
    sliceMs,
  );
  if (unit.status === 'new' && unit.targetText.trim() === '') return findings.filter((f) => f.span?.side === 'source');
  return findings;
}

/** Findings on a source text alone (what blocks publishing the source locale). */
export function checkSource(text: string, locale: TranslationUnit['sourceLocale'], termbase: TermbaseSnapshot): Finding[] {
  return runChecks({ sourceLocale: locale, sourceText: text, targetLocale: locale === 'en' ? 'zh-Hans' : 'en', targetText: '' }, termbase.checkContext)
    .filter((f) => f.span?.side === 'source');
}

export function sameFindings(a: Finding[], b: Finding[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
