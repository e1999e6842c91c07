import { containsHan, type Locale } from '../locale';
import type { DocumentFormat } from '../workflow/model';
import { chineseBoundaries } from './chinese';
import { englishBoundaries } from './english';
import { splitParagraphs, type ParagraphBlock } from './paragraphs';

/** A sentence locale: ours, or a bare `zh` (Chinese in either script splits the same way). */
export type SentenceLocale = Locale | 'zh';

function cut(text: string, boundaries: readonly number[]): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const end of [...boundaries, text.length]) {
    const sentence = text.slice(start, end).trim();
    if (sentence !== '') sentences.push(sentence);
    start = end;
  }
  return sentences;
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
  /** Sentences per paragraph, parallel to `paragraphs`; a heading is one segment. */
  sentences: string[][];
}

export function segmentDocument(text: string, format: DocumentFormat, locale: SentenceLocale): SegmentedDocument {
  const paragraphs = splitParagraphs(text, format);
  const sentences = paragraphs.map((p) => (p.kind === 'heading' ? [p.text] : splitSentences(p.text, locale)));
  return { paragraphs, sentences };
}
