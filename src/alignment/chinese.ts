/** Chinese side: numerals and the pinyin of characters (for names), no word segmentation needed. */
import type * as PinyinPro from 'pinyin-pro';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chineseDigitsValue, chineseUnitValue, hasChineseUnits, isHanCode, readChineseNumeral } from '../locale';

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
/** Readings of every BMP Han character from the build's snapshot; null when there is none (or it is stale). */
let snapshot: ReadingsFile | null | undefined;

/** The readings snapshot `npm run build` writes beside the compiled code (pinyin-pro takes ~60 ms to load). */
export const READINGS_SNAPSHOT = join(__dirname, '..', 'data', 'readings.json');
const READINGS_VERSION = 1;

interface ReadingsFile {
  version: number;
  /** pinyin-pro's stamp: a snapshot is only valid for the package it was made from. */
  stamp: string;
  /** First code, then one entry a code: its readings joined by spaces ('' for none). */
  from: number;
  readings: string[];
}

/** Size and modification time of pinyin-pro's entry file (resolved, not loaded). */
function pinyinProVersion(): string {
  try {
    const info = statSync(require.resolve('pinyin-pro'));
    return `${info.size}:${Math.round(info.mtimeMs)}`;
  } catch {
    return '';
  }
}

function loadSnapshot(): ReadingsFile | null {
  try {
    const file = JSON.parse(readFileSync(READINGS_SNAPSHOT, 'utf8')) as ReadingsFile;
    return file.version === READINGS_VERSION && file.stamp === pinyinProVersion() ? file : null;
  } catch {
    return null; // no snapshot (tests on src/) or unreadable: pinyin-pro itself
  }
}

function derivedReadings(ch: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: start-up stays fast
  pinyinPro ??= require('pinyin-pro') as typeof PinyinPro;
  const raw = pinyinPro.pinyin(ch, { toneType: 'none', multiple: true, type: 'array' }) as string[];
  return [...new Set(raw.map((s) => s.replace(/ü|v/g, 'u').toLowerCase()).filter((s) => /^[a-z]+$/.test(s)))].slice(0, 3);
}

/** Toneless readings of one Han character ("长" → chang, zhang), ü written u as in English names. */
export function readings(ch: string): string[] {
  let r = pinyinCache.get(ch);
  if (!r) {
    if (snapshot === undefined) snapshot = loadSnapshot();
    const known = snapshot && ch.length === 1 ? snapshot.readings[ch.charCodeAt(0) - snapshot.from] : undefined;
    r = known !== undefined ? (known ? known.split(' ') : []) : derivedReadings(ch);
    pinyinCache.set(ch, r);
  }
  return r;
}

const byCode: Array<string[] | undefined> = new Array<string[] | undefined>(0x10000);

/**
 * `readings` of the character with this UTF-16 code: the scans ask once per Han character of a
 * text, and a cache by code spares the one-character string and its hash each time.
 */
export function readingsOfCode(code: number): string[] {
  let r = byCode[code];
  if (r === undefined) byCode[code] = r = readings(String.fromCharCode(code));
  return r;
}

/** Every prefix of every name: what `pinyinNamesAt` prunes its walk with. */
export function namePrefixesOf(names: Iterable<string>): Set<string> {
  const prefixes = new Set<string>();
  for (const name of names) for (let k = 1; k <= name.length; k++) prefixes.add(name.slice(0, k));
  return prefixes;
}

/**
 * Each name the text spells in pinyin from position s: 1-3 Han characters whose readings, joined,
 * are one of `names` (the aligner's and the pairing's candidate names from the English side).
 * The walk goes on only while the joined readings begin some name (`prefixes`, namePrefixesOf).
 */
export function pinyinNamesAt(
  text: string, s: number, prefixes: ReadonlySet<string>, names: ReadonlySet<string>, found: (name: string) => void,
): void {
  let open = [''];
  for (let k = s; k < text.length && k - s < 3 && isHanCode(text.charCodeAt(k)); k++) {
    const next: string[] = [];
    for (const p of open) {
      for (const syllable of readingsOfCode(text.charCodeAt(k))) {
        const joined = p + syllable;
        if (!prefixes.has(joined)) continue;
        next.push(joined);
        if (names.has(joined)) found(joined);
      }
    }
    if (next.length === 0) break;
    open = next;
  }
}

/** Writes the readings of every BMP Han character (the build step calls this); returns the characters covered. */
export function writeReadingsSnapshot(path: string = READINGS_SNAPSHOT): number {
  const from = 0x3000;
  const to = 0xfaff;
  const list: string[] = [];
  let covered = 0;
  for (let code = from; code <= to; code++) {
    const r = isHanCode(code) && !(code >= 0xd800 && code <= 0xdfff) ? derivedReadings(String.fromCharCode(code)) : [];
    if (r.length) covered++;
    list.push(r.join(' '));
  }
  const file: ReadingsFile = { version: READINGS_VERSION, stamp: pinyinProVersion(), from, readings: list };
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(file));
  renameSync(temp, path);
  return covered;
}

/** Whether a quotation (“ ” or 「 」) is still open after each sentence, as `englishQuoteStates`. */
export function chineseQuoteStates(sentences: readonly string[]): Uint8Array {
  const out = new Uint8Array(sentences.length + 1);
  let open = false;
  for (let k = 0; k < sentences.length; k++) {
    const t = sentences[k];
    for (let i = 0; i < t.length; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 0x201c || ch === 0x300c) open = true; // “ 「
      else if (ch === 0x201d || ch === 0x300d) open = false; // ” 」
    }
    out[k + 1] = open ? 1 : 0;
  }
  return out;
}
