import fc from 'fast-check';
import { alignDocument, alignSentences, type Bead } from '../../src/alignment';

const englishWords = ['the', 'river', 'city', 'library', 'opened', 'new', 'books', 'children', 'free', 'year', 'Chen', '2021', 'million', 'said', 'why?'];
const chineseWords = ['江门', '河', '城市', '图书馆', '开放', '新', '书', '儿童', '免费', '年', '陈', '2021', '百万', '说', '为什么？', '，', '。'];

const englishSentence = fc.array(fc.constantFrom(...englishWords), { minLength: 0, maxLength: 25 }).map((w) => w.join(' '));
const chineseSentence = fc.array(fc.constantFrom(...chineseWords), { minLength: 0, maxLength: 25 }).map((w) => w.join(''));

/** Every index exactly once, contiguous sides, beads in order on both sides, scores in range. */
function expectValid(beads: Bead[], nSource: number, nTarget: number): void {
  let nextS = 0;
  let nextT = 0;
  for (const b of beads) {
    expect(b.source.length + b.target.length).toBeGreaterThan(0);
    for (const s of b.source) expect(s).toBe(nextS++);
    for (const t of b.target) expect(t).toBe(nextT++);
    expect(b.score).toBeGreaterThanOrEqual(0);
    expect(b.score).toBeLessThanOrEqual(1);
    expect(typeof b.lowConfidence).toBe('boolean');
  }
  expect(nextS).toBe(nSource);
  expect(nextT).toBe(nTarget);
}

describe('bead invariants', () => {
  it('alignSentences covers every index once, in order (en → zh)', () => {
    fc.assert(
      fc.property(fc.array(englishSentence, { maxLength: 40 }), fc.array(chineseSentence, { maxLength: 40 }), (en, zh) => {
        expectValid(alignSentences(en, zh, { sourceLanguage: 'en', targetLanguage: 'zh' }), en.length, zh.length);
      }),
      { numRuns: 150 },
    );
  });

  it('alignSentences covers every index once, in order (zh → en)', () => {
    fc.assert(
      fc.property(fc.array(chineseSentence, { maxLength: 40 }), fc.array(englishSentence, { maxLength: 40 }), (zh, en) => {
        expectValid(alignSentences(zh, en, { sourceLanguage: 'zh', targetLanguage: 'en' }), zh.length, en.length);
      }),
      { numRuns: 150 },
    );
  });

  it('alignDocument covers every sentence once, with paragraph lists matching the indices', () => {
    const paragraphs = (s: fc.Arbitrary<string>) => fc.array(fc.array(s, { minLength: 0, maxLength: 6 }), { maxLength: 8 });
    fc.assert(
      fc.property(paragraphs(englishSentence), paragraphs(chineseSentence), (en, zh) => {
        const beads = alignDocument(en, zh, { sourceLanguage: 'en', targetLanguage: 'zh' });
        expectValid(beads, en.flat().length, zh.flat().length);
        const paraOf = (paras: string[][]): number[] => paras.flatMap((p, k) => p.map(() => k));
        const enPara = paraOf(en);
        const zhPara = paraOf(zh);
        for (const b of beads) {
          for (const s of b.source) expect(b.sourceParagraphs).toContain(enPara[s]);
          for (const t of b.target) expect(b.targetParagraphs).toContain(zhPara[t]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('long random inputs take the banded path and keep the invariants', () => {
    fc.assert(
      fc.property(fc.array(englishSentence, { minLength: 500, maxLength: 700 }), fc.array(chineseSentence, { minLength: 500, maxLength: 700 }), (en, zh) => {
        expectValid(alignSentences(en, zh, { sourceLanguage: 'en', targetLanguage: 'zh' }), en.length, zh.length);
      }),
      { numRuns: 3 },
    );
  });
});
