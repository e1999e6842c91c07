import type { Check, Finding } from './types';
import { lexiconOf, runTogetherSplit, wordsToSpell } from './english';

/**
 * Misspelt words in the English source (a warning for the editor, who owns the source): words
 * neither the English dictionary nor the termbase knows. Proper names belong in the termbase,
 * which adds them. Words run together are the `words-run-together` check's.
 */
export const spelling: Check = {
  id: 'spelling',
  severity: 'warning',
  description: 'A word of the English source that is in neither the English dictionary nor the termbase.',
  judgesSource: true,
  run(unit, context) {
    if (unit.sourceLocale !== 'en' || unit.sourceText.trim() === '') return [];
    const lexicon = lexiconOf(context);
    const findings: Finding[] = [];
    for (const word of wordsToSpell(unit.sourceText, context)) {
      if (lexicon.knows(word.text) || runTogetherSplit(word.text, lexicon)) continue;
      findings.push({
        checkId: spelling.id,
        severity: spelling.severity,
        message: `“${word.text}” in the source is not in the English dictionary or the termbase: a typo, or a name to add to the termbase?`,
        span: { side: 'source', start: word.start, end: word.end },
      });
    }
    return findings;
  },
};
