/** Paragraphs and sentences for English and Chinese documents. */
export type { DocumentFormat } from '../document';
export { splitParagraphs, joinLines } from './paragraphs';
export type { ParagraphBlock } from './paragraphs';
export { splitSentences, segmentDocument, withoutCodes } from './sentences';
export { parseHtml, describeNote, MAX_BLOCKS, MAX_TEXT_CHARACTERS } from './html';
export type { HtmlBlock, HtmlDocument, ImportNote } from './html';
export { splitCodedSentences, collapseWhitespace, codedString } from './coded';
export type { CodedText, CodeMark } from './coded';
export type { SegmentedDocument } from './sentences';
export type { SentenceLocale } from './types';
export { normaliseInput, SegmentationInputError } from './input';
