import type { Check, Finding } from './types';
import { termbaseOf } from './context';
import { describeAllowed, quote } from './text';

/** A forbidden term on either side: in the target it is the translator's to fix, in the source the editor's. */
export const termForbidden: Check = {
  id: 'term-forbidden',
  severity: 'error',
  description: 'A forbidden term is used in the target or in the source.',
  judgesSource: true,
  run(unit, context) {
    const { recognizer, byId } = termbaseOf(context);
    const findings: Finding[] = [];
    for (const side of ['source', 'target'] as const) {
      const text = side === 'source' ? unit.sourceText : unit.targetText;
      const locale = side === 'source' ? unit.sourceLocale : unit.targetLocale;
      for (const hit of recognizer.recognize(text, locale)) {
        if (hit.term.status !== 'forbidden') continue;
        const allowed = byId.get(hit.conceptId)?.terms.filter((t) => t.locale === locale && t.status !== 'forbidden') ?? [];
        const use = allowed.length ? `; use ${describeAllowed(allowed)}` : '';
        const why = hit.term.note ? ` (${hit.term.note.replace(/\.$/, '')})` : '';
        findings.push({
          checkId: termForbidden.id,
          severity: termForbidden.severity,
          message: `${quote(hit.text)} in the ${side} is a forbidden term${why}${use}.`,
          span: { side, start: hit.start, end: hit.end },
        });
      }
    }
    return findings;
  },
};
