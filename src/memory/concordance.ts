/**
 * Concordance: the units whose source or target contains a phrase (whole tokens). Sources are
 * found through the candidate index's first-occurrence postings; targets through token postings
 * of their own, built on the first concordance search and then kept in step with every insert.
 */
import { containsHan, type Locale } from '../locale';
import { tokenize, type Token } from './normalise';
import { IntList } from './int-list';
import type { ConcordanceHit, ConcordanceOptions } from './match';
import type { UnitSlots } from './unit-slots';

export class ConcordanceIndex {
  /** Target-side token postings per target locale, built on the first concordance search. */
  private targetTokens: Map<Locale, Map<number, IntList>> | null = null;

  constructor(private readonly units: UnitSlots) {}

  /** Keeps the target postings (if built) in step with a unit put in a new slot. */
  inserted(slot: number): void {
    if (this.targetTokens) this.indexTarget(this.targetTokens, slot);
  }

  /** Units whose source or target contains the phrase (whole tokens), newest first, with highlights. */
  search(phrase: string, options: ConcordanceOptions = {}): ConcordanceHit[] {
    const limit = options.limit ?? 50;
    const locales: Locale[] = options.locale ? [options.locale] : containsHan(phrase) ? ['zh-Hans', 'zh-Hant'] : ['en'];
    const pTokens = tokenize(phrase, locales[0]);
    if (pTokens.length === 0 || limit <= 0) return [];
    // Built first: it adds the target side's tokens to the vocabulary the phrase is looked up in.
    const targetIndex = this.ensureTargetTokens();
    const ids: number[] = [];
    for (const t of pTokens) {
      const id = this.units.vocabulary.get(t.key);
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
        const units = this.units;
        if (!units.isAlive(slot)) return;
        const kind = units.kindAt(slot);
        if ((side === 'source' ? kind.sourceLocale : kind.targetLocale) !== locale) return;
        const text = side === 'source' ? units.sourceText(slot) : units.targetText(slot);
        const spans = findPhrase(tokenize(text, locale), pTokens);
        if (spans.length === 0) return;
        let hit = found.get(slot);
        if (!hit) {
          hit = {
            unitId: units.idAt(slot), sourceLocale: kind.sourceLocale, targetLocale: kind.targetLocale,
            source: units.sourceText(slot), target: units.targetText(slot), status: kind.status, origin: kind.origin,
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
      const source = this.units.features.get(locale);
      source?.settle(this.units.pool);
      search('source', locale, (id) => (source ? source.sourceSize(id) : 0),
        (id) => source!.sourceSlots(id), this.units.unindexed.get(locale) ?? []);
      const target = targetIndex.get(locale);
      search('target', locale, (id) => target?.get(id)?.length ?? 0,
        (id) => { const list = target!.get(id)!; return list.data.subarray(0, list.length); }, []);
    }
    return [...found.entries()].sort((a, b) => b[0] - a[0]).slice(0, limit).map(([, hit]) => hit);
  }

  private indexTarget(index: Map<Locale, Map<number, IntList>>, slot: number): void {
    const locale = this.units.kindAt(slot).targetLocale;
    let lists = index.get(locale);
    if (!lists) index.set(locale, (lists = new Map()));
    const seen = new Set<number>();
    for (const t of tokenize(this.units.targetText(slot), locale)) {
      const id = this.units.intern(t.key);
      if (seen.has(id)) continue;
      seen.add(id);
      let list = lists.get(id);
      if (!list) lists.set(id, (list = new IntList()));
      list.push(slot);
    }
  }

  private ensureTargetTokens(): Map<Locale, Map<number, IntList>> {
    if (!this.targetTokens) {
      this.units.storedTexts?.preload();
      const index = new Map<Locale, Map<number, IntList>>();
      for (let slot = 0; slot < this.units.slotCount; slot++) if (this.units.isAlive(slot)) this.indexTarget(index, slot);
      this.targetTokens = index;
    }
    return this.targetTokens;
  }

  /** Whether the target postings have been built (a rebuilt index builds them again only if so). */
  get built(): boolean {
    return this.targetTokens !== null;
  }

  /** Builds the target postings now. */
  build(): void {
    this.ensureTargetTokens();
  }
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
