import type { Check, Finding } from './types';
import { extractNumbers, sameNumber, type NumberMention } from './numerals';

function sortedValues(mentions: readonly NumberMention[]): number[] {
  return mentions.map((m) => m.value).sort((a, b) => a - b);
}

/** Index of the first value ≥ `value` in an ascending list. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether an ascending list holds a number the same as `value` (the nearest neighbours decide). */
function hasNumber(sorted: readonly number[], value: number): boolean {
  const i = lowerBound(sorted, value);
  return (i < sorted.length && sameNumber(sorted[i], value)) || (i > 0 && sameNumber(sorted[i - 1], value));
}

function insertSorted(sorted: number[], value: number): void {
  sorted.splice(lowerBound(sorted, value), 0, value);
}

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
      // Sorted values and binary search: a text with thousands of numbers stays linearithmic.
      const present = sortedValues(other);
      const reported: number[] = [];
      for (const m of mentions) {
        if (!m.required || hasNumber(present, m.value)) continue;
        if (hasNumber(reported, m.value)) continue;
        insertSorted(reported, m.value);
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
