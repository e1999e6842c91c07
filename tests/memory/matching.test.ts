import fc from 'fast-check';
import {
  TranslationMemoryIndex, fuzzyScore, normaliseForMatching, prepareScan, scanLookup,
  type FuzzyMatch, type IndexedUnit, type LookupOptions,
} from '../../src/memory';
import { boundedDistance } from '../../src/memory/score';

const EN_ZH: LookupOptions = { sourceLocale: 'en', targetLocale: 'zh-Hans' };

let nextId = 1;
function unit(sourceText: string, extra: Partial<IndexedUnit> = {}): IndexedUnit {
  return {
    id: nextId++, sourceLocale: 'en', targetLocale: 'zh-Hans', sourceText, targetText: `译文 ${sourceText.length}`,
    status: 'approved', origin: 'human', previousSource: null, nextSource: null, ...extra,
  };
}

function indexOf(units: IndexedUnit[]): TranslationMemoryIndex {
  const index = new TranslationMemoryIndex();
  for (const u of units) index.add(u);
  return index;
}

const summary = (ms: FuzzyMatch[]): string[] => ms.map((m) => `${m.unitId}:${m.score}`);

describe('normaliseForMatching and fuzzyScore', () => {
  test('case, whitespace and punctuation width do not matter', () => {
    expect(normaliseForMatching('The  Company’s REVENUE，rose', 'en')).toBe("the company's revenue,rose");
    expect(fuzzyScore('Hello,   World!', 'hello, world!', 'en')).toBe(100);
    expect(fuzzyScore('我们今天去北京。', '我们今天去北京.', 'zh-Hans')).toBe(100);
    expect(fuzzyScore('价格是１００元', '价格是100元', 'zh-Hans')).toBe(100);
  });

  test('a different number still matches, one point down', () => {
    expect(fuzzyScore('Revenue rose to 5 billion dollars.', 'Revenue rose to 4 billion dollars.', 'en')).toBe(99);
    expect(fuzzyScore('Revenue rose to 5 billion dollars.', 'Revenue rose to 5 billion dollars.', 'en')).toBe(100);
    expect(fuzzyScore('收入增至50亿美元。', '收入增至40亿美元。', 'zh-Hans')).toBe(99);
  });

  test('English is scored by word, Chinese by character', () => {
    // One word of five differs: 80 by word, raised to the character-level 87 (3 letters of 24;
    // Translate Toolkit's matcher says 87.5). One character of eight: 87.
    expect(fuzzyScore('the cat sat down quietly', 'the dog sat down quietly', 'en')).toBe(87);
    expect(fuzzyScore('我们今天去北京。', '我们明天去北京。', 'zh-Hans')).toBe(87);
  });

  test('properties: symmetric, 0–100, identical texts score 100', () => {
    const words = fc.constantFrom('the', 'cat', 'sat', 'on', 'a', 'mat', '5', '12', ',', '.', '北', '京', 'Hello');
    const text = fc.array(words, { maxLength: 12 }).map((w) => w.join(' '));
    fc.assert(fc.property(text, text, (a, b) => {
      const s = fuzzyScore(a, b, 'en');
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(100);
      expect(fuzzyScore(b, a, 'en')).toBe(s);
      expect(fuzzyScore(a, a, 'en')).toBe(100);
    }), { numRuns: 300 });
  });

  test('bounded Levenshtein equals the full distance whenever it is within k', () => {
    const full = (a: number[], b: number[]): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)] as number[]);
      for (let j = 0; j <= b.length; j++) d[0][j] = j;
      for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      return d[a.length][b.length];
    };
    const seq = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 14 });
    fc.assert(fc.property(seq, seq, fc.integer({ min: 0, max: 16 }), (a, b, k) => {
      const d = full(a, b);
      const got = boundedDistance(Int32Array.from(a), 0, a.length, Int32Array.from(b), 0, b.length, k);
      expect(got).toBe(d <= k ? d : -1);
    }), { numRuns: 2000 });
  });
});

describe('lookup: exact, context and fuzzy matches', () => {
  test('a context match (same neighbours) ranks above a plain exact match, at 101', () => {
    const plain = unit('Click Save to keep your changes.');
    const withContext = unit('Click Save to keep your changes.', { previousSource: 'Edit the text.', nextSource: 'Close the window.' });
    const index = indexOf([plain, withContext]);
    const matches = index.lookup('Click Save to keep your changes.', { ...EN_ZH, previousSource: 'Edit the text.', nextSource: 'Close the window.' });
    expect(summary(matches)).toEqual([`${withContext.id}:101`, `${plain.id}:100`]);
    expect(matches[0].context).toBe(true);
    expect(matches[1].context).toBe(false);
    // Without neighbours in the query there is no context match.
    expect(index.lookup('Click Save to keep your changes.', EN_ZH).every((m) => m.score === 100)).toBe(true);
  });

  test('unapproved and machine-translated units rank below approved human ones, with the penalty shown', () => {
    const mt = unit('The river flows to the sea.', { status: 'translated', origin: 'mt:deepl' });
    const draft = unit('The river flows to the sea.', { status: 'translated', origin: 'aligned' });
    const approved = unit('The river flows to the sea.');
    const matches = indexOf([mt, draft, approved]).lookup('The river flows to the sea.', EN_ZH);
    expect(matches.map((m) => m.unitId)).toEqual([approved.id, draft.id, mt.id]);
    expect(matches[0].penalty).toEqual({ points: 0, reasons: [] });
    expect(matches[1].similarity).toBe(100);
    expect(matches[1].score).toBe(100 - matches[1].penalty.points);
    expect(matches[1].penalty.reasons).toEqual(['not approved (translated)']);
    expect(matches[2].penalty.reasons).toContain('machine translation (DeepL)');
    expect(matches[2].score).toBeLessThan(matches[1].score);
  });

  test('min, limit, language pair and excludeId are honoured', () => {
    const a = unit('Open the file menu and choose Export.');
    const b = unit('Open the file menu and choose Import.');
    const c = unit('Something entirely unrelated to menus here.');
    const other = unit('Open the file menu and choose Export.', { targetLocale: 'zh-Hant' });
    const index = indexOf([a, b, c, other]);
    const m = index.lookup('Open the file menu and choose Export.', EN_ZH);
    expect(m.map((x) => x.unitId)).toEqual([a.id, b.id]);
    expect(index.lookup('Open the file menu and choose Export.', { ...EN_ZH, limit: 1 })).toHaveLength(1);
    expect(index.lookup('Open the file menu and choose Export.', { ...EN_ZH, min: 95 }).map((x) => x.unitId)).toEqual([a.id]);
    expect(index.lookup('Open the file menu and choose Export.', { ...EN_ZH, excludeId: a.id }).map((x) => x.unitId)).toEqual([b.id]);
    expect(index.lookup('Open the file menu and choose Export.', { sourceLocale: 'en', targetLocale: 'zh-Hant' }).map((x) => x.unitId)).toEqual([other.id]);
  });

  test('the diff shows what changed, word level in English and a number change as a replace', () => {
    const u = unit('Revenue rose to 5 billion dollars last year.');
    const [m] = indexOf([u]).lookup('Revenue rose to 4 billion dollars this year.', EN_ZH);
    expect(m.diff).toEqual([
      { op: 'equal', text: 'Revenue rose to ' },
      { op: 'delete', text: '5 ' },
      { op: 'insert', text: '4 ' },
      { op: 'equal', text: 'billion dollars ' },
      { op: 'delete', text: 'last ' },
      { op: 'insert', text: 'this ' },
      { op: 'equal', text: 'year.' },
    ]);
    // equal + delete pieces give the match's source back.
    expect(m.diff.filter((d) => d.op !== 'insert').map((d) => d.text).join('')).toBe(u.sourceText);
  });

  test('the diff is character level in Chinese', () => {
    const u = unit('我们今天去北京开会。', { sourceLocale: 'zh-Hans', targetLocale: 'en' });
    const [m] = indexOf([u]).lookup('我们明天去北京开会。', { sourceLocale: 'zh-Hans', targetLocale: 'en' });
    expect(m.similarity).toBe(90);
    expect(m.diff).toEqual([
      { op: 'equal', text: '我们' }, { op: 'delete', text: '今' }, { op: 'insert', text: '明' }, { op: 'equal', text: '天去北京开会。' },
    ]);
  });

  test('update and remove change what lookup finds', () => {
    const u = unit('Press the red button to stop the machine.');
    const index = indexOf([u, unit('Press the green button to start the machine.')]);
    expect(index.size).toBe(2);
    index.update({ ...u, sourceText: 'Lift the lid before cleaning the blade.' });
    expect(index.lookup('Press the red button to stop the machine.', EN_ZH).map((m) => m.unitId)).not.toContain(u.id);
    expect(index.lookup('Lift the lid before cleaning the blade.', EN_ZH)[0].unitId).toBe(u.id);
    index.update({ ...u, sourceText: 'Lift the lid before cleaning the blade.', status: 'translated' });
    expect(index.lookup('Lift the lid before cleaning the blade.', EN_ZH)[0].status).toBe('translated');
    expect(index.remove(u.id)).toBe(true);
    expect(index.remove(u.id)).toBe(false);
    expect(index.size).toBe(1);
    expect(index.lookup('Lift the lid before cleaning the blade.', EN_ZH)).toEqual([]);
    expect(() => index.add({ ...u, id: nextId - 1 })).toThrow(/already/);
  });
});

describe('the candidate index gives the same top matches as scoring every unit', () => {
  const sentences = [
    'The committee approved the new budget for the next fiscal year.',
    'Our revenue grew by 5 percent in the third quarter of 2023.',
    'Please restart the application after installing the update.',
    'The patient was treated with antibiotics for two weeks.',
    'A graph with an infinite vertex set is called an infinite graph.',
    'She admitted that she had been wrong to slap me.',
    '我们今天下午在北京召开了董事会会议。',
    '该公司第三季度收入增长了百分之五。',
  ];
  const words = ['the', 'a', 'new', 'old', 'report', 'quickly', 'never', 'because', 'market', '7', '2024', 'and'];

  function generate(count: number, seed: number): IndexedUnit[] {
    let s = seed;
    const random = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
    const out: IndexedUnit[] = [];
    for (let i = 0; i < count; i++) {
      const base = sentences[Math.floor(random() * sentences.length)];
      const chinese = /[\u4e00-\u9fff]/.test(base);
      let pieces = chinese ? Array.from(base) : base.split(' ');
      const edits = Math.floor(random() * 5);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * pieces.length);
        const r = random();
        const word = chinese ? '的是了在有和'[Math.floor(random() * 6)] : words[Math.floor(random() * words.length)];
        if (r < 0.4) pieces[at] = word;
        else if (r < 0.7) pieces.splice(at, 1);
        else pieces = [...pieces.slice(0, at), word, ...pieces.slice(at)];
      }
      const status = (['approved', 'translated', 'draft'] as const)[Math.floor(random() * 3)];
      const origin = (['human', 'aligned', 'mt:deepl'] as const)[Math.floor(random() * 3)];
      out.push({
        id: i + 1, sourceLocale: chinese ? 'zh-Hans' : 'en', targetLocale: chinese ? 'en' : 'zh-Hans',
        sourceText: pieces.join(chinese ? '' : ' '), targetText: `t${i}`, status, origin,
        previousSource: random() < 0.5 ? 'Before.' : null, nextSource: null,
      });
    }
    return out;
  }

  const units = generate(4000, 42);
  const index = indexOf(units);
  const scan = prepareScan(units);

  test('on 4,000 generated units, for many queries and thresholds', () => {
    const queries = generate(200, 7);
    let compared = 0;
    for (const [i, q] of queries.entries()) {
      const options: LookupOptions = {
        sourceLocale: q.sourceLocale, targetLocale: q.targetLocale, min: [50, 70, 85, 100][i % 4], limit: [1, 5, 10][i % 3],
        ...(i % 5 === 0 ? { previousSource: 'Before.', nextSource: null } : {}),
      };
      const fromIndex = index.lookup(q.sourceText, options);
      const fromScan = scan.lookup(q.sourceText, options);
      expect(summary(fromIndex)).toEqual(summary(fromScan));
      compared += fromScan.length;
    }
    expect(compared).toBeGreaterThan(300); // the queries do find matches
  });

  test('fast-check: arbitrary queries built from the same vocabulary', () => {
    const vocabulary = [...new Set(sentences.flatMap((s) => s.split(' ')))].concat(words);
    fc.assert(fc.property(
      fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 16 }),
      fc.integer({ min: 30, max: 100 }),
      fc.integer({ min: 1, max: 8 }),
      (query, min, limit) => {
        const options = { ...EN_ZH, min, limit };
        const text = query.join(' ');
        expect(summary(index.lookup(text, options))).toEqual(summary(scan.lookup(text, options)));
      },
    ), { numRuns: 150 });
  });

  test('after edits and removals the index still agrees with the scan', () => {
    const live = new Map(units.slice(0, 1500).map((u) => [u.id, u]));
    const small = indexOf([...live.values()]);
    for (let id = 1; id <= 1500; id += 3) { small.remove(id); live.delete(id); }
    for (let id = 2; id <= 1500; id += 7) {
      if (!live.has(id)) continue;
      const edited = { ...live.get(id)!, sourceText: `${live.get(id)!.sourceText} again`, status: 'approved' as const };
      small.update(edited);
      live.set(id, edited);
    }
    expect(small.size).toBe(live.size);
    for (const q of generate(60, 99)) {
      const options = { sourceLocale: q.sourceLocale, targetLocale: q.targetLocale, min: 60 };
      expect(summary(small.lookup(q.sourceText, options))).toEqual(summary(scanLookup(live.values(), q.sourceText, options)));
    }
  });
});

describe('concordance', () => {
  const a = unit('The quarterly report shows strong growth.', { targetText: '季度报告显示强劲增长。' });
  const b = unit('Growth slowed, says the Quarterly Report.', { targetText: '季度报告称增长放缓。' });
  const c = unit('No match in this one.', { targetText: '这里没有。' });
  const zh = unit('季度报告已发布。', { sourceLocale: 'zh-Hans', targetLocale: 'en', targetText: 'The quarterly report is out.' });
  const index = indexOf([a, b, c, zh]);

  test('finds an English phrase in sources and targets, whole words, case-insensitive, with highlights', () => {
    const hits = index.concordance('quarterly report');
    expect(hits.map((h) => h.unitId).sort()).toEqual([a.id, b.id, zh.id].sort());
    const hitA = hits.find((h) => h.unitId === a.id)!;
    expect(hitA.sourceHighlights).toEqual([[4, 20]]);
    expect(a.sourceText.slice(4, 20)).toBe('quarterly report');
    expect(hitA.targetHighlights).toEqual([]);
    const hitZh = hits.find((h) => h.unitId === zh.id)!;
    expect(zh.targetText.slice(...hitZh.targetHighlights[0])).toBe('quarterly report');
    expect(index.concordance('quarter')).toEqual([]); // whole words only
  });

  test('finds a phrase that only occurs in targets on a freshly built index', () => {
    // Regression: the target side's tokens must be known before the phrase is looked up.
    const fresh = indexOf([unit('Jiangmen Talent Island project', { targetText: '江门人才岛项目' })]);
    const [hit] = fresh.concordance('人才岛');
    expect(hit?.targetHighlights).toEqual([[2, 5]]);
  });

  test('finds a Chinese phrase in either side', () => {
    const hits = index.concordance('季度报告');
    expect(hits.map((h) => h.unitId).sort()).toEqual([a.id, b.id, zh.id].sort());
    const hitZh = hits.find((h) => h.unitId === zh.id)!;
    expect(hitZh.sourceHighlights).toEqual([[0, 4]]);
    const hitB = hits.find((h) => h.unitId === b.id)!;
    expect(hitB.targetHighlights).toEqual([[0, 4]]);
  });

  test('limit, and units added later are searched too', () => {
    expect(index.concordance('季度报告', { limit: 1 })).toHaveLength(1);
    const d = unit('Read the quarterly report twice: the quarterly report matters.');
    index.add(d);
    const hit = index.concordance('quarterly report').find((h) => h.unitId === d.id)!;
    expect(hit.sourceHighlights).toHaveLength(2);
  });
});
