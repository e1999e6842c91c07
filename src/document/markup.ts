/**
 * The markup of a structured (HTML or Markdown) document, kept with its blocks so the page can be
 * rebuilt: each block's element and its containers (lists, tables, figures …), and per block the
 * inline codes its segments' tokens stand for. Tags and attributes always come from the source
 * document, never from a translation.
 */

/** An element of the source page, numbered in document order (unique within the document). */
export interface ElementMarkup {
  element: number;
  tag: string;
  /** Sanitised attributes in source order; URLs already checked against the allowed schemes. */
  attributes: Array<[name: string, value: string]>;
}

/** An inline element behind a token of a block's text: `{bpt:id}` … `{ept:id}` when paired, `{ph:id}` when void. */
export interface CodeMarkup extends ElementMarkup {
  id: string;
  paired: boolean;
}

export interface BlockMarkup {
  /** Containers around the block, outermost first (ul, li, table, tbody, tr, figure, blockquote …). */
  path: ElementMarkup[];
  /**
   * The block's own element (h2, p, li, td, figcaption …); null for loose text directly inside a
   * container, rendered bare. A void element (a block-level img) holds no text of its own.
   */
  element: ElementMarkup | null;
  codes: CodeMarkup[];
  /** The block's text is the value of this attribute of that element (an img's alt, a title), not page flow. */
  attribute?: { element: number; name: 'alt' | 'title' };
  /**
   * A code listing (`<pre><code>`, a Markdown code block): kept as the source wrote it, with its
   * tokens, on every locale's page; never segmented or translated (as Okapi's Markdown filter
   * leaves code blocks by default). The block has no segments.
   */
  verbatim?: string;
}

/** Elements the page is rebuilt from: only these tags are ever written (an allowlist). */
export const BLOCK_TAGS = [
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'li', 'th', 'td', 'caption', 'figcaption', 'blockquote', 'dt', 'dd', 'pre', 'hr',
] as const;
export const CONTAINER_TAGS = ['ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'figure', 'blockquote', 'dl', 'dd'] as const;
/** Blocks with no text and no end tag: a thematic break is kept where it was, on every page. */
export const VOID_BLOCK_TAGS = ['hr'] as const;
export const PAIRED_INLINE_TAGS = ['a', 'strong', 'em', 'b', 'i', 'code', 'sup', 'sub', 'span'] as const;
export const VOID_TAGS = ['br', 'img'] as const;
/** Attributes whose value is a URL: their scheme is checked. */
export const URL_ATTRIBUTES = ['href', 'src'] as const;
/** Attributes translated as segments of their own. */
export const TRANSLATABLE_ATTRIBUTES = ['alt', 'title'] as const;

/** The allowlist: tag → attributes it may keep (`*` for every tag). */
export const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  // `id` only as ANCHOR_ID made it (a footnote and its reference linking to each other).
  '*': ['lang', 'dir', 'title', 'id'],
  a: ['href', 'hreflang'],
  img: ['src', 'alt', 'width', 'height'],
  th: ['colspan', 'rowspan', 'scope'],
  td: ['colspan', 'rowspan'],
  ol: ['start', 'reversed', 'type'],
  blockquote: ['cite'],
};
/**
 * The ids a page keeps: those its own `#` links go to, renamed with a prefix so that no id of the
 * article can take the name of one of the site's (or of a global the site's script reads).
 */
export const ANCHOR_PREFIX = 'anchor-';
export const ANCHOR_ID = /^anchor-[A-Za-z0-9_-]{1,64}$/;

export const ALLOWED_SCHEMES = ['http', 'https', 'mailto', 'tel'] as const;
export const ALLOWED_IMAGE_SCHEMES = ['http', 'https'] as const;

/**
 * The scheme of a URL as a browser reads it (control characters and whitespace ignored), or null
 * for a relative URL. By hand, not by pattern: linear, and `java\tscript:` is still javascript.
 */
export function urlScheme(url: string): string | null {
  let scheme = '';
  for (const ch of url) {
    const code = ch.codePointAt(0)!;
    if (code <= 0x20 || code === 0x7f) continue;
    if (ch === ':') return scheme === '' ? null : scheme.toLowerCase();
    if (ch === '/' || ch === '?' || ch === '#') return null;
    if (!/[A-Za-z0-9+.-]/.test(ch)) return null;
    scheme += ch;
  }
  return null;
}

/** May this URL appear in that attribute of that tag? Relative URLs may; only listed schemes otherwise. */
export function urlAllowed(tag: string, url: string): boolean {
  const scheme = urlScheme(url);
  if (scheme === null) return true;
  const allowed: readonly string[] = tag === 'img' ? ALLOWED_IMAGE_SCHEMES : ALLOWED_SCHEMES;
  return allowed.includes(scheme);
}
