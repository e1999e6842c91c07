import {
  chineseDigitsValue, containsHan, hasChineseUnits, isHan, isHanAt, isHanCode, readChineseNumeral,
} from '../../src/locale';

describe('is Han (one home in locale/)', () => {
  it('agrees on ideographs and refuses Latin, kana and CJK punctuation', () => {
    for (const ch of ['中', '國', '㐀', '〇']) {
      expect(isHan(ch)).toBe(true);
      expect(isHanCode(ch.charCodeAt(0))).toBe(true);
    }
    for (const ch of ['a', 'Z', '1', 'か', '，', '。']) {
      expect(isHan(ch)).toBe(false);
      expect(isHanCode(ch.charCodeAt(0))).toBe(false);
    }
    expect(isHan(undefined)).toBe(false);
  });

  it('sees an Extension B character by either half of its surrogate pair', () => {
    const text = 'a𠀀b';
    expect(isHanAt(text, 0)).toBe(false);
    expect(isHanAt(text, 1)).toBe(true);
    expect(isHanAt(text, 2)).toBe(true);
    expect(isHanAt(text, 3)).toBe(false);
    expect(isHanAt(text, 4)).toBe(false);
    expect(containsHan('only latin')).toBe(false);
    expect(containsHan('some 汉字')).toBe(true);
  });
});

describe('Chinese numerals (one parser in locale/)', () => {
  it('reads numerals with units, including 万 inside 亿', () => {
    expect(readChineseNumeral('三千五百')).toEqual({ value: 3500, end: 4 });
    expect(readChineseNumeral('十五').value).toBe(15);
    expect(readChineseNumeral('两万').value).toBe(20_000);
    expect(readChineseNumeral('二百万').value).toBe(2_000_000);
    expect(readChineseNumeral('一亿五千万').value).toBe(150_000_000);
    expect(readChineseNumeral('三億零五萬').value).toBe(300_050_000);
    expect(readChineseNumeral('一千零五')).toEqual({ value: 1005, end: 4 });
    expect(readChineseNumeral('十零')).toEqual({ value: 10, end: 2 });
  });

  it('stops where a digit follows a digit, so a run can hold several numbers', () => {
    expect(readChineseNumeral('十四五')).toEqual({ value: 14, end: 2 });
    expect(readChineseNumeral('十四五', 2)).toEqual({ value: 5, end: 3 });
  });

  it('reads positional digits and tells them from unit numerals', () => {
    expect(hasChineseUnits('一九九八')).toBe(false);
    expect(hasChineseUnits('三千')).toBe(true);
    expect(chineseDigitsValue('一九九八')).toBe(1998);
    expect(chineseDigitsValue('二〇二三')).toBe(2023);
  });
});
