/**
 * The brute-force baseline: every unit of the language pair, filtered by length, scored with
 * the same bounded Levenshtein and calibration as the index. Tests and the benchmark compare the index with it.
 */
import { NUMBER_KEY, numbersOf, tokenize } from './normalise';
import {
  DEFAULT_LIMIT, DEFAULT_MIN, TopK, rank, toMatch, usable,
  type FuzzyMatch, type IndexedUnit, type LookupOptions,
} from './match';
import {
  applyNumberDeduction, boundedDistance, calibrate, charCodes, keysToIds, maxDistanceFor, similarityFromDistance, tokenFloor,
} from './score';

export interface PreparedScan {
  readonly size: number;
  lookup(query: string, options: LookupOptions): FuzzyMatch[];
}

/** Tokenises the units once so repeated scans measure matching, not tokenising. */
export function prepareScan(units: Iterable<IndexedUnit>): PreparedScan {
  const vocabulary = new Map<string, number>([[NUMBER_KEY, 0]]);
  const list: IndexedUnit[] = [];
  const ids: Int32Array[] = [];
  const numbers: string[][] = [];
  for (const u of units) {
    const tokens = tokenize(u.sourceText, u.sourceLocale);
    list.push(u);
    ids.push(keysToIds(tokens, vocabulary, true));
    numbers.push(numbersOf(tokens));
  }
  return {
    size: list.length,
    lookup(query: string, options: LookupOptions): FuzzyMatch[] {
      const min = options.min ?? DEFAULT_MIN;
      const limit = options.limit ?? DEFAULT_LIMIT;
      if (limit <= 0) return [];
      const qTokens = tokenize(query, options.sourceLocale);
      const q = keysToIds(qTokens, vocabulary, false);
      const qNumbers = numbersOf(qTokens);
      const qChars = charCodes(query);
      const n = q.length;
      const tokenMin = tokenFloor(min);
      const top = new TopK(limit);
      for (let i = 0; i < list.length; i++) {
        const u = list[i];
        if (!usable(u, options)) continue;
        const t = ids[i];
        const m = t.length;
        const k = maxDistanceFor(n, m, tokenMin);
        if (Math.abs(n - m) > k) continue; // the length filter
        const d = boundedDistance(q, 0, n, t, 0, m, k);
        if (d < 0) continue;
        const tokens = applyNumberDeduction(similarityFromDistance(n, m, d), qNumbers, numbers[i]);
        const similarity = calibrate(tokens, qChars, charCodes(u.sourceText), min);
        const r = rank(u, similarity, options);
        if (r.score >= min) top.offer(r);
      }
      return top.items.map((r) => toMatch(r, query, qTokens));
    },
  };
}

/** Brute-force lookup over all units (the baseline the candidate index must agree with). */
export function scanLookup(units: Iterable<IndexedUnit>, query: string, options: LookupOptions): FuzzyMatch[] {
  return prepareScan(units).lookup(query, options);
}
