import { isChinese } from '../locale';
import type { Check, Finding } from './types';
import { maskInlineCodes } from './text';

/** Two or more Han characters in a row. */
const HAN_RUN = /\p{Script=Han}{2,}/gu;

// The scanners below are written by hand because the patterns they replace
// (`\S+@\S+\.\w+`, `[A-Za-z][A-Za-z']*(?:[ ,-]+[A-Za-z][A-Za-z']*){2,}`) backtrack: a target of
// 10,000 `@` took minutes. Each scanner reads every character a bounded number of times.

const isLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isWordChar = (c: string | undefined) => c !== undefined && (isLetter(c) || (c >= '0' && c <= '9') || c === '_');
const isSpace = (c: string) => /\s/.test(c);
const WORD_INNER = new Set(["'", '’']);
const SEPARATORS = new Set([' ', '\t', '-', '–', ',']);

/** Offsets [start, end) of URLs (http://, https://, www.) and e-mail addresses, token by token. */
export function urlAndEmailSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    if (isSpace(text[i])) { i++; continue; }
    const start = i;
    while (i < text.length && !isSpace(text[i])) i++;
    const end = i;
    let url = -1;
    for (let j = start; j < end && url < 0; j++) {
      if (j > start && isWordChar(text[j - 1])) continue;
      if (text.startsWith('http://', j) || text.startsWith('https://', j) || text.startsWith('www.', j)) url = j;
    }
    if (url >= 0) {
      if (end > url + (text.startsWith('www.', url) ? 4 : text.startsWith('https://', url) ? 8 : 7)) spans.push([url, end]);
      continue;
    }
    // An address: something, '@', something, then '.' and word characters; it ends where they do.
    const at = text.indexOf('@', start);
    if (at <= start || at >= end) continue;
    let last = -1;
    for (let j = end - 1; j > at + 1; j--) {
      if (text[j] === '.' && isWordChar(text[j + 1]) && j + 1 < end) { last = j; break; }
    }
    if (last < 0) continue;
    let stop = last + 1;
    while (stop < end && isWordChar(text[stop])) stop++;
    spans.push([start, stop]);
  }
  return spans;
}

/** The text with inline codes, URLs and e-mail addresses blanked out (offsets unchanged). */
function blank(text: string): string {
  const masked = maskInlineCodes(text);
  let out = '';
  let from = 0;
  for (const [start, end] of urlAndEmailSpans(masked)) {
    out += masked.slice(from, start) + ' '.repeat(end - start);
    from = end;
  }
  return out + masked.slice(from);
}

/**
 * Runs of Latin text that look untranslated: three or more words in a row (words joined by
 * spaces, tabs, hyphens, dashes or commas), or one stretch of twenty letters or more.
 */
export function latinRuns(text: string): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number }> = [];
  let i = 0;
  while (i < text.length) {
    if (!isLetter(text[i])) { i++; continue; }
    const start = i;
    let words = 0;
    let end = i;
    let j = i;
    // One group: word (separators word)*, where separators must be followed by a letter.
    for (;;) {
      while (j < text.length && (isLetter(text[j]) || WORD_INNER.has(text[j]))) j++;
      words++;
      end = j;
      let k = j;
      while (k < text.length && SEPARATORS.has(text[k])) k++;
      if (k > j && isLetter(text[k])) { j = k; continue; }
      break;
    }
    if (words >= 3) {
      runs.push({ start, end });
    } else {
      // No phrase: a single stretch of 20+ letters inside the group still counts.
      let k = start;
      while (k < end) {
        if (!isLetter(text[k])) { k++; continue; }
        const from = k;
        while (k < end && isLetter(text[k])) k++;
        if (k - from >= 20) runs.push({ start: from, end: k });
      }
    }
    i = end;
  }
  return runs;
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
    const blanked = blank(unit.targetText);
    const runs = targetChinese
      ? latinRuns(blanked)
      : [...blanked.matchAll(HAN_RUN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    for (const { start, end } of runs) {
      findings.push({
        checkId: untranslated.id,
        severity: untranslated.severity,
        message: `${targetChinese ? 'English' : 'Chinese'} text “${blanked.slice(start, end)}” in the ${unit.targetLocale} target looks untranslated.`,
        span: { side: 'target', start, end },
      });
    }
    return findings;
  },
};
