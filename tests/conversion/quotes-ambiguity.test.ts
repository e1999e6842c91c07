/** Hong Kong and Taiwan quotation marks in derived zh-Hant, and the characters the converter chose by its table. */
import {
  ambiguousCharacters, CONVERSION_AMBIGUOUS_CHECK_ID, cornerQuotes, createTraditionalConverter, TRADITIONAL_VARIANTS,
} from '../../src/conversion';
import { concept } from '../translation/helpers';

describe('quotation marks', () => {
  it.each(TRADITIONAL_VARIANTS)('%s: “” become 「」 and the inner ‘’ become 『』', (variant) => {
    const converter = createTraditionalConverter({ variant, concepts: [] });
    expect(converter.convert('“堵点”').text).toBe('「堵點」');
    expect(converter.convert('“这是‘痛点’。”').text).toBe('「這是『痛點』。」');
  });

  it('keeps apostrophes and unmatched closing marks, one character for one', () => {
    expect(cornerQuotes('“Macao’s port”')).toBe('「Macao’s port」');
    expect(cornerQuotes('it’ ok')).toBe('it’ ok');
    const text = '他说：“我们‘一起’走。”然后……';
    expect(cornerQuotes(text)).toHaveLength(text.length);
  });

  it('converts quotation marks next to protected terms', () => {
    const gba = concept('gba', ['zh-Hans', '粤港澳大湾区'], ['zh-Hant', '粵港澳大灣區']);
    expect(createTraditionalConverter({ concepts: [gba] }).convert('“粤港澳大湾区”建设').text).toBe('「粵港澳大灣區」建設');
  });
});

describe('ambiguous conversions', () => {
  const hk = createTraditionalConverter({ variant: 'hk', concepts: [] });
  const ambiguous = (text: string) => hk.convert(text).findings.filter((f) => f.checkId === CONVERSION_AMBIGUOUS_CHECK_ID);

  it('flags a character decided by the character table, with its span in the result and its candidates', () => {
    const text = '他只吃了一碗饭。';
    const { text: converted } = hk.convert(text);
    const findings = ambiguous(text);
    const le = findings.find((f) => converted.slice(f.span!.start, f.span!.end) === '了');
    expect(le).toBeDefined();
    expect(le).toMatchObject({ severity: 'warning', span: { side: 'target', start: text.indexOf('了'), end: text.indexOf('了') + 1 } });
    expect(le!.message).toMatch(/“了” has several Traditional forms \(了, 瞭\)/);
  });

  it('does not flag a character a phrase decided', () => {
    // 头发 (頭髮), 发展 (發展), 后来 (後來), 面条 (麪條): each in STPhrases.
    expect(ambiguous('头发')).toEqual([]);
    expect(ambiguous('发展')).toEqual([]);
    expect(ambiguous('后来')).toEqual([]);
    expect(ambiguous('面条')).toEqual([]);
  });

  it('knows the characters with several counterparts, the table\'s choice first', () => {
    const chars = (text: string) => ambiguousCharacters(text, 'hk').map((a) => [a.char, a.candidates]);
    expect(chars('发')).toEqual([['发', ['發', '髮']]]);
    expect(chars('干')).toEqual([['干', expect.arrayContaining(['幹', '乾', '干'])]]);
    expect(chars('后')).toEqual([['后', ['後', '后']]]);
    expect(chars('复')).toEqual([['复', expect.arrayContaining(['復', '複', '覆'])]]);
    expect(chars('系')).toEqual([['系', expect.arrayContaining(['係', '繫', '系'])]]);
    expect(chars('历')).toEqual([['历', expect.arrayContaining(['歷', '曆'])]]);
    // Taiwan spells 裏 as 裡.
    expect(ambiguousCharacters('里', 'tw')[0]!.candidates).toContain('裡');
    expect(chars('的')).toEqual([]);
  });

  it('points into the result past protected terms of another length', () => {
    const gba = concept('gba', ['zh-Hans', '湾区'], ['zh-Hant', '粵港澳大灣區']);
    const converter = createTraditionalConverter({ variant: 'hk', concepts: [gba] });
    const { text, findings } = converter.convert('湾区发展了。');
    const spans = findings.filter((f) => f.checkId === CONVERSION_AMBIGUOUS_CHECK_ID).map((f) => text.slice(f.span!.start, f.span!.end));
    expect(text.startsWith('粵港澳大灣區')).toBe(true);
    expect(spans).toContain('了');
    for (const f of findings) expect(f.span!.end).toBeLessThanOrEqual(text.length);
  });

  it('maps spans where a Taiwanese phrase changes the length (U盘 → 隨身碟)', () => {
    const twp = createTraditionalConverter({ variant: 'twp', concepts: [] });
    const { text, findings } = twp.convert('U盘发展了');
    expect(text.length).toBeGreaterThan('U盘发展了'.length);
    const spans = findings.filter((x) => x.checkId === CONVERSION_AMBIGUOUS_CHECK_ID).map((f) => text.slice(f.span!.start, f.span!.end));
    expect(spans).toContain('了');
  });
});
