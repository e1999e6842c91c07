/**
 * The normalised form term recognition runs on. Every original UTF-16 code unit maps to at most
 * one normalised code unit (runs of spaces and hyphens collapse to one), so offsets map back
 * through two arrays instead of re-scanning the original.
 */
import { isHan } from '../locale';

export interface NormalizedText {
  /** Case-folded code units: what the automaton reads. */
  folded: Uint16Array;
  /**
   * Original offset where normalised code unit i starts; it ends where i + 1 starts (or at
   * `originalLength`), since normalised units cover the original without gaps.
   */
  startOf: Int32Array;
  originalLength: number;
}

const SPACE = 0x20;

/** Space and hyphen-like code units: a run of them is one separator ("Hong-Kong" = "Hong Kong"). */
function isSeparator(c: number): boolean {
  return (
    c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b ||
    c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f ||
    c === 0x2d || c === 0x2010 || c === 0x2011 || c === 0x2012 || c === 0x2013 || c === 0xfe63 || c === 0xff0d
  );
}

/** Maps one non-separator code unit to its normalised cased form (same length: one code unit). */
function unifyCode(c: number): number {
  // Curly and prime-like quotes are written interchangeably with straight ones.
  if (c === 0x2018 || c === 0x2019 || c === 0x201b || c === 0x2032 || c === 0xff07) return 0x27;
  if (c === 0x201c || c === 0x201d || c === 0x201f || c === 0x2033 || c === 0xff02) return 0x22;
  // Middle dots in transliterated names (Rongchuan•Yongchun) come in many shapes.
  if (c === 0x2022 || c === 0x30fb || c === 0x2027 || c === 0xff65 || c === 0x2219) return 0xb7;
  // Full-width letters and digits in Chinese text are the same letters.
  if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) return c - 0xfee0;
  return c;
}

/**
 * Lookup tables over all UTF-16 code units, filled one block of 256 code units at a time when a
 * text first touches the block: the normalising loop then does two array reads per character
 * instead of branches and toLowerCase calls, and a one-pair check (ASCII and a few Han blocks)
 * does not pay for all 65,536 (8 ms).
 * SEPARATOR marks separators; CASED and FOLDED give the unified and case-folded forms.
 */
const CASED = new Uint16Array(65536);
const FOLDED = new Uint16Array(65536);
const SEPARATOR = new Uint8Array(65536);
const BLOCK_READY = new Uint8Array(256);
const BLOCK = 256;
const blockUnits = new Uint16Array(BLOCK * 2);

/**
 * Fills block `b` of the tables: FOLDED[c] = foldCode(CASED[c]), lower-casing the whole block in
 * one call. Each character stands between spaces, so no character's case depends on its
 * neighbours (Greek final sigma); a block whose lower case changes length (İ) is done one by one.
 */
function fillBlock(b: number): void {
  const start = b * BLOCK;
  for (let k = 0; k < BLOCK; k++) {
    const c = start + k;
    CASED[c] = unifyCode(c);
    SEPARATOR[c] = isSeparator(c) ? 1 : 0;
    blockUnits[2 * k] = CASED[c];
    blockUnits[2 * k + 1] = SPACE;
  }
  const surrogates = start >= 0xd800 && start < 0xe000;
  const lowered = surrogates ? '' : String.fromCharCode(...blockUnits).toLowerCase();
  for (let k = 0; k < BLOCK; k++) {
    const u = CASED[start + k];
    FOLDED[start + k] = lowered.length === 2 * BLOCK && !(u >= 0xd800 && u <= 0xdfff) ? lowered.charCodeAt(2 * k) : foldCode(u);
  }
  BLOCK_READY[b] = 1;
}

/** The tables with every block filled (for tests: they must equal folding one code unit at a time). */
export function fullTables(): { cased: Uint16Array; folded: Uint16Array; separator: Uint8Array } {
  for (let b = 0; b < 256; b++) if (!BLOCK_READY[b]) fillBlock(b);
  return { cased: CASED, folded: FOLDED, separator: SEPARATOR };
}

/** One code unit's folded form, computed alone (what the tables hold; kept for the tables' test). */
export function foldCode(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return c;
  const lower = String.fromCharCode(c).toLowerCase();
  // Keep the one-to-one map: a character whose lower case is longer (İ) stays as it is.
  return lower.length === 1 ? lower.charCodeAt(0) : c;
}

export function normalizeText(text: string): NormalizedText {
  const n = text.length;
  const foldedOf = FOLDED;
  const separator = SEPARATOR;
  const ready = BLOCK_READY;
  const folded = new Uint16Array(n);
  const startOf = new Int32Array(n);
  let len = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!ready[c >> 8]) fillBlock(c >> 8);
    if (separator[c]) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (!ready[d >> 8]) fillBlock(d >> 8);
        if (!separator[d]) break;
        j++;
      }
      folded[len] = SPACE;
      startOf[len] = i;
      len++;
      i = j;
      continue;
    }
    folded[len] = foldedOf[c];
    startOf[len] = i;
    len++;
    i++;
  }
  return { folded: folded.subarray(0, len), startOf: startOf.subarray(0, len), originalLength: n };
}

/** Original offset (exclusive) where normalised code unit i ends. */
export function endOf(norm: NormalizedText, i: number): number {
  return i + 1 < norm.startOf.length ? norm.startOf[i + 1] : norm.originalLength;
}

/**
 * Normalised code unit i with letters in their written case (for case-sensitive terms),
 * computed on demand from the original: a case-sensitive term is rare, the array is not needed.
 */
export function casedCodeAt(norm: NormalizedText, original: string, i: number): number {
  const c = original.charCodeAt(norm.startOf[i]);
  if (!BLOCK_READY[c >> 8]) fillBlock(c >> 8);
  return SEPARATOR[c] ? SPACE : CASED[c];
}

/** Normalises a term's text: same rules as the text, trimmed. */
export function normalizeTerm(text: string): { folded: string; cased: string } {
  const trimmed = text.trim();
  const norm = normalizeText(trimmed);
  const cased = new Uint16Array(norm.folded.length);
  for (let i = 0; i < cased.length; i++) cased[i] = casedCodeAt(norm, trimmed, i);
  return { folded: codesToString(norm.folded), cased: codesToString(cased) };
}

export function codesToString(codes: Uint16Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let k = 0; k < codes.length; k += CHUNK) out += String.fromCharCode(...codes.subarray(k, k + CHUNK));
  return out;
}

const WORDISH = /[\p{L}\p{N}\p{M}_]/u;
const wordCache = new Map<number, boolean>();

/**
 * Whether a code unit joins a word for boundary purposes: letters, digits and marks outside Han.
 * Han characters never form boundaries (Chinese is written without spaces), so an English term
 * next to a Chinese character (根据CEPA协议) still counts as a whole word.
 */
export function isWordCode(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
  if (c >= 0xd800 && c <= 0xdfff) return false;
  const cached = wordCache.get(c);
  if (cached !== undefined) return cached;
  const ch = String.fromCharCode(c);
  const word = WORDISH.test(ch) && !isHan(ch);
  wordCache.set(c, word);
  return word;
}
