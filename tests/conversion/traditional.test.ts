import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Converter } from 'opencc-js';
import {
  CONVERSION_TERM_CHECK_ID,
  createTraditionalConverter,
  getTraditionalConverter,
  isTraditionalVariant,
  openccConverter,
  TraditionalConverter,
} from '../../src/conversion';
import { CORPORA, onCi } from '../support/shared';
import { buildTermRecognizer } from '../../src/termbase';
import { concept } from '../translation/helpers';

const gba = concept(
  'gba',
  ['en', 'Greater Bay Area'],
  ['zh-Hans', '粤港澳大湾区'],
  ['zh-Hans', '大湾区', 'admitted'],
  ['zh-Hans', '珠三角湾区', 'forbidden'],
  ['zh-Hant', '粵港澳大灣區'],
  ['zh-Hant', '大灣區', 'admitted'],
);
// Hong Kong's own word: plain conversion keeps the mainland 信息科技.
const infoTech = concept('it', ['en', 'information technology'], ['zh-Hans', '信息科技'], ['zh-Hans', '资讯科技', 'admitted'], ['zh-Hant', '資訊科技']);
// Deliberately the Hong Kong form, which Taiwanese phrasing (twp) would turn into 人工智慧.
const ai = concept('ai', ['en', 'artificial intelligence'], ['zh-Hans', '人工智能'], ['zh-Hant', '人工智能']);
// No zh-Hant term yet.
const jiangmen = concept('jm', ['en', 'Jiangmen'], ['zh-Hans', '江门']);
const termbase = [gba, infoTech, ai, jiangmen];

describe('TraditionalConverter', () => {
  const hk = createTraditionalConverter({ variant: 'hk', concepts: termbase });

  it('puts the termbase zh-Hant term in place: 粤港澳大湾区 → 粵港澳大灣區', () => {
    expect(hk.convert('粤港澳大湾区建设')).toEqual({ text: '粵港澳大灣區建設', findings: [] });
  });

  it('protects a term plain opencc would convert differently', () => {
    const text = '香港的信息科技发展很快。';
    expect(hk.convertPlain(text)).toBe('香港的信息科技發展很快。');
    expect(hk.convert(text).text).toBe('香港的資訊科技發展很快。');
  });

  it('keeps the termbase form under every variant', () => {
    const twp = createTraditionalConverter({ variant: 'twp', concepts: termbase });
    expect(twp.convertPlain('人工智能软件')).toBe('人工智慧軟體');
    expect(twp.convert('人工智能软件').text).toBe('人工智能軟體');
  });

  it('defaults to the Hong Kong standard', () => {
    expect(createTraditionalConverter({ concepts: [] }).variant).toBe('hk');
  });

  it('differs between Hong Kong and Taiwan standards', () => {
    const tw = createTraditionalConverter({ variant: 'tw', concepts: termbase });
    const twp = createTraditionalConverter({ variant: 'twp', concepts: termbase });
    expect(hk.convert('里面的头发').text).toBe('裏面的頭髮');
    expect(tw.convert('里面的头发').text).toBe('裡面的頭髮');
    expect(hk.convert('看着').text).toBe('看着');
    expect(tw.convert('看着').text).toBe('看著');
    // Phrasing differs only with twp: 软件 is 軟件 in Hong Kong and plain Taiwan form, 軟體 in Taiwanese use.
    expect([hk, tw, twp].map((c) => c.convert('软件和网络').text)).toEqual(['軟件和網絡', '軟件和網絡', '軟體和網路']);
  });

  it('converts a term whose concept lacks a zh-Hant term, with a warning pointing at it', () => {
    const { text, findings } = hk.convert('欢迎来到江门，江门很美。');
    expect(text).toBe('歡迎來到江門，江門很美。');
    expect(findings).toHaveLength(2);
    for (const f of findings) {
      expect(f).toMatchObject({ checkId: CONVERSION_TERM_CHECK_ID, severity: 'warning', span: { side: 'target' } });
      expect(text.slice(f.span!.start, f.span!.end)).toBe('江門');
      expect(f.message).toMatch(/no zh-Hant term for "江门"/);
    }
    expect(findings[0].span!.start).toBe(4);
  });

  it('keeps an admitted term in its own shape when the termbase sanctions that shape', () => {
    expect(hk.convert('大湾区很大').text).toBe('大灣區很大');
    // 资讯科技's conversion 資訊科技 is the preferred zh-Hant term anyway.
    expect(hk.convert('资讯科技').text).toBe('資訊科技');
  });

  it('replaces an admitted term with the canonical zh-Hant term when its own shape is not in the termbase', () => {
    const c = concept('m', ['zh-Hans', '澳门'], ['zh-Hans', '濠江', 'admitted'], ['zh-Hant', '澳門']);
    expect(createTraditionalConverter({ concepts: [c] }).convert('濠江夜景').text).toBe('澳門夜景');
  });

  it('does not protect forbidden zh-Hans terms: they convert like any text', () => {
    expect(hk.convert('珠三角湾区').text).toBe(hk.convertPlain('珠三角湾区'));
  });

  it('equals plain conversion where there are no terms', () => {
    const text = '那天晚上我没走掉。陈清扬把我拽住，以伟大友谊的名义叫我留下来。';
    expect(hk.convert(text)).toEqual({ text: hk.convertPlain(text), findings: [] });
  });

  it('handles a text that already holds the placeholder characters', () => {
    const text = '\uE000粤港澳大湾区\uE001里面\uE000';
    expect(hk.convert(text).text).toBe('\uE000粵港澳大灣區\uE001裏面\uE000');
  });

  it('handles empty text and a text that is one term', () => {
    expect(hk.convert('')).toEqual({ text: '', findings: [] });
    expect(hk.convert('粤港澳大湾区').text).toBe('粵港澳大灣區');
  });
});

describe('converters are shared', () => {
  it('builds one opencc converter per variant and process', () => {
    expect(openccConverter('hk')).toBe(openccConverter('hk'));
    expect(openccConverter('tw')).not.toBe(openccConverter('hk'));
  });

  it('keeps one termbase converter per variant until the termbase key changes', () => {
    const v1 = getTraditionalConverter('termbase@1', { variant: 'tw', concepts: termbase });
    expect(getTraditionalConverter('termbase@1', { variant: 'tw', concepts: [] })).toBe(v1);
    const v2 = getTraditionalConverter('termbase@2', { variant: 'tw', concepts: [] });
    expect(v2).not.toBe(v1);
    expect(v2.convert('信息科技').text).toBe('信息科技');
    expect(v1.convert('信息科技').text).toBe('資訊科技');
    expect(getTraditionalConverter('termbase@2', { concepts: [] }).variant).toBe('hk');
  });

  it('knows its variants', () => {
    expect(['hk', 'tw', 'twp'].every(isTraditionalVariant)).toBe(true);
    expect(isTraditionalVariant('cn')).toBe(false);
  });

  it('matches opencc-js Converter for the variant', () => {
    const reference = Converter({ from: 'cn', to: 'hk' });
    const text = '发展中国家的头发里面';
    expect(openccConverter('hk')(text)).toBe(reference(text));
  });
});

/** Sentences from the corpus when present; a few fixed ones otherwise (on a dev machine; CI must have the corpus). */
function sentences(): string[] {
  const fixed = [
    '那天晚上我没走掉。',
    '她承认打我不对，也承认没有好好待我。',
    '发展中国家的干部干了一天活，头发都干了。',
    '粤港澳大湾区建设是国家发展战略。',
    '他在里面看着后台的面条。',
  ];
  const dir = join(CORPORA, 'mac-dev', 'src');
  if (!existsSync(dir)) {
    if (onCi()) throw new Error(`${dir} is missing: the masking property cannot run on the corpus's sentences (CI=true)`);
    return fixed;
  }
  const lines = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'));
  return fixed.concat(lines.filter((l) => l.length >= 8).slice(0, 400));
}

describe('masking terms with placeholders', () => {
  const corpus = sentences();

  it('gives exactly what converting each gap on its own gives', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...corpus),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('hk' as const, 'tw' as const, 'twp' as const),
        (sentence, cuts, variant) => {
          // Terms are random pieces of the sentence itself, with a marked zh-Hant form.
          const concepts = cuts.map(([at, len], i) => {
            const start = at % sentence.length;
            return concept(`t${i}`, ['zh-Hans', sentence.slice(start, start + len)], ['zh-Hant', `〔${i}〕`]);
          });
          const converter = new TraditionalConverter({ variant, concepts });
          const plain = openccConverter(variant);
          const hits = buildTermRecognizer(concepts).recognize(sentence, 'zh-Hans');
          let expected = '';
          let pos = 0;
          for (const hit of hits) {
            expected += plain(sentence.slice(pos, hit.start)) + `〔${hit.conceptId.slice(1)}〕`;
            pos = hit.end;
          }
          expected += plain(sentence.slice(pos));
          expect(converter.convert(sentence).text).toBe(expected);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});
