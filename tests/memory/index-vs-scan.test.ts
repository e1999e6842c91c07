/**
 * The candidate index against the brute-force scan on random memories that change while they
 * are searched: the posting lists are frozen (sorted by length) on a lookup, later units go to
 * the delta lists, edits move units to new slots (so unit ids no longer follow slot order and
 * ties are broken by id, not by position), and two source locales share the index.
 */
import fc from 'fast-check';
import { TranslationMemoryIndex, scanLookup, type FuzzyMatch, type IndexedUnit, type LookupOptions } from '../../src/memory';

const summary = (ms: FuzzyMatch[]): string[] => ms.map((m) => `${m.unitId}:${m.score}:${m.similarity}`);

const EN = ['the', 'report', 'market', 'grew', 'fell', 'in', 'of', 'a', 'new', 'year', 'and', 'sales', '3', '12', ',', '.'];
const ZH = Array.from('我们今年的市场销售增长下降报告新和在3');

const text = (locale: 'en' | 'zh-Hans'): fc.Arbitrary<string> => locale === 'en'
  ? fc.array(fc.constantFrom(...EN), { minLength: 0, maxLength: 14 }).map((w) => w.join(' '))
  : fc.array(fc.constantFrom(...ZH), { minLength: 0, maxLength: 14 }).map((w) => w.join(''));

const unitFields = fc.record({
  zh: fc.boolean(),
  en: text('en'),
  cn: text('zh-Hans'),
  status: fc.constantFrom('approved', 'translated', 'draft', 'new'),
  origin: fc.constantFrom('human', 'aligned', 'mt:deepl', 'converted'),
  emptyTarget: fc.integer({ min: 0, max: 19 }),
});

type Fields = typeof unitFields extends fc.Arbitrary<infer T> ? T : never;

function toUnit(id: number, f: Fields): IndexedUnit {
  return {
    id,
    sourceLocale: f.zh ? 'zh-Hans' : 'en',
    targetLocale: f.zh ? 'en' : 'zh-Hans',
    sourceText: f.zh ? f.cn : f.en,
    targetText: f.emptyTarget === 0 ? ' ' : `t${id}`,
    status: f.status as IndexedUnit['status'],
    origin: f.origin as IndexedUnit['origin'],
    previousSource: null,
    nextSource: null,
  };
}

type Op =
  | { kind: 'add'; fields: Fields }
  | { kind: 'update'; pick: number; fields: Fields }
  | { kind: 'status'; pick: number; status: IndexedUnit['status'] }
  | { kind: 'remove'; pick: number }
  | { kind: 'lookup'; zh: boolean; en: string; cn: string; min: number; limit: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: unitFields.map((fields): Op => ({ kind: 'add', fields })) },
  { weight: 2, arbitrary: fc.record({ pick: fc.nat(), fields: unitFields }).map((r): Op => ({ kind: 'update', ...r })) },
  { weight: 1, arbitrary: fc.record({ pick: fc.nat(), status: fc.constantFrom('approved', 'draft') }).map((r): Op => ({ kind: 'status', ...r } as Op)) },
  { weight: 1, arbitrary: fc.nat().map((pick): Op => ({ kind: 'remove', pick })) },
  {
    weight: 2,
    arbitrary: fc.record({
      zh: fc.boolean(), en: text('en'), cn: text('zh-Hans'), min: fc.integer({ min: 1, max: 101 }), limit: fc.integer({ min: 1, max: 7 }),
    }).map((r): Op => ({ kind: 'lookup', ...r })),
  },
);

describe('the index equals the scan on changing memories', () => {
  test('fast-check: adds, source edits, status edits, removals and lookups interleaved, two locales', () => {
    fc.assert(fc.property(
      fc.array(unitFields, { minLength: 800, maxLength: 1600 }),
      fc.array(op, { minLength: 20, maxLength: 120 }),
      (initial, ops) => {
        const index = new TranslationMemoryIndex();
        const live = new Map<number, IndexedUnit>();
        let nextId = 1;
        const add = (f: Fields): void => {
          const u = toUnit(nextId++, f);
          index.add(u);
          live.set(u.id, u);
        };
        for (const f of initial) add(f);
        const ids = (): number[] => [...live.keys()];
        let lookups = 0;
        for (const o of ops) {
          if (o.kind === 'add') add(o.fields);
          else if (o.kind === 'lookup') {
            const options: LookupOptions = {
              sourceLocale: o.zh ? 'zh-Hans' : 'en', targetLocale: o.zh ? 'en' : 'zh-Hans', min: o.min, limit: o.limit,
            };
            const query = o.zh ? o.cn : o.en;
            expect(summary(index.lookup(query, options))).toEqual(summary(scanLookup(live.values(), query, options)));
            lookups++;
          } else {
            const all = ids();
            if (all.length === 0) continue;
            const id = all[o.pick % all.length];
            if (o.kind === 'remove') {
              expect(index.remove(id)).toBe(true);
              live.delete(id);
            } else {
              const edited = o.kind === 'update' ? toUnit(id, o.fields) : { ...live.get(id)!, status: o.status };
              index.update(edited);
              live.set(id, edited);
            }
          }
        }
        expect(index.size).toBe(live.size);
        // A final lookup per locale with a query taken from the memory itself (many ties at 100).
        const some = [...live.values()].slice(-3);
        for (const u of some) {
          const options: LookupOptions = { sourceLocale: u.sourceLocale, targetLocale: u.targetLocale, min: 60, limit: 4 };
          expect(summary(index.lookup(u.sourceText, options))).toEqual(summary(scanLookup(live.values(), u.sourceText, options)));
        }
        return lookups >= 0;
      },
    ), { numRuns: 40, endOnFailure: true });
  });

  test('a removed unit tying the last of the top-k exactly is skipped, not dereferenced', () => {
    // Removed units stay in the posting lists; one older than the k kept ties them on bound and penalty.
    const index = new TranslationMemoryIndex();
    const units: IndexedUnit[] = [1, 2, 3].map((id) => ({
      id, sourceLocale: 'en', targetLocale: 'zh-Hans', sourceText: 'the market grew in the new year', targetText: `t${id}`,
      status: 'approved', origin: 'human', previousSource: null, nextSource: null,
    }));
    for (const u of units) index.add(u);
    index.remove(1);
    const options: LookupOptions = { sourceLocale: 'en', targetLocale: 'zh-Hans', limit: 2 };
    const query = 'the market grew in the new year again';
    const found = index.lookup(query, options);
    expect(found.map((m) => m.unitId)).toEqual([3, 2]);
    expect(summary(found)).toEqual(summary(scanLookup(units.slice(1), query, options)));
  });

  test('many exact duplicates: the newest units with the smallest penalty win the ties, as in the scan', () => {
    const index = new TranslationMemoryIndex();
    const live = new Map<number, IndexedUnit>();
    const statuses = ['approved', 'translated', 'draft'] as const;
    for (let id = 1; id <= 3000; id++) {
      const u: IndexedUnit = {
        id, sourceLocale: 'en', targetLocale: 'zh-Hans',
        sourceText: id % 3 === 0 ? 'the market grew in the new year' : `the market ${id % 7 === 0 ? 'fell' : 'grew'} in year ${id % 11}`,
        targetText: `t${id}`, status: statuses[id % 3], origin: 'human', previousSource: null, nextSource: null,
      };
      index.add(u);
      live.set(id, u);
    }
    const options: LookupOptions = { sourceLocale: 'en', targetLocale: 'zh-Hans', min: 50, limit: 5 };
    const query = 'the market grew in the new year';
    expect(summary(index.lookup(query, options))).toEqual(summary(scanLookup(live.values(), query, options)));
    // Re-adding old units in new slots breaks the link between slot order and id order.
    for (let id = 3; id <= 300; id += 3) {
      const u = { ...live.get(id)!, status: 'approved' as const, sourceText: 'The market grew in the new year' };
      index.update(u);
      live.set(id, u);
    }
    for (const limit of [1, 5, 40]) {
      const o = { ...options, limit };
      expect(summary(index.lookup(query, o))).toEqual(summary(scanLookup(live.values(), query, o)));
      expect(summary(index.lookup('the market grew in year 5', o))).toEqual(summary(scanLookup(live.values(), 'the market grew in year 5', o)));
    }
  });
});
