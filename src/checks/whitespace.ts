import { isChinese } from '../locale';
import type { Check, Finding } from './types';

const LEADING = /^[ \t\u00a0\u3000]+/;
const SPACE_CHARS = ' \t\u00a0\u3000';

/** Where the trailing spaces of `text` start, or -1. By hand: `/[ ]+$/` retries at every space of a long run (quadratic). */
function trailingStart(text: string): number {
  let i = text.length;
  while (i > 0 && SPACE_CHARS.includes(text[i - 1])) i--;
  return i < text.length ? i : -1;
}
const DOUBLE = /(?<=\S)[ \t\u00a0]{2,}(?=\S)/g;
const BETWEEN_HAN = /(?<=\p{Script=Han}[，。、；：？！“”‘’（）《》]?)[ \t\u00a0\u3000]+(?=[，。、；：？！“”‘’（）《》]?\p{Script=Han})/gu;

/** Leading, trailing and double spaces, and spaces between Chinese characters. */
export const whitespace: Check = {
  id: 'whitespace',
  severity: 'warning',
  description: 'Leading, trailing or double spaces, or spaces between Chinese characters.',
  run(unit) {
    const text = unit.targetText;
    if (text.trim() === '') return [];
    const findings: Finding[] = [];
    const push = (start: number, end: number, message: string) =>
      findings.push({ checkId: whitespace.id, severity: whitespace.severity, message, span: { side: 'target', start, end } });
    const lead = LEADING.exec(text);
    // Spaces the source has at the same place are the document's, not the translator's.
    if (lead && !LEADING.test(unit.sourceText)) push(0, lead[0].length, 'The target starts with a space.');
    const trail = trailingStart(text);
    if (trail >= 0 && trailingStart(unit.sourceText) < 0) push(trail, text.length, 'The target ends with a space.');
    const chinese = isChinese(unit.targetLocale);
    const betweenHan = new Set<number>();
    if (chinese) {
      for (const m of text.matchAll(BETWEEN_HAN)) {
        betweenHan.add(m.index);
        push(m.index, m.index + m[0].length, 'A space between Chinese characters: Chinese is written without spaces.');
      }
    }
    for (const m of text.matchAll(DOUBLE)) {
      if (betweenHan.has(m.index)) continue;
      push(m.index, m.index + m[0].length, 'Double space.');
    }
    return findings;
  },
};
