/**
 * The candidate index: fuzzy lookup without scanning the memory.
 *
 * Features are (token, occurrence) pairs — the 1st "the", the 2nd "the", 中, … — so the number
 * of features two segments share is their multiset token overlap. Levenshtein distance d over
 * tokens never leaves fewer than max(n, m) − d tokens in common, so a unit of m tokens reaches
 * similarity s against an n-token query only if m lies in a length window around n and their
 * overlap is at least τ(m) = ⌈s·max(n, m)/100⌉ (count filter). Any set that shares τ of the
 * query's n features shares at least one of any n − τ + 1 of them (prefix filter): reading the
 * rarest n − τ(m) + 1 posting lists over length m finds every unit of that length that can reach s.
 *
 * The threshold s starts high and falls: the top-k found at a high threshold usually already
 * holds near-identical units, and then the k-th score is the threshold, so the long lists a low
 * threshold would need are never read. Candidates are scored exactly, best bound first, and
 * scoring stops once no bound can reach the current top-k — which is why the result equals that
 * of scoring every unit.
 *
 * Units are kept in slots. Each feature's postings are frozen into one array sorted by (unit
 * length, slot), with a directory of where each length starts, so a length window costs no look-up
 * of unit lengths; slots added later go to small unsorted
 * delta lists, merged into the frozen arrays once they grow. Removing a unit kills its slot;
 * editing one's source re-adds it in a new slot; everything is rebuilt once dead slots outnumber
 * live ones.
 */
import { containsHan, type Locale } from '../locale';
import { NUMBER_KEY, numbersOf, tokenize, type Token } from './normalise';
import {
  DEFAULT_LIMIT, DEFAULT_MIN, TopK, penaltyFor, rank, toMatch, usable,
  type ConcordanceHit, type ConcordanceOptions, type FuzzyMatch, type IndexedUnit, type LookupOptions,
} from './match';
import { applyNumberDeduction, boundedDistance, maxDistanceFor, similarityFromDistance } from './score';

/** Longer segments stay out of the posting lists (their features would crowd them) and are scanned. */
const MAX_INDEXED_TOKENS = 2000;
const OCC_STRIDE = 2048; // > MAX_INDEXED_TOKENS, so (token, occurrence) keys never collide
/** Delta postings tolerated before a lookup merges them into the frozen lists (plus 1/8 of the frozen size). */
const DELTA_MIN = 4096;
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

class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 4) { this.data = new Int32Array(capacity); }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

function grow<T extends Int32Array | Uint8Array | Uint16Array>(a: T, min: number): T {
  if (a.length >= min) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(min, a.length * 2));
  next.set(a);
  return next;
}

/** A feature's bit in a unit's 64-bit signature. */
function featureBit(tokenId: number, occurrence: number): number {
  return (Math.imul(tokenId, 0x9e3779b1) + Math.imul(occurrence + 1, 0x85ebca77)) >>> 26;
}

function featureKey(tokenId: number, occurrence: number): number {
  return tokenId * OCC_STRIDE + occurrence;
}

/** The posting lists of one source locale. */
class LocalePostings {
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
  /** Postings of slots added since the last freeze, by featureKey, in slot order. */
  delta = new Map<number, IntList>();
  deltaSize = 0;

  frozenFeature(tokenId: number, occurrence: number): number {
    if (occurrence === 0) return tokenId < this.tokenFeature.length ? this.tokenFeature[tokenId] - 1 : -1;
    return this.occurrenceFeature.get(featureKey(tokenId, occurrence)) ?? -1;
  }
}

export class TranslationMemoryIndex {
  private vocabulary = new Map<string, number>([[NUMBER_KEY, 0]]);
  private slots: Array<IndexedUnit | null> = [];
  private slotOffset = new Int32Array(1024);
  /**
   * Per indexed slot, four words in one cache line: the bits (featureBit) of its source's features
   * (two words), its length and its pool offset. Every feature a unit shares with the query has its
   * bit set, so counting the query's features whose bits are set bounds the overlap from one
   * memory access, before the unit's tokens are read.
   */
  private slotRecord = new Int32Array(4096);
  private slotLength = new Int32Array(1024);
  /** The numbers of a slot's source, null when it has none (most have none: no array for them). */
  private slotNumbers: Array<string[] | null> = [];
  /** Penalty points of a slot's unit (status and origin): its score is at most its similarity less these. */
  private slotPenalty = new Uint8Array(1024);
  private pool = new Int32Array(1 << 16);
  private poolLength = 0;
  /**
   * Per slot during one lookup, packed so a candidate costs one memory access: features found in
   * the lists read (bits 0–11), in lists probed this round only to tighten bounds (bits 12–23),
   * and whether it has been scored (bit 24). Both counts are at most the unit's length ≤ 2000.
   */
  private state = new Int32Array(1024);
  /** Per token id during one lookup: the query's count of it, and a candidate's (kept at 0 between uses). */
  private tokenScratch = new Int32Array(1024);
  private tokenScratch2 = new Int32Array(1024);
  /** Stamp of the latest overlap count in tokenScratch2 (see exactBound). */
  private stamp = 0;
  /** Lists one lookup reuses: touched candidates and their lengths, then two sets of open lists. */
  private scratch = Array.from({ length: 8 }, () => new IntList(1024));
  private buckets = Array.from({ length: 102 + PENALTY_ROOM }, () => new IntList(16));
  private idToSlot = new Map<number, number>();
  private dead = 0;
  /** Source-side features per source locale. */
  private features = new Map<Locale, LocalePostings>();
  /** Slots not in the posting lists (no tokens, or very long), per source locale. */
  private unindexed = new Map<Locale, Set<number>>();
  /** Target-side token postings per target locale, built on the first concordance search. */
  private targetTokens: Map<Locale, Map<number, IntList>> | null = null;

  get size(): number {
    return this.idToSlot.size;
  }

  add(unit: IndexedUnit): void {
    if (this.idToSlot.has(unit.id)) throw new Error(`translation unit ${unit.id} is already in the index`);
    this.insert(unit);
  }

  /** Adds or replaces a unit. Postings change only when the source text or locale changed. */
  update(unit: IndexedUnit): void {
    const slot = this.idToSlot.get(unit.id);
    if (slot === undefined) { this.insert(unit); return; }
    const old = this.slots[slot]!;
    if (old.sourceText === unit.sourceText && old.sourceLocale === unit.sourceLocale && old.targetText === unit.targetText
      && old.targetLocale === unit.targetLocale) {
      this.slots[slot] = copyUnit(unit);
      this.slotPenalty[slot] = penaltyFor(unit.status, unit.origin).points;
      return;
    }
    this.kill(slot);
    this.insert(unit);
    this.maybeCompact();
  }

  remove(id: number): boolean {
    const slot = this.idToSlot.get(id);
    if (slot === undefined) return false;
    this.kill(slot);
    this.idToSlot.delete(id);
    this.maybeCompact();
    return true;
  }

  /** Exact, context and fuzzy matches, best first; identical to `scanLookup` over the same units. */
  lookup(query: string, options: LookupOptions): FuzzyMatch[] {
    const min = options.min ?? DEFAULT_MIN;
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (limit <= 0) return [];
    const locale = options.sourceLocale;
    const qTokens = tokenize(query, locale);
    const n = qTokens.length;
    const q = new Int32Array(n);
    const qNumbers = numbersOf(qTokens);
    for (let i = 0; i < n; i++) q[i] = this.vocabulary.get(qTokens[i].key) ?? -1 - i; // unknown: matches nothing

    const top = new TopK(limit);
    const pool = this.pool;
    const consider = (slot: number, floorSim: number): void => {
      const unit = this.slots[slot];
      if (unit === null || !usable(unit, options)) return;
      const m = this.slotLength[slot];
      const k = maxDistanceFor(n, m, floorSim);
      const d = boundedDistance(q, 0, n, pool, this.slotOffset[slot], m, k);
      if (d < 0) return;
      let similarity = similarityFromDistance(n, m, d);
      const unitNumbers = this.slotNumbers[slot];
      if (qNumbers.length > 0 || unitNumbers !== null) similarity = applyNumberDeduction(similarity, qNumbers, unitNumbers ?? []);
      const r = rank(unit, similarity, options);
      if (r.score >= min) top.offer(r);
    };
    // A newcomer needs similarity ≥ the k-th score (a context match adds at most 1, only at 100).
    const needed = (): number => Math.max(min, Math.min(top.floor(), 100));

    for (const slot of this.unindexed.get(locale) ?? []) consider(slot, min);

    const postings = this.features.get(locale);
    if (min <= 0) {
      // Every unit qualifies, even one sharing no token: nothing for an index to filter.
      for (let s = 0; s < this.slots.length; s++) if (this.slotLength[s] > 0 && this.slotLength[s] <= MAX_INDEXED_TOKENS) consider(s, min);
    } else if (n > 0 && postings) {
      if (postings.deltaSize > DELTA_MIN + (postings.postings.length >> 3)) this.freeze(locale, postings);
      // The final score a newcomer to the top-k needs (ties may still enter on the tie-break).
      const scoreFloor = (): number => Math.max(min, top.floor());
      // Whether a unit whose final score is at most `best` could still enter the top-k.
      const admits = (best: number, slot: number): boolean => {
        if (best < min) return false;
        if (!top.full) return true;
        const last = top.items[top.items.length - 1];
        if (best !== last.score) return best > last.score;
        // Only an exact tie on the score: then the smaller penalty, then the newer unit wins.
        const points = this.slotPenalty[slot];
        if (points !== last.penalty.points) return points < last.penalty.points;
        // Removed units stay in the lists until the next freeze (elsewhere `consider` drops them).
        const unit = this.slots[slot];
        return unit !== null && unit.id > last.unit.id;
      };
      this.search(q, postings, min, needed, scoreFloor, admits, consider);
    }
    return top.items.map((r) => toMatch(r, query, qTokens));
  }

  /**
   * Reads posting lists for a falling similarity threshold and scores candidates best bound
   * first, until the threshold is no higher than what a newcomer to the top-k needs.
   */
  private search(
    q: Int32Array, lp: LocalePostings, min: number, needed: () => number, scoreFloor: () => number,
    admits: (best: number, slot: number) => boolean, consider: (slot: number, floorSim: number) => void,
  ): void {
    const penalty = this.slotPenalty;
    const n = q.length;
    const slotLength = this.slotLength;
    const frozen = lp.postings;
    // The query's features: frozen range and delta list each, rarest first.
    const from = new Int32Array(n);
    const to = new Int32Array(n);
    // The signature bit of each query feature (−1: a token no unit has).
    const queryBits = new Int32Array(n);
    // Each list's span of the length directory (empty when the feature has no frozen postings).
    const dirFrom = new Int32Array(n);
    const dirTo = new Int32Array(n);
    const deltas: Array<IntList | null> = new Array<IntList | null>(n).fill(null);
    {
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
    }
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
    const state = this.state;
    // Candidates as met, with their lengths (read from the directory, not from slotLength).
    const scratch = this.scratch;
    const touched = scratch[0];
    const touchedLength = scratch[1];
    touched.length = 0;
    touchedLength.length = 0;
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
    // The query's token multiset, to count a candidate's overlap from its own tokens.
    const pool = this.pool;
    const wanted = grow(this.tokenScratch, this.vocabulary.size);
    const used = grow(this.tokenScratch2, this.vocabulary.size);
    this.tokenScratch = wanted;
    this.tokenScratch2 = used;
    for (let i = 0; i < n; i++) if (q[i] >= 0) wanted[q[i]]++;
    /**
     * The similarity bound from the whole overlap, counted on the unit's own tokens, or −1 once
     * it cannot reach `need`. A unit token is counted while the query still has copies of it left;
     * used[id] holds (stamp << 11) | copies used, so no clean-up pass is needed between units.
     */
    const record = this.slotRecord;
    const exactBound = (s: number, need: number): number => {
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
      if (++this.stamp >= 1 << 19) { used.fill(0); this.stamp = 1; }
      const tag = this.stamp << 11;
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
    // Lists read this round only to tighten the bounds of the candidates already known.
    const probed = new Uint8Array(n);
    let anyProbed = false;

    // Bucket best + PENALTY_ROOM, for best up to 101 (100 in context).
    const buckets = this.buckets;
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
    let open = scratch[2];
    let openLength = scratch[3];
    let openBound = scratch[4];
    let next = scratch[5];
    let nextLength = scratch[6];
    let nextBound = scratch[7];
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
          const c = open.data;
          const bounds = openBound.data;
          for (let i = 0; i < open.length; i++) {
            const s = c[i];
            const bound = bounds[i];
            if (bound >= f && bound + (bound === 100 ? 1 : 0) - penalty[s] >= scoreFloor()) candidates++;
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
        const c = open.data;
        const lengths = openLength.data;
        const bounds = openBound.data;
        for (let i = 0; i < open.length; i++) {
          const s = c[i];
          // Probing only tightens bounds.
          const m = lengths[i];
          const bound = anyProbed ? boundOf(s, m) : bounds[i];
          if (bound < f) continue;
          const best = bound + (bound === 100 ? 1 : 0) - penalty[s];
          if (best >= scoreFloor()) {
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
              if (exact < 0 || !admits(exact + (exact === 100 ? 1 : 0) - penalty[s], s)) continue;
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

  /** Units whose source or target contains the phrase (whole tokens), newest first, with highlights. */
  concordance(phrase: string, options: ConcordanceOptions = {}): ConcordanceHit[] {
    const limit = options.limit ?? 50;
    const locales: Locale[] = options.locale ? [options.locale] : containsHan(phrase) ? ['zh-Hans', 'zh-Hant'] : ['en'];
    const pTokens = tokenize(phrase, locales[0]);
    if (pTokens.length === 0 || limit <= 0) return [];
    // Built first: it adds the target side's tokens to the vocabulary the phrase is looked up in.
    const targetIndex = this.ensureTargetTokens();
    const ids: number[] = [];
    for (const t of pTokens) {
      const id = this.vocabulary.get(t.key);
      if (id === undefined) return [];
      ids.push(id);
    }
    const found = new Map<number, ConcordanceHit>();
    const search = (
      side: 'source' | 'target', locale: Locale, sizeOf: (id: number) => number,
      slotsOf: (id: number) => ArrayLike<number>, extra: Iterable<number>,
    ): void => {
      // The rarest token's list holds every unit that can contain the phrase.
      let rarest = -1;
      let rarestSize = Infinity;
      for (const id of ids) {
        const size = sizeOf(id);
        if (size === 0) { rarest = -1; break; }
        if (size < rarestSize) { rarest = id; rarestSize = size; }
      }
      const slotsNewestFirst: number[] = [...extra];
      let hits = 0;
      const visit = (slot: number): void => {
        const unit = this.slots[slot];
        if (!unit) return;
        if ((side === 'source' ? unit.sourceLocale : unit.targetLocale) !== locale) return;
        const text = side === 'source' ? unit.sourceText : unit.targetText;
        const spans = findPhrase(tokenize(text, locale), pTokens);
        if (spans.length === 0) return;
        let hit = found.get(slot);
        if (!hit) {
          hit = {
            unitId: unit.id, sourceLocale: unit.sourceLocale, targetLocale: unit.targetLocale,
            source: unit.sourceText, target: unit.targetText, status: unit.status, origin: unit.origin,
            sourceHighlights: [], targetHighlights: [],
          };
          found.set(slot, hit);
        }
        (side === 'source' ? hit.sourceHighlights : hit.targetHighlights).push(...spans);
        hits++;
      };
      for (const s of slotsNewestFirst) visit(s);
      if (rarest >= 0) {
        const slots = slotsOf(rarest);
        for (let p = slots.length - 1; p >= 0 && hits < limit; p--) visit(slots[p]);
      }
    };
    for (const locale of locales) {
      const source = this.features.get(locale);
      search('source', locale, (id) => (source ? sourceSize(source, id) : 0),
        (id) => sourceSlots(source!, id), this.unindexed.get(locale) ?? []);
      const target = targetIndex.get(locale);
      search('target', locale, (id) => target?.get(id)?.length ?? 0,
        (id) => { const list = target!.get(id)!; return list.data.subarray(0, list.length); }, []);
    }
    return [...found.entries()].sort((a, b) => b[0] - a[0]).slice(0, limit).map(([, hit]) => hit);
  }

  private insert(unit: IndexedUnit): void {
    const copy = copyUnit(unit);
    const slot = this.slots.length;
    this.slots.push(copy);
    this.idToSlot.set(unit.id, slot);
    const cap = slot + 1;
    this.slotOffset = grow(this.slotOffset, cap);
    this.slotRecord = grow(this.slotRecord, 4 * cap);
    this.slotLength = grow(this.slotLength, cap);
    this.state = grow(this.state, cap);

    const tokens = tokenize(copy.sourceText, copy.sourceLocale);
    const n = tokens.length;
    this.pool = grow(this.pool, this.poolLength + n);
    const off = this.poolLength;
    for (let i = 0; i < n; i++) this.pool[off + i] = this.intern(tokens[i].key);
    const numbers = numbersOf(tokens);
    this.poolLength += n;
    this.slotOffset[slot] = off;
    this.slotLength[slot] = n;
    this.slotNumbers.push(numbers.length > 0 ? numbers : null);
    this.slotPenalty = grow(this.slotPenalty, cap);
    this.slotPenalty[slot] = penaltyFor(copy.status, copy.origin).points;

    if (n === 0 || n > MAX_INDEXED_TOKENS) {
      let set = this.unindexed.get(copy.sourceLocale);
      if (!set) this.unindexed.set(copy.sourceLocale, (set = new Set()));
      set.add(slot);
    } else {
      let lp = this.features.get(copy.sourceLocale);
      if (!lp) this.features.set(copy.sourceLocale, (lp = new LocalePostings()));
      const postings = lp.delta;
      lp.deltaSize += n;
      const occurrences = new Map<number, number>();
      let sigLow = 0;
      let sigHigh = 0;
      for (let i = 0; i < n; i++) {
        const id = this.pool[off + i];
        const occ = occurrences.get(id) ?? 0;
        occurrences.set(id, occ + 1);
        const bit = featureBit(id, occ);
        if (bit < 32) sigLow |= 1 << bit; else sigHigh |= 1 << (bit - 32);
        const key = featureKey(id, occ);
        let list = postings.get(key);
        if (!list) postings.set(key, (list = new IntList()));
        list.push(slot);
      }
      const record = this.slotRecord;
      record[4 * slot] = sigLow;
      record[4 * slot + 1] = sigHigh;
      record[4 * slot + 2] = n;
      record[4 * slot + 3] = off;
    }
    if (this.targetTokens) this.indexTarget(this.targetTokens, copy, slot);
  }

  /**
   * Merges a locale's delta lists into its frozen lists, each feature's postings sorted by
   * (unit length, slot), dropping dead slots.
   */
  private freeze(locale: Locale, lp: LocalePostings): void {
    const slots = this.slots;
    const slotLength = this.slotLength;
    const pool = this.pool;
    // Live indexed slots of the locale, by length then slot (a counting sort).
    const firstOfLength = new Int32Array(MAX_INDEXED_TOKENS + 2);
    let live = 0;
    for (let s = 0; s < slots.length; s++) {
      const u = slots[s];
      const m = slotLength[s];
      if (u === null || u.sourceLocale !== locale || m === 0 || m > MAX_INDEXED_TOKENS) continue;
      firstOfLength[m + 1]++;
      live++;
    }
    for (let m = 1; m < firstOfLength.length; m++) firstOfLength[m] += firstOfLength[m - 1];
    const order = new Int32Array(live);
    for (let s = 0; s < slots.length; s++) {
      const u = slots[s];
      const m = slotLength[s];
      if (u === null || u.sourceLocale !== locale || m === 0 || m > MAX_INDEXED_TOKENS) continue;
      order[firstOfLength[m]++] = s;
    }
    // Feature numbers: first occurrences by token id, later ones through a map.
    const vocabularySize = this.vocabulary.size;
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
        const off = this.slotOffset[s];
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
  }

  private intern(key: string): number {
    let id = this.vocabulary.get(key);
    if (id === undefined) { id = this.vocabulary.size; this.vocabulary.set(key, id); }
    return id;
  }

  private indexTarget(index: Map<Locale, Map<number, IntList>>, unit: IndexedUnit, slot: number): void {
    let lists = index.get(unit.targetLocale);
    if (!lists) index.set(unit.targetLocale, (lists = new Map()));
    const seen = new Set<number>();
    for (const t of tokenize(unit.targetText, unit.targetLocale)) {
      const id = this.intern(t.key);
      if (seen.has(id)) continue;
      seen.add(id);
      let list = lists.get(id);
      if (!list) lists.set(id, (list = new IntList()));
      list.push(slot);
    }
  }

  private ensureTargetTokens(): Map<Locale, Map<number, IntList>> {
    if (!this.targetTokens) {
      const index = new Map<Locale, Map<number, IntList>>();
      this.slots.forEach((unit, slot) => { if (unit) this.indexTarget(index, unit, slot); });
      this.targetTokens = index;
    }
    return this.targetTokens;
  }

  private kill(slot: number): void {
    const unit = this.slots[slot];
    if (!unit) return;
    this.slots[slot] = null;
    this.unindexed.get(unit.sourceLocale)?.delete(slot);
    this.dead++;
  }

  /** Rebuilds the lists once most slots are dead, so removals do not slow lookups for ever. */
  private maybeCompact(): void {
    if (this.dead < 1024 || this.dead < this.idToSlot.size) return;
    const live = this.slots.filter((u): u is IndexedUnit => u !== null);
    const hadTargets = this.targetTokens !== null;
    this.vocabulary = new Map([[NUMBER_KEY, 0]]);
    this.slots = [];
    this.slotNumbers = [];
    this.poolLength = 0;
    this.idToSlot = new Map();
    this.features = new Map();
    this.unindexed = new Map();
    this.targetTokens = hadTargets ? new Map() : null;
    this.dead = 0;
    for (const u of live) this.insert(u);
  }
}

/** How many units of the locale hold a source token. */
function sourceSize(lp: LocalePostings, tokenId: number): number {
  const f = lp.frozenFeature(tokenId, 0);
  return (f >= 0 ? lp.start[f + 1] - lp.start[f] : 0) + (lp.delta.get(featureKey(tokenId, 0))?.length ?? 0);
}

/** The slots of the units of the locale holding a source token, ascending. */
function sourceSlots(lp: LocalePostings, tokenId: number): Int32Array {
  const f = lp.frozenFeature(tokenId, 0);
  const frozen = f >= 0 ? lp.postings.subarray(lp.start[f], lp.start[f + 1]) : new Int32Array(0);
  const delta = lp.delta.get(featureKey(tokenId, 0));
  const out = new Int32Array(frozen.length + (delta ? delta.length : 0));
  out.set(frozen);
  if (delta) out.set(delta.data.subarray(0, delta.length), frozen.length);
  return out.sort();
}

function copyUnit(u: IndexedUnit): IndexedUnit {
  return {
    id: u.id, sourceLocale: u.sourceLocale, targetLocale: u.targetLocale, sourceText: u.sourceText,
    targetText: u.targetText, status: u.status, origin: u.origin, previousSource: u.previousSource, nextSource: u.nextSource,
  };
}

/** Spans of every occurrence of the phrase's tokens, in order, in a token list. */
export function findPhrase(tokens: readonly Token[], phrase: readonly Token[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const k = phrase.length;
  outer: for (let i = 0; i + k <= tokens.length; i++) {
    for (let j = 0; j < k; j++) {
      const a = tokens[i + j];
      const b = phrase[j];
      if (a.key !== b.key || a.number !== b.number) continue outer;
    }
    spans.push([tokens[i].start, tokens[i + k - 1].end]);
  }
  return spans;
}
