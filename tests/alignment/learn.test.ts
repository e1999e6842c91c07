import { alignSentences, formatBead } from '../../src/alignment';
import { SENTENCE_PARAMS } from '../../src/alignment/aligner';
import { prepareTokens, scanDocument } from '../../src/alignment/features';
import { getDictionary } from '../../src/alignment/dictionary';
import { learnTable } from '../../src/alignment/learn';

// "Zorblat" is in no dictionary; in every bead its sentence goes with 猫 (cat). Filler
// pairs keep 图书馆 a rare word of the document, as in a real chapter.
const filler = Array.from({ length: 30 }, (_, k) => [`There were ${k + 11} birds.`, `有${k + 11}只鸟。`] as const);
const english = [
  ...filler.map(([en]) => en),
  'Zorblat got up early today.',
  'The children ran to the river.',
  'Zorblat slept on the old books.',
  'Chen said nothing at all.',
  'Everyone loved Zorblat in winter.',
  'The city was quiet that year.',
];
const chinese = [...filler.map(([, zh]) => zh), '猫今天起得很早。', '孩子们跑到河边。', '猫睡在旧书上。', '陈什么也没说。', '冬天人人都爱猫。', '那一年城市很安静。'];
const beads = english.map((_, k) => ({ e0: k, e1: k + 1, z0: k, z1: k + 1 }));

describe('translation table learnt from a document’s own beads (IBM Model 1)', () => {
  it('pairs a word the dictionary lacks with the Chinese word that goes with it bead after bead', () => {
    const scan = scanDocument(english, chinese);
    const table = learnTable(scan, prepareTokens(scan), beads, SENTENCE_PARAMS.learn!);
    const dict = getDictionary();
    expect((table.get('zorblat') ?? []).map((id) => dict.headwords[id])).toContain('猫');
    // Pairs the dictionary already gives are not repeated: "river" → 河 is CC-CEDICT's own.
    expect((table.get('river') ?? []).map((id) => dict.headwords[id])).not.toContain('河');
  });

  it('gives the learnt word a token in the second pass', () => {
    const scan = scanDocument(english, chinese);
    const first = prepareTokens(scan);
    const second = prepareTokens(scan, learnTable(scan, first, beads, SENTENCE_PARAMS.learn!));
    const tokens = (p: typeof first, e: number) => p.tokStart[e + 1] - p.tokStart[e];
    expect(tokens(second, 30)).toBe(tokens(first, 30) + 1);
    expect(alignSentences(english, chinese, { sourceLanguage: 'en', targetLanguage: 'zh' }).map(formatBead)).toEqual(beads.map((_, k) => `[${k}]:[${k}]`));
  });

  it('builds the same second-pass tokens when it reuses the first pass’s for sentences without a learnt word', () => {
    const scan = scanDocument(english, chinese);
    const first = prepareTokens(scan);
    const table = learnTable(scan, first, beads, SENTENCE_PARAMS.learn!);
    const reused = prepareTokens(scan, table, first);
    // A fresh scan: nothing cached by the first build.
    const fresh = scanDocument(english, chinese);
    const rebuilt = prepareTokens(fresh, learnTable(fresh, prepareTokens(fresh), beads, SENTENCE_PARAMS.learn!));
    expect(reused.tokStart[31] - reused.tokStart[30]).toBe(first.tokStart[31] - first.tokStart[30] + 1);
    expect(reused).toEqual(rebuilt);
  });
});
