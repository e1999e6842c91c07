import type { Check, Finding } from './types';

/**
 * Mainland quotation marks in Traditional Chinese: Hong Kong and Taiwan write 「」 (and 『』 for a
 * quotation inside one) where the mainland writes “” and ‘’. Derived zh-Hant converts them; a
 * hand-edited or imported one may still hold them. A ’ between Latin letters is an apostrophe.
 */
export const quoteMarks: Check = {
  id: 'quote-marks',
  severity: 'error',
  description: 'Mainland quotation marks “” ‘’ in zh-Hant text, where Hong Kong and Taiwan write 「」 『』.',
  run(unit) {
    if (unit.targetLocale !== 'zh-Hant') return [];
    const text = unit.targetText;
    const findings: Finding[] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      const right = RIGHT[ch];
      if (right === undefined) continue;
      if (ch === '’' && isLetter(text.charCodeAt(i - 1)) && isLetter(text.charCodeAt(i + 1))) continue;
      findings.push({
        checkId: quoteMarks.id,
        severity: quoteMarks.severity,
        message: `The mainland quotation mark ${ch} in zh-Hant text: Hong Kong and Taiwan write ${right}.`,
        span: { side: 'target', start: i, end: i + 1 },
      });
    }
    return findings;
  },
};

const RIGHT: Record<string, string> = { '“': '「', '”': '」', '‘': '『', '’': '』' };

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}
