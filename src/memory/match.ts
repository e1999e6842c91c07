/**
 * Fuzzy matches: ranking, penalties and the finishing of a scored unit into a match. Shared by
 * the candidate index and the scan baseline so both rank identically.
 */
import type { Locale } from '../locale';
import { diffSegments, type DiffOp } from './diff';
import { normaliseForMatching, tokenize, type Token } from './normalise';
import type { TranslationUnit, UnitOrigin, UnitStatus } from './types';

/** What the index needs of a translation unit. */
export type IndexedUnit = Pick<TranslationUnit,
  'id' | 'sourceLocale' | 'targetLocale' | 'sourceText' | 'targetText' | 'status' | 'origin' | 'previousSource' | 'nextSource'>;

export interface LookupOptions {
  sourceLocale: Locale;
  targetLocale: Locale;
  /** Lowest final score returned (default 70). */
  min?: number;
  /** How many matches, best first (default 5). */
  limit?: number;
  /** Neighbouring source segments of the query, for context (101) matches. */
  previousSource?: string | null;
  nextSource?: string | null;
  /** Leave this unit out (the unit being translated). */
  excludeId?: number;
}

export interface MatchPenalty {
  points: number;
  reasons: string[];
}

export interface FuzzyMatch {
  unitId: number;
  /** Final score: similarity, +1 for a context match, minus the penalty. */
  score: number;
  /** Similarity 0–100 before the penalty. */
  similarity: number;
  penalty: MatchPenalty;
  /** Same source and same neighbouring segments (ranked above a plain exact match). */
  context: boolean;
  source: string;
  target: string;
  status: UnitStatus;
  origin: UnitOrigin;
  /** The match's source against the query. */
  diff: DiffOp[];
}

export interface ConcordanceOptions {
  /** Language of the phrase; by default Chinese if it has Han characters, else English. */
  locale?: Locale;
  /** Default 50. */
  limit?: number;
}

export interface ConcordanceHit {
  unitId: number;
  sourceLocale: Locale;
  targetLocale: Locale;
  source: string;
  target: string;
  status: UnitStatus;
  origin: UnitOrigin;
  /** Character ranges [start, end) of the phrase in each side (empty where it does not occur). */
  sourceHighlights: Array<[number, number]>;
  targetHighlights: Array<[number, number]>;
}

export const DEFAULT_MIN = 70;
export const DEFAULT_LIMIT = 5;

// Same similarity: approved human work first. Points are small so a better match still wins.
const STATUS_PENALTY: Record<UnitStatus, number> = { approved: 0, translated: 2, draft: 3, new: 4 };
const ORIGIN_PENALTY: Partial<Record<UnitOrigin, [number, string]>> = {
  'mt:deepl': [5, 'machine translation (DeepL)'],
  converted: [1, 'converted from the other Chinese script'],
};

export function penaltyFor(status: UnitStatus, origin: UnitOrigin): MatchPenalty {
  const reasons: string[] = [];
  let points = 0;
  const s = STATUS_PENALTY[status];
  if (s > 0) { points += s; reasons.push(`not approved (${status})`); }
  const o = ORIGIN_PENALTY[origin];
  if (o) { points += o[0]; reasons.push(o[1]); }
  return { points, reasons };
}

/** A unit gives something to reuse only if it has a target and fits the language pair. */
export function usable(unit: IndexedUnit, options: LookupOptions): boolean {
  return unit.sourceLocale === options.sourceLocale && unit.targetLocale === options.targetLocale
    && unit.id !== options.excludeId && unit.targetText.trim() !== '';
}

function sameNeighbour(a: string | null, b: string | null | undefined, locale: Locale): boolean {
  if (b === undefined) return true;
  if (a === null || b === null) return a === b;
  return normaliseForMatching(a, locale) === normaliseForMatching(b, locale);
}

export function isContextMatch(unit: IndexedUnit, similarity: number, options: LookupOptions): boolean {
  if (similarity !== 100) return false;
  if (options.previousSource === undefined && options.nextSource === undefined) return false;
  return sameNeighbour(unit.previousSource, options.previousSource, options.sourceLocale)
    && sameNeighbour(unit.nextSource, options.nextSource, options.sourceLocale);
}

/** A scored unit before the diff is computed (only the winners get one). */
export interface Ranked {
  unit: IndexedUnit;
  score: number;
  similarity: number;
  penalty: MatchPenalty;
  context: boolean;
}

export function rank(unit: IndexedUnit, similarity: number, options: LookupOptions): Ranked {
  const penalty = penaltyFor(unit.status, unit.origin);
  const context = isContextMatch(unit, similarity, options);
  return { unit, similarity, penalty, context, score: similarity + (context ? 1 : 0) - penalty.points };
}

/** Best first: score, then the smaller penalty, then the newer unit. */
export function compareRanked(a: Ranked, b: Ranked): number {
  return b.score - a.score || a.penalty.points - b.penalty.points || b.unit.id - a.unit.id;
}

/** Keeps the best `limit` ranked units; `floor()` is the score a newcomer must reach. */
export class TopK {
  readonly items: Ranked[] = [];
  constructor(private readonly limit: number) {}

  offer(r: Ranked): void {
    const items = this.items;
    if (items.length === this.limit && compareRanked(r, items[items.length - 1]) >= 0) return;
    let i = items.length;
    while (i > 0 && compareRanked(r, items[i - 1]) < 0) i--;
    items.splice(i, 0, r);
    if (items.length > this.limit) items.pop();
  }

  get full(): boolean {
    return this.items.length >= this.limit;
  }

  /** Lowest final score still able to enter (ties may enter on the tie-break). */
  floor(): number {
    return this.full ? this.items[this.items.length - 1].score : -Infinity;
  }
}

export function toMatch(r: Ranked, query: string, queryTokens: readonly Token[]): FuzzyMatch {
  const u = r.unit;
  return {
    unitId: u.id,
    score: r.score,
    similarity: r.similarity,
    penalty: r.penalty,
    context: r.context,
    source: u.sourceText,
    target: u.targetText,
    status: u.status,
    origin: u.origin,
    diff: diffSegments(u.sourceText, tokenize(u.sourceText, u.sourceLocale), query, queryTokens),
  };
}
