import type { Check, Finding } from './types';
import { lexiconOf, runTogetherSplit, wordsToSpell } from './english';

/** Two words of the English source written as one ("fulfillthe", "tobuild", "oceantransportation"). */
export const wordsRunTogether: Check = {
  id: 'words-run-together',
  severity: 'warning',
  description: 'Two words of the English source run together without a space.',
  judgesSource: true,
  run(unit, context) {
    if (unit.sourceLocale !== 'en' || unit.sourceText.trim() === '') return [];
    const lexicon = lexiconOf(context);
    const findings: Finding[] = [];
    for (const word of wordsToSpell(unit.sourceText, context)) {
      if (lexicon.knows(word.text)) continue;
      const split = runTogetherSplit(word.text, lexicon);
      if (!split) continue;
      findings.push({
        checkId: wordsRunTogether.id,
        severity: wordsRunTogether.severity,
        message: `“${word.text}” in the source looks like two words run together: “${split[0]} ${split[1]}”.`,
        span: { side: 'source', start: word.start, end: word.end },
      });
    }
    return findings;
  },
};
