import fc from 'fast-check';
import { alignRange } from '../../src/alignment/band';
import { BeadModel, SHAPES, tokenWeights } from '../../src/alignment/bead-model';
import { SENTENCE_PARAMS } from '../../src/alignment/aligner';
import { prepare } from '../../src/alignment/features';

const englishWords = ['the', 'river', 'city', 'library', 'opened', 'new', 'books', 'children', 'free', 'year', 'Chen', '2021', 'said', "'Why?", "it.'"];
const chineseWords = ['河', '城市', '图书馆', '开放', '新', '书', '儿童', '免费', '年', '陈', '2021', '说', '“为什么？', '。”', '，'];
const englishSentence = fc.array(fc.constantFrom(...englishWords), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
const chineseSentence = fc.array(fc.constantFrom(...chineseWords), { minLength: 1, maxLength: 12 }).map((w) => w.join(''));

describe('BeadModel.score', () => {
  it('is the score the banded search adds: its path is the best path under the scalar score', () => {
    fc.assert(
      fc.property(fc.array(englishSentence, { minLength: 1, maxLength: 18 }), fc.array(chineseSentence, { minLength: 1, maxLength: 18 }), (en, zh) => {
        const p = prepare(en, zh);
        const w = tokenWeights(p, SENTENCE_PARAMS);
        const cumE = new Float64Array(en.length + 1);
        const cumZ = new Float64Array(zh.length + 1);
        for (let i = 0; i < en.length; i++) cumE[i + 1] = cumE[i] + p.lenE[i];
        for (let j = 0; j < zh.length; j++) cumZ[j + 1] = cumZ[j] + p.lenZ[j];
        const model = new BeadModel(p, w, SENTENCE_PARAMS, 0, 0, cumE, cumZ);
        // Reference: plain DP over the whole grid with the scalar score.
        const best: number[][] = Array.from({ length: en.length + 1 }, () => new Array<number>(zh.length + 1).fill(-Infinity));
        best[0][0] = 0;
        for (let i = 0; i <= en.length; i++) {
          for (let j = 0; j <= zh.length; j++) {
            for (const [a, b] of SHAPES) {
              if (i - a < 0 || j - b < 0 || (a === 0 && b === 0)) continue;
              const v = best[i - a][j - b] + model.score(i - a, i, j - b, j);
              if (v > best[i][j]) best[i][j] = v;
            }
          }
        }
        const beads = alignRange(p, 0, en.length, 0, zh.length, SENTENCE_PARAMS, w);
        const total = beads.reduce((s, b) => s + b.score, 0);
        expect(total).toBeCloseTo(best[en.length][zh.length], 6);
      }),
      { numRuns: 60 },
    );
  });

  it('adds the post-pass terms only when asked', () => {
    const p = prepare(["'Why?' said Chen.", 'The library opened.'], ['陈说：“为什么？”', '图书馆开放了。']);
    const w = tokenWeights(p, SENTENCE_PARAMS);
    const model = new BeadModel(p, w, SENTENCE_PARAMS, 0, 0, Float64Array.of(0, p.lenE[0], p.lenE[0] + p.lenE[1]), Float64Array.of(0, p.lenZ[0], p.lenZ[0] + p.lenZ[1]));
    const plain = model.score(0, 1, 0, 1);
    expect(model.score(0, 1, 0, 1, { order: 1, quoteAgree: 0.5, quoteDiffer: -2 })).toBeCloseTo(plain + 0.5, 9);
    expect(model.score(0, 6, 0, 1)).toBe(-Infinity);
  });
});
