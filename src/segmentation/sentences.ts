import { containsHan } from '../locale';
import type { DocumentFormat } from '../document';
import { chineseBoundaries } from './chinese';
import { englishBoundaries } from './english';
import { normaliseNewlines, splitParagraphs, type ParagraphBlock } from './paragraphs';
import { codedString, splitCodedSentences } from './coded';
import { parseHtml, type HtmlDocument, type ImportNote } from './html';
import { markdownToHtml } from './markdown';
import { INLINE_CODE_TOKEN } from '../document';
import type { SentenceLocale } from './types';


const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Cuts the text at the boundaries. A piece with no letter or digit (a stray "……", a lone
 * closing bracket) is not a sentence: it joins the sentence before it, or the one after it
 * at the start of the paragraph.
 */
function cut(text: string, boundaries: readonly number[]): string[] {
  const ranges: [number, number][] = [];
  let start = 0;
  let carry = -1; // start of letterless pieces waiting for the first real sentence
  for (const end of [...boundaries, text.length]) {
    if (end <= start) continue;
    if (!WORD_CHARACTER.test(text.slice(start, end))) {
      const last = ranges[ranges.length - 1];
      if (last) last[1] = end;
      else if (carry < 0) carry = start;
    } else {
      ranges.push([carry >= 0 ? carry : start, end]);
      carry = -1;
    }
    start = end;
  }
  if (carry >= 0) ranges.push([carry, text.length]);
  return ranges.map(([from, to]) => text.slice(from, to).trim()).filter((sentence) => sentence !== '');
}

/**
 * Splits one paragraph into sentences. Each sentence is a trimmed slice of the paragraph, so
 * the sentences hold exactly the paragraph's non-whitespace text, in order.
 */
export function splitSentences(text: string, locale: SentenceLocale): string[] {
  if (text.trim() === '') return [];
  // A paragraph with no Han in a Chinese document (a name, a quoted English line) is English.
  const chinese = locale !== 'en' && containsHan(text);
  return cut(text, chinese ? chineseBoundaries(text) : englishBoundaries(text));
}

export interface SegmentedDocument {
  paragraphs: ParagraphBlock[];
  /** Sentences per paragraph, parallel to `paragraphs`; a heading is one segment. Inline codes as tokens. */
  sentences: string[][];
  /** The same sentences without their code tokens: what alignment reads. */
  plain: string[][];
  /** What the import removed, unwrapped or repaired (HTML). */
  notes: ImportNote[];
  /** The page's own title (HTML `<title>`), when it has one. */
  title: string | null;
}

/** A Markdown page read as the HTML markdown-it makes of it (notes carry no line: they would name the HTML's). */
function parseMarkdown(text: string, fileName: string): HtmlDocument {
  const page = parseHtml(markdownToHtml(normaliseNewlines(text)), fileName, { markdown: true });
  return { ...page, notes: page.notes.map((note) => ({ ...note, line: null, column: null })), blocks: page.blocks.map((b) => ({ ...b, line: null })) };
}

/** Unit text without its inline-code tokens. */
export function withoutCodes(text: string): string {
  return text.replace(new RegExp(INLINE_CODE_TOKEN.source, 'g'), '');
}

export function segmentDocument(text: string, format: DocumentFormat, locale: SentenceLocale, fileName = 'document'): SegmentedDocument {
  if (format === 'html' || format === 'markdown') {
    const page = format === 'html' ? parseHtml(text, fileName) : parseMarkdown(text, fileName);
    const paragraphs: ParagraphBlock[] = page.blocks.map((b) => ({ kind: b.kind, level: b.level, text: codedString(b.text), markup: b.markup, line: b.line }));
    const coded = page.blocks.map((b) => {
      if (b.text.plain === '' && b.text.marks.length === 0) return [];
      // A heading, an attribute's text and preformatted text are one segment each: not sentences.
      if (b.kind === 'heading' || b.markup.attribute || b.markup.element?.tag === 'pre') return [b.text];
      return splitCodedSentences(b.text, locale);
    });
    return {
      paragraphs,
      sentences: coded.map((list) => list.map(codedString)),
      plain: coded.map((list) => list.map((t) => t.plain)),
      notes: page.notes,
      title: page.title,
    };
  }
  const paragraphs = splitParagraphs(text, format);
  const sentences = paragraphs.map((p) => (p.kind === 'heading' ? [p.text] : splitSentences(p.text, locale)));
  return { paragraphs, sentences, plain: sentences, notes: [], title: null };
}
