/**
 * The normalised form term recognition runs on. Every original UTF-16 code unit maps to at most
 * one normalised code unit (runs of spaces and hyphens collapse to one), so offsets map back
 * through two arrays instead of re-scanning the original.
 */
export interface NormalizedText {
  /** Case-folded code units: what the automaton reads. */
  folded: Uint16Array;
  /** Same length as `folded`, letters in their original case: for case-sensitive terms. */
  cased: Uint16Array;
  /** Original offset where normalised code unit i starts. */
  startOf: Int32Array;
  /** Original offset (exclusive) where normalised code unit i ends. */
  endOf: Int32Array;
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

const lowerCache = new Map<number, number>();
function foldCode(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  const cached = lowerCache.get(c);
  if (cached !== undefined) return cached;
  const lower = String.fromCharCode(c).toLowerCase();
  // Keep the one-to-one map: a character whose lower case is longer (İ) stays as it is.
  const folded = lower.length === 1 ? lower.charCodeAt(0) : c;
  lowerCache.set(c, folded);
  return folded;
}

export function normalizeText(text: string): NormalizedText {
  const n = text.length;
  const folded = new Uint16Array(n);
  const cased = new Uint16Array(n);
  const startOf = new Int32Array(n);
  const endOf = new Int32Array(n);
  let len = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSeparator(c)) {
      let j = i + 1;
      while (j < n && isSeparator(text.charCodeAt(j))) j++;
      folded[len] = SPACE;
      cased[len] = SPACE;
      startOf[len] = i;
      endOf[len] = j;
      len++;
      i = j;
      continue;
    }
    const u = unifyCode(c);
    cased[len] = u;
    folded[len] = foldCode(u);
    startOf[len] = i;
    endOf[len] = i + 1;
    len++;
    i++;
  }
  return {
    folded: folded.subarray(0, len),
    cased: cased.subarray(0, len),
    startOf: startOf.subarray(0, len),
    endOf: endOf.subarray(0, len),
  };
}

/** Normalises a term's text: same rules as the text, trimmed. */
export function normalizeTerm(text: string): { folded: string; cased: string } {
  const norm = normalizeText(text.trim());
  return { folded: codesToString(norm.folded), cased: codesToString(norm.cased) };
}

export function codesToString(codes: Uint16Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let k = 0; k < codes.length; k += CHUNK) out += String.fromCharCode(...codes.subarray(k, k + CHUNK));
  return out;
}

const HAN = /\p{Script=Han}/u;
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
  const word = WORDISH.test(ch) && !HAN.test(ch);
  wordCache.set(c, word);
  return word;
}
