/**
 * The candidate index written to a file and read back (issue #20): a loaded index answers every
 * lookup as the scan does, keeps doing so while units are added, edited and removed, and can be
 * written again; a truncated or damaged file, or one of another scorer version, is refused.
 */
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import {
  IndexFileError, SCORER_VERSION, TranslationMemoryIndex, bufferReader, scanLookup,
  type FuzzyMatch, type IndexedUnit, type LookupOptions,
} from '../../src/memory';

const summary = (ms: FuzzyMatch[]): string[] => ms.map((m) => `${m.unitId}:${m.score}:${m.similarity}:${m.source}:${m.target}`);
const EN = ['the', 'report', 'market', 'grew', 'fell', 'in', 'of', 'a', 'new', 'year', 'and', 'sales', '3', '12', ',', '.', '{ph:1}'];
const ZH = Array.from('我们今年的市场销售增长下降报告新和在3');

const words = (pool: string[], join: string) => fc.array(fc.constantFrom(...pool), { maxLength: 14 }).map((w) => w.join(join));
const unitFields = fc.record({
  zh: fc.boolean(),
  en: words(EN, ' '),
  cn: words(ZH, ''),
  status: fc.constantFrom('approved', 'translated', 'draft', 'new'),
  origin: fc.constantFrom('human', 'aligned', 'mt:deepl', 'converted'),
  blank: fc.integer({ min: 0, max: 15 }),
  context: fc.boolean(),
});
type Fields = typeof unitFields extends fc.Arbitrary<infer T> ? T : never;

function toUnit(id: number, f: Fields): IndexedUnit {
  return {
    id,
    sourceLocale: f.zh ? 'zh-Hans' : 'en',
    targetLocale: f.zh ? 'en' : 'zh-Hans',
    sourceText: f.zh ? f.cn : f.en,
    targetText: f.blank === 0 ? ' ' : `t${id} 目标`,
    status: f.status as IndexedUnit['status'],
    origin: f.origin as IndexedUnit['origin'],
    previousSource: f.context ? 'the report' : null,
    nextSource: f.context ? '' : null,
  };
}

function roundTrip(index: TranslationMemoryIndex, meta = { mark: 1 }): TranslationMemoryIndex {
  const bytes = Buffer.concat(index.toFile(meta));
  const loaded = TranslationMemoryIndex.fromFile(bufferReader(bytes));
  expect(loaded.meta).toEqual(meta);
  return loaded.index;
}

function lookupBoth(index: TranslationMemoryIndex, live: Map<number, IndexedUnit>, query: string, options: LookupOptions): void {
  expect(summary(index.lookup(query, options))).toEqual(summary(scanLookup(live.values(), query, options)));
}

describe('an index written to a file and read back', () => {
  test('fast-check: answers as the scan does, before and after more changes, written and read again', () => {
    fc.assert(fc.property(
      fc.array(unitFields, { minLength: 50, maxLength: 400 }),
      fc.array(fc.tuple(fc.nat(), unitFields, fc.integer({ min: 0, max: 3 })), { maxLength: 60 }),
      fc.array(fc.record({ zh: fc.boolean(), en: words(EN, ' '), cn: words(ZH, ''), min: fc.integer({ min: 1, max: 101 }) }), { minLength: 3, maxLength: 8 }),
      (initial, changes, queries) => {
        let index = new TranslationMemoryIndex();
        const live = new Map<number, IndexedUnit>();
        let nextId = 1;
        for (const f of initial) { const u = toUnit(nextId++, f); index.add(u); live.set(u.id, u); }
        // Some removals before the first write, so dead slots are in the file.
        for (const [pick] of changes.slice(0, 5)) {
          const ids = [...live.keys()];
          const id = ids[pick % ids.length];
          if (id !== undefined && index.remove(id)) live.delete(id);
        }
        const check = (): void => {
          for (const q of queries) {
            const options: LookupOptions = { sourceLocale: q.zh ? 'zh-Hans' : 'en', targetLocale: q.zh ? 'en' : 'zh-Hans', min: q.min, limit: 5 };
            lookupBoth(index, live, q.zh ? q.cn : q.en, options);
            lookupBoth(index, live, q.zh ? q.cn : q.en, { ...options, previousSource: 'the report', nextSource: '' });
          }
          const some = [...live.values()].slice(-2);
          for (const u of some) lookupBoth(index, live, u.sourceText, { sourceLocale: u.sourceLocale, targetLocale: u.targetLocale, min: 50, limit: 3 });
        };
        index = roundTrip(index);
        expect(index.size).toBe(live.size);
        check();
        for (const [pick, f, kind] of changes) {
          const ids = [...live.keys()];
          const id = ids[pick % Math.max(1, ids.length)];
          if (kind === 0 || id === undefined) { const u = toUnit(nextId++, f); index.add(u); live.set(u.id, u); }
          else if (kind === 1) { index.remove(id); live.delete(id); }
          else if (kind === 2) { const u = toUnit(id, f); index.update(u); live.set(id, u); }
          else { const u = { ...live.get(id)!, status: f.status as IndexedUnit['status'] }; index.update(u); live.set(id, u); }
        }
        check();
        index = roundTrip(index, { mark: 2 });
        check();
        return true;
      },
    ), { numRuns: 25, endOnFailure: true });
  });

  test('concordance works on a loaded index (its texts are read from the file)', () => {
    const index = new TranslationMemoryIndex();
    index.add({ ...toUnit(1, { zh: false, en: 'the market grew', cn: '', status: 'approved', origin: 'human', blank: 1, context: false }), targetText: '市场增长' });
    index.add({ ...toUnit(2, { zh: false, en: 'sales fell', cn: '', status: 'approved', origin: 'human', blank: 1, context: false }), targetText: '销售下降' });
    const loaded = roundTrip(index);
    expect(loaded.concordance('market').map((h) => h.unitId)).toEqual([1]);
    expect(loaded.concordance('下降').map((h) => [h.unitId, h.target])).toEqual([[2, '销售下降']]);
  });
});

describe('a file that cannot be trusted is refused', () => {
  const index = new TranslationMemoryIndex();
  for (let id = 1; id <= 200; id++) index.add(toUnit(id, { zh: id % 3 === 0, en: `the report of year ${id} grew`, cn: `报告${id}增长`, status: 'approved', origin: 'human', blank: 1, context: false }));
  const bytes = Buffer.concat(index.toFile({ storeId: 'a', changeSeq: 3 }));

  test('truncated anywhere', () => {
    for (const length of [0, 10, 16, 100, bytes.length >> 1, bytes.length - 1]) {
      expect(() => TranslationMemoryIndex.fromFile(bufferReader(bytes.subarray(0, length)))).toThrow(IndexFileError);
    }
  });

  test('a byte changed in the header or the index part fails a checksum at load', () => {
    const headerEnd = 20 + bytes.readUInt32LE(12);
    for (const at of [30, headerEnd - 5, headerEnd + 200, headerEnd + 3000]) {
      const damaged = Buffer.from(bytes);
      damaged[at] ^= 0x5a;
      expect(() => TranslationMemoryIndex.fromFile(bufferReader(damaged))).toThrow(/fails its checksum/);
    }
  });

  test('a byte changed in a unit\'s texts fails that unit\'s checksum when it is read', () => {
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 3] ^= 0x01;
    const { index: loaded } = TranslationMemoryIndex.fromFile(bufferReader(damaged));
    expect(() => loaded.lookup('the report of year 200 grew', { sourceLocale: 'en', targetLocale: 'zh-Hans' }).map((m) => m.source)).toThrow(IndexFileError);
  });

  test('another scorer version or another file', () => {
    const header = bytes.toString('utf8', 20, 20 + bytes.readUInt32LE(12));
    const other = header.replace(`"scorer":${SCORER_VERSION}`, `"scorer":${SCORER_VERSION + 1}`);
    expect(other).not.toBe(header);
    const changed = Buffer.from(bytes);
    changed.write(other, 20, 'utf8');
    changed.writeInt32LE(crc32(Buffer.from(other, 'utf8')) | 0, 16);
    expect(() => TranslationMemoryIndex.fromFile(bufferReader(changed))).toThrow(/scorer/);
    expect(() => TranslationMemoryIndex.fromFile(bufferReader(Buffer.from('SQLite format 3\u0000 and more bytes')))).toThrow(/not an index file/);
  });
});
