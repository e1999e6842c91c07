/**
 * Memory export grouped by source (what `bitext tm export --format tmx` writes): the zh-Hans and
 * zh-Hant units of one English text come out together, numbered as one file unit, even when
 * they were stored far apart (pages of 2,000 apart), and every exportable unit comes out once.
 */
import type { ImportedUnit } from '../../src/formats';
import type { Workflow } from '../../src/workflow';
import { describeEachStore, openTestWorkflow } from '../support/stores';

const unit = (i: number, targetLocale: 'zh-Hans' | 'zh-Hant', targetText: string): ImportedUnit => ({
  sourceLocale: 'en', sourceText: `Sentence ${i}.`, targetLocale, targetText, status: 'translated', origin: 'imported', inlineCodes: [], note: null,
});

async function all(units: AsyncIterable<ImportedUnit>): Promise<ImportedUnit[]> {
  const out: ImportedUnit[] = [];
  for await (const u of units) out.push(u);
  return out;
}

describeEachStore('memory export by source', (kind) => {
  let workflow: Workflow;
  beforeEach(async () => { workflow = await openTestWorkflow(kind); });
  afterEach(() => workflow.close());

  it('groups the scripts of one source across pages, each unit once, in order of each group’s first unit', async () => {
    const n = 2500;
    const hans = Array.from({ length: n }, (_, i) => unit(i, 'zh-Hans', `第${i}句。`));
    // A second Simplified translation of sentence 7, and sentences only in Traditional.
    const extra = [unit(7, 'zh-Hans', '另一种第7句。'), unit(n, 'zh-Hant', '只有繁體。')];
    const hant = Array.from({ length: n }, (_, i) => unit(i, 'zh-Hant', `第${i}句（繁）。`));
    await workflow.importMemory((async function* () { yield* hans; yield* extra; yield* hant; })(), { by: 't' });

    const grouped = await all(workflow.exportMemory({ bySource: true }));
    expect(grouped).toHaveLength(2 * n + 2);
    const groups = new Map<number, ImportedUnit[]>();
    for (const u of grouped) groups.set(u.fileUnit!, [...(groups.get(u.fileUnit!) ?? []), u]);
    expect(groups.size).toBe(n + 2);
    for (let i = 0; i < n; i++) {
      const g = [...groups.values()].find((x) => x[0].sourceText === `Sentence ${i}.` && x.length === 2);
      expect(g?.map((u) => u.targetLocale)).toEqual(['zh-Hans', 'zh-Hant']);
    }
    // Consecutive: a group's units follow each other.
    const order = grouped.map((u) => u.fileUnit!);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The second zh-Hans of sentence 7 and the Traditional-only sentence are units of their own.
    expect([...groups.values()].filter((g) => g.length === 1).map((g) => g[0].targetText).sort()).toEqual(['另一种第7句。', '只有繁體。'].sort());

    // Without grouping: id order, no file units.
    const plain = await all(workflow.exportMemory());
    expect(plain).toHaveLength(2 * n + 2);
    expect(plain.every((u) => u.fileUnit === undefined)).toBe(true);
  });
});
