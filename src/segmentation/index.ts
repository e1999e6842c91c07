/** Paragraphs and sentences for English and Chinese documents. */
export type { DocumentFormat } from '../document';
export { splitParagraphs, joinLines } from './paragraphs';
export type { ParagraphBlock } from './paragraphs';
export { splitSentences, segmentDocument } from './sentences';
export type { SentenceLocale, SegmentedDocument } from './sentences';
export { normaliseInput, SegmentationInputError } from './input';
