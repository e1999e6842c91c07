import { alignSentences, beadType, formatBead, loadDictionary, parseBead } from '../../src/alignment';
import { chineseNumbers, chineseQuoteStates, parseChineseNumeral } from '../../src/alignment/chinese';
import { getDictionary, senseKeys, translationsOf } from '../../src/alignment/dictionary';
import { englishQuoteStates, lemmaCandidates, scanEnglish } from '../../src/alignment/english';
import { countHits, detectLanguage, scoresOf } from '../../src/alignment/evaluate';
import { NAME, NUMBER, TERM, prepare } from '../../src/alignment/features';

describe('dictionary (CC-CEDICT)', () => {
  it('loads once (how fast it loads is for bench cold)', () => {
    loadDictionary();
    const first = getDictionary();
    loadDictionary();
    expect(getDictionary()).toBe(first);
    expect(getDictionary().headwords.length).toBeGreaterThan(100_000);
  });

  it('maps lemmatised English words to Chinese headwords', () => {
    const dict = getDictionary();
    const forms = (w: string): string[] => [...(translationsOf(dict, w) ?? [])].map((id) => dict.headwords[id]);
    expect(forms('friendship')).toContain('友谊');
    expect(forms('libraries')).toContain('图书馆');
    expect(forms('admitted')).toContain('承认');
    expect(forms('chen')).toContain('陈');
    expect(translationsOf(dict, 'qwxzv')).toBeNull();
  });

  it('reads definitions into keys, skipping cross-references', () => {
    expect(senseKeys('to stay')).toEqual(['stay']);
    expect(senseKeys('surname Chen')).toEqual(['chen']);
    expect(senseKeys('variant of 陳|陈[chen2]')).toEqual([]);
    expect(senseKeys('social gathering at which those attending take it in turns to perform')).toEqual([]);
  });
});

describe('English and Chinese evidence', () => {
  it('proposes base forms for inflected words', () => {
    expect(lemmaCandidates('studying')).toContain('study');
    expect(lemmaCandidates('stopped')).toContain('stop');
    expect(lemmaCandidates('went')).toContain('go');
    expect(lemmaCandidates('cities')).toContain('city');
  });

  it('reads numbers on both sides, 万 and 亿 against thousand and million', () => {
    expect(scanEnglish('In 1998, three thousand men and 2 million women, 3.5% of them').numbers).toEqual([1998, 3000, 2_000_000, 3.5]);
    expect(scanEnglish('one or two of them').numbers).toEqual([]);
    expect(chineseNumbers('一九九八年，三千人和二百万人，3.5亿元，２０１８年')).toEqual([1998, 3000, 2_000_000, 350_000_000, 2018]);
    expect(parseChineseNumeral('两万')).toBe(20_000);
    expect(parseChineseNumeral('十五')).toBe(15);
    expect(chineseNumbers('一个人')).toEqual([]);
  });

  it('matches a Chinese name against its pinyin in English', () => {
    const p = prepare(['Chen Qingyang caught me.'], ['陈清扬把我拽住。']);
    const classes = [...p.tokClass];
    expect(classes).toContain(NAME);
    const nameIds = new Set<number>();
    for (let t = 0; t < p.tokClass.length; t++) {
      if (p.tokClass[t] === NAME) for (let x = p.tokIdStart[t]; x < p.tokIdStart[t + 1]; x++) nameIds.add(p.tokIds[x]);
    }
    const zhIds = [...p.zIds.slice(p.zStart[0], p.zStart[1])];
    expect(zhIds.some((id) => nameIds.has(id))).toBe(true);
  });

  it('makes number tokens only for numbers the other side has', () => {
    const p = prepare(['It cost 300,000 yuan in 1998.'], ['一九九八年花了三十万元。']);
    expect([...p.tokClass].filter((c) => c === NUMBER)).toHaveLength(2);
  });

  it('uses termbase pairs as evidence', () => {
    const terms: Array<[string, string]> = [['Quintor valve', '昆托阀门'], ['Zorblax engine', '佐布拉斯发动机']];
    const p = prepare(['The Zorblax engine was repaired.', 'Is the Quintor valve broken?'], ['昆托阀门坏了吗？'], terms);
    const termTokens = [...p.tokClass].map((c, t) => ({ c, t })).filter(({ c }) => c === TERM);
    expect(termTokens).toHaveLength(1); // the Zorblax term never occurs in the Chinese text
    expect(termTokens[0].t).toBeGreaterThanOrEqual(p.tokStart[1]);
    // Invented names the dictionary cannot know: with the termbase the same alignment is surer.
    const english = ['Is the Quintor valve broken?', 'The Zorblax engine was repaired.', 'The Zorblax engine was repaired.'];
    const chinese = ['昆托阀门坏了吗？佐布拉斯发动机修好了。', '佐布拉斯发动机修好了。'];
    const plain = alignSentences(english, chinese, { sourceLanguage: 'en', targetLanguage: 'zh' });
    const withTerms = alignSentences(english, chinese, { sourceLanguage: 'en', targetLanguage: 'zh', termPairs: terms });
    expect(withTerms.map(formatBead)).toEqual(['[0,1]:[0]', '[2]:[1]']);
    expect(withTerms[0].score).toBeGreaterThan(plain[0].score);
  });
});

describe('formats and scoring', () => {
  it('formats and parses beads, source side first', () => {
    const bead = { source: [3, 4], target: [5], score: 1, lowConfidence: false };
    expect(formatBead(bead)).toBe('[3,4]:[5]');
    expect(beadType(bead)).toBe('2-1');
    expect(formatBead({ source: [], target: [6] })).toBe('[]:[6]');
    expect(parseBead(' [3, 4] : [5] ')).toEqual({ source: [3, 4], target: [5] });
    expect(parseBead('[]:[]')).toEqual({ source: [], target: [] });
    expect(parseBead('3:5')).toBeNull();
  });

  it('scores strict and lax hits the way the dev sets are scored', () => {
    const gold = [{ source: [0], target: [0] }, { source: [1, 2], target: [1] }, { source: [3], target: [] }];
    const predicted = [{ source: [0], target: [0] }, { source: [1], target: [1] }, { source: [2], target: [] }, { source: [3], target: [] }];
    const s = scoresOf(countHits(gold, predicted));
    expect(s.strict.precision).toBeCloseTo(2 / 4);
    expect(s.strict.recall).toBeCloseTo(2 / 3);
    expect(s.lax.precision).toBeCloseTo(3 / 4);
    expect(s.lax.recall).toBeCloseTo(2 / 2);
  });

  it('tells Chinese from English text', () => {
    expect(detectLanguage(['那天晚上我没走掉。'])).toBe('zh');
    expect(detectLanguage(['I did not leave that night.'])).toBe('en');
  });
});

describe('quotation states (where dialogue runs over a sentence boundary)', () => {
  it('follows single and double quotes in English, not apostrophes', () => {
    const en = ["'Why, it's Grannie Liu!", 'How are you?', "Were you just passing by?' she asked.", 'He said, "We know it.', 'Fine," she said.', "Bentham’s map of ‘law properly so called’ is narrow.", "The students' room."];
    expect([...englishQuoteStates(en)]).toEqual([0, 1, 1, 0, 1, 0, 0, 0]);
  });

  it('follows “ ” and 「 」 in Chinese', () => {
    expect([...chineseQuoteStates(['周瑞家的认了半日，方笑道：“刘老老，你好?', '你好。”', '说着迎出去了。', '「好。', '走吧」'])]).toEqual([0, 1, 0, 0, 1, 0]);
  });
});
