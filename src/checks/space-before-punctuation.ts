import type { Check, Finding } from './types';
import { maskInlineCodes } from './text';

/** Marks English puts no space before. A full stop counts only at a sentence end (not ".5", ".com"). */
const MARKS = new Set([',', ';', ':', '!', '?', ')', ']', '.']);

/** A space before a punctuation mark in the English source ("cooperation ,"): a warning for the editor. */
export const spaceBeforePunctuation: Check = {
  id: 'space-before-punctuation',
  severity: 'warning',
  description: 'A space before a punctuation mark in the English source.',
  judgesSource: true,
  run(unit) {
    if (unit.sourceLocale !== 'en') return [];
    // An inline code stands for markup, not a space: mask it with a letter.
    const text = maskInlineCodes(unit.sourceText, 'x');
    const findings: Finding[] = [];
    // One pass: each mark looks back over the spaces before it, and those spaces are not revisited.
    let spacesFrom = -1;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === ' ' || ch === '\t' || ch === '\u00a0') {
        if (spacesFrom < 0) spacesFrom = i;
        continue;
      }
      const start = spacesFrom;
      spacesFrom = -1;
      if (start <= 0 || !MARKS.has(ch)) continue;
      if (text[start - 1] === '\n') continue; // an indented line, not a space after a word
      if (ch === '.' && !(i + 1 >= text.length || /\s/.test(text[i + 1]!))) continue;
      findings.push({
        checkId: spaceBeforePunctuation.id,
        severity: spaceBeforePunctuation.severity,
        message: `A space before “${ch}” in the source: English puts none there.`,
        span: { side: 'source', start, end: i },
      });
    }
    return findings;
  },
};
