/**
 * Levenshtein distance over character codes, 32 cells of a column at a time (Myers' bit-vector
 * algorithm, in Hyyrö's form for a global distance, with Myers' blocks for patterns longer than
 * 32). The character-level score (score.ts `calibrate`) compares a query of ~100 characters with
 * hundreds of candidates a lookup; the banded table cost ~L·2k cells each, this costs L·⌈n/32⌉
 * word steps. The pattern's match masks are built once and kept while the same pattern comes
 * again (a lookup passes the same query codes for every candidate).
 */

/** Codes of the Basic Multilingual Plane → row of the match-mask table (0: not in the pattern). */
const bmpRow = new Int32Array(0x10000);
const astralRow = new Map<number, number>();
let pattern: Int32Array | null = null;
let blocks = 0;
/** Match masks: row r, block b at r·blocks + b; row 0 stays all zero. */
let masks = new Int32Array(64);
let plus = new Int32Array(8);
let minus = new Int32Array(8);

function prepare(a: Int32Array): void {
  if (pattern === a) return;
  if (pattern) for (let i = 0; i < pattern.length; i++) if (pattern[i] < 0x10000) bmpRow[pattern[i]] = 0;
  astralRow.clear();
  const n = a.length;
  blocks = (n + 31) >>> 5;
  let rows = 1;
  const rowOf = (c: number): number => {
    if (c < 0x10000) {
      if (bmpRow[c] === 0) bmpRow[c] = rows++;
      return bmpRow[c];
    }
    let r = astralRow.get(c);
    if (r === undefined) astralRow.set(c, (r = rows++));
    return r;
  };
  for (let i = 0; i < n; i++) rowOf(a[i]);
  if (masks.length < rows * blocks) masks = new Int32Array(rows * blocks * 2);
  masks.fill(0, 0, rows * blocks);
  for (let i = 0; i < n; i++) {
    const c = a[i];
    const r = c < 0x10000 ? bmpRow[c] : astralRow.get(c)!;
    masks[r * blocks + (i >>> 5)] |= 1 << (i & 31);
  }
  if (plus.length < blocks) { plus = new Int32Array(blocks * 2); minus = new Int32Array(blocks * 2); }
  pattern = a;
}

/** The edit distance between a and b, or −1 when it exceeds k (the same answer as score.ts `boundedDistance`). */
export function bitDistance(a: Int32Array, b: Int32Array, k: number): number {
  const n = a.length;
  const m = b.length;
  if (k < 0 || Math.abs(n - m) > k) return -1;
  if (n === 0) return m;
  if (m === 0) return n;
  prepare(a);
  const B = blocks;
  const P = plus;
  const M = minus;
  P.fill(-1, 0, B);
  M.fill(0, 0, B);
  const lastHigh = 1 << ((n - 1) & 31);
  let score = n;
  for (let j = 0; j < m; j++) {
    const c = b[j];
    const base = (c < 0x10000 ? bmpRow[c] : astralRow.get(c) ?? 0) * B;
    // Row 0 of the table is D[0][j] = j: the top block's horizontal input is +1.
    let hin = 1;
    for (let x = 0; x < B; x++) {
      const Pv = P[x];
      const Mv = M[x];
      let Eq = masks[base + x];
      const Xv = Eq | Mv;
      if (hin < 0) Eq |= 1;
      const Xh = (((Eq & Pv) + Pv) ^ Pv) | Eq;
      let Ph = Mv | ~(Xh | Pv);
      let Mh = Pv & Xh;
      const high = x === B - 1 ? lastHigh : 0x80000000 | 0;
      const hout = (Ph & high) !== 0 ? 1 : (Mh & high) !== 0 ? -1 : 0;
      Ph <<= 1;
      Mh <<= 1;
      if (hin < 0) Mh |= 1; else if (hin > 0) Ph |= 1;
      P[x] = Mh | ~(Xv | Ph);
      M[x] = Ph & Xv;
      hin = hout;
    }
    score += hin;
    // D[n][m] ≥ D[n][j + 1] − (characters of b still to come).
    if (score - (m - 1 - j) > k) return -1;
  }
  return score <= k ? score : -1;
}
