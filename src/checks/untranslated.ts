import { isChinese } from '../locale';
import type { Check, Finding } from './types';
import { maskInlineCodes } from './text';

/** Three or more Latin words in a row, or one long Latin word (a name is usually shorter). */
const LATIN_RUN = /[A-Za-z][A-Za-z'’]*(?:[ \t\-–,]+[A-Za-z][A-Za-z'’]*){2,}|[A-Za-z]{20,}/g;
/** Two or more Han characters in a row. */
const HAN_RUN = /\p{Script=Han}{2,}/gu;
const URL_OR_EMAIL = /\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\w+/g;

function blank(text: string): string {
  return maskInlineCodes(text).replace(URL_OR_EMAIL, (m) => ' '.repeat(m.length));
}

/** A target that is the source again, or holds source-language text the source language would not explain. */
export const untranslated: Check = {
  id: 'untranslated',
  severity: 'warning',
  description: 'The target is the same as the source, or still holds untranslated text.',
  run(unit) {
    const source = unit.sourceText.trim();
    const target = unit.targetText.trim();
    if (target === '') return [];
    // Same text on both sides is fine for a number or a code, not for words.
    if (source === target && unit.sourceLocale !== unit.targetLocale && /[\p{L}]/u.test(source)) {
      const start = unit.targetText.indexOf(target);
      return [
        {
          checkId: untranslated.id,
          severity: untranslated.severity,
          message: 'The target is the same as the source: it looks untranslated.',
          span: { side: 'target', start, end: start + target.length },
        },
      ];
    }
    const findings: Finding[] = [];
    const targetChinese = isChinese(unit.targetLocale);
    // Between two Chinese scripts, or two English texts, source-language text is expected.
    if (targetChinese === isChinese(unit.sourceLocale)) return findings;
    // Source-language text in the target: English phrases left in Chinese, Chinese left in English.
    // A short name (CEPA, 5G) is often kept as is, so only runs of several words count.
    const pattern = targetChinese ? LATIN_RUN : HAN_RUN;
    for (const m of blank(unit.targetText).matchAll(new RegExp(pattern.source, pattern.flags))) {
      const run = m[0];
      findings.push({
        checkId: untranslated.id,
        severity: untranslated.severity,
        message: `${targetChinese ? 'English' : 'Chinese'} text “${run}” in the ${unit.targetLocale} target looks untranslated.`,
        span: { side: 'target', start: m.index, end: m.index + run.length },
      });
    }
    return findings;
  },
};
