import { CHECKS, createCheckContext, runChecks, type Finding } from '../../src/checks';
import { TERMBASE, enZh } from './helpers';

const context = createCheckContext(TERMBASE);
const check = (id: string) => {
  const found = CHECKS.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};
const run = (id: string, unit: ReturnType<typeof enZh>): Finding[] => check(id).run(unit, context);

describe('term-missing', () => {
  test('passes when the preferred or an admitted target term is there', () => {
    expect(run('term-missing', enZh('Jiangmen joins the Greater Bay Area.', '江门融入粤港澳大湾区。'))).toEqual([]);
    expect(run('term-missing', enZh('Jiangmen joins the Greater Bay Area.', '江门融入大湾区。'))).toEqual([]);
    expect(run('term-missing', enZh('Jiangmen Talent Island', '江門人才島', 'zh-Hant'))).toEqual([]);
  });

  test('reports a source term whose target term is missing, once per concept, pointing at the source', () => {
    const source = 'Jiangmen and Hong Kong: Jiangmen again.';
    const findings = run('term-missing', enZh(source, '江门与港岛：江门。'));
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ checkId: 'term-missing', severity: 'error', span: { side: 'source', start: 13, end: 22 } });
    expect(source.slice(f.span!.start, f.span!.end)).toBe('Hong Kong');
    expect(f.message).toBe('The source has the term “Hong Kong”; the translation should use “香港”.');
  });

  test('names preferred and admitted terms, and a forbidden target term does not count', () => {
    const findings = run('term-missing', enZh('the Guangdong-Hong Kong-Macao Greater Bay Area', '大湾'));
    expect(findings[0].message).toBe(
      'The source has the term “Guangdong-Hong Kong-Macao Greater Bay Area”; the translation should use “粤港澳大湾区” (or the admitted “大湾区”).',
    );
  });

  test('the longer term in the source is the one required (Hong Kong inside the Bay Area name is not)', () => {
    expect(run('term-missing', enZh('the Guangdong-Hong Kong-Macao Greater Bay Area', '粤港澳大湾区'))).toEqual([]);
  });

  test('says nothing about concepts without a target term, or an empty target', () => {
    expect(run('term-missing', enZh('5 billion yuan', '50亿元'))).toEqual([]);
    expect(run('term-missing', enZh('Jiangmen', '  '))).toEqual([]);
  });
});

describe('term-forbidden', () => {
  test('reports a forbidden term in the source, naming the preferred term', () => {
    const source = 'the Greater Guangdong, Hong Kong and Macao Bay Area projects';
    const findings = run('term-forbidden', enZh(source, '粤港澳大湾区项目'));
    expect(findings).toEqual([
      {
        checkId: 'term-forbidden',
        severity: 'error',
        message:
          '“Greater Guangdong, Hong Kong and Macao Bay Area” in the source is a forbidden term; use “Guangdong-Hong Kong-Macao Greater Bay Area” (or the admitted “Greater Bay Area”).',
        span: { side: 'source', start: 4, end: 51 },
      },
    ]);
  });

  test('reports a forbidden term in the target with its note', () => {
    const unit = { sourceLocale: 'zh-Hans' as const, sourceText: '香港', targetLocale: 'en' as const, targetText: 'Hongkong’s port' };
    const findings = run('term-forbidden', unit);
    expect(findings).toHaveLength(1);
    expect(findings[0].span).toEqual({ side: 'target', start: 0, end: 10 });
    expect(findings[0].message).toBe('“Hongkong’s” in the target is a forbidden term (not the official spelling); use “Hong Kong”.');
  });

  test('passes preferred and admitted terms', () => {
    expect(run('term-forbidden', enZh('Hong Kong and the Greater Bay Area', '香港和大湾区'))).toEqual([]);
  });

  test('an overlapping forbidden variant is one finding (longest match wins)', () => {
    const findings = run('term-forbidden', enZh('the Guangdong-Hongkong-Macao Greater Bay Area', '粤港澳大湾区'));
    expect(findings.map((f) => f.message.split('”')[0])).toEqual(['“Guangdong-Hongkong-Macao Greater Bay Area']);
  });
});

describe('runChecks', () => {
  test('a clean unit has no findings', () => {
    expect(
      runChecks(
        enZh(
          'They include the Jiangmen Talent Island project, which will invest 5 billion yuan this year.',
          '其中包括今年计划投资50亿元的江门人才岛项目。',
        ),
        context,
      ),
    ).toEqual([]);
  });

  test('works with a context built by hand (no recognizer), the same way', () => {
    const unit = enZh('Hongkong', '香港');
    expect(runChecks(unit, { concepts: TERMBASE })).toEqual(runChecks(unit, context));
  });

  test('every check has a unique id, a severity and a description', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'term-missing', 'term-forbidden', 'numbers', 'script-mix', 'untranslated', 'punctuation-width',
        'whitespace', 'empty', 'placeholders', 'length-ratio',
      ]),
    );
    for (const c of CHECKS) {
      expect(['error', 'warning']).toContain(c.severity);
      expect(c.description.length).toBeGreaterThan(10);
    }
  });
});

describe('term-missing with nested target terms', () => {
  test('a required term inside a longer target term is present', () => {
    expect(run('term-missing', enZh('the Jiangmen Talent Island, in Jiangmen', '江门人才岛'))).toEqual([]);
  });
});
