import type { Check, Finding } from './types';
import { extractNumbers, sameNumber, type NumberMention } from './numerals';

const format = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });

/** Numbers that differ between source and target, read with each language's number words. */
export const numbers: Check = {
  id: 'numbers',
  severity: 'error',
  description: 'A number in the source is missing from the target, or the target has one the source has not.',
  run(unit) {
    if (unit.targetText.trim() === '') return [];
    const source = extractNumbers(unit.sourceText, unit.sourceLocale);
    const target = extractNumbers(unit.targetText, unit.targetLocale);
    const findings: Finding[] = [];
    const report = (side: 'source' | 'target', mentions: NumberMention[], other: NumberMention[]) => {
      const reported: number[] = [];
      for (const m of mentions) {
        if (!m.required || other.some((o) => sameNumber(o.value, m.value))) continue;
        if (reported.some((v) => sameNumber(v, m.value))) continue;
        reported.push(m.value);
        const shown = m.text === format(m.value) ? `“${m.text}”` : `“${m.text}” (${format(m.value)})`;
        const otherSide = side === 'source' ? 'target' : 'source';
        findings.push({
          checkId: numbers.id,
          severity: numbers.severity,
          message: `The ${side} has ${shown}; the ${otherSide} has no such number.`,
          span: { side, start: m.start, end: m.end },
        });
      }
    };
    report('source', source, target);
    report('target', target, source);
    return findings;
  },
};
