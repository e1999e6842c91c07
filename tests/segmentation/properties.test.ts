import fc from 'fast-check';
import { segmentDocument, splitParagraphs, splitSentences } from '../../src/segmentation';

const LOCALES = ['en', 'zh', 'zh-Hans', 'zh-Hant'] as const;
const strip = (s: string): string => s.replace(/\s/gu, '');

// Pieces that exercise the rules: stops, ellipses, quotes, brackets, abbreviations, digits, Han.
const PIECES = [
  'The', 'he', 'left', 'U.S.', 'Mr.', 'No.', 'e.g.', 'J.', '5.1', '30,000', '$4.5m', 'Inc.', 'etc.',
  '.', '..', '...', '…', '……', '?', '!', '?!', ';', ':', ',', ' ', '  ', '\n', '\n\n', '\t',
  '"', "'", '“', '”', '‘', '’', '(', ')', '[', ']', '「', '」', '『', '』', '（', '）', '《', '》',
  '。', '！', '？', '；', '．', '，', '、', '⋯', '江门', '项目', '他说', '５', '１', 'A', 'x', '7',
  '# ', '## ', '---', '===', '\r\n', '\u00a0', '\u3000', '𠀋',
];
const structured = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(''));
const anyText = fc.oneof(structured, fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }));

describe('splitSentences properties', () => {
  it('never crashes, never returns empty or untrimmed sentences, and keeps the content', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...LOCALES), (text, locale) => {
        const sentences = splitSentences(text, locale);
        for (const s of sentences) {
          expect(s).not.toBe('');
          expect(s).toBe(s.trim());
        }
        expect(strip(sentences.join(''))).toBe(strip(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent: each sentence splits to itself', () => {
    fc.assert(
      fc.property(structured, fc.constantFrom(...LOCALES), (text, locale) => {
        for (const s of splitSentences(text, locale)) {
          // A Chinese-document sentence without Han is English on its own, by design.
          if (locale !== 'en' && !/\p{Script=Han}/u.test(s)) continue;
          const again = splitSentences(s, locale);
          expect(again).toEqual([s]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('splitParagraphs and segmentDocument properties', () => {
  it('keep all plain-text content, in order', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...LOCALES), (text, locale) => {
        const paragraphs = splitParagraphs(text, 'text');
        expect(strip(paragraphs.map((p) => p.text).join(''))).toBe(strip(text.replace(/^\uFEFF/, '')));
        const { paragraphs: blocks, sentences } = segmentDocument(text, 'text', locale);
        expect(sentences).toHaveLength(blocks.length);
        blocks.forEach((p, i) => {
          expect(p.text).not.toBe('');
          expect(strip(sentences[i]!.join(''))).toBe(strip(p.text));
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('in Markdown, make every heading one segment with a level from 1 to 6', () => {
    fc.assert(
      fc.property(structured, (text) => {
        const { paragraphs, sentences } = segmentDocument(text, 'markdown', 'en');
        paragraphs.forEach((p, i) => {
          expect(p.text).toBe(p.text.trim());
          // A thematic break and a code listing are blocks with no text to translate.
          if (p.markup?.element?.tag !== 'hr' && p.markup?.verbatim === undefined) expect(p.text).not.toBe('');
          if (p.kind === 'heading') {
            expect(p.level).toBeGreaterThanOrEqual(1);
            expect(p.level).toBeLessThanOrEqual(6);
            expect(sentences[i]).toEqual([p.text]);
          } else expect(p.level).toBeNull();
        });
      }),
      { numRuns: 1000 },
    );
  });
});
