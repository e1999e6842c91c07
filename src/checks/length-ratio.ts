import { isChinese } from '../locale';
import type { Check } from './types';
import { maskInlineCodes } from './text';

/**
 * English characters per Chinese character. Fitted on hand-aligned English–Chinese sentence
 * pairs (../shared/corpora mac-dev and aca-dev, 2,273 beads of ten Chinese characters or more):
 * median 3.4–4.0, 1st percentile 1.3–1.9, 99th 5.3–7.6. The band below lies just outside that,
 * so a warning means a sentence was probably left out or added, not a free translation.
 */
const EN_PER_ZH = { low: 1.4, high: 8 };
/** zh-Hans ⇄ zh-Hant conversion keeps the length almost exactly. */
const ZH_PER_ZH = { low: 0.8, high: 1.25 };
/** Below this many Chinese characters (or their English equivalent) ratios say nothing. */
const MIN_LENGTH = 12;

function measure(text: string): number {
  return maskInlineCodes(text).replace(/\s+/g, ' ').trim().length;
}

/** Target length far outside the usual proportion to the source length. */
export const lengthRatio: Check = {
  id: 'length-ratio',
  severity: 'warning',
  description: 'The target is much longer or much shorter than translations usually are.',
  run(unit) {
    const source = measure(unit.sourceText);
    const target = measure(unit.targetText);
    if (source === 0 || target === 0) return [];
    const sourceZh = isChinese(unit.sourceLocale);
    const targetZh = isChinese(unit.targetLocale);
    if (!sourceZh && !targetZh) return [];
    const band = sourceZh && targetZh ? ZH_PER_ZH : EN_PER_ZH;
    // Ratio of the non-Chinese side to the Chinese side (or target to source between scripts).
    const [wide, narrow] = sourceZh && targetZh ? [target, source] : sourceZh ? [target, source] : [source, target];
    const perUnit = sourceZh && targetZh ? 1 : 4;
    if (Math.max(wide / perUnit, narrow) < MIN_LENGTH) return [];
    const ratio = wide / narrow;
    if (ratio >= band.low && ratio <= band.high) return [];
    // Whether the target is the long side or the short one.
    const targetTooLong = sourceZh && targetZh ? ratio > band.high : targetZh ? ratio < band.low : ratio > band.high;
    const expected =
      sourceZh && targetZh
        ? `about ${source}`
        : targetZh
          ? `about ${Math.round(source / band.high)}–${Math.round(source / band.low)}`
          : `about ${Math.round(source * band.low)}–${Math.round(source * band.high)}`;
    return [
      {
        checkId: lengthRatio.id,
        severity: lengthRatio.severity,
        message: `The target is ${targetTooLong ? 'much longer' : 'much shorter'} than usual: ${target} characters for ${source} in the source (expected ${expected}). Is a sentence ${targetTooLong ? 'added' : 'missing'}?`,
        span: null,
      },
    ];
  },
};
