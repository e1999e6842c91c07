/**
 * Every check, the segmenters, the matcher's tokenizer and the term recognizer on hostile text of
 * 20,000 characters (the most an API edit allows): repeated `@`, `a'`, spaces, `http://`, digits
 * with separators, brackets… A pattern that backtracks turns such a text into minutes of CPU for
 * one request. The budget is generous (a linear pass takes milliseconds); a quadratic one misses
 * it by orders of magnitude. Plus the hand-written scanners that replaced backtracking patterns,
 * checked against those patterns on short random strings (where backtracking is harmless).
 */
import fc from 'fast-check';
import { CHECKS, createCheckContext } from '../../src/checks';
import { latinRuns, urlAndEmailSpans } from '../../src/checks/untranslated';
import { splitParagraphs, splitSentences } from '../../src/segmentation';
import { atxHeading } from '../../src/segmentation/paragraphs';
import { tokenize } from '../../src/memory';
import { buildTermRecognizer } from '../../src/termbase';
import type { Locale } from '../../src/locale';
import { TERMBASE } from '../checks/helpers';

const LENGTH = 20_000;
/** Per function and text; a linear pass over 20,000 characters needs a few milliseconds. */
const BUDGET_MS = 1_500;

const fill = (unit: string, length = LENGTH) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const HOSTILE: Record<string, string> = {
  'at signs': fill('@'),
  'at-dot': fill('a@b.'),
  'letter-apostrophe': fill("a'"),
  apostrophes: fill("'"),
  spaces: fill(' ', LENGTH - 1) + 'x',
  'spaces between Han': '中' + fill(' ', LENGTH - 2) + '文',
  'ideographic spaces': fill('\u3000', LENGTH - 1) + 'x',
  urls: fill('http://'),
  'www dots': fill('www.'),
  'digits with commas': fill('1,'),
  'digits with dots': fill('1.1.'),
  'digit groups': fill('1,000,'),
  'Chinese numerals': fill('一十百千万亿'),
  'words and spaces': fill('a '),
  'words and hyphens': fill('a-'),
  'words and commas': fill('a,'),
  letters: fill('a'),
  'tabs and spaces': fill('a\t \t'),
  'open braces': fill('{ph:'),
  'printf placeholders': fill('%1$'),
  'curly quotes': fill('“'),
  dashes: fill('-'),
  'stops and spaces': fill('. '),
  'ellipses': fill('…'),
  'markdown hashes': '# x' + fill(' ', LENGTH - 4) + 'y',
  'markdown rule': fill('- ') + 'x',
  'mixed scripts': fill('中a。b '),
  'newlines': fill('a\n'),
};

const context = createCheckContext(TERMBASE);
const recognizer = buildTermRecognizer(TERMBASE);

function timed(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

describe('no function that sees user text takes more than linear time', () => {
  // Dictionaries (English spelling, OpenCC) load on first use: load them before anything is timed.
  beforeAll(() => {
    for (const check of CHECKS) {
      check.run({ sourceLocale: 'en', sourceText: 'Warm up.', targetLocale: 'zh-Hant', targetText: '我们暖身。' }, context);
      check.run({ sourceLocale: 'en', sourceText: 'Warm up.', targetLocale: 'zh-Hans', targetText: '我們热身。' }, context);
    }
  });

  const pairs: Array<[Locale, Locale]> = [['en', 'zh-Hans'], ['en', 'zh-Hant'], ['zh-Hans', 'en']];
  for (const [name, text] of Object.entries(HOSTILE)) {
    test(`every check on ${name}`, () => {
      for (const [sourceLocale, targetLocale] of pairs) {
        for (const check of CHECKS) {
          const ms = timed(() => {
            check.run({ sourceLocale, sourceText: text, targetLocale, targetText: text }, context);
            check.run({ sourceLocale, sourceText: 'Jiangmen', targetLocale, targetText: text }, context);
          });
          if (ms >= BUDGET_MS) throw new Error(`${check.id} on ${name} (${targetLocale}) took ${ms.toFixed(0)} ms`);
        }
      }
    });

    test(`segmentation, tokenizing and term recognition on ${name}`, () => {
      const steps: Record<string, () => unknown> = {
        'paragraphs (markdown)': () => splitParagraphs(text, 'markdown'),
        'paragraphs (text)': () => splitParagraphs(text, 'text'),
        'sentences (en)': () => splitSentences(text, 'en'),
        'sentences (zh)': () => splitSentences(text, 'zh-Hans'),
        tokenize: () => tokenize(text, 'en'),
        recognize: () => recognizer.recognize(text, 'en'),
      };
      for (const [step, run] of Object.entries(steps)) {
        const ms = timed(run);
        if (ms >= BUDGET_MS) throw new Error(`${step} on ${name} took ${ms.toFixed(0)} ms`);
      }
    });
  }
});

describe('the hand-written scanners find what the patterns they replace found', () => {
  const alphabet = fc.constantFrom('a', 'B', 'z', "'", '’', ' ', '\t', '-', '–', ',', '.', '@', '/', ':', 'h', 't', 'p', 's', 'w', '中', '1', '_');
  const text = fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join(''));

  test('latinRuns = /[A-Za-z][A-Za-z\'’]*(?:[ \\t\\-–,]+[A-Za-z][A-Za-z\'’]*){2,}|[A-Za-z]{20,}/g', () => {
    const old = /[A-Za-z][A-Za-z'’]*(?:[ \t\-–,]+[A-Za-z][A-Za-z'’]*){2,}|[A-Za-z]{20,}/g;
    fc.assert(fc.property(fc.oneof(text, text.map((t) => t + fill('ab', 22))), (t) => {
      const expected = [...t.matchAll(old)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
      expect(latinRuns(t)).toEqual(expected);
    }), { numRuns: 2000 });
  });

  test('atxHeading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/', () => {
    const old = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
    const line = fc.array(fc.constantFrom('#', ' ', '\t', 'a', 'b', '\\'), { maxLength: 16 }).map((cs) => cs.join(''));
    fc.assert(fc.property(line, (l) => {
      const m = old.exec(l);
      // One deliberate difference: a closing run alone ("# ##") is an empty heading, as in
      // CommonMark; the pattern kept it as the text.
      const rest = l.replace(/^ {0,3}#{1,6}/, '').trim();
      const text = /^#+$/.test(rest) ? '' : (m?.[2] ?? '');
      expect(atxHeading(l)).toEqual(m ? { level: m[1]!.length, text } : null);
    }), { numRuns: 3000 });
  });

  test('urlAndEmailSpans blanks what /\\b(?:https?:\\/\\/|www\\.)\\S+|\\S+@\\S+\\.\\w+/g blanked', () => {
    const old = /\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\w+/g;
    const examples = ['mail me at info@jiangmen.gov.cn, please', 'see https://www.jiangmen.gov.cn/en/ now', 'www.gov.cn', 'a@b.c', 'x http://a.b/c?d=e y'];
    for (const t of examples) {
      const expected = [...t.matchAll(old)].map((m) => [m.index, m.index + m[0].length]);
      expect(urlAndEmailSpans(t)).toEqual(expected);
    }
  });
});
