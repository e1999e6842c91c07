import {
  CHINESE_NUMERAL_CHARS, chineseDigitValue, chineseDigitsValue, chineseUnitValue, hasChineseUnits, isChineseBigUnit, readChineseNumeral,
  type Locale,
} from '../locale';
import { maskInlineCodes } from './text';

/** A number as written in a text, with its value. */
export interface NumberMention {
  value: number;
  start: number;
  end: number;
  text: string;
  /**
   * Whether the number must have a counterpart on the other side. Numbers written with digits
   * and spelled numbers of ten or more must; small spelled numbers ("one of", 一流, "first",
   * 第一) are too often idiomatic, so they only serve as counterparts.
   */
  required: boolean;
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, bn: 1e9 };
/** Words that stand for a number without being one: counterparts only, never required. */
const SOFT_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  once: 1, twice: 2, dozen: 12, half: 0.5, double: 2, triple: 3,
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9,
  october: 10, november: 11, december: 12,
};

const EN_TOKEN = /\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[A-Za-z]+/g;

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  digits: boolean;
}

/** Numbers in English: digits with scale words (30 billion), spelled numbers (Sixty-three, a million). */
function englishNumbers(text: string): NumberMention[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(EN_TOKEN)) {
    const t = m[0];
    tokens.push({ text: t, lower: t.toLowerCase(), start: m.index, end: m.index + t.length, digits: /^\d/.test(t) });
  }
  const joined = (a: Token, b: Token) => /^[\s-]*$/.test(text.slice(a.end, b.start)) && !text.slice(a.end, b.start).includes('\n');
  const isNumberWord = (t: Token) => t.lower in UNITS || t.lower in TENS || t.lower === 'hundred' || t.lower in SCALES;
  const out: NumberMention[] = [];
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i];
    const next = tokens[i + 1];
    const articleBeforeScale =
      (first.lower === 'a' || first.lower === 'an') && next && joined(first, next) && (next.lower === 'hundred' || next.lower in SCALES);
    if (!first.digits && !isNumberWord(first) && !articleBeforeScale) {
      if (first.lower in SOFT_WORDS) {
        out.push({ value: SOFT_WORDS[first.lower], start: first.start, end: first.end, text: first.text, required: false });
      }
      i++;
      continue;
    }
    let total = 0;
    let current = 0;
    let hasDigits = false;
    let lastKind: 'none' | 'unit' | 'tens' | 'hundred' | 'scale' | 'digits' = 'none';
    let j = i;
    if (articleBeforeScale) {
      current = 1;
      lastKind = 'unit';
      j++;
    }
    for (; j < tokens.length; j++) {
      const t = tokens[j];
      if (j > i && !joined(tokens[j - 1], t)) break;
      if (t.digits) {
        if (lastKind !== 'none') break;
        current = Number(t.text.replace(/,/g, ''));
        hasDigits = true;
        lastKind = 'digits';
      } else if (t.lower in UNITS) {
        if (lastKind === 'unit' || lastKind === 'digits' || (lastKind === 'tens' && UNITS[t.lower] >= 10)) break;
        current += UNITS[t.lower];
        lastKind = 'unit';
      } else if (t.lower in TENS) {
        if (lastKind === 'unit' || lastKind === 'tens' || lastKind === 'digits') break;
        current += TENS[t.lower];
        lastKind = 'tens';
      } else if (t.lower === 'hundred') {
        if (lastKind === 'none' || lastKind === 'scale' || lastKind === 'hundred') break;
        current = current * 100;
        lastKind = 'hundred';
      } else if (t.lower in SCALES) {
        if (lastKind === 'none' || lastKind === 'scale') break;
        total += current * SCALES[t.lower];
        current = 0;
        lastKind = 'scale';
      } else if (t.lower === 'and' && (lastKind === 'hundred' || lastKind === 'scale')) {
        // "one hundred and twenty": go on only if a number word follows
        const after = tokens[j + 1];
        if (!after || after.digits || !joined(t, after) || !(after.lower in UNITS || after.lower in TENS)) break;
      } else {
        break;
      }
    }
    if (j === i) {
      i++; // a scale word on its own ("million") is not a number
      continue;
    }
    const last = tokens[j - 1];
    const value = total + current;
    out.push({
      value,
      start: first.start,
      end: last.end,
      text: text.slice(first.start, last.end),
      required: hasDigits || value >= 10,
    });
    i = j;
  }
  return out;
}

const ZH_NUMERAL_RUN = new RegExp(`[${CHINESE_NUMERAL_CHARS}]+`, 'g');
const DIGIT_NUMBER = /[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?([十百千万萬亿億]*)/g;

function halfWidthDigits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[,，]/g, '').replace('．', '.');
}

/** Splits a run of Chinese numerals into numbers ("十四五" is 14 and 5) with their values. */
function parseChineseRun(run: string, offset: number, out: NumberMention[]): void {
  let i = 0;
  // "万一" (in case), "亿万" (untold): a run cannot start with a big unit.
  while (i < run.length && isChineseBigUnit(run[i])) i++;
  if (!hasChineseUnits(run.slice(i))) {
    // Digit by digit: a year (二〇二三) is one number; anything else ("三四个") is single digits.
    const digits = run.slice(i);
    if (digits.length >= 4 || /[零〇]/.test(digits)) {
      out.push({ value: chineseDigitsValue(digits), start: offset + i, end: offset + run.length, text: digits, required: true });
      return;
    }
    for (let k = 0; k < digits.length; k++) {
      out.push({ value: chineseDigitValue(digits[k])!, start: offset + i + k, end: offset + i + k + 1, text: digits[k], required: false });
    }
    return;
  }
  while (i < run.length) {
    const start = i;
    const { value, end } = readChineseNumeral(run, i);
    i = end;
    const text = run.slice(start, i);
    out.push({ value, start: offset + start, end: offset + i, text, required: text.length >= 2 && value >= 10 });
  }
}

/** Numbers in Chinese: digits with 万/亿 (300亿), Chinese numerals (六十三, 千亿). */
function chineseNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  const covered = new Uint8Array(text.length);
  for (const m of text.matchAll(DIGIT_NUMBER)) {
    const scales = m[1] ?? '';
    let value = Number(halfWidthDigits(m[0].slice(0, m[0].length - scales.length)));
    for (const ch of scales) value *= chineseUnitValue(ch)!;
    out.push({ value, start: m.index, end: m.index + m[0].length, text: m[0], required: true });
    covered.fill(1, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(ZH_NUMERAL_RUN)) {
    if (covered[m.index]) continue;
    parseChineseRun(m[0], m.index, out);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The numbers in a text, read the way its locale writes them. Inline codes are not numbers. */
export function extractNumbers(text: string, locale: Locale): NumberMention[] {
  const masked = maskInlineCodes(text);
  // Latin digits and English words occur in Chinese text too (G20, 5G), so Chinese reads both.
  if (locale === 'en') return englishNumbers(masked);
  const chinese = chineseNumbers(masked);
  const taken = new Uint8Array(text.length);
  for (const n of chinese) taken.fill(1, n.start, n.end);
  const english = englishNumbers(masked).filter((n) => !taken[n.start] && !/^\d/.test(n.text));
  return [...chinese, ...english].sort((a, b) => a.start - b.start);
}

export function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1);
}
