import { CHECKS, type CheckableUnit, type Finding } from '../../src/checks';
import { enZh } from './helpers';

const run = (id: string, unit: CheckableUnit): Finding[] => CHECKS.find((c) => c.id === id)!.run(unit, { concepts: [] });
const spans = (findings: Finding[], text: string) => findings.map((f) => (f.span ? text.slice(f.span.start, f.span.end) : null));

describe('script-mix', () => {
  test('Traditional characters in zh-Hans, one finding per run, with the Simplified form', () => {
    const target = '江門推进粵港澳大灣區建设';
    const findings = run('script-mix', enZh('x', target));
    expect(spans(findings, target)).toEqual(['門', '粵', '灣區']);
    expect(findings[2].message).toBe('Traditional characters 灣區 in zh-Hans text (Simplified: 湾区).');
    expect(findings[0].severity).toBe('error');
  });

  test('Simplified characters in zh-Hant', () => {
    const target = '江門推進粤港澳大灣區建设';
    expect(spans(run('script-mix', enZh('x', target, 'zh-Hant')), target)).toEqual(['粤', '设']);
  });

  test('characters valid in both scripts, and Hong Kong variants, pass', () => {
    expect(run('script-mix', enZh('x', '公里以后干涉台风才着', 'zh-Hans'))).toEqual([]);
    expect(run('script-mix', enZh('x', '三公里，皇后，溫度與温度，住户', 'zh-Hant'))).toEqual([]);
    expect(run('script-mix', enZh('x', '江门推进粤港澳大湾区建设'))).toEqual([]);
    expect(run('script-mix', enZh('x', 'Hong Kong 灣', 'en' as never))).toEqual([]);
  });
});

describe('untranslated', () => {
  test('target equal to the source', () => {
    const findings = run('untranslated', enZh('Jiangmen Talent Island', 'Jiangmen Talent Island'));
    expect(findings).toHaveLength(1);
    expect(findings[0].severity).toBe('warning');
    expect(run('untranslated', enZh('2023', '2023'))).toEqual([]);
  });

  test('English words left in Chinese, Chinese left in English', () => {
    const target = '江门建设Rongchuan Yongchun Cultural Tourism项目';
    expect(spans(run('untranslated', enZh('x', target)), target)).toEqual(['Rongchuan Yongchun Cultural Tourism']);
    const en = { sourceLocale: 'zh-Hans' as const, sourceText: '江门人才岛', targetLocale: 'en' as const, targetText: 'the 人才岛 project' };
    expect(spans(run('untranslated', en), en.targetText)).toEqual(['人才岛']);
  });

  test('short Latin names, URLs and inline codes in Chinese pass', () => {
    expect(run('untranslated', enZh('x', '根据CEPA和5G规划，见 https://www.jiangmen.gov.cn/a/b/c {ph:1}'))).toEqual([]);
  });
});

describe('punctuation-width', () => {
  test('half-width punctuation after Chinese', () => {
    const target = '江门,广东:粤港澳(大湾区).';
    const findings = run('punctuation-width', enZh('x', target));
    expect(spans(findings, target)).toEqual([',', ':', '(', ')', '.']);
    expect(findings[0].message).toBe('Half-width “,” in Chinese text: use full-width “，”.');
  });

  test('full-width punctuation in English', () => {
    const target = 'Jiangmen，Guangdong。';
    const unit = { sourceLocale: 'zh-Hans' as const, sourceText: '江门', targetLocale: 'en' as const, targetText: target };
    expect(spans(run('punctuation-width', unit), target)).toEqual(['，', '。']);
  });

  test('correct punctuation, decimals and Latin text inside Chinese pass', () => {
    expect(run('punctuation-width', enZh('x', '江门，广东：增长3.5%，见jiangmen.gov.cn（官网）。Hello, world.'))).toEqual([]);
    const en = { sourceLocale: 'zh-Hans' as const, sourceText: '江门', targetLocale: 'en' as const, targetText: 'Jiangmen, “Guangdong”.' };
    expect(run('punctuation-width', en)).toEqual([]);
  });
});

describe('whitespace', () => {
  test('leading, trailing and double spaces', () => {
    const target = ' 江门  is  ';
    const findings = run('whitespace', { sourceLocale: 'zh-Hans', sourceText: '江门', targetLocale: 'en', targetText: target });
    expect(findings.map((f) => f.message)).toEqual(['The target starts with a space.', 'The target ends with a space.', 'Double space.']);
  });

  test('spaces between Chinese characters', () => {
    const target = '江门 推进，  大湾区';
    const findings = run('whitespace', enZh('x', target));
    expect(spans(findings, target)).toEqual([' ', '  ']);
    expect(findings.every((f) => f.message.startsWith('A space between Chinese characters'))).toBe(true);
  });

  test('clean text, spaces around Latin words in Chinese, and spaces the source has too', () => {
    expect(run('whitespace', enZh('x', '江门 CEPA 协议'))).toEqual([]);
    expect(run('whitespace', enZh(' x', ' 江门'))).toEqual([]);
    expect(run('whitespace', enZh('x', 'Jiangmen is here.', 'en' as never))).toEqual([]);
  });
});

describe('empty', () => {
  test('an empty or blank target is an error', () => {
    expect(run('empty', enZh('Jiangmen', ''))).toEqual([
      { checkId: 'empty', severity: 'error', message: 'The target is empty: translate the source.', span: null },
    ]);
    expect(run('empty', enZh('Jiangmen', ' \n '))).toHaveLength(1);
  });
  test('a translated unit, or an empty source, passes', () => {
    expect(run('empty', enZh('Jiangmen', '江门'))).toEqual([]);
    expect(run('empty', enZh('', ''))).toEqual([]);
  });
});

describe('placeholders', () => {
  test('missing and added inline codes and placeholders', () => {
    const unit = enZh('Click {bpt:1}here{ept:1} for {0} and %s', '点击{bpt:1}这里 {1} 和 %s');
    const findings = run('placeholders', unit);
    expect(findings.map((f) => [f.span?.side, f.message])).toEqual([
      ['source', '{ept:1} is missing from the target.'],
      ['source', '{0} is missing from the target.'],
      ['target', '{1} is in the target but not in the source.'],
    ]);
    expect(findings[0].severity).toBe('error');
    expect(spans([findings[0]], unit.sourceText)).toEqual(['{ept:1}']);
  });

  test('a token used twice in the source but once in the target', () => {
    expect(run('placeholders', enZh('{ph:1} and {ph:1}', '{ph:1}和'))[0].message).toBe(
      '{ph:1} is missing from the target (the source has it 2 times).',
    );
  });

  test('the same tokens in another order pass', () => {
    expect(run('placeholders', enZh('{bpt:1}A{ept:1} {ph:2} {{name}} %1$s', '{ph:2}{bpt:1}甲{ept:1}{{name}}%1$s'))).toEqual([]);
  });
});

describe('length-ratio', () => {
  const en = 'Jiangmen has made every effort to build big cities and improve people’s livelihood, to improve the functional quality of cities.';
  test('a translation of usual length passes', () => {
    expect(run('length-ratio', enZh(en, '江门全力以赴建大城市、惠大民生，全面提升城市功能品质。'))).toEqual([]);
  });
  test('a target far too short or far too long warns', () => {
    const short = run('length-ratio', enZh(en, '江门建城市。'));
    expect(short).toHaveLength(1);
    expect(short[0].severity).toBe('warning');
    expect(short[0].message).toMatch(/^The target is much shorter than usual: 6 characters for 128 in the source/);
    const long = run('length-ratio', enZh('Jiangmen builds cities.', '江门全力以赴建大城市、惠大民生，全面提升城市功能品质，推进民生领域合作，加强生态环境保护与治理合作。'));
    expect(long[0].message).toMatch(/much longer/);
  });
  test('short units and zh-Hans ⇄ zh-Hant', () => {
    expect(run('length-ratio', enZh('Jiangmen', '江门市人民政府'))).toEqual([]);
    const hant = { sourceLocale: 'zh-Hans' as const, sourceText: '江门全力以赴建大城市、惠大民生，全面提升城市功能品质。', targetLocale: 'zh-Hant' as const };
    expect(run('length-ratio', { ...hant, targetText: '江門全力以赴建大城市、惠大民生，全面提升城市功能品質。' })).toEqual([]);
    expect(run('length-ratio', { ...hant, targetText: '江門全力以赴建大城市。' })).toHaveLength(1);
  });
});
