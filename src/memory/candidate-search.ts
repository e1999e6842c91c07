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
 * One lookup's search. Its steps are methods over fields, not closures made per lookup: a closure
 * made per call is a new function object each time (and, where a transpiler names it, one that
 * the optimiser cannot inline), which cost a fuzzy lookup a third of its time under tsx.
 */
class CandidateSearch {
  private readonly n: number;
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly dirFrom: Int32Array;
  private readonly dirTo: Int32Array;
  private readonly deltas: Array<IntList | null>;
  private readonly queryBits: Int32Array;
  private readonly frozen: Int32Array;
  private readonly dirLength: Uint16Array;
  private readonly dirPos: Int32Array;
  private readonly slotLength: Int32Array;
  private readonly state: Int32Array;
  /** Candidates as met, with their lengths (read from the directory, not from slotLength). */
  private readonly touched: IntList;
  private readonly touchedLength: IntList;
  /** Lengths [readLo[j], readHi[j]] of list j have been read (empty while readLo > readHi). */
  private readonly readLo: Int32Array;
  private readonly readHi: Int32Array;
  /** Lists read this round only to tighten the bounds of the candidates already known. */
  private readonly probed: Uint8Array;
  private anyProbed = false;
  /** coverage[m − coverageBase]: how many lists have been read (or probed) over length m. */
  private coverage: Int32Array;
  private coverageBase = 0;
  /** The unread parts of a length range (unreadParts): up to two [from, to] pairs. */
  private readonly parts = new Int32Array(4);
  /** The query's token multiset, to count a candidate's overlap from its own tokens (exactBound). */
  private readonly wanted: Int32Array;
  private readonly used: Int32Array;

  constructor(private readonly q: Int32Array, lp: LocalePostings, private readonly units: UnitSlots, private readonly scratch: SearchScratch) {
    const n = q.length;
    this.n = n;
    const lists = queryLists(q, lp);
    this.from = lists.from;
    this.to = lists.to;
    this.dirFrom = lists.dirFrom;
    this.dirTo = lists.dirTo;
    this.deltas = lists.deltas;
    this.queryBits = lists.queryBits;
    this.frozen = lp.postings;
    this.dirLength = lp.dirLength;
    this.dirPos = lp.dirPos;
    this.slotLength = units.slotLength;
    scratch.state = grow(scratch.state, units.slotCount);
    this.state = scratch.state;
    this.touched = scratch.lists[0];
    this.touchedLength = scratch.lists[1];
    this.touched.length = 0;
    this.touchedLength.length = 0;
    this.readLo = new Int32Array(n).fill(MAX_INDEXED_TOKENS + 1);
    this.readHi = new Int32Array(n);
    this.probed = new Uint8Array(n);
    this.coverage = new Int32Array(n + 2);
    this.wanted = scratch.tokenScratch = grow(scratch.tokenScratch, units.vocabulary.size);
    this.used = scratch.tokenScratch2 = grow(scratch.tokenScratch2, units.vocabulary.size);
    for (let i = 0; i < n; i++) if (q[i] >= 0) this.wanted[q[i]]++;
  }

  /** First directory entry of list j whose length is at least `len`. */
  private dirEntry(j: number, len: number): number {
    const dirLength = this.dirLength;
    let lo = this.dirFrom[j];
    let hi = this.dirTo[j];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dirLength[mid] < len) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** Posting position where directory entry e of list j starts (its end for e = dirTo[j]). */
  private entryPos(j: number, e: number): number {
    return e < this.dirTo[j] ? this.dirPos[e] : this.to[j];
  }

  /** Reads list j's postings over lengths [a, b] for good: each a candidate, counted. */
  private touchRange(j: number, a: number, b: number): void {
    const { frozen, dirLength, state, touched, touchedLength } = this;
    const end = this.dirTo[j];
    let e = this.dirEntry(j, a);
    let p = this.entryPos(j, e);
    for (; e < end; e++) {
      const m = dirLength[e];
      if (m > b) break;
      const stop = this.entryPos(j, e + 1);
      for (; p < stop; p++) {
        const s = frozen[p];
        if (state[s]++ === 0) { touched.push(s); touchedLength.push(m); }
      }
    }
    const delta = this.deltas[j];
    if (delta) {
      const data = delta.data;
      const slotLength = this.slotLength;
      for (let i = 0; i < delta.length; i++) {
        const s = data[i];
        const m = slotLength[s];
        if (m >= a && m <= b && state[s]++ === 0) { touched.push(s); touchedLength.push(m); }
      }
    }
  }

  /** Counts list j's postings over lengths [a, b] for the candidates already known only (a probe). */
  private probeRange(j: number, a: number, b: number): void {
    const { frozen, state } = this;
    let p = this.entryPos(j, this.dirEntry(j, a));
    const stop = this.entryPos(j, this.dirEntry(j, b + 1));
    for (; p < stop; p++) {
      const s = frozen[p];
      const v = state[s];
      if (v !== 0) state[s] = v + BONUS_ONE;
    }
    const delta = this.deltas[j];
    if (delta) {
      const data = delta.data;
      const slotLength = this.slotLength;
      for (let i = 0; i < delta.length; i++) {
        const s = data[i];
        const m = slotLength[s];
        const v = state[s];
        if (m >= a && m <= b && v !== 0) state[s] = v + BONUS_ONE;
      }
    }
  }

  /**
   * The parts of lengths [a, b] list j has not been read over (what was read is an interval
   * holding n, like [a, b]), into `parts` as [from, to] pairs; returns how many (0–2). A part
   * may be empty (from > to).
   */
  private unreadParts(j: number, a: number, b: number): number {
    const parts = this.parts;
    const lo = this.readLo[j];
    const hi = this.readHi[j];
    if (lo > hi) { parts[0] = a; parts[1] = b; return 1; }
    let count = 0;
    if (a < lo) { parts[0] = a; parts[1] = Math.min(b, lo - 1); count = 1; }
    if (b > hi) { parts[2 * count] = Math.max(a, hi + 1); parts[2 * count + 1] = b; count++; }
    return count;
  }

  /** Reads list j over lengths [a, b] for good: its postings become candidates. */
  private read(j: number, a: number, b: number): void {
    const count = this.unreadParts(j, a, b);
    for (let i = 0; i < count; i++) this.touchRange(j, this.parts[2 * i], this.parts[2 * i + 1]);
    if (a < this.readLo[j]) this.readLo[j] = a;
    if (b > this.readHi[j]) this.readHi[j] = b;
  }

  /** Probes list j over the lengths of [a, b] it has not been read over. */
  private probe(j: number, a: number, b: number): void {
    const count = this.unreadParts(j, a, b);
    for (let i = 0; i < count; i++) this.probeRange(j, this.parts[2 * i], this.parts[2 * i + 1]);
    this.probed[j] = 1;
    this.anyProbed = true;
  }

  /** Postings list j holds over lengths [a, b] that have not been read yet (delta lists count whole). */
  private unreadSize(j: number, a: number, b: number): number {
    const delta = this.deltas[j];
    let size = delta ? delta.length : 0;
    const count = this.unreadParts(j, a, b);
    for (let i = 0; i < count; i++) {
      const x = this.parts[2 * i];
      const y = this.parts[2 * i + 1];
      if (x > y) continue;
      size += this.entryPos(j, this.dirEntry(j, y + 1)) - this.entryPos(j, this.dirEntry(j, x));
    }
    return size;
  }

  private computeCoverage(lo: number, hi: number): void {
    const width = hi - lo + 1;
    if (this.coverage.length < width + 1) this.coverage = new Int32Array(width + 1);
    const coverage = this.coverage;
    coverage.fill(0, 0, width + 1);
    this.coverageBase = lo;
    for (let j = 0; j < this.n; j++) {
      const a = this.probed[j] === 1 ? lo : this.readLo[j];
      const b = this.probed[j] === 1 ? hi : this.readHi[j];
      if (a > b) continue;
      coverage[Math.max(a, lo) - lo]++;
      coverage[Math.min(b, hi) - lo + 1]--;
    }
    for (let i = 1; i <= width; i++) coverage[i] += coverage[i - 1];
  }

  /** Upper bound of a candidate's similarity: its count plus every list not read over its length. */
  private boundOf(s: number, m: number): number {
    const n = this.n;
    const v = this.state[s];
    let overlap = (v & COUNT_MASK) + ((v & BONUS_MASK) >>> 12) + n - this.coverage[m - this.coverageBase];
    if (overlap > n) overlap = n;
    if (overlap > m) overlap = m;
    return Math.floor((100 * overlap) / (n > m ? n : m));
  }

  /**
   * The similarity bound from the whole overlap, counted on the unit's own tokens, or −1 once
   * it cannot reach `need`. A unit token is counted while the query still has copies of it left;
   * used[id] holds (stamp << 11) | copies used, so no clean-up pass is needed between units.
   */
  private exactBound(s: number, need: number): number {
    const { n, queryBits, wanted, scratch } = this;
    const record = this.units.slotRecord;
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
    const pool = this.units.pool;
    const used = this.used;
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
  }

  run(min: number, callbacks: SearchCallbacks): void {
    try {
      this.search(min, callbacks);
    } finally {
      const { q, wanted, state, touched } = this;
      for (let i = 0; i < this.n; i++) if (q[i] >= 0) wanted[q[i]] = 0;
      const t = touched.data;
      for (let i = 0; i < touched.length; i++) state[t[i]] = 0;
    }
  }

  private search(min: number, callbacks: SearchCallbacks): void {
    const { n, from, to, state, touched, touchedLength, scratch } = this;
    const penalty = this.units.slotPenalty;
    // Bucket best + PENALTY_ROOM, for best up to 101 (100 in context).
    const buckets = scratch.buckets;
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
    let threshold = 100;
    for (;;) {
      // Length window: floor(100·min(n, m)/max(n, m)) ≥ threshold.
      const lo = Math.max(1, Math.ceil((threshold * n) / 100));
      const hi = Math.min(MAX_INDEXED_TOKENS, Math.floor((100 * n) / threshold));
      // Prefix filter per length: list j is needed for lengths m with j < n − ⌈threshold·max(n, m)/100⌉ + 1.
      const prefix = n - lo + 1;
      for (let j = 0; j < prefix; j++) this.read(j, lo, Math.min(hi, Math.floor((100 * (n - j)) / threshold)));

      const floorNow = Math.max(threshold, callbacks.needed());
      this.computeCoverage(lo, hi);
      // Candidates still open: those of earlier rounds not yet ruled out, and the newly touched.
      // A bound below what the top-k needs rules a unit out for good (bounds only fall, needs only rise).
      {
        const need = callbacks.needed();
        next.length = 0;
        nextLength.length = 0;
        nextBound.length = 0;
        for (let i = 0; i < open.length; i++) {
          const s = open.data[i];
          if ((state[s] & SCORED) !== 0) continue;
          const m = openLength.data[i];
          const bound = this.boundOf(s, m);
          if (bound >= need) { next.push(s); nextLength.push(m); nextBound.push(bound); }
        }
        for (let i = touchedBefore; i < touched.length; i++) {
          const s = touched.data[i];
          if ((state[s] & SCORED) !== 0) continue;
          const m = touchedLength.data[i];
          const bound = this.boundOf(s, m);
          if (bound >= need) { next.push(s); nextLength.push(m); nextBound.push(bound); }
        }
        touchedBefore = touched.length;
        [open, next] = [next, open];
        [openLength, nextLength] = [nextLength, openLength];
        [openBound, nextBound] = [nextBound, openBound];
      }
      // Many candidates make scoring the cost: reading further lists tightens their bounds.
      let candidates = 0;
      {
        // Nothing is offered to the top-k in this loop or the next: its floor stays put.
        const scoreNeeded = callbacks.scoreFloor();
        const c = open.data;
        const bounds = openBound.data;
        for (let i = 0; i < open.length; i++) {
          const bound = bounds[i];
          if (bound >= floorNow && reach(bound) - penalty[c[i]] >= scoreNeeded) candidates++;
        }
      }
      if (candidates > 0) {
        let budget = candidates * PROBE_PER_CANDIDATE;
        for (let j = 0; j < n && budget > 0; j++) {
          // Lists come rarest first: one far over the budget in all lengths ends the probing.
          if (to[j] - from[j] > 8 * budget) break;
          const cost = this.unreadSize(j, lo, hi);
          if (cost === 0 || cost > budget) continue;
          budget -= cost;
          this.probe(j, lo, hi);
        }
        if (this.anyProbed) this.computeCoverage(lo, hi);
      }

      // Score candidates best bound first.
      // Bucketed by the best final score each could reach: its penalty is known before scoring.
      let topBucket = -1;
      const f = Math.max(threshold, callbacks.needed());
      const scoreNeeded = callbacks.scoreFloor();
      const coverage = this.coverage;
      const coverageBase = this.coverageBase;
      const anyProbed = this.anyProbed;
      {
        const c = open.data;
        const lengths = openLength.data;
        const bounds = openBound.data;
        for (let i = 0; i < open.length; i++) {
          const s = c[i];
          // Probing only tightens bounds.
          const m = lengths[i];
          const bound = anyProbed ? this.boundOf(s, m) : bounds[i];
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
      }
      for (let b = topBucket; b >= 0 && b - PENALTY_ROOM >= callbacks.scoreFloor(); b--) {
        const bucket = buckets[b];
        if (bucket.length === 0) continue;
        // Newest slots first: on equal scores the newer unit wins, so older ties can then be skipped.
        const items = bucket.data.subarray(0, bucket.length).sort();
        for (let i = items.length - 1; i >= 0; i--) {
          const floor = callbacks.scoreFloor();
          if (b - PENALTY_ROOM < floor) break;
          const s = items[i] >> 1;
          if (!callbacks.admits(b - PENALTY_ROOM, s)) continue;
          state[s] |= SCORED;
          if ((items[i] & 1) === 0) {
            // The whole overlap, counted on the unit's tokens, is a far tighter bound than the lists read.
            const exact = this.exactBound(s, callbacks.needed());
            if (exact < 0 || !callbacks.admits(reach(exact) - penalty[s], s)) continue;
          }
          // Its score is its similarity (+1 in context, only at 100) less its penalty.
          callbacks.consider(s, Math.min(100, floor + penalty[s]));
        }
      }
      if (anyProbed) {
        // Probed lists were read only for the candidates known now: later ones lack their counts.
        this.probed.fill(0);
        this.anyProbed = false;
        // Only open candidates are read again: the others keep their (meaningless) bonus until the
        // lookup ends. It cannot reach the sign bit: under 100 rounds of at most 2,000 each.
        const c2 = open.data;
        for (let i = 0; i < open.length; i++) state[c2[i]] &= ~BONUS_MASK;
      }
      const need = callbacks.needed();
      if (need >= threshold || threshold <= min) break;
      // With the top-k full its floor is exactly the threshold still to be searched.
      threshold = need > min ? need : Math.max(min, threshold - THRESHOLD_STEP);
    }
  }
}

/** Finds and scores, through `callbacks`, every unit of the locale's lists that can enter the top-k. */
export function searchCandidates(
  q: Int32Array, lp: LocalePostings, min: number, units: UnitSlots, scratch: SearchScratch, callbacks: SearchCallbacks,
): void {
  new CandidateSearch(q, lp, units, scratch).run(min, callbacks);
}
