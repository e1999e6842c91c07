/**
 * The article body as HTML, rebuilt from its blocks: each block's text in the page's language
 * (source or translation, with its inline-code tokens) inside the source's markup. Every text is
 * escaped; tags and attributes come only from the source's markup and only from the allowlist;
 * a token the block has no code for is shown as the characters typed. Plain-text blocks (no
 * markup) render as headings and paragraphs.
 */
import { escapeHtml, tokensOf, articleLink } from './codes';
import {
  ALLOWED_ATTRIBUTES, ANCHOR_ID, BLOCK_TAGS, CONTAINER_TAGS, PAIRED_INLINE_TAGS, VOID_BLOCK_TAGS, VOID_TAGS, urlAllowed,
  type BlockMarkup, type CodeMarkup, type ElementMarkup,
} from './markup';

export interface BodyBlock {
  kind: 'heading' | 'text';
  level: number | null;
  /** The block's text in the page's language, segments joined, code tokens in place. */
  text: string;
  markup?: BlockMarkup | null;
}

export interface RenderOptions {
  /** The page: its locale and the article's slug (relative and internal links are read against it). */
  page: { locale: string; slug: string };
  /** The article's source locale: links in the source are read against its page. */
  sourceLocale: string;
  /**
   * Where a link to another article goes on this page: its URL in the page's locale when it has
   * a release there, else null (the link then goes where the source said).
   */
  articleUrl?: (slug: string, hash: string) => string | null;
}

const WRITABLE = new Set<string>([...BLOCK_TAGS, ...CONTAINER_TAGS, ...PAIRED_INLINE_TAGS, ...VOID_TAGS]);
const VOID = new Set<string>([...VOID_TAGS, ...VOID_BLOCK_TAGS]);

type AttributeTexts = Map<number, Map<string, string>>;

/** Tag and attributes from the allowlist only, URLs checked again: the store is not trusted to hold only clean markup. */
function openTag(element: ElementMarkup, attributes: AttributeTexts, options: RenderOptions): string {
  const tag = element.tag;
  if (!WRITABLE.has(tag)) return '';
  const allowed = [...(ALLOWED_ATTRIBUTES[tag] ?? []), ...(ALLOWED_ATTRIBUTES['*'] ?? [])];
  const texts = attributes.get(element.element);
  let out = `<${tag}`;
  let hasAlt = false;
  for (const [name, raw] of element.attributes) {
    if (!allowed.includes(name) || texts?.has(name)) continue;
    if (name === 'id' && !ANCHOR_ID.test(raw)) continue;
    let value = raw;
    if (name === 'href' || name === 'src' || name === 'cite') {
      if (!urlAllowed(tag, value)) continue;
      if (name === 'href') value = linkTarget(value, options);
    }
    if (name === 'alt') hasAlt = true;
    out += ` ${name}="${escapeHtml(value)}"`;
  }
  for (const [name, value] of texts ?? []) {
    if (name === 'alt') hasAlt = true;
    out += ` ${name}="${escapeHtml(value)}"`;
  }
  // An image with no text alternative is decorative to a screen reader, not unnamed.
  if (tag === 'img' && !hasAlt) out += ' alt=""';
  return `${out}>`;
}

function closeTag(element: Pick<ElementMarkup, 'tag'>): string {
  return WRITABLE.has(element.tag) && !VOID.has(element.tag) ? `</${element.tag}>` : '';
}

/** An internal link goes to the linked article in the page's locale when it has a release there. */
function linkTarget(href: string, options: RenderOptions): string {
  const article = articleLink(href, { locale: options.sourceLocale, slug: options.page.slug });
  if (!article) return href;
  const url = options.articleUrl?.(article.slug, article.hash);
  if (url) return url;
  // Not released in this locale: where the source pointed, made root-relative (a relative link
  // would resolve against this page's locale).
  return `/${article.locale}/articles/${article.slug}${article.hash}`;
}

/**
 * A block's text with its codes as HTML. Paired codes are kept well nested whatever the target
 * did: a closing token of a code not innermost closes the inner ones and opens them again; codes
 * left open are closed at the end; a token with no code of this block is text.
 */
export function renderInline(text: string, codes: readonly CodeMarkup[], attributes: AttributeTexts, options: RenderOptions): string {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const open: CodeMarkup[] = [];
  let out = '';
  let last = 0;
  for (const token of tokensOf(text)) {
    out += escapeHtml(text.slice(last, token.start));
    last = token.end;
    const code = byId.get(token.id);
    const raw = text.slice(token.start, token.end);
    if (!code || !WRITABLE.has(code.tag)) {
      out += escapeHtml(raw);
      continue;
    }
    if (token.kind === 'bpt' && code.paired) {
      if (open.includes(code)) continue;
      open.push(code);
      out += openTag(code, attributes, options);
    } else if (token.kind === 'ept' && code.paired) {
      const at = open.indexOf(code);
      if (at < 0) continue;
      const inner = open.splice(at);
      for (let i = inner.length - 1; i >= 0; i--) out += closeTag(inner[i]!);
      for (const again of inner.slice(1)) {
        open.push(again);
        out += openTag(again, attributes, options);
      }
    } else if (token.kind === 'ph' && !code.paired) {
      out += openTag(code, attributes, options);
    } else {
      out += escapeHtml(raw);
    }
  }
  out += escapeHtml(text.slice(last));
  for (let i = open.length - 1; i >= 0; i--) out += closeTag(open[i]!);
  return out;
}

/** The slugs of the articles this body links to (to look up their releases before rendering). */
export function linkedArticles(blocks: readonly BodyBlock[], options: Pick<RenderOptions, 'page' | 'sourceLocale'>): string[] {
  const slugs = new Set<string>();
  const look = (element: ElementMarkup): void => {
    const href = element.attributes.find(([n]) => n === 'href')?.[1];
    const article = href ? articleLink(href, { locale: options.sourceLocale, slug: options.page.slug }) : null;
    if (article) slugs.add(article.slug);
  };
  for (const block of blocks) {
    if (!block.markup) continue;
    block.markup.codes.forEach(look);
    block.markup.path.forEach(look);
  }
  return [...slugs];
}

function plainBlock(block: BodyBlock): string {
  if (block.kind === 'heading') {
    // The article title is the page's only h1: plain-text body headings start at h2.
    const n = Math.min(Math.max(block.level ?? 2, 2), 6);
    return `<h${n}>${escapeHtml(block.text)}</h${n}>\n`;
  }
  return `<p>${escapeHtml(block.text)}</p>\n`;
}

/**
 * The article body: every block but a leading heading that repeats the title (the page's h1),
 * containers opened and closed around the blocks as the source nested them.
 */
export function renderArticleBody(title: string, blocks: readonly BodyBlock[], options: RenderOptions): string {
  const attributes: AttributeTexts = new Map();
  for (const block of blocks) {
    const a = block.markup?.attribute;
    if (!a) continue;
    const texts = attributes.get(a.element) ?? new Map<string, string>();
    texts.set(a.name, block.text);
    attributes.set(a.element, texts);
  }
  const body = blocks.filter((b) => !b.markup?.attribute);
  const first = body[0];
  if (first && first.kind === 'heading' && plainText(first).trim() === title.trim()) body.shift();
  let out = '';
  const stack: ElementMarkup[] = [];
  const closeTo = (depth: number): void => {
    while (stack.length > depth) {
      const close = closeTag(stack.pop()!);
      if (close) out += `${close}\n`;
    }
  };
  for (const block of body) {
    const markup = block.markup;
    if (!markup) {
      closeTo(0);
      if (block.text !== '') out += plainBlock(block);
      continue;
    }
    let common = 0;
    while (common < stack.length && common < markup.path.length && stack[common]!.element === markup.path[common]!.element) common++;
    closeTo(common);
    for (const container of markup.path.slice(common)) {
      stack.push(container);
      const open = openTag(container, attributes, options);
      if (open) out += `${open}\n`;
    }
    // A code listing is the source's own text on every page.
    const inner = renderInline(markup.verbatim ?? block.text, markup.codes, attributes, options);
    if (markup.element) out += `${openTag(markup.element, attributes, options)}${inner}${closeTag(markup.element)}\n`;
    else if (inner.trim() !== '') out += `${inner}\n`;
  }
  closeTo(0);
  return out;
}

/** A block's text without its code tokens (the title comparison, feeds). */
export function plainText(block: Pick<BodyBlock, 'text'>): string {
  let out = '';
  let last = 0;
  for (const t of tokensOf(block.text)) {
    out += block.text.slice(last, t.start);
    last = t.end;
  }
  return out + block.text.slice(last);
}
