import { CHECKS, extractNumbers } from '../../src/checks';
import { enZh } from './helpers';

const numbers = CHECKS.find((c) => c.id === 'numbers')!;
const run = (source: string, target: string) => numbers.run(enZh(source, target), { concepts: [] });
const values = (text: string, locale: 'en' | 'zh-Hans') =>
  extractNumbers(text, locale).map((n) => [n.text, n.value, n.required]);

describe('numbers check', () => {
  test('the seed article’s figures pass (spelled numbers, 亿 against billion)', () => {
    expect(
      run(
        'Sixty-three projects have been centralized, with a total investment of nearly 30 billion yuan, 43 of which are the Greater Bay Area projects.',
        '共集中推进项目63个，总投资近300亿元，其中粤港澳大湾区项目43个。',
      ),
    ).toEqual([]);
    expect(run('which will invest 5 billion yuan this year', '今年计划投资50亿元')).toEqual([]);
    expect(run('industrial clusters worthy of 100 billion yuan', '千亿级产业集群')).toEqual([]);
    expect(run('sixty-three projects', '六十三个项目')).toEqual([]);
  });

  test('a different figure is an error on both sides', () => {
    const findings = run('with a total investment of nearly 4 billion yuan', '总投资近50亿元');
    expect(findings.map((f) => [f.severity, f.span?.side, f.message])).toEqual([
      ['error', 'source', 'The source has “4 billion” (4,000,000,000); the target has no such number.'],
      ['error', 'target', 'The target has “50亿” (5,000,000,000); the source has no such number.'],
    ]);
    expect(findings[0].span).toEqual({ side: 'source', start: 34, end: 43 });
  });

  test('a number left out or added', () => {
    expect(run('43 projects in 2023', '43个项目')).toHaveLength(1);
    expect(run('the projects', '这63个项目')[0].message).toBe('The target has “63”; the source has no such number.');
  });

  test('small spelled numbers and ordinals are counterparts, not requirements', () => {
    expect(run('one of the first batch', '首批之一')).toEqual([]);
    expect(run('four categories', '四大类')).toEqual([]);
    expect(run('the first quarter', '第一季度')).toEqual([]);
    expect(run('At the end of March', '3月底')).toEqual([]);
    // …but a digit still needs one.
    expect(run('the quarter', '第1季度')).toHaveLength(1);
  });

  test('no findings for an empty target (the empty check reports that)', () => {
    expect(run('63 projects', '')).toEqual([]);
  });
});

describe('extractNumbers', () => {
  test('English', () => {
    expect(values('Sixty-three, one hundred and twenty, a million, 1,500.5, 2.5 million, 2023-24, 13th', 'en')).toEqual([
      ['Sixty-three', 63, true],
      ['one hundred and twenty', 120, true],
      ['a million', 1e6, true],
      ['1,500.5', 1500.5, true],
      ['2.5 million', 2.5e6, true],
      ['2023', 2023, true],
      ['24', 24, true],
      ['13', 13, true],
    ]);
    expect(values('three, millions, first', 'en')).toEqual([
      ['three', 3, false],
      ['first', 1, false],
    ]);
  });

  test('Chinese', () => {
    expect(values('63个，近300亿元，千亿级，十四五，二〇二三年，三四个，一万二千，1.5万，万一', 'zh-Hans')).toEqual([
      ['63', 63, true],
      ['300亿', 3e10, true],
      ['千亿', 1e11, true],
      ['十四', 14, true],
      ['五', 5, false],
      ['二〇二三', 2023, true],
      ['三', 3, false],
      ['四', 4, false],
      ['一万二千', 12000, true],
      ['1.5万', 15000, true],
      ['一', 1, false],
    ]);
  });

  test('inline codes are not numbers', () => {
    expect(values('{ph:12} 5', 'en')).toEqual([['5', 5, true]]);
  });
});
