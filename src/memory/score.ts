/**
 * The one similarity function. The candidate index, the brute-force scan and `fuzzyScore` all
 * go through `similarityFromDistance`, `numberDeduction` and `calibrate`, so they cannot disagree.
 *
 * token similarity T = floor(100 · (L − d) / L) − (number mismatches), L = the longer token
 * count, d = token-level Levenshtein distance with every number as the same placeholder token.
 *
 * Token level alone undervalues what a translator still reuses: a name spelt another way
 * (Melchishua / Malchishua) costs a whole word, "Saul's sons" against "the sons of Saul" three,
 * a comma another. A character-level ratio C (Levenshtein over the lower-cased texts, as
 * Translate Toolkit's matcher scores) sees those as the small edits they are. The similarity
 * is max(T, min(C, T + CHAR_BOOST)): never below the token score, raised toward the character
 * score, but by at most CHAR_BOOST points, so that texts sharing few words never pass on
 * shared letters alone — and so that the candidate index can still bound a unit's similarity
 * from its token overlap (T + CHAR_BOOST), and equal the scan.
 */
import type { Locale } from '../locale';
import { NUMBER_KEY, numbersOf, tokenize, type Token } from './normalise';
import { bitDistance } from './bit-distance';

const BIG = 1 << 29;
let row = new Int32Array(256);

/**
 * Levenshtein distance between a[aOff..aOff+n) and b[bOff..bOff+m), or -1 when it exceeds k.
 * Only the diagonal band |i − j| ≤ k is computed, and the loop stops as soon as every cell
 * of a row (plus the length difference still to come) is over k.
 */
export function boundedDistance(
  a: Int32Array, aOff: number, n: number,
  b: Int32Array, bOff: number, m: number,
  k: number,
): number {
  if (k < 0 || Math.abs(n - m) > k) return -1;
  // Common prefix and suffix cost nothing and are most of a fuzzy match.
  while (n > 0 && m > 0 && a[aOff] === b[bOff]) { aOff++; bOff++; n--; m--; }
  while (n > 0 && m > 0 && a[aOff + n - 1] === b[bOff + m - 1]) { n--; m--; }
  if (n === 0) return m <= k ? m : -1;
  if (m === 0) return n <= k ? n : -1;
  if (row.length < m + 1) row = new Int32Array(Math.max(m + 1, row.length * 2));
  const r = row;
  for (let j = 0; j <= m; j++) r[j] = j <= k ? j : BIG;
  for (let i = 1; i <= n; i++) {
    const lo = i - k > 1 ? i - k : 1;
    const hi = i + k < m ? i + k : m;
    if (lo > hi) return -1;
    let diag = r[lo - 1];
    let left: number;
    const rest = n - i;
    let best = BIG;
    if (lo === 1) {
      left = i <= k ? i : BIG;
      r[0] = left;
      // The path may run down column 0 (deleting a's first tokens): count that cell too.
      const gap = m - rest;
      best = left + (gap < 0 ? -gap : gap);
    } else left = BIG;
    const ai = a[aOff + i - 1];
    for (let j = lo; j <= hi; j++) {
      const up = r[j];
      let v = diag + (ai === b[bOff + j - 1] ? 0 : 1);
      if (up + 1 < v) v = up + 1;
      if (left + 1 < v) v = left + 1;
      diag = up;
      r[j] = v;
      left = v;
      // The remaining length difference must still be paid: a lower bound on the final distance.
      const remaining = m - j - rest;
      const bound = v + (remaining < 0 ? -remaining : remaining);
      if (bound < best) best = bound;
    }
    if (best > k) return -1;
  }
  const d = r[m];
  return d <= k ? d : -1;
}

/** Most points the character-level score may add to the token score. */
export const CHAR_BOOST = 25;

/** The token similarity a unit needs to reach similarity `s` after calibration. */
export function tokenFloor(s: number): number {
  return s >= 100 ? s : s - CHAR_BOOST;
}

/** The most a unit whose token similarity is at most `t` can reach after calibration. */
export function calibratedCeiling(t: number): number {
  // Similarity 100 needs identical tokens; below that the character score stops at 99.
  return t >= 100 ? 100 : Math.min(99, t + CHAR_BOOST);
}

/**
 * Per code unit of the Basic Multilingual Plane, its lower case as a code point, or −1 when it
 * keeps its own (its lower case is longer, as İ's); 0 while not yet asked. Filled as characters
 * are met: a lookup lowers the text of every candidate it calibrates.
 */
const bmpLower = new Int32Array(0x10000);

function lowerBmp(c: number): number {
  let l = bmpLower[c];
  if (l === 0) {
    const ch = String.fromCharCode(c);
    const lower = ch.toLowerCase();
    bmpLower[c] = l = lower.length === 1 ? lower.charCodeAt(0) : -1;
  }
  return l < 0 ? c : l;
}

/** A text as its lower-cased code points, for the character-level score. */
export function charCodes(text: string): Int32Array {
  const len = text.length;
  const out = new Int32Array(len);
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) { out[n++] = c >= 65 && c <= 90 ? c + 32 : c; continue; }
    const cp = text.codePointAt(i)!;
    if (cp < 0x10000) { out[n++] = lowerBmp(cp); continue; }
    // A code point whose lower case is longer stays as it is: lengths stay those of the text.
    const ch = String.fromCodePoint(cp);
    const lower = ch.toLowerCase();
    out[n++] = (lower.length === ch.length ? lower : ch).codePointAt(0)!;
    i++;
  }
  return out.subarray(0, n);
}

/**
 * The calibrated similarity from the token similarity `t` and the texts' character codes, when
 * it can matter: results below `floor` are not computed exactly (they come back as `t` or less
 * than `floor`), as the bounded distance does for the token score.
 */
export function calibrate(t: number, a: Int32Array, b: Int32Array, floor: number): number {
  if (t >= 100) return t;
  const ceiling = calibratedCeiling(t);
  const want = Math.max(floor, t + 1);
  if (want > ceiling) return t;
  // The letters the texts share bound the distance from below (d ≥ L − shared): most candidates
  // are ruled out here, in linear time, before the quadratic distance.
  const L = a.length > b.length ? a.length : b.length;
  if (L > 0 && Math.floor((100 * sharedLetters(a, b)) / L) < want) return t;
  const d = bitDistance(a, b, maxDistanceFor(a.length, b.length, want));
  if (d < 0) return t;
  const c = similarityFromDistance(a.length, b.length, d);
  return c > t ? Math.min(c, ceiling) : t;
}

const letterCounts = new Int32Array(1024);

/**
 * At least how many characters two texts have in common, as multisets (code points hashed into
 * 1024 buckets: a collision can only raise the count, so the bound stays a bound).
 */
function sharedLetters(a: Int32Array, b: Int32Array): number {
  const counts = letterCounts;
  for (let i = 0; i < a.length; i++) counts[a[i]! & 1023]++;
  let shared = 0;
  for (let i = 0; i < b.length; i++) {
    const h = b[i]! & 1023;
    if (counts[h] > 0) { counts[h]--; shared++; }
  }
  for (let i = 0; i < a.length; i++) counts[a[i]! & 1023] = 0;
  return shared;
}

/** floor(100 · (L − d) / L); two empty texts are identical. */
export function similarityFromDistance(n: number, m: number, d: number): number {
  const L = n > m ? n : m;
  if (L === 0) return 100;
  return Math.floor((100 * (L - d)) / L);
}

/** The largest distance that still gives a similarity ≥ s between lengths n and m. */
export function maxDistanceFor(n: number, m: number, s: number): number {
  const L = n > m ? n : m;
  if (s <= 0) return L;
  return Math.floor((L * (100 - s)) / 100);
}

/**
 * One point for each number that differs, position by position: a's against b[from..to). The
 * numbers are strings, or ids of one table (an index keeps its units' numbers as ids in one pool).
 */
export function numberDeduction<T>(a: ArrayLike<T>, b: ArrayLike<T>, from = 0, to = b.length): number {
  const n = to - from;
  let diff = a.length > n ? a.length - n : n - a.length;
  const common = a.length < n ? a.length : n;
  for (let i = 0; i < common; i++) if (a[i] !== b[from + i]) diff++;
  return diff;
}

/** Final similarity from the base score and the numbers (a's against b[from..to)), never below 0. */
export function applyNumberDeduction<T>(base: number, a: ArrayLike<T>, b: ArrayLike<T>, from = 0, to = b.length): number {
  if (a.length === 0 && to === from) return base;
  const s = base - numberDeduction(a, b, from, to);
  return s > 0 ? s : 0;
}

/** Token keys as integer ids through a shared vocabulary (numbers all share one id). */
export function keysToIds(tokens: readonly Token[], vocabulary: Map<string, number>, grow: boolean): Int32Array {
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const key = tokens[i].key;
    let id = vocabulary.get(key);
    if (id === undefined) {
      if (grow) { id = vocabulary.size; vocabulary.set(key, id); } else id = -1 - i; // matches nothing
    }
    ids[i] = id;
  }
  return ids;
}

/**
 * Similarity 0–100 of two texts in one locale: token level for English, character level for
 * Chinese, ignoring case, whitespace and punctuation width; differing numbers cost a point each;
 * raised toward the character-level score by at most CHAR_BOOST (see the top of this file).
 */
export function fuzzyScore(a: string, b: string, locale: Locale): number {
  return calibrate(tokenSimilarity(a, b, locale), charCodes(a), charCodes(b), 0);
}

/** The token similarity T alone (before calibration), for comparison. */
export function tokenSimilarity(a: string, b: string, locale: Locale): number {
  const ta = tokenize(a, locale);
  const tb = tokenize(b, locale);
  const vocabulary = new Map<string, number>([[NUMBER_KEY, 0]]);
  const ia = keysToIds(ta, vocabulary, true);
  const ib = keysToIds(tb, vocabulary, true);
  const d = boundedDistance(ia, 0, ia.length, ib, 0, ib.length, Math.max(ia.length, ib.length));
  return applyNumberDeduction(similarityFromDistance(ia.length, ib.length, d), numbersOf(ta), numbersOf(tb));
}
