/** Term forms (TBX termType): a full form in the source wants a full form in the target; quotation marks in zh-Hant. */
import { createCheckContext, runChecks } from '../../src/checks';
import { concept, enZh, term } from './helpers';

const GBA = concept('gba', [
  term('en', 'Guangdong-Hong Kong-Macao Greater Bay Area', 'preferred', { termType: 'fullForm' }),
  term('en', 'Greater Bay Area', 'admitted', { termType: 'shortForm' }),
  term('en', 'GBA', 'admitted', { termType: 'acronym', caseSensitive: true }),
  term('zh-Hans', '粤港澳大湾区', 'preferred', { termType: 'fullForm' }),
  term('zh-Hans', '大湾区', 'admitted', { termType: 'shortForm' }),
  term('zh-Hant', '粵港澳大灣區', 'preferred', { termType: 'fullForm' }),
  term('zh-Hant', '大灣區', 'admitted', { termType: 'shortForm' }),
]);
// No forms given: the termbase says nothing about full and short, so nothing is asked.
const UNTYPED = concept('gov', [
  term('en', 'Jiangmen Municipal People\'s Government'),
  term('zh-Hans', '江门市人民政府'),
  term('zh-Hans', '江门市政府', 'admitted'),
]);
const context = createCheckContext([GBA, UNTYPED]);
const forms = (source: string, target: string, locale: 'zh-Hans' | 'zh-Hant' = 'zh-Hans') =>
  runChecks(enZh(source, target, locale), context).filter((f) => f.checkId === 'term-form' || f.checkId === 'term-missing');

describe('term-form', () => {
  it('flags a full form in the source translated with the short form, naming the expected term', () => {
    const source = 'Jiangmen joins the Guangdong-Hong Kong-Macao Greater Bay Area.';
    const findings = forms(source, '江门融入大湾区。');
    expect(findings).toEqual([{
      checkId: 'term-form', severity: 'error',
      message: 'The source has the full form “Guangdong-Hong Kong-Macao Greater Bay Area”; the translation should use the full form “粤港澳大湾区”, not the short form “大湾区”.',
      span: { side: 'source', start: source.indexOf('Guangdong'), end: source.length - 1 },
    }]);
    expect(forms(source, '江門融入大灣區。', 'zh-Hant').map((f) => f.message)).toEqual([expect.stringContaining('“粵港澳大灣區”')]);
  });

  it('accepts the full form for a full form, and either form for a short form or an acronym', () => {
    expect(forms('Jiangmen joins the Guangdong-Hong Kong-Macao Greater Bay Area.', '江门融入粤港澳大湾区。')).toEqual([]);
    expect(forms('Jiangmen joins the Greater Bay Area.', '江门融入大湾区。')).toEqual([]);
    expect(forms('Jiangmen joins the Greater Bay Area.', '江门融入粤港澳大湾区。')).toEqual([]);
    expect(forms('Jiangmen joins the GBA.', '江门融入大湾区。')).toEqual([]);
  });

  it('counts occurrences: two full forms in the source need two in the target', () => {
    const source = 'The Guangdong-Hong Kong-Macao Greater Bay Area grows; the Guangdong-Hong Kong-Macao Greater Bay Area invests.';
    expect(forms(source, '粤港澳大湾区在发展，粤港澳大湾区在投资。')).toEqual([]);
    const one = forms(source, '粤港澳大湾区在发展，大湾区在投资。');
    expect(one).toHaveLength(1);
    expect(one[0]!.span!.start).toBe(source.lastIndexOf('Guangdong'));
  });

  it('leaves a missing concept to term-missing, which then names the full form only', () => {
    const findings = forms('Jiangmen joins the Guangdong-Hong Kong-Macao Greater Bay Area.', '江门融入湾区。');
    expect(findings.map((f) => f.checkId)).toEqual(['term-missing']);
    expect(findings[0]!.message).toBe('The source has the term “Guangdong-Hong Kong-Macao Greater Bay Area”; the translation should use the full form “粤港澳大湾区”.');
  });

  it('asks nothing of terms without forms', () => {
    expect(forms('Jiangmen Municipal People\'s Government said so.', '江门市政府如是说。')).toEqual([]);
  });
});

describe('quote-marks (zh-Hant)', () => {
  const quotes = (target: string, locale: 'zh-Hans' | 'zh-Hant' = 'zh-Hant') =>
    runChecks(enZh('They said "no".', target, locale), context).filter((f) => f.checkId === 'quote-marks');

  it('flags mainland quotation marks in zh-Hant, one finding a mark, pointing at it', () => {
    const target = '他們說“這是‘痛點’”。';
    const findings = quotes(target);
    expect(findings.map((f) => target.slice(f.span!.start, f.span!.end))).toEqual(['“', '‘', '’', '”']);
    expect(findings[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('「') });
  });

  it('accepts corner brackets, mainland marks in zh-Hans, and an apostrophe between letters', () => {
    expect(quotes('他們說「這是『痛點』」。')).toEqual([]);
    expect(quotes('他们说“这是‘痛点’”。', 'zh-Hans')).toEqual([]);
    expect(quotes('「Macao’s port」很忙。')).toEqual([]);
  });
});
