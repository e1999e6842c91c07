/**
 * The candidate search behind a fuzzy lookup: reads posting lists for a falling similarity
 * threshold and scores candidates best bound first, until the threshold is no higher than what a
 * newcomer to the top-k needs.
 *
 * Levenshtein distance d over tokens never leaves fewer than max(n, m) − d tokens in common, so a
 * unit of m tokens reaches similarity s against an n-token query only if m lies in a length window
 * around n and their overlap is at least τ(m) = ⌈s·max(n, m)/100⌉ (count filter). Any set that
 * shares τ of the query's n features shares at least one of any n − τ + 1 of them (prefix filter):
 * reading the rarest n − τ(m) + 1 posting lists over length m finds every unit of that length that
 * can reach s.
 *
 * The threshold s starts high and falls: the top-k found at a high threshold usually already
 * holds near-identical units, and then the k-th score is the threshold, so the long lists a low
 * threshold would need are never read. Candidates are scored exactly, best bound first, and
 * scoring stops once no bound can reach the current top-k — which is why the result equals that
 * of scoring every unit.
 */
import { IntList, grow } from './int-list';
import { MAX_INDEXED_TOKENS, featureBit, featureKey, type LocalePostings } from './postings';
import type { UnitSlots } from './unit-slots';
import { calibratedCeiling } from './score';

/** How far the threshold falls per round while fewer than `limit` matches are known. */
const THRESHOLD_STEP = 15;
/** Bucket offset: a final score is at least −(largest penalty). */
const PENALTY_ROOM = 32;
/** Postings worth reading beyond the prefix, per candidate still to verify (a verification costs ~that many reads). */
const PROBE_PER_CANDIDATE = 4;
const COUNT_MASK = 0xfff;
const BONUS_ONE = 1 << 12;
const BONUS_MASK = 0xfff << 12;
const SCORED = 1 << 24;

/**
 * The best final score (before the penalty) of a unit whose token similarity is at most `bound`:
 * a context match adds 1 at 100; below it calibration adds at most CHAR_BOOST (score.ts).
 */
function reach(bound: number): number {
  return bound >= 100 ? 101 : calibratedCeiling(bound);
}

/** Per-lookup working memory, kept between lookups so a lookup allocates little. */
export class SearchScratch {
  /**
   * Per slot during one lookup, packed so a candidate costs one memory access: features found in
   * the lists read (bits 0–11), in lists probed this round only to tighten bounds (bits 12–23),
   * and whether it has been scored (bit 24). Both counts are at most the unit's length ≤ 2000.
   * All zero between lookups.
   */
  state = new Int32Array(1024);
  /** Per token id during one lookup: the query's count of it, and a candidate's (kept at 0 between uses). */
  tokenScratch = new Int32Array(1024);
  tokenScratch2 = new Int32Array(1024);
  /** Stamp of the latest overlap count in tokenScratch2 (see overlapBound). */
  stamp = 0;
  /** Lists one lookup reuses: touched candidates and their lengths, then two sets of open lists. */
  lists = Array.from({ length: 8 }, () => new IntList(1024));
  buckets = Array.from({ length: 102 + PENALTY_ROOM }, () => new IntList(16));
}

/** What the lookup decides; the search only finds and orders the candidates. */
export interface SearchCallbacks {
  /**
   * The token similarity a newcomer to the top-k needs (a context match adds at most 1, only at
   * 100; calibration at most CHAR_BOOST below it). The search's `min` is a token similarity too.
   */
  needed(): number;
  /** The final score a newcomer to the top-k needs (ties may still enter on the tie-break). */
  scoreFloor(): number;
  /** Whether a unit whose final score is at most `best` could still enter the top-k. */
  admits(best: number, slot: number): boolean;
  /** Scores a slot exactly, given the similarity it must reach, and offers it to the top-k. */
  consider(slot: number, floorSim: number): void;
}

/** The query's posting lists, rarest first: frozen range, length-directory span and delta list each. */
interface QueryLists {
  from: Int32Array;
  to: Int32Array;
  /** Each list's span of the length directory (empty when the feature has no frozen postings). */
  dirFrom: Int32Array;
  dirTo: Int32Array;
  deltas: Array<IntList | null>;
  /** The signature bit of each query feature, in query order (−1: a token no unit has). */
  queryBits: Int32Array;
}

function queryLists(q: Int32Array, lp: LocalePostings): QueryLists {
  const n = q.length;
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const queryBits = new Int32Array(n);
  const dirFrom = new Int32Array(n);
  const dirTo = new Int32Array(n);
  const deltas: Array<IntList | null> = new Array<IntList | null>(n).fill(null);
  const occurrences = new Map<number, number>();
  const size = new Float64Array(n);
  const feature = new Int32Array(n).fill(-1);
  queryBits.fill(-1);
  const rawDelta: Array<IntList | null> = [];
  for (let i = 0; i < n; i++) {
    const id = q[i];
    let delta: IntList | null = null;
    let f = -1;
    if (id >= 0) {
      const occ = occurrences.get(id) ?? 0;
      occurrences.set(id, occ + 1);
      f = lp.frozenFeature(id, occ);
      queryBits[i] = featureBit(id, occ);
      delta = lp.delta.get(featureKey(id, occ)) ?? null;
    }
    feature[i] = f;
    rawDelta.push(delta);
    size[i] = (f >= 0 ? lp.start[f + 1] - lp.start[f] : 0) + (delta ? delta.length : 0);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => size[x] - size[y]);
  for (let j = 0; j < n; j++) {
    const i = order[j];
    const f = feature[i];
    if (f >= 0) {
      from[j] = lp.start[f]; to[j] = lp.start[f + 1];
      dirFrom[j] = lp.dirStart[f]; dirTo[j] = lp.dirStart[f + 1];
    }
    deltas[j] = rawDelta[i];
  }
  return { from, to, dirFrom, dirTo, deltas, queryBits };
}

/**
 * Reading the query's lists over length ranges, each range at most once: `read` makes the postings
 * candidates (touched, with their lengths), `probe` only tightens the counts of known candidates.
 */
function listReader(
  lists: QueryLists, lp: LocalePostings, slotLength: Int32Array, state: Int32Array,
  touched: IntList, touchedLength: IntList,
) {
  const { to, dirFrom, dirTo, deltas } = lists;
  const n = to.length;
  const frozen = lp.postings;
  const dirLength = lp.dirLength;
  const dirPos = lp.dirPos;
  // First directory entry of list j whose length is at least `len`.
  const dirEntry = (j: number, len: number): number => {
    let lo = dirFrom[j];
    let hi = dirTo[j];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dirLength[mid] < len) lo = mid + 1; else hi = mid;
    }
    return lo;
  };
  // Posting position where directory entry e of list j starts (its end for e = dirTo[j]).
  const entryPos = (j: number, e: number): number => (e < dirTo[j] ? dirPos[e] : to[j]);
  // Lengths [readLo[j], readHi[j]] of list j have been read (empty while readLo > readHi).
  const readLo = new Int32Array(n).fill(MAX_INDEXED_TOKENS + 1);
  const readHi = new Int32Array(n);
  /** Counts list j's postings over lengths [a, b]: touching new candidates, or only tightening known ones. */
  const countRange = (j: number, a: number, b: number, touch: boolean): void => {
    const end = dirTo[j];
    let e = dirEntry(j, a);
    let p = entryPos(j, e);
    const delta = deltas[j];
    if (touch) {
      for (; e < end; e++) {
        const m = dirLength[e];
        if (m > b) break;
        const stop = entryPos(j, e + 1);
        for (; p < stop; p++) {
          const s = frozen[p];
          if (state[s]++ === 0) { touched.push(s); touchedLength.push(m); }
        }
      }
      if (delta) {
        const data = delta.data;
        for (let i = 0; i < delta.length; i++) {
          const s = data[i];
          const m = slotLength[s];
          if (m >= a && m <= b && state[s]++ === 0) { touched.push(s); touchedLength.push(m); }
        }
      }
    } else {
      const stop = entryPos(j, dirEntry(j, b + 1));
      for (; p < stop; p++) {
        const s = frozen[p];
        const v = state[s];
        if (v !== 0) state[s] = v + BONUS_ONE;
      }
      if (delta) {
        const data = delta.data;
        for (let i = 0; i < delta.length; i++) {
          const s = data[i];
          const m = slotLength[s];
          const v = state[s];
          if (m >= a && m <= b && v !== 0) state[s] = v + BONUS_ONE;
        }
      }
    }
  };
  /** The parts of lengths [a, b] list j has not been read over (an interval holding n, like what was read). */
  const eachUnread = (j: number, a: number, b: number, visit: (x: number, y: number) => void): void => {
    if (readLo[j] > readHi[j]) { visit(a, b); return; }
    if (a < readLo[j]) visit(a, Math.min(b, readLo[j] - 1));
    if (b > readHi[j]) visit(Math.max(a, readHi[j] + 1), b);
  };
  /** Reads list j over lengths [a, b] for good: its postings become candidates. */
  const read = (j: number, a: number, b: number): void => {
    eachUnread(j, a, b, (x, y) => countRange(j, x, y, true));
    if (a < readLo[j]) readLo[j] = a;
    if (b > readHi[j]) readHi[j] = b;
  };
  /** Postings list j holds over lengths [a, b] that have not been read yet (delta lists count whole). */
  const unreadSize = (j: number, a: number, b: number): number => {
    let size = deltas[j] ? deltas[j]!.length : 0;
    eachUnread(j, a, b, (x, y) => {
      if (x > y) return;
      size += entryPos(j, dirEntry(j, y + 1)) - entryPos(j, dirEntry(j, x));
    });
    return size;
  };
  return { read, unreadSize, countRange, eachUnread, readLo, readHi };
}

/**
 * The similarity bound from the whole overlap, counted on the unit's own tokens, or −1 once
 * it cannot reach `need`. A unit token is counted while the query still has copies of it left;
 * used[id] holds (stamp << 11) | copies used, so no clean-up pass is needed between units.
 * `wanted` holds the query's token multiset (the caller clears it after the lookup).
 */
function overlapBound(q: Int32Array, queryBits: Int32Array, units: UnitSlots, scratch: SearchScratch, wanted: Int32Array, used: Int32Array) {
  const n = q.length;
  const pool = units.pool;
  const record = units.slotRecord;
  return (s: number, need: number): number => {
    const r = 4 * s;
    const m = record[r + 2];
    const L = n > m ? n : m;
    // floor(100·overlap/L) ≥ need ⟺ overlap ≥ ⌈need·L/100⌉: more misses than m − that rule it out.
    const overlapNeeded = Math.ceil((need * L) / 100);
    const missesAllowed = m - overlapNeeded;
    if (missesAllowed < 0) return -1;
    {
      const low = record[r];
      const high = record[r + 1];
      let sigMisses = n - overlapNeeded;
      for (let i = 0; i < n; i++) {
        const bit = queryBits[i];
        const set = bit < 0 ? 0 : bit < 32 ? (low >>> bit) & 1 : (high >>> (bit - 32)) & 1;
        if (set === 0 && --sigMisses < 0) return -1;
      }
    }
    const off = record[r + 3];
    if (++scratch.stamp >= 1 << 19) { used.fill(0); scratch.stamp = 1; }
    const tag = scratch.stamp << 11;
    let overlap = 0;
    let misses = 0;
    for (let t = off; t < off + m; t++) {
      const id = pool[t];
      const v = used[id];
      const c = (v & ~2047) === tag ? v & 2047 : 0;
      if (c < wanted[id]) { used[id] = tag | (c + 1); overlap++; } else if (++misses > missesAllowed) return -1;
    }
    return Math.floor((100 * overlap) / L);
  };
}

/** Finds and scores, through `callbacks`, every unit of the locale's lists that can enter the top-k. */
export function searchCandidates(
  q: Int32Array, lp: LocalePostings, min: number, units: UnitSlots, scratch: SearchScratch, callbacks: SearchCallbacks,
): void {
  const { needed, scoreFloor, admits, consider } = callbacks;
  const penalty = units.slotPenalty;
  const n = q.length;
  scratch.state = grow(scratch.state, units.slotCount);
  const state = scratch.state;
  const lists = queryLists(q, lp);
  const { from, to } = lists;
  // Candidates as met, with their lengths (read from the directory, not from slotLength).
  const touched = scratch.lists[0];
  const touchedLength = scratch.lists[1];
  touched.length = 0;
  touchedLength.length = 0;
  const { read, unreadSize, countRange, eachUnread, readLo, readHi } = listReader(lists, lp, units.slotLength, state, touched, touchedLength);
  // The query's token multiset, to count a candidate's overlap from its own tokens.
  const wanted = grow(scratch.tokenScratch, units.vocabulary.size);
  const used = grow(scratch.tokenScratch2, units.vocabulary.size);
  scratch.tokenScratch = wanted;
  scratch.tokenScratch2 = used;
  for (let i = 0; i < n; i++) if (q[i] >= 0) wanted[q[i]]++;
  const exactBound = overlapBound(q, lists.queryBits, units, scratch, wanted, used);
  // Lists read this round only to tighten the bounds of the candidates already known.
  const probed = new Uint8Array(n);
  let anyProbed = false;

  // Bucket best + PENALTY_ROOM, for best up to 101 (100 in context).
  const buckets = scratch.buckets;
  // coverage[m − coverageBase]: how many lists have been read over length m.
  let coverage = new Int32Array(n + 2);
  let coverageBase = 0;
  const computeCoverage = (lo: number, hi: number): void => {
    const width = hi - lo + 1;
    if (coverage.length < width + 1) coverage = new Int32Array(width + 1);
    coverage.fill(0, 0, width + 1);
    coverageBase = lo;
    for (let j = 0; j < n; j++) {
      const a = probed[j] === 1 ? lo : readLo[j];
      const b = probed[j] === 1 ? hi : readHi[j];
      if (a > b) continue;
      coverage[Math.max(a, lo) - lo]++;
      coverage[Math.min(b, hi) - lo + 1]--;
    }
    for (let i = 1; i <= width; i++) coverage[i] += coverage[i - 1];
  };
  // Upper bound of a candidate's similarity: its count plus every list not read over its length.
  const boundOf = (s: number, m: number): number => {
    const v = state[s];
    let overlap = (v & COUNT_MASK) + ((v & BONUS_MASK) >>> 12) + n - coverage[m - coverageBase];
    if (overlap > n) overlap = n;
    if (overlap > m) overlap = m;
    return Math.floor((100 * overlap) / (n > m ? n : m));
  };

  // Open candidates, their lengths, and their bounds as last computed.
  // Two sets of lists, swapped each round (reused across lookups: no garbage per candidate).
  let open = scratch.lists[2];
  let openLength = scratch.lists[3];
  let openBound = scratch.lists[4];
  let next = scratch.lists[5];
  let nextLength = scratch.lists[6];
  let nextBound = scratch.lists[7];
  open.length = 0;
  openLength.length = 0;
  openBound.length = 0;
  let touchedBefore = 0;
  try {
    let threshold = 100;
    for (;;) {
      // Length window: floor(100·min(n, m)/max(n, m)) ≥ threshold.
      const lo = Math.max(1, Math.ceil((threshold * n) / 100));
      const hi = Math.min(MAX_INDEXED_TOKENS, Math.floor((100 * n) / threshold));
      // Prefix filter per length: list j is needed for lengths m with j < n − ⌈threshold·max(n, m)/100⌉ + 1.
      const prefix = n - lo + 1;
      for (let j = 0; j < prefix; j++) read(j, lo, Math.min(hi, Math.floor((100 * (n - j)) / threshold)));

      const floorNow = (): number => Math.max(threshold, needed());
      computeCoverage(lo, hi);
      // Candidates still open: those of earlier rounds not yet ruled out, and the newly touched.
      // A bound below what the top-k needs rules a unit out for good (bounds only fall, needs only rise).
      {
        const need = needed();
        next.length = 0;
        nextLength.length = 0;
        nextBound.length = 0;
        const keep = (s: number, m: number): void => {
          if ((state[s] & SCORED) !== 0) return;
          const bound = boundOf(s, m);
          if (bound >= need) { next.push(s); nextLength.push(m); nextBound.push(bound); }
        };
        for (let i = 0; i < open.length; i++) keep(open.data[i], openLength.data[i]);
        for (let i = touchedBefore; i < touched.length; i++) keep(touched.data[i], touchedLength.data[i]);
        touchedBefore = touched.length;
        [open, next] = [next, open];
        [openLength, nextLength] = [nextLength, openLength];
        [openBound, nextBound] = [nextBound, openBound];
      }
      // Many candidates make scoring the cost: reading further lists tightens their bounds.
      let candidates = 0;
      {
        const f = floorNow();
        // Nothing is offered to the top-k in this loop or the next: its floor stays put.
        const scoreNeeded = scoreFloor();
        const c = open.data;
        const bounds = openBound.data;
        for (let i = 0; i < open.length; i++) {
          const s = c[i];
          const bound = bounds[i];
          if (bound >= f && reach(bound) - penalty[s] >= scoreNeeded) candidates++;
        }
      }
      if (candidates > 0) {
        let budget = candidates * PROBE_PER_CANDIDATE;
        for (let j = 0; j < n && budget > 0; j++) {
          // Lists come rarest first: one far over the budget in all lengths ends the probing.
          if (to[j] - from[j] > 8 * budget) break;
          const cost = unreadSize(j, lo, hi);
          if (cost === 0 || cost > budget) continue;
          budget -= cost;
          eachUnread(j, lo, hi, (x, y) => countRange(j, x, y, false));
          probed[j] = 1;
          anyProbed = true;
        }
        if (anyProbed) computeCoverage(lo, hi);
      }

      // Score candidates best bound first.
      // Bucketed by the best final score each could reach: its penalty is known before scoring.
      let topBucket = -1;
      const f = floorNow();
      const scoreNeeded = scoreFloor();
      const c = open.data;
      const lengths = openLength.data;
      const bounds = openBound.data;
      for (let i = 0; i < open.length; i++) {
        const s = c[i];
        // Probing only tightens bounds.
        const m = lengths[i];
        const bound = anyProbed ? boundOf(s, m) : bounds[i];
        if (bound < f) continue;
        const best = reach(bound) - penalty[s];
        if (best >= scoreNeeded) {
          const b = best + PENALTY_ROOM;
          if (b > topBucket) {
            for (let x = topBucket + 1; x <= b; x++) buckets[x].length = 0;
            topBucket = b;
          }
          // Odd entries: every list was read over the unit's length, so the bound is its exact overlap.
          buckets[b].push(2 * s + (coverage[m - coverageBase] === n ? 1 : 0));
        }
      }
      for (let b = topBucket; b >= 0 && b - PENALTY_ROOM >= scoreFloor(); b--) {
        const bucket = buckets[b];
        if (bucket.length === 0) continue;
        // Newest slots first: on equal scores the newer unit wins, so older ties can then be skipped.
        const items = bucket.data.subarray(0, bucket.length).sort();
        for (let i = items.length - 1; i >= 0; i--) {
          const floor = scoreFloor();
          if (b - PENALTY_ROOM < floor) break;
          const s = items[i] >> 1;
          if (!admits(b - PENALTY_ROOM, s)) continue;
          state[s] |= SCORED;
          if ((items[i] & 1) === 0) {
            // The whole overlap, counted on the unit's tokens, is a far tighter bound than the lists read.
            const exact = exactBound(s, needed());
            if (exact < 0 || !admits(reach(exact) - penalty[s], s)) continue;
          }
          // Its score is its similarity (+1 in context, only at 100) less its penalty.
          consider(s, Math.min(100, floor + penalty[s]));
        }
      }
      if (anyProbed) {
        // Probed lists were read only for the candidates known now: later ones lack their counts.
        probed.fill(0);
        anyProbed = false;
        // Only open candidates are read again: the others keep their (meaningless) bonus until the
        // lookup ends. It cannot reach the sign bit: under 100 rounds of at most 2,000 each.
        const c2 = open.data;
        for (let i = 0; i < open.length; i++) state[c2[i]] &= ~BONUS_MASK;
      }
      const need = needed();
      if (need >= threshold || threshold <= min) break;
      // With the top-k full its floor is exactly the threshold still to be searched.
      threshold = need > min ? need : Math.max(min, threshold - THRESHOLD_STEP);
    }
  } finally {
    for (let i = 0; i < n; i++) if (q[i] >= 0) wanted[q[i]] = 0;
    const t = touched.data;
    for (let i = 0; i < touched.length; i++) state[t[i]] = 0;
  }
}
