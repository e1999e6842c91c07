/** Memory import on both stores: counts, duplicates (in the file and against the store), all or nothing. */
import type { ImportedUnit } from '../../src/formats';
import type { Workflow } from '../../src/workflow';
import { describeEachStore, openTestWorkflow } from '../support/stores';
import { storeOf } from '../support/workflow-store';

function unit(i: number, overrides: Partial<ImportedUnit> = {}): ImportedUnit {
  return {
    sourceLocale: 'en', sourceText: `Sentence number ${i} of the memory.`, targetLocale: 'zh-Hans', targetText: `记忆库第${i}句。`,
    status: 'translated', origin: 'imported', inlineCodes: [], note: null, ...overrides,
  };
}

async function* stream(units: Iterable<ImportedUnit>, failAfter?: number): AsyncIterable<ImportedUnit> {
  let n = 0;
  for (const u of units) {
    if (failAfter !== undefined && n++ === failAfter) throw new Error('the file broke here');
    yield u;
  }
}

describeEachStore('memory import', (kind) => {
  let workflow: Workflow;
  beforeEach(async () => { workflow = await openTestWorkflow(kind); });
  afterEach(() => workflow.close());

  it('skips duplicates within a large file (past the hash set’s first growth) and against the store', async () => {
    const many = function* (): Generator<ImportedUnit> {
      for (let i = 0; i < 40_000; i++) yield unit(i);
      for (let i = 0; i < 40_000; i += 4000) yield unit(i); // 10 repeats
      yield unit(7, { targetText: '另一种译法。' }); // same source, other target: a new unit
    };
    expect(await workflow.importMemory(stream(many()), { by: 't' })).toEqual({ read: 40_011, added: 40_001, updated: 0, duplicates: 10 });
    const again = await workflow.importMemory(stream([unit(1), unit(2, { status: 'approved' }), unit(50_000)]), { by: 't' });
    expect(again).toEqual({ read: 3, added: 1, updated: 1, duplicates: 1 });
    expect(await storeOf(workflow).countUnits({})).toBe(40_002);
  });

  it('stores nothing of a file that breaks part-way', async () => {
    const units = Array.from({ length: 5000 }, (_, i) => unit(i));
    await expect(workflow.importMemory(stream(units, 4500), { by: 't' })).rejects.toThrow('the file broke here');
    expect(await storeOf(workflow).countUnits({})).toBe(0);
  });
});
