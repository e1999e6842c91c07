/**
 * The candidate index: fuzzy lookup without scanning the memory, and concordance.
 *
 * The units live in slots (unit-slots.ts); each source locale's (token, occurrence) features
 * have posting lists with a length directory (postings.ts); a lookup reads them for a falling
 * threshold and scores candidates best bound first (candidate-search.ts), so its result equals
 * that of scoring every unit (`scanLookup`). Concordance has its own target-side postings
 * (concordance.ts). Removing a unit kills its slot; editing one's source re-adds it in a new
 * slot; everything is rebuilt once dead slots outnumber live ones.
 */
import { numbersOf, tokenize } from './normalise';
import {
  DEFAULT_LIMIT, DEFAULT_MIN, TopK, rank, toMatch,
  type ConcordanceHit, type ConcordanceOptions, type FuzzyMatch, type IndexedUnit, type LookupOptions,
} from './match';
import {
  applyNumberDeduction, boundedDistance, calibrate, calibratedCeiling, charCodes, maxDistanceFor, similarityFromDistance, tokenFloor,
} from './score';
import { MAX_INDEXED_TOKENS } from './postings';
import { ALIVE, HAS_TARGET, UnitSlots } from './unit-slots';
import { readIndexImage, type IndexFileMeta, type IndexFileReader } from './index-file';
import { SearchScratch, searchCandidates } from './candidate-search';
import { ConcordanceIndex } from './concordance';

/** Delta postings tolerated before a lookup merges them into the frozen lists (plus 1/8 of the frozen size). */
const DELTA_MIN = 4096;

export class TranslationMemoryIndex {
  private units = new UnitSlots();
  private concordanceIndex = new ConcordanceIndex(this.units);
  private readonly scratch = new SearchScratch();

  get size(): number {
    return this.units.size;
  }

  /**
   * An index read from a file written by `toFile` (see index-file.ts): its arrays are views of
   * the file's bytes, its units' texts stay in the file until a unit is shown. Throws
   * IndexFileError when the file cannot be trusted; the reader is then the caller's to close.
   */
  static fromFile(reader: IndexFileReader): { index: TranslationMemoryIndex; meta: IndexFileMeta } {
    const image = readIndexImage(reader);
    const index = new TranslationMemoryIndex();
    index.units = UnitSlots.fromImage(image);
    index.concordanceIndex = new ConcordanceIndex(index.units);
    return { index, meta: image.meta };
  }

  /** The index as the chunks of one file, with the caller's meta in its header. */
  toFile(meta: IndexFileMeta): Uint8Array[] {
    return this.units.toFile(meta);
  }

  /** Closes the file a loaded index reads its texts from (the index must not be used after). */
  release(): void {
    this.units.storedTexts?.close();
  }

  add(unit: IndexedUnit): void {
    if (this.units.idToSlot.has(unit.id)) throw new Error(`translation unit ${unit.id} is already in the index`);
    this.insert(unit);
  }

  /** Adds or replaces a unit. Postings change only when the source text or locale changed. */
  update(unit: IndexedUnit): void {
    const slot = this.units.idToSlot.get(unit.id);
    if (slot < 0) { this.insert(unit); return; }
    const units = this.units;
    const kind = units.kindAt(slot);
    if (units.sourceText(slot) === unit.sourceText && kind.sourceLocale === unit.sourceLocale && units.targetText(slot) === unit.targetText
      && kind.targetLocale === unit.targetLocale) {
      this.units.replace(slot, unit);
      return;
    }
    this.units.kill(slot);
    this.insert(unit);
    this.maybeCompact();
  }

  remove(id: number): boolean {
    const slot = this.units.idToSlot.get(id);
    if (slot < 0) return false;
    this.units.kill(slot);
    this.units.idToSlot.delete(id);
    this.maybeCompact();
    return true;
  }

  /** Exact, context and fuzzy matches, best first; identical to `scanLookup` over the same units. */
  lookup(query: string, options: LookupOptions): FuzzyMatch[] {
    const min = options.min ?? DEFAULT_MIN;
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (limit <= 0) return [];
    const units = this.units;
    const locale = options.sourceLocale;
    const qTokens = tokenize(query, locale);
    const n = qTokens.length;
    const q = new Int32Array(n);
    const qNumbers = numbersOf(qTokens);
    // The query's numbers as the index's number ids (one it does not know: an id matching none).
    const qNumberIds = new Int32Array(qNumbers.length);
    for (let i = 0; i < qNumbers.length; i++) qNumberIds[i] = units.numberIds.get(qNumbers[i]) ?? -1 - i;
    let qChars: Int32Array | undefined;
    for (let i = 0; i < n; i++) q[i] = units.vocabulary.get(qTokens[i].key) ?? -1 - i; // unknown: matches nothing

    const top = new TopK(limit);
    const flags = units.slotFlags;
    const targetLocale = options.targetLocale;
    const excludeId = options.excludeId;
    const kinds = units.kinds;
    const slotKind = units.slotKind;
    const consider = (slot: number, floorSim: number): void => {
      const kind = kinds[slotKind[slot]];
      // `usable` without reading the target text (a stored unit reads its texts only when it wins);
      // a dead slot has neither flag.
      if ((flags[slot] & (HAS_TARGET | ALIVE)) !== (HAS_TARGET | ALIVE) || kind.sourceLocale !== locale || kind.targetLocale !== targetLocale
        || units.idAt(slot) === excludeId) return;
      const m = units.slotLength[slot];
      const k = maxDistanceFor(n, m, tokenFloor(floorSim));
      const d = boundedDistance(q, 0, n, units.pool, units.slotOffset[slot], m, k);
      if (d < 0) return;
      let similarity = similarityFromDistance(n, m, d);
      const numbersFrom = units.numberStart[slot];
      const numbersTo = units.numberStart[slot + 1];
      if (qNumbers.length > 0 || numbersTo > numbersFrom) {
        similarity = applyNumberDeduction(similarity, qNumberIds, units.numberPool, numbersFrom, numbersTo);
      }
      // Only a unit the character score could lift to the floor reads its text.
      if (similarity < 100 && calibratedCeiling(similarity) >= floorSim) {
        similarity = calibrate(similarity, qChars ??= charCodes(query), charCodes(units.sourceText(slot)), floorSim);
      }
      // A context match adds at most 1: a unit that cannot reach the floor is not made an object.
      const best = similarity + 1 - units.slotPenalty[slot];
      if (best < min || (top.full && best < top.floor())) return;
      const r = rank(units.unitAt(slot)!, similarity, options);
      if (r.score >= min) top.offer(r);
    };
    // A newcomer needs similarity ≥ the k-th score (a context match adds at most 1, only at 100);
    // the search reasons in token similarity, which calibration raises by at most CHAR_BOOST.
    const needed = (): number => tokenFloor(Math.max(min, Math.min(top.floor(), 100)));

    for (const slot of units.unindexed.get(locale) ?? []) consider(slot, min);

    const postings = units.features.get(locale);
    if (tokenFloor(min) <= 0) {
      // Every unit qualifies, even one sharing no token: nothing for an index to filter.
      for (let s = 0; s < units.slotCount; s++) if (units.slotLength[s] > 0 && units.slotLength[s] <= MAX_INDEXED_TOKENS) consider(s, min);
    } else if (n > 0 && postings) {
      if (postings.deltaSize > DELTA_MIN + (postings.postings.length >> 3)) units.freeze(locale, postings);
      postings.settle(units.pool);
      searchCandidates(q, postings, tokenFloor(min), units, this.scratch, {
        needed,
        // The final score a newcomer to the top-k needs (ties may still enter on the tie-break).
        scoreFloor: () => Math.max(min, top.floor()),
        // Whether a unit whose final score is at most `best` could still enter the top-k.
        admits: (best: number, slot: number): boolean => {
          if (best < min) return false;
          if (!top.full) return true;
          const last = top.items[top.items.length - 1];
          if (best !== last.score) return best > last.score;
          // Only an exact tie on the score: then the smaller penalty, then the newer unit wins.
          const points = units.slotPenalty[slot];
          if (points !== last.penalty.points) return points < last.penalty.points;
          // Removed units stay in the lists until the next freeze (elsewhere `consider` drops them).
          return units.isAlive(slot) && units.idAt(slot) > last.unit.id;
        },
        consider,
      });
    }
    return top.items.map((r) => toMatch(r, query, qTokens));
  }

  /** Units whose source or target contains the phrase (whole tokens), newest first, with highlights. */
  concordance(phrase: string, options: ConcordanceOptions = {}): ConcordanceHit[] {
    return this.concordanceIndex.search(phrase, options);
  }

  private insert(unit: IndexedUnit): void {
    this.concordanceIndex.inserted(this.units.insert(unit));
  }

  /** Rebuilds the lists once most slots are dead, so removals do not slow lookups for ever. */
  private maybeCompact(): void {
    const units = this.units;
    if (units.dead < 1024 || units.dead < units.size) return;
    const live = units.liveUnits();
    units.storedTexts?.close();
    const hadTargets = this.concordanceIndex.built;
    this.units = new UnitSlots();
    this.concordanceIndex = new ConcordanceIndex(this.units);
    for (const u of live) this.units.insert(u);
    if (hadTargets) this.concordanceIndex.build();
  }
}
