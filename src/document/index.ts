/** The document model: articles, their paragraphs (blocks) and segments, and inline codes. */
export type { ArticleDocument, Paragraph, Segment, DocumentFormat } from './types';
export { INLINE_CODE_TOKEN } from './inline-codes';
export type { InlineCode } from './inline-codes';
