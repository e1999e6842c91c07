import type { Locale } from '../locale';
import type { BlockMarkup } from './markup';

/** How an article's source file is written; decides how it is split into blocks and rendered back. */
export type DocumentFormat = 'text' | 'markdown' | 'html';

/** An article: its source text as paragraphs and segments; its units live in the memory. */
export interface ArticleDocument {
  id: number;
  slug: string;
  title: string;
  sourceLocale: Locale;
  format: DocumentFormat;
  /** Incremented whenever segments or units of the article change (page caches key on it). */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A block of the document: heading, paragraph, list item, table cell, caption, an attribute's text. */
export interface Paragraph {
  index: number;
  kind: 'heading' | 'text';
  /** Markdown heading level (1–6) for headings. */
  level: number | null;
  /** Element, containers and inline codes of an HTML (or Markdown) block; absent for plain text. */
  markup?: BlockMarkup | null;
}

/** One source segment (a sentence, or sentences merged by alignment). */
export interface Segment {
  documentId: number;
  position: number;
  paragraph: number;
  text: string;
}
