import type { Term } from '../termbase';
import type { Check, Finding } from './types';
import { termbaseOf } from './context';
import { quote } from './text';

/** Forms that stand for a full form (TBX termType); a term with no form given is taken as it stands. */
const SHORT_FORMS: ReadonlySet<string> = new Set(['shortForm', 'abbreviation', 'acronym']);

export function isShortForm(term: Term): boolean {
  return term.termType !== undefined && term.termType !== null && SHORT_FORMS.has(term.termType);
}

/** The concept's full forms in a locale, preferred first (what a full form in the source asks for). */
export function fullForms(terms: readonly Term[], locale: string): Term[] {
  const full = terms.filter((t) => t.locale === locale && t.status !== 'forbidden' && t.termType === 'fullForm');
  return [...full.filter((t) => t.status === 'preferred'), ...full.filter((t) => t.status !== 'preferred')];
}

/**
 * A term's form decides the target's: a full form in the source (粤港澳大湾区's “Guangdong-Hong
 * Kong-Macao Greater Bay Area”) wants a full form of the concept in the target, not a short form
 * (大湾区), an abbreviation or an acronym; a short form in the source allows either. Counted per
 * occurrence: each full form in the source needs its own full form in the target. A target
 * without the concept at all is `term-missing`'s, not this check's.
 */
export const termForm: Check = {
  id: 'term-form',
  severity: 'error',
  description: 'A full form in the source is translated with a short form, abbreviation or acronym of the same concept.',
  run(unit, context) {
    if (unit.targetText.trim() === '') return [];
    const { recognizer, byId } = termbaseOf(context);
    const sourceFull = recognizer
      .recognize(unit.sourceText, unit.sourceLocale)
      .filter((h) => h.term.status !== 'forbidden' && h.term.termType === 'fullForm');
    if (sourceFull.length === 0) return [];
    const targetHits = recognizer.recognize(unit.targetText, unit.targetLocale).filter((h) => h.term.status !== 'forbidden');
    const findings: Finding[] = [];
    const conceptIds = Array.from(new Set(sourceFull.map((h) => h.conceptId)));
    for (const conceptId of conceptIds) {
      const expected = fullForms(byId.get(conceptId)?.terms ?? [], unit.targetLocale);
      if (expected.length === 0) continue; // the termbase names no full form in the target locale
      const inTarget = targetHits.filter((h) => h.conceptId === conceptId);
      if (inTarget.length === 0) continue; // term-missing says it
      const short = inTarget.filter((h) => isShortForm(h.term));
      const full = inTarget.length - short.length;
      const wanted = sourceFull.filter((h) => h.conceptId === conceptId);
      // Each full form of the source beyond the target's full forms is one finding, at that source term.
      for (const hit of wanted.slice(full)) {
        const used = short[0];
        const instead = used ? `, not the ${describeForm(used.term)} ${quote(used.text)}` : '';
        findings.push({
          checkId: termForm.id,
          severity: termForm.severity,
          message: `The source has the full form ${quote(hit.text)}; the translation should use the full form ${quote(expected[0]!.text)}${instead}.`,
          span: { side: 'source', start: hit.start, end: hit.end },
        });
      }
    }
    return findings;
  },
};

function describeForm(term: Term): string {
  switch (term.termType) {
    case 'abbreviation': return 'abbreviation';
    case 'acronym': return 'acronym';
    default: return 'short form';
  }
}
