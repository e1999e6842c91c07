/**
 * An HTML page as blocks of coded text. parse5 reads the page as a browser would (repairing what
 * is malformed); sanitize-html keeps only the allowlist of src/document/markup.ts; a walk over the
 * clean tree makes the blocks (headings, paragraphs, list items, table cells, captions, images and
 * the texts of their alt and title attributes), each with its element, its containers and its
 * inline codes. What was removed, unwrapped or repaired is counted in notes, never dropped in silence.
 */
import type * as Parse5 from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import type * as HtmlParser2 from 'htmlparser2';
import type SanitizeHtml from 'sanitize-html';
import {
  ALLOWED_ATTRIBUTES, ALLOWED_IMAGE_SCHEMES, ANCHOR_PREFIX, ALLOWED_SCHEMES, BLOCK_TAGS, CONTAINER_TAGS, PAIRED_INLINE_TAGS, VOID_TAGS,
  urlAllowed, urlScheme, type BlockMarkup, type CodeMarkup, type ElementMarkup,
} from '../document';
import { codedString, collapseWhitespace, type CodedText, type CodeMark } from './coded';
import { SegmentationInputError } from './input';

// Loaded on first use: start-up that `align --sentences`, `check` and the other commands without
// an HTML page never need (tests/cli/startup.test.ts).
let parse5Module: typeof Parse5 | undefined;
let htmlparser2Module: typeof HtmlParser2 | undefined;
let sanitizeModule: typeof SanitizeHtml | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load keeps start-up fast
const parse5 = (): typeof Parse5 => (parse5Module ??= require('parse5') as typeof Parse5);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load keeps start-up fast
const htmlparser2 = (): typeof HtmlParser2 => (htmlparser2Module ??= require('htmlparser2') as typeof HtmlParser2);
const sanitizeHtml = (dirty: string, options: SanitizeHtml.IOptions): string =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load keeps start-up fast
  (sanitizeModule ??= require('sanitize-html') as typeof SanitizeHtml)(dirty, options);

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];

export interface HtmlBlock {
  kind: 'heading' | 'text';
  level: number | null;
  markup: BlockMarkup;
  text: CodedText;
  /** 1-based line of the page where the block starts (its element, else its first element), when known. */
  line: number | null;
}

/** One thing the import changed on the way in, counted by what it was. */
export interface ImportNote {
  kind: 'removed' | 'unwrapped' | 'repaired' | 'limited';
  what: string;
  count: number;
  /** 1-based line of the first occurrence, when known. */
  line: number | null;
  /** 1-based column of the first occurrence, when known (repairs: where the parser's reading differs from the markup as written). */
  column?: number | null;
}

export interface HtmlDocument {
  blocks: HtmlBlock[];
  notes: ImportNote[];
  /** The page's `<title>`, when it has one. */
  title: string | null;
}

/** Elements removed with everything inside them: their content is code or chrome, never article text. */
export const REMOVED_WITH_CONTENT = [
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math',
  'canvas', 'video', 'audio', 'textarea', 'select', 'option', 'button', 'head', 'title',
  // Site navigation is the page's chrome, not the article.
  'nav',
];
/** Head elements that are page metadata, not content: skipped without a note. */
const METADATA = new Set(['html', 'body', 'head', 'meta', 'link', 'base', 'title']);

/** Bigger pages are refused before parsing (a news article's page, scripts and all, is far smaller). */
export const MAX_HTML_CHARACTERS = 5_000_000;
export const MAX_BLOCKS = 5_000;
export const MAX_TEXT_CHARACTERS = 1_000_000;
/** Containers nested deeper than this are flattened (their text kept); so are inline codes. */
export const MAX_CONTAINER_DEPTH = 48;
export const MAX_INLINE_DEPTH = 24;
/**
 * Elements nested deeper than this in the parsed page keep only their text (scripts and the like
 * still removed). As Blink's parser caps its tree (512), this keeps every later pass linear: the
 * sanitiser's work per tag grows with the depth, 100,000 nested divs took it minutes.
 */
export const MAX_TREE_DEPTH = 200;

const ALLOWED_TAGS = new Set<string>([...BLOCK_TAGS, ...CONTAINER_TAGS, ...PAIRED_INLINE_TAGS, ...VOID_TAGS]);
const BLOCK = new Set<string>(BLOCK_TAGS);
const PAIRED = new Set<string>(PAIRED_INLINE_TAGS);
const STRUCTURAL = new Set<string>([...BLOCK_TAGS, ...CONTAINER_TAGS]);

const SANITIZE: SanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: Object.fromEntries(Object.entries(ALLOWED_ATTRIBUTES).map(([k, v]) => [k, k === '*' ? [...v, 'data-bitext-line'] : [...v]])),
  allowedSchemes: [...ALLOWED_SCHEMES],
  allowedSchemesByTag: { img: [...ALLOWED_IMAGE_SCHEMES] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  nonTextTags: REMOVED_WITH_CONTENT,
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
};

class Notes {
  private readonly byKey = new Map<string, ImportNote>();
  add(kind: ImportNote['kind'], what: string, line: number | null, column?: number | null): void {
    const key = `${kind}\u0000${what}`;
    const note = this.byKey.get(key);
    if (note) {
      note.count++;
      if (note.line === null) {
        note.line = line;
        if (column !== undefined) note.column = column;
      }
    } else this.byKey.set(key, column === undefined ? { kind, what, count: 1, line } : { kind, what, count: 1, line, column });
  }
  list(): ImportNote[] {
    return [...this.byKey.values()];
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const HTML_VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param', 'keygen']);
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'rb', 'rt', 'rp', 'colgroup', 'caption', 'html', 'head', 'body']);
const CLOSES_P = new Set(['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul']);

/** Would opening `tag` end the element `top` whose end tag may be left out? */
function impliedEnd(top: string, tag: string): boolean {
  if (top === tag && (top === 'li' || top === 'p' || top === 'dt' || top === 'dd' || top === 'option')) return true;
  if (top === 'p') return CLOSES_P.has(tag);
  if (top === 'td' || top === 'th') return tag === 'td' || tag === 'th' || tag === 'tr' || tag === 'tbody' || tag === 'thead' || tag === 'tfoot';
  if (top === 'tr') return tag === 'tr' || tag === 'tbody' || tag === 'thead' || tag === 'tfoot';
  if (top === 'dt' || top === 'dd') return tag === 'dt' || tag === 'dd';
  if (top === 'thead' || top === 'tbody' || top === 'tfoot') return tag === 'tbody' || tag === 'thead' || tag === 'tfoot';
  return false;
}

/** Line and column (1-based) of an offset of the page. */
function positionOf(starts: number[], offset: number): { line: number; column: number } {
  const line = lineOf(starts, offset);
  return { line, column: offset - starts[line - 1]! + 1 };
}

/**
 * What the parser will repair, told by a tag-level walk (parse5 repairs silently): end tags with
 * no open element, elements closed by another's end tag (misnesting), elements never closed —
 * each at the line and column of the tag concerned (an unclosed element: where it was opened).
 * End tags the HTML standard lets one leave out (p, li, td …) are not problems.
 */
function findRepairs(source: string, notes: Notes, starts: number[]): void {
  const stack: Array<{ tag: string; at: number }> = [];
  let pendingTag = '';
  let pendingAt = 0;
  // Inside svg and math (removed later anyway) `<path/>` is closed; in HTML `<div/>` is an open div.
  const foreign = (): boolean => stack.some((e) => e.tag === 'svg' || e.tag === 'math');
  const opened = (): void => {
    const tag = pendingTag;
    while (stack.length > 0 && impliedEnd(stack[stack.length - 1]!.tag, tag)) stack.pop();
    if (!HTML_VOID.has(tag)) stack.push({ tag, at: pendingAt });
  };
  const add = (what: string, offset: number): void => {
    const { line, column } = positionOf(starts, offset);
    notes.add('repaired', what, line, column);
  };
  const noop = (): void => {};
  const tokenizer = new (htmlparser2().Tokenizer)({ decodeEntities: false }, {
    onattribdata: noop, onattribentity: noop, onattribend: noop, onattribname: noop, oncdata: noop, oncomment: noop,
    ondeclaration: noop, onend: noop, onprocessinginstruction: noop, ontext: noop, ontextentity: noop,
    onopentagname(start, end) {
      pendingTag = source.slice(start, end).toLowerCase();
      pendingAt = Math.max(0, start - 1);
    },
    onopentagend() {
      opened();
    },
    onselfclosingtag() {
      const inForeign = foreign();
      opened();
      if (inForeign && !HTML_VOID.has(pendingTag) && stack[stack.length - 1]?.tag === pendingTag) stack.pop();
    },
    onclosetag(start, end) {
      const tag = source.slice(start, end).toLowerCase();
      if (HTML_VOID.has(tag)) return;
      let at = -1;
      for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.tag === tag) { at = i; break; }
      const offset = Math.max(0, start - 2);
      if (at < 0) {
        add(`end tag </${tag}> with no open <${tag}> (ignored)`, offset);
        return;
      }
      for (let i = stack.length - 1; i > at; i--) {
        if (!OPTIONAL_END.has(stack[i]!.tag)) add(`<${stack[i]!.tag}> closed by </${tag}> (misnested or not closed)`, offset);
      }
      stack.length = at;
    },
  });
  tokenizer.write(source);
  tokenizer.end();
  for (const { tag, at } of stack) if (!OPTIONAL_END.has(tag)) add(`<${tag}> not closed (closed at the end of the page)`, at);
}

/**
 * parse5's own reports of markup it read differently from how it was written, in words: the
 * tokenizer's (a tag cut off, a broken attribute, `<div/>` read as an open div). Its reports of
 * elements closed, misnested or left open are findRepairs' (which names the tags), and a missing
 * or old doctype changes nothing of the article, so both are left out.
 */
const PARSE_ERRORS: Readonly<Record<string, string>> = {
  'eof-in-tag': 'the page ends inside a tag (the tag is dropped)',
  'eof-before-tag-name': 'the page ends after "<" (read as text)',
  'eof-in-comment': 'a comment is never closed (the rest of the page is read as the comment)',
  'eof-in-element-that-can-contain-only-text': 'a script, style or title is never closed (the rest of the page is read as its content)',
  'non-void-html-element-start-tag-with-trailing-solidus': 'a self-closing tag like <div/> of an element that is not void (read as an open element)',
  'duplicate-attribute': 'an attribute given twice (the first is kept)',
  'missing-attribute-value': 'an attribute with "=" but no value',
  'unexpected-character-in-attribute-name': 'a quote or "<" in an attribute name',
  'unexpected-character-in-unquoted-attribute-value': 'a quote, "<", "=" or "`" in an unquoted attribute value',
  'missing-whitespace-between-attributes': 'two attributes with no space between them',
  'unexpected-equals-sign-before-attribute-name': 'an "=" where an attribute name should be',
  'end-tag-with-attributes': 'an end tag with attributes (they are ignored)',
  'invalid-first-character-of-tag-name': 'a "<" that does not start a tag (read as text)',
  'missing-end-tag-name': 'an empty end tag "</>" (ignored)',
  'unexpected-question-mark-instead-of-tag-name': '"<?" (read as a comment)',
  'incorrectly-opened-comment': '"<!" that does not start a comment or doctype (read as a comment)',
  'incorrectly-closed-comment': 'a comment closed with "--!>"',
  'abrupt-closing-of-empty-comment': 'an empty comment "<!-->"',
  'nested-comment': '"<!--" inside a comment',
  'cdata-in-html-content': 'a CDATA section outside svg or math (read as a comment)',
  'unexpected-null-character': 'a NUL character (dropped or replaced)',
  'control-character-in-input-stream': 'a control character in the page',
  'missing-semicolon-after-character-reference': 'a character reference without its ";"',
  'unknown-named-character-reference': 'an unknown character reference (kept as written)',
};

function parseErrorNotes(notes: Notes): (error: Parse5.ParserError) => void {
  return (error) => {
    const what = PARSE_ERRORS[error.code];
    if (what) notes.add('repaired', what, error.startLine, error.startCol);
  };
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function childrenOf(node: Node): Node[] {
  return 'childNodes' in node ? (node as ParentNode).childNodes : [];
}

function attribute(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

/** Counts, on the page as written, what the allowlist will take away (`unwrapped` only of what stays on the page). */
function findRemovals(document: Node, notes: Notes, kept = true): { elements: number; known: number } {
  let elements = 0;
  let known = 0;
  const stack: Node[] = [document];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeName === '#comment') {
      notes.add('removed', 'comment', node.sourceCodeLocation?.startLine ?? null);
      continue;
    }
    if (!isElement(node)) {
      for (let i = childrenOf(node).length - 1; i >= 0; i--) stack.push(childrenOf(node)[i]!);
      continue;
    }
    const tag = node.tagName;
    const line = node.sourceCodeLocation?.startLine ?? null;
    if (node.sourceCodeLocation) elements++;
    if (node.sourceCodeLocation && (ALLOWED_TAGS.has(tag) || KNOWN_HTML.has(tag))) known++;
    for (const { name, value } of node.attrs) {
      if (name.startsWith('on')) notes.add('removed', `${name} attribute (script)`, line);
      else if ((name === 'href' || name === 'src') && !urlAllowed(tag, value)) notes.add('removed', `${name} with a ${schemeName(value)} URL`, line);
      else if (ALLOWED_TAGS.has(tag) && !(ALLOWED_ATTRIBUTES[tag] ?? []).includes(name) && !ALLOWED_ATTRIBUTES['*']!.includes(name)) {
        notes.add('removed', `${name} attribute`, line);
      }
    }
    if (REMOVED_WITH_CONTENT.includes(tag) && tag !== 'head' && tag !== 'title') {
      notes.add('removed', `<${tag}> with its content`, line);
      continue;
    }
    if (tag === 'head') {
      // Only scripts and styles of the head are worth telling about; the rest is metadata.
      for (const child of childrenOf(node)) {
        if (isElement(child) && !METADATA.has(child.tagName)) stack.push(child);
      }
      continue;
    }
    if (kept && !ALLOWED_TAGS.has(tag) && !METADATA.has(tag) && !ARTICLE_ROOTS.has(tag) && node.sourceCodeLocation) notes.add('unwrapped', `<${tag}> (its text kept)`, line);
    const children = tag === 'template' ? [] : childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return { elements, known };
}

function schemeName(url: string): string {
  const colon = url.indexOf(':');
  return colon > 0 ? `${urlScheme(url) ?? url.slice(0, colon).trim().toLowerCase()}:` : 'disallowed';
}

/** Tags of HTML that say "this is an HTML page" even when the allowlist does not keep them. */
const KNOWN_HTML = new Set([
  'html', 'head', 'body', 'title', 'meta', 'link', 'div', 'section', 'article', 'main', 'header', 'footer', 'nav', 'aside',
  'span', 'script', 'style', 'form', 'input', 'dl', 'dt', 'dd', 'pre', 'hr', 'small', 'u', 's', 'abbr', 'time', 'address',
]);

function findChild(node: Node, tag: string): Element | null {
  for (const child of childrenOf(node)) if (isElement(child) && child.tagName === tag) return child;
  return null;
}

function textContent(node: Node): string {
  let out = '';
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.nodeName === '#text') out += (n as DefaultTreeAdapterMap['textNode']).value;
    const children = childrenOf(n);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
}

/** The text of a subtree as a reader sees it: the content of scripts, styles and the like left out. */
function readableText(node: Node): string {
  let out = '';
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.nodeName === '#text') out += (n as DefaultTreeAdapterMap['textNode']).value;
    if (isElement(n) && REMOVED_WITH_CONTENT.includes(n.tagName)) continue;
    const children = n.nodeName === 'template' ? [] : childrenOf(n);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
}

/** Elements deeper than MAX_TREE_DEPTH keep only their text (one text node), said in one note. */
function capDepth(root: Node, notes: Notes): void {
  const stack: Array<{ node: Node; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!('childNodes' in node)) continue;
    const parent = node as ParentNode;
    if (depth >= MAX_TREE_DEPTH && parent.childNodes.some(isElement)) {
      const first = parent.childNodes.find(isElement);
      notes.add('limited', `elements nested deeper than ${MAX_TREE_DEPTH} levels flattened (their text kept)`, first?.sourceCodeLocation?.startLine ?? null);
      // What goes with the markup is said as for any other part of the page.
      for (const child of parent.childNodes) findRemovals(child, notes);
      const text: DefaultTreeAdapterMap['textNode'] = { nodeName: '#text', value: readableText(parent), parentNode: parent as never };
      parent.childNodes = [text];
      continue;
    }
    for (const child of parent.childNodes) stack.push({ node: child, depth: depth + 1 });
  }
}

/** The attribute that carries an element's line through the sanitiser to the block walk (never kept). */
const LINE_ATTRIBUTE = 'data-bitext-line';

/** Each element of the page gets its line as an attribute (one the page itself had is replaced). */
function stampLines(root: Node): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isElement(node)) {
      node.attrs = node.attrs.filter((a) => a.name !== LINE_ATTRIBUTE);
      const line = node.sourceCodeLocation?.startLine;
      if (line !== undefined) node.attrs.push({ name: LINE_ATTRIBUTE, value: String(line) });
    }
    for (const child of childrenOf(node)) stack.push(child);
  }
}

function lineAttribute(node: Node): number | null {
  if (!isElement(node)) return null;
  const value = attribute(node, LINE_ATTRIBUTE);
  return value === undefined ? null : Number(value);
}

interface Builder {
  plain: string;
  marks: CodeMark[];
  codes: CodeMarkup[];
  /** Attribute texts found inside the block (an inline img's alt, a link's title), made blocks after it. */
  attributes: Array<{ element: number; name: 'alt' | 'title'; text: string; line: number | null }>;
}

/** Builds the blocks from the sanitised tree. */
class BlockWalker {
  readonly blocks: HtmlBlock[] = [];
  private elements = 0;
  private characters = 0;

  constructor(private readonly notes: Notes, private readonly fileName: string) {}

  private markupOf(el: Element, attributes: Builder['attributes'] | null): ElementMarkup {
    const element = ++this.elements;
    const kept: Array<[string, string]> = [];
    for (const { name, value } of el.attrs) {
      if (name === LINE_ATTRIBUTE) continue;
      // A non-empty alt or title is translated: it becomes a block of its own.
      if ((name === 'alt' || name === 'title') && value.trim() !== '' && attributes) attributes.push({ element, name, text: value, line: lineAttribute(el) });
      else kept.push([name, value]);
    }
    return { element, tag: el.tagName, attributes: kept };
  }

  private push(block: HtmlBlock): void {
    if (this.blocks.length >= MAX_BLOCKS) {
      throw new SegmentationInputError(this.fileName, null, `the page has more than ${MAX_BLOCKS.toLocaleString('en')} blocks (headings, paragraphs, list items, table cells); split it into several articles`);
    }
    this.characters += block.text.plain.length;
    if (this.characters > MAX_TEXT_CHARACTERS) {
      throw new SegmentationInputError(this.fileName, null, `the page has more than ${MAX_TEXT_CHARACTERS.toLocaleString('en')} characters of text; split it into several articles`);
    }
    this.blocks.push(block);
  }

  private pushAttributes(path: ElementMarkup[], attributes: Builder['attributes']): void {
    for (const a of attributes) {
      const plain = collapseWhitespace({ plain: a.text, marks: [] });
      if (plain.plain === '') continue;
      this.push({ kind: 'text', level: null, markup: { path, element: null, codes: [], attribute: { element: a.element, name: a.name } }, text: plain, line: a.line });
    }
  }

  container(node: Node, path: ElementMarkup[], depth: number): void {
    let pending: Node[] = [];
    const flush = (): void => {
      if (pending.length > 0) {
        const line = pending.map(lineAttribute).find((l) => l !== null) ?? lineAttribute(node);
        this.leaf(null, pending, path, [], line);
      }
      pending = [];
    };
    const hasText = (): boolean => pending.some((n) => (n.nodeName === '#text' ? (n as DefaultTreeAdapterMap['textNode']).value.trim() !== '' : true));
    for (const child of childrenOf(node)) {
      if (!isElement(child)) {
        if (child.nodeName === '#text') pending.push(child);
        continue;
      }
      const tag = child.tagName;
      const inline = PAIRED.has(tag) || tag === 'br' || (tag === 'img' && hasText()) || !STRUCTURAL.has(tag) && tag !== 'img';
      if (inline) {
        pending.push(child);
        continue;
      }
      flush();
      this.blockElement(child, path, depth);
    }
    flush();
  }

  private blockElement(el: Element, path: ElementMarkup[], depth: number): void {
    const tag = el.tagName;
    if (tag === 'hr') {
      // A thematic break: no text, kept in its place on every page.
      this.push({ kind: 'text', level: null, markup: { path, element: this.markupOf(el, null), codes: [] }, text: { plain: '', marks: [] }, line: lineAttribute(el) });
      return;
    }
    if (tag === 'pre') {
      this.preformatted(el, path);
      return;
    }
    if (tag === 'img') {
      const attributes: Builder['attributes'] = [];
      const element = this.markupOf(el, attributes);
      this.push({ kind: 'text', level: null, markup: { path, element, codes: [] }, text: { plain: '', marks: [] }, line: lineAttribute(el) });
      this.pushAttributes(path, attributes);
      return;
    }
    if (depth >= MAX_CONTAINER_DEPTH) {
      this.notes.add('limited', `nesting deeper than ${MAX_CONTAINER_DEPTH} levels flattened`, null);
      this.leaf(null, [el], path, [], lineAttribute(el), true);
      return;
    }
    if (BLOCK.has(tag) && !hasStructuralDescendant(el)) {
      const attributes: Builder['attributes'] = [];
      const element = this.markupOf(el, attributes);
      this.leaf(element, el.childNodes, path, attributes, lineAttribute(el));
      return;
    }
    const attributes: Builder['attributes'] = [];
    const element = this.markupOf(el, attributes);
    const inner = [...path, element];
    this.container(el, inner, depth + 1);
    this.pushAttributes(inner, attributes);
  }

  /**
   * `pre`: its whitespace and line breaks are the text's, kept as written. A code listing (a
   * `pre` holding one `code` element and nothing else, as Markdown writes a code block) is kept
   * verbatim on every page and never translated; any other `pre` (an address, a verse) is one
   * segment, not split into sentences (its lines are not sentences).
   */
  private preformatted(el: Element, path: ElementMarkup[]): void {
    const attributes: Builder['attributes'] = [];
    const element = this.markupOf(el, attributes);
    const builder: Builder = { plain: '', marks: [], codes: [], attributes };
    for (const node of el.childNodes) this.inline(node, builder, 0);
    const text = keepWhitespace({ plain: builder.plain, marks: builder.marks });
    const elements = el.childNodes.filter(isElement);
    const listing = elements.length === 1 && elements[0]!.tagName === 'code'
      && el.childNodes.every((n) => isElement(n) || (n.nodeName === '#text' && (n as DefaultTreeAdapterMap['textNode']).value.trim() === ''));
    if (text.plain.trim() === '') {
      this.pushAttributes(path, attributes);
      return;
    }
    if (listing) {
      this.characters += text.plain.length;
      this.push({ kind: 'text', level: null, markup: { path, element, codes: builder.codes, verbatim: codedString(text) }, text: { plain: '', marks: [] }, line: lineAttribute(el) });
    } else {
      this.push({ kind: 'text', level: null, markup: { path, element, codes: builder.codes }, text, line: lineAttribute(el) });
    }
    this.pushAttributes(path, attributes);
  }

  private leaf(element: ElementMarkup | null, nodes: Node[], path: ElementMarkup[], attributes: Builder['attributes'], line: number | null, flatten = false): void {
    const builder: Builder = { plain: '', marks: [], codes: [], attributes };
    for (const node of nodes) {
      if (flatten) builder.plain += textContent(node);
      else this.inline(node, builder, 0);
    }
    const text = collapseWhitespace({ plain: builder.plain, marks: builder.marks });
    // Loose whitespace between blocks is not a block; an empty table cell still is (the table keeps its shape).
    const keepEmpty = element !== null && (element.tag === 'td' || element.tag === 'th');
    if (!keepEmpty && text.plain === '' && !text.marks.some((m) => !m.closing && !m.opening)) {
      this.pushAttributes(path, builder.attributes);
      return;
    }
    // A spacer (`<p><br></p>`, `<p>&nbsp;<br></p>`: only line breaks) is layout, not a block to translate.
    if (!keepEmpty && text.plain === '' && builder.codes.length > 0 && builder.codes.every((c) => c.tag === 'br')) {
      this.notes.add('removed', 'empty paragraph (only line breaks)', line);
      this.pushAttributes(path, builder.attributes);
      return;
    }
    const heading = element && /^h[1-6]$/.test(element.tag) ? Number(element.tag[1]) : null;
    this.push({ kind: heading ? 'heading' : 'text', level: heading, markup: { path, element, codes: builder.codes }, text, line });
    this.pushAttributes(path, builder.attributes);
  }

  private inline(node: Node, b: Builder, depth: number): void {
    if (node.nodeName === '#text') {
      b.plain += (node as DefaultTreeAdapterMap['textNode']).value;
      return;
    }
    if (!isElement(node)) return;
    const tag = node.tagName;
    if (depth >= MAX_INLINE_DEPTH) {
      this.notes.add('limited', `inline markup nested deeper than ${MAX_INLINE_DEPTH} levels flattened`, null);
      b.plain += textContent(node);
      return;
    }
    if (tag === 'br' || tag === 'img') {
      const id = String(b.codes.length + 1);
      b.codes.push({ ...this.markupOf(node, b.attributes), id, paired: false });
      b.marks.push({ at: b.plain.length, token: `{ph:${id}}`, closing: false, opening: false });
      // A line break is whitespace to sentence splitting (the code stays where it was).
      if (tag === 'br') b.plain += '\n';
      return;
    }
    // A span says something only with a language; otherwise it is layout and goes.
    if (PAIRED.has(tag) && !(tag === 'span' && !attribute(node, 'lang'))) {
      const id = String(b.codes.length + 1);
      b.codes.push({ ...this.markupOf(node, b.attributes), id, paired: true });
      // A superscript may be a footnote reference: sentence splitting keeps it with its sentence.
      const note = tag === 'sup' ? { note: true } : {};
      b.marks.push({ at: b.plain.length, token: `{bpt:${id}}`, closing: false, opening: true, ...note });
      for (const child of node.childNodes) this.inline(child, b, depth + 1);
      b.marks.push({ at: b.plain.length, token: `{ept:${id}}`, closing: true, opening: false, ...note });
      return;
    }
    for (const child of childrenOf(node)) this.inline(child, b, depth + 1);
  }
}

/**
 * Preformatted text as written: only blank lines at the start and whitespace at the end go
 * (a browser does not show them either); indentation and line breaks inside stay.
 */
function keepWhitespace(text: CodedText): CodedText {
  const { plain } = text;
  let start = 0;
  for (let i = 0; i < plain.length; i++) {
    const code = plain.charCodeAt(i);
    if (code === 0x0a) start = i + 1;
    else if (code !== 0x20 && code !== 0x09 && code !== 0x0d) break;
  }
  let end = plain.length;
  while (end > start && /\s/.test(plain[end - 1]!)) end--;
  return { plain: plain.slice(start, end), marks: text.marks.map((m) => ({ ...m, at: Math.min(Math.max(m.at - start, 0), end - start) })) };
}

/** Is there an element anywhere below `el` that passes `test`? (A loop, not recursion: pages nest deep.) */
function hasDescendant(el: Element, test: (node: Element) => boolean): boolean {
  const stack: Node[] = [...el.childNodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (test(node)) return true;
    stack.push(...node.childNodes);
  }
  return false;
}

/** Is there a block or container element anywhere below (then the element is a container, not a block)? */
function hasStructuralDescendant(el: Element): boolean {
  return hasDescendant(el, (node) => STRUCTURAL.has(node.tagName));
}

/** The elements that hold the article on a site's page: unwrapped without a note. */
const ARTICLE_ROOTS = new Set(['article', 'main']);
/** Roles of the page's furniture (WAI-ARIA landmarks), never the article. */
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);
/** Class and id names a CMS gives its furniture (whole names only: `article-header` is not one). */
const CHROME_NAMES = new Set([
  'nav', 'navbar', 'navigation', 'menu', 'mainmenu', 'main-menu', 'topnav', 'top-nav', 'sidebar', 'side-bar', 'breadcrumb',
  'breadcrumbs', 'crumbs', 'header', 'footer', 'site-footer', 'page-footer', 'site-header', 'masthead', 'topbar', 'top-bar', 'toolbar',
  'skip-link', 'skiplink', 'share', 'sharing', 'social', 'cookie-banner', 'cookies', 'pagination', 'pager', 'related', 'widget',
  // Chinese government CMSs: the "current location" line, the share and print bar.
  'position', 'location', 'crumb', 'dqwz', 'weizhi', 'bshare', 'fenxiang', 'copyright',
  // Their article tools: font size, Baidu or JiaThis share buttons (print and close go by their label:
  // TRS's `id="zoom"` and some `class="print"` hold the article itself).
  'fontsize', 'font-size', 'tools', 'article-tools', 'bdsharebuttonbox', 'jiathis', 'jiathis_style',
]);
/** A "you are here" line opening with its label, in English or Chinese (the breadcrumb, however it is marked). */
const BREADCRUMB_LABEL = /^\s*(?:location|current location|you are here|当前位置|您现在的位置|您的位置|现在位置)\s*[:：]/i;
/** A page tool line, however it is marked: 【字体：大 中 小】, 打印本页, 关闭窗口, 分享到, view counts. */
const TOOL_LABEL = /^\s*(?:【?\s*字[体號号]\s*[:：]|分享到|打印本页|打印本頁|关闭窗口|關閉窗口|浏览次数|阅读次数|點擊數|点击数|font size\s*[:：]|print this page|close (?:this )?window|share (?:this|on)\b)/i;

/** Elements below `node` that pass `test` (not looked into further); with `all`, every element, in document order. */
function elementsBelow(node: Node, test: (el: Element, inArticle: boolean) => boolean, all = false): Element[] {
  const out: Element[] = [];
  const walk = (n: Node, inArticle: boolean, depth: number): void => {
    // Bounded: a page nested deeper than this is flattened later anyway.
    if (depth > MAX_TREE_DEPTH) return;
    for (const child of childrenOf(n)) {
      if (!isElement(child)) continue;
      if (all) out.push(child);
      else if (test(child, inArticle)) { out.push(child); continue; }
      walk(child, inArticle || child.tagName === 'article', depth + 1);
    }
  };
  walk(node, false, 0);
  return out;
}

function containsTag(el: Element, tag: string): boolean {
  return hasDescendant(el, (node) => node.tagName === tag);
}

/** Is this element the page's furniture (header, navigation, sidebar, footer) rather than the article's? */
function isChrome(el: Element, inArticle: boolean): boolean {
  if (inArticle) return false;
  const tag = el.tagName;
  if (tag === 'article' || tag === 'main') return false;
  if (tag === 'aside' || tag === 'nav') return true;
  const holdsH1 = containsTag(el, 'h1');
  // A header or footer is the page's when no article or section holds it (HTML's own rule).
  if ((tag === 'header' || tag === 'footer') && !holdsH1) return true;
  const role = attribute(el, 'role');
  if (role && CHROME_ROLES.has(role.trim().toLowerCase())) return true;
  if (!holdsH1 && !containsTag(el, 'h2')) {
    const text = readableText(el);
    if (text.length < 300 && (BREADCRUMB_LABEL.test(text.slice(0, 40)) || TOOL_LABEL.test(text.slice(0, 40)))) return true;
  }
  const names = `${attribute(el, 'class') ?? ''} ${attribute(el, 'id') ?? ''}`.toLowerCase().split(/\s+/).filter(Boolean);
  return names.some((n) => CHROME_NAMES.has(n)) && !holdsH1 && !hasDescendant(el, (node) => node.tagName === 'article' || node.tagName === 'main');
}

function describeElement(el: Element): string {
  const id = attribute(el, 'id');
  const cls = attribute(el, 'class')?.trim().split(/\s+/)[0];
  return `<${el.tagName}${id ? ` id="${id}"` : cls ? ` class="${cls}"` : ''}>`;
}

/** Elements that start a block of their own in a browser's layout (what a paragraph cannot hold). */
const BLOCK_LEVEL = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'li', 'dt', 'dd', 'table', 'tr', 'td', 'th', 'caption', 'div', 'section', 'article',
  'main', 'header', 'footer', 'aside', 'nav', 'blockquote', 'figure', 'figcaption', 'pre', 'hr', 'form', 'fieldset', 'address', 'center',
]);

function hasBlockContent(el: Element): boolean {
  return hasDescendant(el, (node) => BLOCK_LEVEL.has(node.tagName));
}

/**
 * Without an `<article>` or `<main>`, the article of a site's page (an old CMS's page laid out
 * with tables and divs) is found as a reader-view tool finds it: the element holding the most
 * paragraph text (a block's text counts for its parent, half for the grandparent), joined with
 * the page's title heading — the smallest element holding both. Null when that is the body.
 */
function contentRoot(body: Element): Element | null {
  const scores = new Map<Element, number>();
  const stack: Array<{ node: Node; depth: number }> = [{ node: body, depth: 0 }];
  const headings: Element[] = [];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isElement(node) || REMOVED_WITH_CONTENT.includes(node.tagName) || depth > MAX_TREE_DEPTH) continue;
    if (node.tagName === 'h1' || node.tagName === 'h2') headings.push(node);
    if (node !== body && !hasBlockContent(node)) {
      const length = readableText(node).replace(/\s+/g, '').length;
      const parent = node.parentNode as Element | null;
      if (length > 0 && parent && 'tagName' in parent) {
        scores.set(parent, (scores.get(parent) ?? 0) + length);
        const grand = parent.parentNode as Element | null;
        if (grand && 'tagName' in grand) scores.set(grand, (scores.get(grand) ?? 0) + length / 2);
      }
      continue;
    }
    for (const child of node.childNodes) stack.push({ node: child, depth: depth + 1 });
  }
  let content: Element | null = null;
  let best = 0;
  for (const [el, score] of scores) if (score > best) { best = score; content = el; }
  // The title heading: an h1 that is not the site's name in its header (else the first h2 that is not).
  const inHeader = (el: Element): boolean => {
    for (let at = el.parentNode as Element | null; at && 'tagName' in at; at = at.parentNode as Element | null) {
      // By its tag, role or names only (cheap: isChrome would read the whole subtree of each ancestor).
      if (at.tagName === 'header' || at.tagName === 'nav' || at.tagName === 'aside') return true;
      const role = attribute(at, 'role')?.trim().toLowerCase();
      if (role && CHROME_ROLES.has(role)) return true;
      if (`${attribute(at, 'class') ?? ''} ${attribute(at, 'id') ?? ''}`.toLowerCase().split(/\s+/).some((n) => CHROME_NAMES.has(n))) return true;
    }
    return false;
  };
  // In the page's order (the walk above is not), at most 50 of each looked at.
  const ordered = headings.sort((a, b) => (a.sourceCodeLocation?.startOffset ?? Infinity) - (b.sourceCodeLocation?.startOffset ?? Infinity));
  const ones = ordered.filter((h) => h.tagName === 'h1').slice(0, 50).filter((h) => !inHeader(h));
  const h1s = ones.length > 0 ? ones : ordered.filter((h) => h.tagName === 'h2').slice(0, 50).filter((h) => !inHeader(h)).slice(0, 1);
  if (!content || h1s.length === 0) return null;
  const ancestors = (el: Element): Element[] => {
    const out: Element[] = [];
    for (let at: Element | null = el; at && 'tagName' in at; at = at.parentNode as Element | null) out.push(at);
    return out;
  };
  const contentLine = new Set(ancestors(content));
  // The title heading nearest the content (a site name in an h1 of the header joins it only at the body).
  let root: Element | null = null;
  let deepest = -1;
  for (const h1 of h1s) {
    const line = ancestors(h1);
    const common = line.find((el) => contentLine.has(el));
    const depth = common ? ancestors(common).length : -1;
    if (common && depth > deepest) { deepest = depth; root = common; }
  }
  return root && root !== body ? root : null;
}

/**
 * A table that lays out the page (a cell holding a heading or another table, or marked
 * presentation), not one of data (no th, caption or thead of its own).
 */
function isLayoutTable(table: Element): boolean {
  const role = attribute(table, 'role')?.trim().toLowerCase();
  if (role === 'presentation' || role === 'none') return true;
  let layout = false;
  const stack: Node[] = [...table.childNodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    const tag = node.tagName;
    if (tag === 'th' || tag === 'caption' || tag === 'thead') return false;
    if (tag === 'table' || /^h[1-6]$/.test(tag)) {
      layout = true;
      continue;
    }
    stack.push(...node.childNodes);
  }
  return layout;
}

function replaceWith(node: Element, replacement: Node[]): void {
  const parent = node.parentNode as ParentNode;
  const children = replacement as ParentNode['childNodes'];
  for (const child of children) (child as { parentNode: ParentNode }).parentNode = parent;
  parent.childNodes.splice(parent.childNodes.indexOf(node as never), 1, ...children);
}

function rename(el: Element, tag: string): void {
  el.tagName = tag;
  el.nodeName = tag;
}

/**
 * The article's layout made into its structure, the same whichever way each language's CMS
 * wrote it: a layout table's cells become the page's flow (a cell of text a paragraph), and a
 * `<div>` (section, centre …) holding only text and inline markup is a paragraph, as a browser
 * shows it — unwrapped, two such divs would run into one block. Each said in a note.
 */
function normaliseLayout(root: Element, notes: Notes): void {
  const tables = elementsBelow(root, () => false, true).filter((el) => el.tagName === 'table');
  const layout = tables.filter(isLayoutTable);
  // Innermost first: an outer table's cells then hold the inner one's flow.
  for (const table of layout.reverse()) {
    notes.add('unwrapped', 'layout <table> (its cells kept as the page\'s flow)', table.sourceCodeLocation?.startLine ?? null);
    const flow: Node[] = [];
    const cells = elementsBelow(table, (el) => el.tagName === 'td' || el.tagName === 'th');
    for (const cell of cells) {
      if (hasBlockContent(cell)) flow.push(...cell.childNodes);
      else if (readableText(cell).trim() !== '' || cell.childNodes.some((n) => isElement(n) && n.tagName === 'img')) {
        rename(cell, 'p');
        cell.attrs = [];
        flow.push(cell);
      }
    }
    replaceWith(table, flow);
  }
  const TEXT_WRAPPERS = new Set(['div', 'section', 'article', 'center', 'address', 'header', 'footer', 'aside', 'main']);
  for (const el of elementsBelow(root, () => false, true)) {
    if (!TEXT_WRAPPERS.has(el.tagName) || hasBlockContent(el) || readableText(el).trim() === '') continue;
    const parent = el.parentNode as Element | null;
    // The only thing in a list item or a cell: that block is already the paragraph.
    const alone = parent !== null && 'tagName' in parent && BLOCK.has(parent.tagName)
      && parent.childNodes.every((n) => n === el || (n.nodeName === '#text' && (n as DefaultTreeAdapterMap['textNode']).value.trim() === '') || n.nodeName === '#comment');
    if (alone) continue;
    notes.add('unwrapped', `<${el.tagName}> holding text (kept as a paragraph)`, el.sourceCodeLocation?.startLine ?? null);
    rename(el, 'p');
  }
}

/**
 * A site's page is an article inside the site's furniture. The article is the page's one
 * `<article>` (or its `<main>` when the article has no heading and the main has), else its one
 * `<main>` or `role=main`, else the body; around it and inside a main or body, headers,
 * navigation, sidebars and footers (by element, landmark role or a CMS's class names) are left
 * out, each said in a note. Everything of an `<article>` is the article's.
 */
function keepArticle(body: Element, notes: Notes): void {
  const articles = elementsBelow(body, (el) => el.tagName === 'article');
  const mains = elementsBelow(body, (el) => el.tagName === 'main' || attribute(el, 'role')?.trim().toLowerCase() === 'main');
  const hasHeading = (el: Element): boolean => hasDescendant(el, (node) => node.tagName === 'h1' || node.tagName === 'h2');
  let root: Element = body;
  if (articles.length === 1) {
    const article = articles[0]!;
    const main = mains.length === 1 && elementsBelow(mains[0]!, (el) => el === article).length > 0 ? mains[0]! : null;
    root = !hasHeading(article) && main && hasHeading(main) ? main : article;
  } else if (mains.length === 1) root = mains[0]!;
  else root = contentRoot(body) ?? body;
  const drop = (node: Node, parent: ParentNode): void => {
    if (isElement(node)) {
      notes.add('removed', `${describeElement(node)} outside the article (page furniture)`, node.sourceCodeLocation?.startLine ?? null);
      findRemovals(node, notes, false);
    }
    parent.childNodes.splice(parent.childNodes.indexOf(node as never), 1);
  };
  if (root !== body) {
    // Everything beside the path from the body down to the article is the site's.
    let child: Node = root;
    let parent = root.parentNode as ParentNode | null;
    while (parent && (child as Node) !== body) {
      for (const sibling of [...parent.childNodes]) {
        if (sibling === child) continue;
        if (sibling.nodeName === '#text' && (sibling as DefaultTreeAdapterMap['textNode']).value.trim() === '') continue;
        if (sibling.nodeName === '#comment') continue;
        drop(sibling, parent);
      }
      child = parent as Node;
      parent = (parent as Element).parentNode ?? null;
      if ((child as Node) === body) break;
    }
  }
  if (root.tagName !== 'article') {
    for (const el of elementsBelow(root, isChrome)) drop(el, el.parentNode as ParentNode);
  }
}

/**
 * The ids the page's own `#` links go to (a footnote and its back-reference) are kept, renamed
 * with ANCHOR_PREFIX, and so are those links; every other id goes, said in a note.
 */
function keepAnchors(root: Element, notes: Notes): void {
  const all = elementsBelow(root, () => false, true);
  const fragment = (el: Element): string | null => {
    const href = el.tagName === 'a' ? attribute(el, 'href')?.trim() : undefined;
    return href && href.length > 1 && href.startsWith('#') ? href.slice(1) : null;
  };
  const targets = new Set<string>();
  for (const el of all) {
    const id = fragment(el);
    if (id !== null) targets.add(id);
  }
  const kept = new Set<string>();
  for (const el of all) {
    const id = attribute(el, 'id');
    if (id === undefined) continue;
    el.attrs = el.attrs.filter((a) => a.name !== 'id');
    if (targets.has(id) && /^[A-Za-z0-9_-]{1,64}$/.test(id)) {
      el.attrs.push({ name: 'id', value: `${ANCHOR_PREFIX}${id}` });
      kept.add(id);
    } else notes.add('removed', 'id attribute', el.sourceCodeLocation?.startLine ?? null);
  }
  for (const el of all) {
    const id = fragment(el);
    if (id !== null && kept.has(id)) el.attrs = el.attrs.map((a) => (a.name === 'href' ? { name: 'href', value: `#${ANCHOR_PREFIX}${id}` } : a));
  }
}

/** A whole JSON object or array (a CMS's API answer saved as .html): markup inside its strings is not a page. */
function looksLikeJson(source: string): boolean {
  const first = source.trimStart()[0];
  if (first !== '{' && first !== '[') return false;
  try {
    JSON.parse(source);
    return true;
  } catch {
    return false;
  }
}

/** Reads an HTML page into blocks. Throws SegmentationInputError for what is not an article page. */
export function parseHtml(source: string, fileName: string, options: { markdown?: boolean } = {}): HtmlDocument {
  if (source.length > MAX_HTML_CHARACTERS) {
    throw new SegmentationInputError(fileName, null, `the page is ${(source.length / 1e6).toFixed(1)} million characters; at most ${MAX_HTML_CHARACTERS / 1e6} million are read (save the article's own HTML, or split it)`);
  }
  if (!options.markdown && looksLikeJson(source)) {
    throw new SegmentationInputError(fileName, null, 'is JSON, not HTML: import the article\'s HTML page (or its text as .txt)');
  }
  const notes = new Notes();
  const starts = lineStarts(source);
  const document = parse5().parse(source, { sourceCodeLocationInfo: true, onParseError: parseErrorNotes(notes) });
  const { elements, known } = findRemovals(document, new Notes());
  // markdown-it's HTML of a page with no text has no elements: an empty document, said by the caller.
  if (options.markdown && elements === 0) return { blocks: [], notes: [], title: null };
  if (elements === 0 || known === 0) {
    throw new SegmentationInputError(fileName, null, 'does not look like HTML (no HTML elements): import it as .txt or .md, or save the page as HTML');
  }
  findRepairs(source, notes, starts);
  const html = findChild(document, 'html');
  const head = html ? findChild(html, 'head') : null;
  const body = html ? findChild(html, 'body') : null;
  // First, so that every later pass over the tree is bounded by its depth.
  if (body) capDepth(body, notes);
  if (body && !options.markdown) {
    keepArticle(body, notes);
    normaliseLayout(body, notes);
  }
  if (body) keepAnchors(body, notes);
  findRemovals(document, notes);
  if (body) stampLines(body);
  const titleElement = head ? findChild(head, 'title') : null;
  const title = titleElement ? textContent(titleElement).replace(/\s+/g, ' ').trim() || null : null;
  const clean = sanitizeHtml(body ? parse5().serialize(body) : '', SANITIZE);
  const walker = new BlockWalker(notes, fileName);
  walker.container(parse5().parseFragment(clean), [], 0);
  const blocks = walker.blocks;
  if (!options.markdown && !blocks.some((b) => b.text.plain.trim() !== '')) {
    throw new SegmentationInputError(fileName, null, 'the page has no body text (after removing scripts, styles and markup)');
  }
  return { blocks, notes: notes.list(), title };
}

/** One line a note, naming the file (and line): what the import tells on stderr and in API results. */
export function describeNote(fileName: string, note: ImportNote): string {
  const where = note.line === null ? fileName : note.column ? `${fileName}:${note.line}:${note.column}` : `${fileName}:${note.line}`;
  const times = note.count > 1 ? ` (${note.count} times)` : '';
  return `${where}: ${note.kind} ${note.what}${times}`;
}
