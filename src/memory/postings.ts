/**
 * The posting lists of one source locale. Features are (token, occurrence) pairs — the 1st
 * "the", the 2nd "the", 中, … — so the number of features two segments share is their multiset
 * token overlap.
 *
 * Each feature's postings are frozen into one array sorted by (unit length, slot), with a length
 * directory of where each length starts, so a length window costs no look-up of unit lengths;
 * slots added later go to small unsorted delta lists, merged into the frozen arrays once they grow.
 */
import { IntList, grow } from './int-list';

/** Longer segments stay out of the posting lists (their features would crowd them) and are scanned. */
export const MAX_INDEXED_TOKENS = 2000;
const OCC_STRIDE = 2048; // > MAX_INDEXED_TOKENS, so (token, occurrence) keys never collide

/** A feature's bit in a unit's 64-bit signature. */
export function featureBit(tokenId: number, occurrence: number): number {
  return (Math.imul(tokenId, 0x9e3779b1) + Math.imul(occurrence + 1, 0x85ebca77)) >>> 26;
}

export function featureKey(tokenId: number, occurrence: number): number {
  return tokenId * OCC_STRIDE + occurrence;
}

export class LocalePostings {
  /** Token id → 1 + frozen feature number of its first occurrence (0: none). */
  tokenFeature = new Int32Array(0);
  /** featureKey of a later occurrence → frozen feature number. */
  occurrenceFeature = new Map<number, number>();
  /** Feature f's postings are postings[start[f] .. start[f + 1]), sorted by (unit length, slot). */
  start = new Int32Array(1);
  postings = new Int32Array(0);
  /**
   * Length directory: feature f's postings of length dirLength[e] start at dirPos[e], for e in
   * [dirStart[f], dirStart[f + 1]) — so a length window is found without touching unit lengths.
   */
  dirStart = new Int32Array(1);
  dirLength = new Uint16Array(0);
  dirPos = new Int32Array(0);
  /**
   * Postings of slots added since the last freeze, by featureKey, in slot order. Filled from
   * `pending` only when a search needs them (`settle`): a bulk load is frozen by its first lookup,
   * which reads the pool, so lists made during the load would only be thrown away.
   */
  delta = new Map<number, IntList>();
  /** Source tokens (features) of the slots added since the last freeze, whether settled or not. */
  deltaSize = 0;
  /** (slot, pool offset, length) of each slot added since the last settle, in slot order. */
  pending = new IntList(256);

  frozenFeature(tokenId: number, occurrence: number): number {
    if (occurrence === 0) return tokenId < this.tokenFeature.length ? this.tokenFeature[tokenId] - 1 : -1;
    return this.occurrenceFeature.get(featureKey(tokenId, occurrence)) ?? -1;
  }

  /**
   * Records a slot's features (its tokens as ids, in order) for the delta lists, and writes the
   * 64-bit signature of those features (featureBit) into record[4·slot], record[4·slot + 1].
   */
  addDelta(slot: number, pool: Int32Array, off: number, n: number, record: Int32Array): void {
    this.deltaSize += n;
    const seen = occurrenceScratch(pool, off, n);
    let sigLow = 0;
    let sigHigh = 0;
    for (let i = 0; i < n; i++) {
      const id = pool[off + i];
      const bit = featureBit(id, seen[id]++);
      if (bit < 32) sigLow |= 1 << bit; else sigHigh |= 1 << (bit - 32);
    }
    for (let i = 0; i < n; i++) seen[pool[off + i]] = 0;
    record[4 * slot] = sigLow;
    record[4 * slot + 1] = sigHigh;
    const pending = this.pending;
    pending.push(slot);
    pending.push(off);
    pending.push(n);
  }

  /** Puts the pending slots' postings in the delta lists (the pool is the one they were added from, grown). */
  settle(pool: Int32Array): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    const postings = this.delta;
    const p = pending.data;
    for (let r = 0; r < pending.length; r += 3) {
      const slot = p[r];
      const off = p[r + 1];
      const n = p[r + 2];
      const seen = occurrenceScratch(pool, off, n);
      for (let i = 0; i < n; i++) {
        const id = pool[off + i];
        const key = featureKey(id, seen[id]++);
        let list = postings.get(key);
        if (!list) postings.set(key, (list = new IntList()));
        list.push(slot);
      }
      for (let i = 0; i < n; i++) seen[pool[off + i]] = 0;
    }
    this.pending = new IntList(256);
  }

  /** How many units of the locale hold a source token. */
  sourceSize(tokenId: number): number {
    const f = this.frozenFeature(tokenId, 0);
    return (f >= 0 ? this.start[f + 1] - this.start[f] : 0) + (this.delta.get(featureKey(tokenId, 0))?.length ?? 0);
  }

  /** The slots of the units of the locale holding a source token, ascending. */
  sourceSlots(tokenId: number): Int32Array {
    const f = this.frozenFeature(tokenId, 0);
    const frozen = f >= 0 ? this.postings.subarray(this.start[f], this.start[f + 1]) : new Int32Array(0);
    const delta = this.delta.get(featureKey(tokenId, 0));
    const out = new Int32Array(frozen.length + (delta ? delta.length : 0));
    out.set(frozen);
    if (delta) out.set(delta.data.subarray(0, delta.length), frozen.length);
    return out.sort();
  }
}

let seenScratch = new Int32Array(1024);

/** A zeroed per-token-id counter covering the ids of pool[off..off+n) (the caller zeroes what it used). */
function occurrenceScratch(pool: Int32Array, off: number, n: number): Int32Array {
  let max = 0;
  for (let i = 0; i < n; i++) if (pool[off + i] > max) max = pool[off + i];
  if (max >= seenScratch.length) seenScratch = new Int32Array(Math.max(max + 1, seenScratch.length * 2));
  return seenScratch;
}

/** What freezing needs of the slots: which belong to the locale, their lengths and tokens. */
export interface FreezeSource {
  readonly slotCount: number;
  /** Whether slot s is live, of this locale, and indexed (1 ≤ length ≤ MAX_INDEXED_TOKENS). */
  belongs(s: number): boolean;
  readonly slotLength: Int32Array;
  readonly slotOffset: Int32Array;
  readonly pool: Int32Array;
  readonly vocabularySize: number;
}

/**
 * Merges a locale's delta lists into its frozen lists, each feature's postings sorted by
 * (unit length, slot), dropping dead slots.
 */
export function freezePostings(lp: LocalePostings, source: FreezeSource): void {
  const { slotCount, slotLength, slotOffset, pool, vocabularySize } = source;
  // Live indexed slots of the locale, by length then slot (a counting sort).
  const firstOfLength = new Int32Array(MAX_INDEXED_TOKENS + 2);
  let live = 0;
  for (let s = 0; s < slotCount; s++) {
    if (!source.belongs(s)) continue;
    firstOfLength[slotLength[s] + 1]++;
    live++;
  }
  for (let m = 1; m < firstOfLength.length; m++) firstOfLength[m] += firstOfLength[m - 1];
  const order = new Int32Array(live);
  for (let s = 0; s < slotCount; s++) {
    if (!source.belongs(s)) continue;
    order[firstOfLength[slotLength[s]]++] = s;
  }
  // Feature numbers: first occurrences by token id, later ones through a map.
  const tokenFeature = new Int32Array(vocabularySize);
  const occurrenceFeature = new Map<number, number>();
  const seen = new Int32Array(vocabularySize);
  let sizes = new Int32Array(1024);
  let features = 0;
  const featureOf = (id: number, occ: number): number => {
    if (occ === 0) {
      if (tokenFeature[id] === 0) tokenFeature[id] = ++features;
      return tokenFeature[id] - 1;
    }
    const key = featureKey(id, occ);
    let f = occurrenceFeature.get(key);
    if (f === undefined) { f = features++; occurrenceFeature.set(key, f); }
    return f;
  };
  const eachFeature = (visit: (f: number, s: number, m: number) => void): void => {
    for (let i = 0; i < live; i++) {
      const s = order[i];
      const off = slotOffset[s];
      const m = slotLength[s];
      for (let t = off; t < off + m; t++) visit(featureOf(pool[t], seen[pool[t]]++), s, m);
      for (let t = off; t < off + m; t++) seen[pool[t]] = 0;
    }
  };
  let total = 0;
  // Units come by length, so a feature's postings of one length are consecutive: count the runs.
  let lastLength = new Int32Array(1024);
  let runs = new Int32Array(1024);
  let entries = 0;
  eachFeature((f, _s, m) => {
    if (f >= sizes.length) { sizes = grow(sizes, f + 1); lastLength = grow(lastLength, f + 1); runs = grow(runs, f + 1); }
    sizes[f]++;
    total++;
    if (lastLength[f] !== m) { lastLength[f] = m; runs[f]++; entries++; }
  });
  const start = new Int32Array(features + 1);
  const dirStart = new Int32Array(features + 1);
  for (let f = 0; f < features; f++) { start[f + 1] = start[f] + sizes[f]; dirStart[f + 1] = dirStart[f] + runs[f]; }
  const postings = new Int32Array(total);
  const dirLength = new Uint16Array(entries);
  const dirPos = new Int32Array(entries);
  const cursor = start.slice(0, features);
  const dirCursor = dirStart.slice(0, features);
  lastLength.fill(0);
  eachFeature((f, s, m) => {
    if (lastLength[f] !== m) {
      lastLength[f] = m;
      dirLength[dirCursor[f]] = m;
      dirPos[dirCursor[f]++] = cursor[f];
    }
    postings[cursor[f]++] = s;
  });
  lp.tokenFeature = tokenFeature;
  lp.occurrenceFeature = occurrenceFeature;
  lp.start = start;
  lp.postings = postings;
  lp.dirStart = dirStart;
  lp.dirLength = dirLength;
  lp.dirPos = dirPos;
  lp.delta = new Map();
  lp.deltaSize = 0;
  lp.pending = new IntList(256);
}
