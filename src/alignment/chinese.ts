/** Chinese side: numerals and the pinyin of characters (for names), no word segmentation needed. */
import type * as PinyinPro from 'pinyin-pro';
import { chineseDigitsValue, chineseUnitValue, hasChineseUnits, readChineseNumeral } from '../locale';

/** Value of a run of Chinese numerals: positional (一九九八) or with units (三千五百, 两万, 十五). */
export function parseChineseNumeral(run: string): number | null {
  if (!hasChineseUnits(run)) return run.length < 2 ? null : chineseDigitsValue(run);
  return readChineseNumeral(run).value;
}

const NUMBER_RUN = /([0-9][0-9,]*(?:\.[0-9]+)?)\s*([万萬亿億千百]?)|[零〇一二两兩三四五六七八九十百千万萬亿億]+/g;

/** Numeric values written in a Chinese sentence (full-width digits folded first). */
export function chineseNumbers(text: string): number[] {
  const folded = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const out: number[] = [];
  for (const m of folded.matchAll(NUMBER_RUN)) {
    if (m[1] !== undefined) {
      let v = Number(m[1].replace(/,/g, ''));
      if (m[2]) v *= chineseUnitValue(m[2])!;
      if (Number.isFinite(v)) out.push(v);
    } else {
      const v = parseChineseNumeral(m[0]);
      if (v !== null) out.push(v);
    }
  }
  return out;
}

const pinyinCache = new Map<string, string[]>();
let pinyinPro: typeof PinyinPro | undefined;

/** Toneless readings of one Han character ("长" → chang, zhang), ü written u as in English names. */
export function readings(ch: string): string[] {
  let r = pinyinCache.get(ch);
  if (!r) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: start-up stays fast
    pinyinPro ??= require('pinyin-pro') as typeof PinyinPro;
    const raw = pinyinPro.pinyin(ch, { toneType: 'none', multiple: true, type: 'array' }) as string[];
    r = [...new Set(raw.map((s) => s.replace(/ü|v/g, 'u').toLowerCase()).filter((s) => /^[a-z]+$/.test(s)))].slice(0, 3);
    pinyinCache.set(ch, r);
  }
  return r;
}
