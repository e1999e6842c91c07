import { alignDocument, alignSentences, beadType, formatBead, type AlignOptions } from '../../src/alignment';

// A small article written for this test (not from any corpus), with a 2-1 and a 1-2 bead.
const english = [
  'Jiangmen opened a new public library in March 2021.',
  'The building has five floors.',
  'It holds more than 300,000 books.',
  'Children can borrow books for free, and adults pay a small fee each year.',
  'On Saturdays the library also offers English classes for young readers.',
];
const chinese = [
  '江门市于2021年3月开放了一座新的公共图书馆。',
  '大楼共有五层，藏书超过30万册。',
  '儿童可以免费借书。',
  '成人每年需缴纳少量费用。',
  '每逢星期六，图书馆还为青少年读者开设英语课。',
];
const enZh: AlignOptions = { sourceLanguage: 'en', targetLanguage: 'zh' };
const zhEn: AlignOptions = { sourceLanguage: 'zh', targetLanguage: 'en' };

describe('alignSentences on a hand-made article', () => {
  it('finds the 2-1 and the 1-2 bead, English first', () => {
    const beads = alignSentences(english, chinese, enZh);
    expect(beads.map(formatBead)).toEqual(['[0]:[0]', '[1,2]:[1]', '[3]:[2,3]', '[4]:[4]']);
    expect(beads.map(beadType)).toEqual(['1-1', '2-1', '1-2', '1-1']);
  });

  it('gives the mirror image with Chinese as the source', () => {
    const beads = alignSentences(chinese, english, zhEn);
    expect(beads.map(formatBead)).toEqual(['[0]:[0]', '[1]:[1,2]', '[2,3]:[3]', '[4]:[4]']);
  });

  it('scores every bead between 0 and 1 and trusts the clear ones', () => {
    const beads = alignSentences(english, chinese, enZh);
    for (const b of beads) {
      expect(b.score).toBeGreaterThanOrEqual(0);
      expect(b.score).toBeLessThanOrEqual(1);
    }
    expect(beads[0].lowConfidence).toBe(false);
  });
});

describe('alignDocument', () => {
  it('aligns paragraphs, then sentences with global indices', () => {
    const source = [english.slice(0, 3), english.slice(3)];
    const target = [chinese.slice(0, 2), chinese.slice(2)];
    const beads = alignDocument(source, target, enZh);
    expect(beads.map(formatBead)).toEqual(['[0]:[0]', '[1,2]:[1]', '[3]:[2,3]', '[4]:[4]']);
    expect(beads.map((b) => `${b.sourceParagraphs.join(',')}>${b.targetParagraphs.join(',')}`)).toEqual([
      '0>0',
      '0>0',
      '1>1',
      '1>1',
    ]);
  });

  it('keeps a paragraph without a counterpart as its own beads', () => {
    const source = [english.slice(0, 3), ['This paragraph about the weather was never translated into Chinese at all.'], english.slice(3)];
    const target = [chinese.slice(0, 2), chinese.slice(2)];
    const beads = alignDocument(source, target, enZh);
    // Global sentence indices: the untranslated paragraph's sentence is number 3.
    const lone = beads.filter((b) => b.source.includes(3));
    expect(lone).toHaveLength(1);
    expect(lone[0].target).toEqual([]);
    expect(lone[0].sourceParagraphs).toEqual([1]);
    expect(lone[0].targetParagraphs).toEqual([]);
    expect(beads.find((b) => b.source.includes(4))?.target).toEqual([2, 3]);
    expect(beads.find((b) => b.source.includes(4))?.sourceParagraphs).toEqual([2]);
  });
});
