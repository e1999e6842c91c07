/** Chinese side: numerals and the pinyin of characters (for names), no word segmentation needed. */
import { pinyin } from 'pinyin-pro';

const DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

/** Value of a run of Chinese numerals: positional (一九九八) or with units (三千五百, 两万, 十五). */
export function parseChineseNumeral(run: string): number | null {
  const hasUnit = [...run].some((ch) => ch in UNIT);
  if (!hasUnit) {
    if (run.length < 2) return null;
    let v = 0;
    for (const ch of run) v = v * 10 + DIGIT[ch];
    return v;
  }
  let total = 0; // completed 亿 and 万 sections
  let section = 0; // below 万
  let digit: number | null = null;
  for (const ch of run) {
    if (ch in DIGIT) {
      digit = DIGIT[ch];
      continue;
    }
    const unit = UNIT[ch];
    if (unit >= 1e4) {
      section += digit ?? 0;
      if (section === 0) section = 1;
      total = (total + section) * unit;
      section = 0;
    } else section += (digit ?? 1) * unit;
    digit = null;
  }
  return total + section + (digit ?? 0);
}

const NUMBER_RUN = /([0-9][0-9,]*(?:\.[0-9]+)?)\s*([万萬亿億千百]?)|[零〇一二两兩三四五六七八九十百千万萬亿億]+/g;

/** Numeric values written in a Chinese sentence (full-width digits folded first). */
export function chineseNumbers(text: string): number[] {
  const folded = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const out: number[] = [];
  for (const m of folded.matchAll(NUMBER_RUN)) {
    if (m[1] !== undefined) {
      let v = Number(m[1].replace(/,/g, ''));
      if (m[2]) v *= UNIT[m[2]];
      if (Number.isFinite(v)) out.push(v);
    } else {
      const v = parseChineseNumeral(m[0]);
      if (v !== null) out.push(v);
    }
  }
  return out;
}

const pinyinCache = new Map<string, string[]>();

/** Toneless readings of one Han character ("长" → chang, zhang), ü written u as in English names. */
export function readings(ch: string): string[] {
  let r = pinyinCache.get(ch);
  if (!r) {
    const raw = pinyin(ch, { toneType: 'none', multiple: true, type: 'array' }) as string[];
    r = [...new Set(raw.map((s) => s.replace(/ü|v/g, 'u').toLowerCase()).filter((s) => /^[a-z]+$/.test(s)))].slice(0, 3);
    pinyinCache.set(ch, r);
  }
  return r;
}

export function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}
