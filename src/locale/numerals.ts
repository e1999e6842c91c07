/**
 * Chinese numerals (一九九八, 三千五百, 两万, 一亿五千万): the one parser, shared by alignment
 * (numbers as evidence that two sentences correspond) and checks (numbers kept in translation).
 */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

/** Every character a Chinese numeral is written with (for building a run pattern). */
export const CHINESE_NUMERAL_CHARS = '零〇一二两兩三四五六七八九十百千万萬亿億';

/** The value of a Chinese digit (零 … 九, 两), or undefined. */
export function chineseDigitValue(ch: string): number | undefined {
  return DIGITS[ch];
}

/** The factor of a unit character: 十 10, 百 100, 千 1000, 万 10⁴, 亿 10⁸ (both scripts), or undefined. */
export function chineseUnitValue(ch: string): number | undefined {
  return SMALL_UNITS[ch] ?? BIG_UNITS[ch];
}

/** 万 or 亿 (either script): a unit that closes a section of four digits. */
export function isChineseBigUnit(ch: string): boolean {
  return ch in BIG_UNITS;
}

/** Whether a run of numerals uses units (三千五百) rather than positional digits (一九九八). */
export function hasChineseUnits(run: string): boolean {
  for (const ch of run) if (ch in SMALL_UNITS || ch in BIG_UNITS) return true;
  return false;
}

/** Positional digits: 一九九八 → 1998, 二〇二三 → 2023 (every character must be a digit). */
export function chineseDigitsValue(digits: string): number {
  let value = 0;
  for (const ch of digits) value = value * 10 + DIGITS[ch];
  return value;
}

/**
 * Reads one numeral with units from `from`: 三千五百, 十五 (a bare 十 is ten), 两万, 一亿五千万,
 * 一千零五 (零 holds a skipped place).
 * It ends where a digit follows a digit ("十四五" reads 十四, then 五 is the next numeral) or at
 * the end of the run; `end` is the index after the last character read.
 */
export function readChineseNumeral(run: string, from = 0): { value: number; end: number } {
  let result = 0; // completed 亿 sections
  let big = 0; // completed 万 section
  let section = 0; // below 万
  let digit = -1;
  let i = from;
  for (; i < run.length; i++) {
    const ch = run[i];
    if (ch in DIGITS) {
      // 零 after a unit only marks a skipped place (一千零五 is 1005, 三億零五萬 300,050,000).
      if (DIGITS[ch] === 0 && digit < 0 && i > from) continue;
      if (digit >= 0) break; // digit after digit: a new number begins
      digit = DIGITS[ch];
    } else if (ch in SMALL_UNITS) {
      section += (digit >= 0 ? digit : 1) * SMALL_UNITS[ch];
      digit = -1;
    } else if (ch === '万' || ch === '萬') {
      big += (section + Math.max(digit, 0) || 1) * 1e4;
      section = 0;
      digit = -1;
    } else if (ch === '亿' || ch === '億') {
      result += (big + section + Math.max(digit, 0) || 1) * 1e8;
      big = 0;
      section = 0;
      digit = -1;
    } else break;
  }
  return { value: result + big + section + Math.max(digit, 0), end: i };
}
