/**
 * The candidate index: fuzzy lookup without scanning the memory.
 *
 * Features are (token, occurrence) pairs — the 1st "the", the 2nd "the", 中, … — so the number
 * of features two segments share is their multiset token overlap. Levenshtein distance d over
 * tokens never leaves fewer than max(n, m) − d tokens in common, so a similarity ≥ s needs an
 * overlap of at least τ = ⌈s·n/100⌉ with an n-token query (count filter). Any set that shares
 * τ of the query's n features shares at least one of any n − τ + 1 of them (prefix filter):
 * probing the rarest n − τ + 1 posting lists finds every unit that can reach the threshold.
 * Further lists, probed while cheap, only tighten each candidate's upper bound. Candidates are
 * then scored exactly, best bound first, and scoring stops once no bound can reach the current
 * top-k — which is why the result equals that of scoring every unit.
 *
 * Units are kept in slots; posting lists hold slot numbers in growing typed arrays, in slot
 * order. Removing a unit kills its slot; editing one's source re-adds it in a new slot; the
 * lists are rebuilt once dead slots outnumber live ones.
 */
import { containsHan, type Locale } from '../locale';
import { NUMBER_KEY, numbersOf, tokenize, type Token } from './normalise';
import {
  DEFAULT_LIMIT, DEFAULT_MIN, TopK, rank, toMatch, usable,
  type ConcordanceHit, type ConcordanceOptions, type FuzzyMatch, type IndexedUnit, type LookupOptions,
} from './match';
import { applyNumberDeduction, boundedDistance, maxDistanceFor, similarityFromDistance } from './score';

/** Longer segments stay out of the posting lists (their features would crowd them) and are scanned. */
const MAX_INDEXED_TOKENS = 2000;
const OCC_STRIDE = 2048; // > MAX_INDEXED_TOKENS, so (token, occurrence) keys never collide
/** Postings read beyond the prefix to tighten bounds, per lookup (at least; more with many candidates). */
const EXTRA_PROBE_BUDGET = 60_000;

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

function featureKey(tokenId: number, occurrence: number): number {
  return tokenId * OCC_STRIDE + occurrence;
}

export class TranslationMemoryIndex {
  private vocabulary = new Map<string, number>([[NUMBER_KEY, 0]]);
  private slots: Array<IndexedUnit | null> = [];
  private slotOffset = new Int32Array(1024);
  private slotLength = new Int32Array(1024);
  private slotHasNumbers = new Uint8Array(1024);
  private pool = new Int32Array(1 << 16);
  private poolLength = 0;
  private counts = new Uint16Array(1024);
  private idToSlot = new Map<number, number>();
  private dead = 0;
  /** Source-side features per source locale. */
  private features = new Map<Locale, Map<number, IntList>>();
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
    const occurrences = new Map<number, number>();
    const featureLists: Array<IntList | null> = [];
    const postings = this.features.get(locale);
    for (let i = 0; i < n; i++) {
      const id = this.vocabulary.get(qTokens[i].key);
      if (id === undefined) { q[i] = -1 - i; featureLists.push(null); continue; }
      q[i] = id;
      const occ = occurrences.get(id) ?? 0;
      occurrences.set(id, occ + 1);
      featureLists.push(postings?.get(featureKey(id, occ)) ?? null);
    }
    // Rarest first; a feature nobody has is the rarest of all.
    featureLists.sort((a, b) => (a ? a.length : 0) - (b ? b.length : 0));

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
      if (qNumbers.length > 0 || this.slotHasNumbers[slot] === 1) {
        const unitNumbers = this.slotHasNumbers[slot] === 1 ? numbersOf(tokenize(unit.sourceText, locale)) : [];
        similarity = applyNumberDeduction(similarity, qNumbers, unitNumbers);
      }
      const r = rank(unit, similarity, options);
      if (r.score >= min) top.offer(r);
    };
    // A newcomer needs similarity ≥ the k-th score (a context match adds at most 1, only at 100).
    const needed = (): number => Math.max(min, Math.min(top.floor(), 100));

    for (const slot of this.unindexed.get(locale) ?? []) consider(slot, min);

    if (min <= 0) {
      // Every unit qualifies, even one sharing no token: nothing for an index to filter.
      for (let s = 0; s < this.slots.length; s++) if (this.slotLength[s] > 0 && this.slotLength[s] <= MAX_INDEXED_TOKENS) consider(s, min);
    } else if (n > 0 && postings) {
      // τ = least overlap for similarity ≥ min.
      const tau = Math.max(1, Math.ceil((min * n) / 100));
      const prefix = n - tau + 1;
      const counts = this.counts;
      const touched = new IntList(256);
      for (let f = 0; f < prefix; f++) {
        const list = featureLists[f];
        if (!list) continue;
        const data = list.data;
        for (let p = 0; p < list.length; p++) {
          const s = data[p];
          if (counts[s] === 0) touched.push(s);
          counts[s]++;
        }
      }
      // Cheap extra lists make each candidate's overlap bound exact for those features.
      let probed = prefix;
      // Many candidates make verification the cost: then reading longer lists pays for itself.
      let budget = Math.max(EXTRA_PROBE_BUDGET, 8 * touched.length);
      while (probed < n) {
        const list = featureLists[probed];
        const len = list ? list.length : 0;
        if (len > budget) break;
        budget -= len;
        if (list) {
          const data = list.data;
          for (let p = 0; p < len; p++) {
            const s = data[p];
            if (counts[s] !== 0) counts[s]++;
          }
        }
        probed++;
      }
      const unprobed = n - probed;
      // Bucket candidates by their similarity bound: floor(100·min(overlap, n, m) / max(n, m)).
      const buckets: IntList[] = [];
      const slotLength = this.slotLength;
      const t = touched.data;
      for (let i = 0; i < touched.length; i++) {
        const s = t[i];
        const c = counts[s];
        counts[s] = 0;
        const m = slotLength[s];
        let overlap = c + unprobed;
        if (overlap > n) overlap = n;
        if (overlap > m) overlap = m;
        const bound = Math.floor((100 * overlap) / (n > m ? n : m));
        if (bound < min) continue;
        (buckets[bound] ??= new IntList(16)).push(s);
      }
      for (let b = 100; b >= 0 && b >= needed(); b--) {
        const bucket = buckets[b];
        if (!bucket) continue;
        for (let i = 0; i < bucket.length; i++) {
          const floorSim = needed();
          if (b < floorSim) break;
          consider(bucket.data[i], floorSim);
        }
      }
    }
    return top.items.map((r) => toMatch(r, query, qTokens));
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
    const search = (side: 'source' | 'target', locale: Locale, lists: Map<number, IntList> | undefined, extra: Iterable<number>): void => {
      // The rarest token's list holds every unit that can contain the phrase.
      let rarest: IntList | undefined;
      for (const id of ids) {
        const list = lists?.get(side === 'source' ? featureKey(id, 0) : id);
        if (!list) { rarest = undefined; break; }
        if (!rarest || list.length < rarest.length) rarest = list;
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
      if (rarest) for (let p = rarest.length - 1; p >= 0 && hits < limit; p--) visit(rarest.data[p]);
    };
    for (const locale of locales) {
      search('source', locale, this.features.get(locale), this.unindexed.get(locale) ?? []);
      search('target', locale, targetIndex.get(locale), []);
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
    this.slotLength = grow(this.slotLength, cap);
    this.slotHasNumbers = grow(this.slotHasNumbers, cap);
    this.counts = grow(this.counts, cap);

    const tokens = tokenize(copy.sourceText, copy.sourceLocale);
    const n = tokens.length;
    this.pool = grow(this.pool, this.poolLength + n);
    const off = this.poolLength;
    let hasNumbers = 0;
    for (let i = 0; i < n; i++) {
      this.pool[off + i] = this.intern(tokens[i].key);
      if (tokens[i].number !== null) hasNumbers = 1;
    }
    this.poolLength += n;
    this.slotOffset[slot] = off;
    this.slotLength[slot] = n;
    this.slotHasNumbers[slot] = hasNumbers;

    if (n === 0 || n > MAX_INDEXED_TOKENS) {
      let set = this.unindexed.get(copy.sourceLocale);
      if (!set) this.unindexed.set(copy.sourceLocale, (set = new Set()));
      set.add(slot);
    } else {
      let postings = this.features.get(copy.sourceLocale);
      if (!postings) this.features.set(copy.sourceLocale, (postings = new Map()));
      const occurrences = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const id = this.pool[off + i];
        const occ = occurrences.get(id) ?? 0;
        occurrences.set(id, occ + 1);
        const key = featureKey(id, occ);
        let list = postings.get(key);
        if (!list) postings.set(key, (list = new IntList()));
        list.push(slot);
      }
    }
    if (this.targetTokens) this.indexTarget(this.targetTokens, copy, slot);
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
    this.poolLength = 0;
    this.idToSlot = new Map();
    this.features = new Map();
    this.unindexed = new Map();
    this.targetTokens = hadTargets ? new Map() : null;
    this.dead = 0;
    for (const u of live) this.insert(u);
  }
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
