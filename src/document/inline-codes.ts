/**
 * Inline codes: markup and placeholders inside a segment (TMX bpt/ept/ph, XLIFF pc/ph, HTML
 * inline elements). Here, below memory, formats and checks, so that each can use them without
 * importing another.
 */

/**
 * An inline code kept so nothing is lost. In segment text it stands as a token `{kind:id}`
 * (e.g. `{ph:1}`, `{bpt:2}` … `{ept:2}`), and `native` holds the original markup for export.
 */
export interface InlineCode {
  id: string;
  kind: 'ph' | 'bpt' | 'ept' | 'it' | 'hi' | 'x' | 'bx' | 'ex' | 'g' | 'pc' | 'sc' | 'ec';
  native: string;
}

/** Matches one inline-code token in segment text. */
export const INLINE_CODE_TOKEN = /\{\/?(ph|bpt|ept|it|hi|x|bx|ex|g|pc|sc|ec):([^{}\s]+)\}/g;
