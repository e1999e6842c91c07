import type { Check, Finding } from './types';
import { termbaseOf } from './context';
import { describeAllowed, quote } from './text';
import { fullForms } from './term-form';

/** A source term whose concept has a target term the translation does not use. */
export const termMissing: Check = {
  id: 'term-missing',
  severity: 'error',
  description: 'A termbase term in the source is not translated with its preferred or admitted target term.',
  run(unit, context) {
    if (unit.targetText.trim() === '') return []; // the `empty` check says it
    const { recognizer, byId } = termbaseOf(context);
    // Nested hits count: 澳门 inside 澳门—江门跨境合作试验区 is still the term for Macao.
    const present = new Set(
      recognizer
        .recognize(unit.targetText, unit.targetLocale, { nested: true })
        .filter((h) => h.term.status !== 'forbidden')
        .map((h) => h.conceptId),
    );
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const hit of recognizer.recognize(unit.sourceText, unit.sourceLocale)) {
      if (present.has(hit.conceptId) || reported.has(hit.conceptId)) continue;
      const concept = byId.get(hit.conceptId);
      const allowed = concept?.terms.filter((t) => t.locale === unit.targetLocale && t.status !== 'forbidden') ?? [];
      if (allowed.length === 0) continue; // the termbase says nothing about this concept's target
      reported.add(hit.conceptId);
      // A full form in the source asks for a full form in the target (the term-form rule): name only those.
      const full = hit.term.termType === 'fullForm' ? fullForms(allowed, unit.targetLocale) : [];
      const use = full.length ? `the full form ${describeAllowed(full)}` : describeAllowed(allowed);
      findings.push({
        checkId: termMissing.id,
        severity: termMissing.severity,
        message: `The source has the term ${quote(hit.text)}; the translation should use ${use}.`,
        span: { side: 'source', start: hit.start, end: hit.end },
      });
    }
    return findings;
  },
};
