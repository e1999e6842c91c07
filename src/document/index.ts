/** The document model: articles, their paragraphs (blocks) and segments, and inline codes. */
export type { ArticleDocument, Paragraph, Segment, DocumentFormat } from './types';
export { INLINE_CODE_TOKEN } from './inline-codes';
export type { InlineCode } from './inline-codes';
export {
  BLOCK_TAGS, CONTAINER_TAGS, PAIRED_INLINE_TAGS, VOID_TAGS, VOID_BLOCK_TAGS, URL_ATTRIBUTES, TRANSLATABLE_ATTRIBUTES, ALLOWED_ATTRIBUTES,
  ALLOWED_SCHEMES, ALLOWED_IMAGE_SCHEMES, ANCHOR_PREFIX, ANCHOR_ID, urlScheme, urlAllowed,
} from './markup';
export type { BlockMarkup, CodeMarkup, ElementMarkup } from './markup';
export { escapeHtml, startTag, tokensOf, inlineCodesFor, articleLink, matchTargetCodes, codedTextOf, codeElements } from './codes';
export type { CodeMatch, CodeElement } from './codes';
export { renderArticleBody, renderInline, linkedArticles, plainText } from './render';
export type { BodyBlock, RenderOptions } from './render';
