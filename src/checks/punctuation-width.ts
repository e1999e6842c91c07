import { isChinese, isHan } from '../locale';
import type { Check, Finding } from './types';
import { maskInlineCodes } from './text';

const FULL_FOR_HALF: Record<string, string> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！', '(': '（', ')': '）', '.': '。' };
const HALF_FOR_FULL: Record<string, string> = {
  '，': ',', '。': '.', '；': ';', '：': ':', '？': '?', '！': '!', '（': '(', '）': ')', '、': ',', '【': '[', '】': ']',
  '《': '"', '》': '"', '「': '"', '」': '"', '『': '"', '』': '"', '\u3000': ' ',
};

/** Closing marks the punctuation after them belongs past: 大湾区）. is still after Chinese. */
const CLOSERS = new Set([' ', ')', '）', '”', '"', '’', "'", '」', '』', '》', ']', '】']);

/** The nearest character before `i` that is not a space or a closing mark, or undefined. */
function previousVisible(text: string, i: number): string | undefined {
  for (let k = i - 1; k >= 0; k--) if (!CLOSERS.has(text[k])) return text[k];
  return undefined;
}
function nextVisible(text: string, i: number): string | undefined {
  for (let k = i + 1; k < text.length; k++) if (text[k] !== ' ') return text[k];
  return undefined;
}

/** Half-width punctuation in Chinese (after a Chinese character), full-width punctuation in English. */
export const punctuationWidth: Check = {
  id: 'punctuation-width',
  severity: 'warning',
  description: 'Chinese text takes full-width punctuation (，。：), English text half-width (, . :).',
  run(unit) {
    const text = maskInlineCodes(unit.targetText);
    const findings: Finding[] = [];
    const push = (i: number, message: string) =>
      findings.push({ checkId: punctuationWidth.id, severity: punctuationWidth.severity, message, span: { side: 'target', start: i, end: i + 1 } });
    if (isChinese(unit.targetLocale)) {
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        const full = FULL_FOR_HALF[ch];
        if (!full) continue;
        const before = previousVisible(text, i);
        const after = nextVisible(text, i);
        // Punctuation belongs to the Chinese text when it follows (or, for an opening bracket, precedes) a Chinese character.
        const chinese = ch === '(' ? isHan(after) : isHan(before);
        if (!chinese) continue;
        // "江门.com" is not a full stop.
        if (ch === '.' && after !== undefined && /[A-Za-z0-9]/.test(after)) continue;
        push(i, `Half-width “${ch}” in Chinese text: use full-width “${full}”.`);
      }
    } else {
      for (let i = 0; i < text.length; i++) {
        const half = HALF_FOR_FULL[text[i]];
        if (half === undefined) continue;
        push(i, `Full-width “${text[i]}” in English text: use “${half}”.`);
      }
    }
    return findings;
  },
};
