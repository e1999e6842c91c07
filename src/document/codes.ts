/**
 * Inline codes of structured documents: the unit's InlineCode list made from a block's code
 * markup, and the codes of an existing translation matched to the source's (a link to the same
 * page, or the same article in another locale, is the same code).
 */
import type * as HtmlParser2 from 'htmlparser2';
import { INLINE_CODE_TOKEN, type InlineCode } from './inline-codes';
import { ALLOWED_ATTRIBUTES, PAIRED_INLINE_TAGS, VOID_TAGS, urlAllowed, type CodeMarkup, type ElementMarkup } from './markup';

export function escapeHtml(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&#39;';
    else out += ch;
  }
  return out;
}

/** `<a href="…">`: the start tag of an element, attribute values escaped. */
export function startTag(element: Pick<ElementMarkup, 'tag' | 'attributes'>, extra: Array<[string, string]> = []): string {
  let out = `<${element.tag}`;
  for (const [name, value] of [...element.attributes, ...extra]) out += ` ${name}="${escapeHtml(value)}"`;
  return `${out}>`;
}

interface Token { kind: string; id: string; start: number; end: number }

export function tokensOf(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(new RegExp(INLINE_CODE_TOKEN.source, 'g'))) {
    out.push({ kind: m[0][1] === '/' ? `/${m[1]}` : m[1]!, id: m[2]!, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The unit's inline codes for a segment of a block: the original markup of each code its text holds. */
export function inlineCodesFor(text: string, codes: readonly CodeMarkup[]): InlineCode[] {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const out: InlineCode[] = [];
  const seen = new Set<string>();
  for (const token of tokensOf(text)) {
    const code = byId.get(token.id);
    const key = `${token.kind}:${token.id}`;
    if (!code || seen.has(key)) continue;
    seen.add(key);
    if (token.kind === 'bpt' && code.paired) out.push({ id: code.id, kind: 'bpt', native: startTag(code) });
    else if (token.kind === 'ept' && code.paired) out.push({ id: code.id, kind: 'ept', native: `</${code.tag}>` });
    else if (token.kind === 'ph' && !code.paired) out.push({ id: code.id, kind: 'ph', native: startTag(code) });
  }
  return out;
}

const ARTICLE_PATH = /^\/(en|zh-Hans|zh-Hant|zh-CN|zh-TW|zh-HK|zh)\/articles\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/i;

/**
 * An internal link to an article, whichever locale it names: `/en/articles/x`, `../x`, `x`
 * (relative to the page `/{locale}/articles/{slug}`), or an absolute URL on `siteOrigin`.
 * Null for any other link.
 */
export function articleLink(href: string, page: { locale: string; slug: string }, siteOrigin?: string): { slug: string; locale: string; hash: string } | null {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  const base = `https://site.invalid/${page.locale}/articles/${page.slug}`;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return null;
  }
  const local = url.origin === 'https://site.invalid' || (siteOrigin !== undefined && url.origin === new URL(siteOrigin).origin);
  if (!local) return null;
  const m = ARTICLE_PATH.exec(url.pathname);
  if (!m) return null;
  return { locale: m[1]!, slug: m[2]!.toLowerCase(), hash: url.hash };
}

/** A path segment, file-name suffix or subdomain that names a site's language version: `en`, `zh-cn`, `chs` … */
const LOCALE_NAMES = new Set(['en', 'en-us', 'en-gb', 'eng', 'english', 'zh', 'zh-hans', 'zh-hant', 'zh-cn', 'zh-tw', 'zh-hk', 'zh-mo', 'zh-sg', 'zh_cn', 'zh_tw', 'cn', 'chs', 'cht', 'chinese', 'sc', 'tc']);
/** Query parameters that choose a language. */
const LOCALE_PARAMETERS = ['lang', 'locale', 'language', 'hl'];

/** `report_en.pdf` → `report_{locale}.pdf` (by hand, not by pattern: linear on any name). */
function neutralFileName(segment: string): string {
  const dot = segment.lastIndexOf('.');
  const stem = dot > 0 ? segment.slice(0, dot) : segment;
  for (let i = stem.length - 1; i > 0 && stem.length - i <= 8; i--) {
    const c = stem[i];
    if ((c === '-' || c === '_' || c === '.') && LOCALE_NAMES.has(stem.slice(i + 1).toLowerCase())) return `${stem.slice(0, i + 1)}{locale}${segment.slice(stem.length)}`;
  }
  return segment;
}

/**
 * A web address with the parts that name a language version left out: the English and Chinese
 * versions of a site's page (`/en/news/x`, `/zh-cn/news/x`, `?lang=zh`, `en.site` and `www.site`,
 * `a_en.pdf` and `a_cn.pdf`) are the same link. Anything that is not http(s) is itself.
 */
function localeNeutral(url: URL): string {
  const path = url.pathname.split('/').map((s) => (LOCALE_NAMES.has(s.toLowerCase()) ? '{locale}' : neutralFileName(s))).join('/');
  const query = new URLSearchParams(url.search);
  for (const name of LOCALE_PARAMETERS) query.delete(name);
  const host = url.host.toLowerCase();
  const dot = host.indexOf('.');
  const first = dot > 0 ? host.slice(0, dot) : '';
  const site = first === 'www' || LOCALE_NAMES.has(first) ? host.slice(dot + 1) : host;
  const search = query.toString();
  return `${url.protocol}//${site}${path}${search ? `?${search}` : ''}${url.hash}`;
}

/**
 * Two links are the same when they name the same article (any locale), or the same address but
 * for its language version (relative ones read from each version's own page).
 */
function linkKey(href: string | undefined, page: { locale: string; slug: string }): string {
  if (href === undefined) return '';
  // A link inside the page (a footnote and its way back): each version names its own ids.
  if (href.trim().startsWith('#')) return 'fragment';
  const article = articleLink(href, page);
  if (article) return `article:${article.slug}${article.hash}`;
  let url: URL;
  try {
    url = new URL(href.trim(), `https://site.invalid/${page.locale}/articles/${page.slug}`);
  } catch {
    return href.trim();
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? `url:${localeNeutral(url)}` : href.trim();
}

function attr(code: CodeMarkup, name: string): string | undefined {
  return code.attributes.find(([n]) => n === name)?.[1];
}

/** What became of an aligned translation's codes when they were matched to the source's. */
export interface CodeMatch {
  /** The translation with its tokens renumbered to the source's codes. */
  text: string;
  /** Codes of the translation with no source code to stand for: their tokens left out, their text kept. */
  dropped: CodeMarkup[];
  /** Links of the translation paired with a source link that goes elsewhere: the source's href is the one published. */
  relinked: Array<{ target: CodeMarkup; source: CodeMarkup }>;
}

/** Tags that say the same thing: `b` in one version and `strong` in the other is the same code. */
const SAME_MEANING: Readonly<Record<string, string>> = { b: 'strong', strong: 'b', i: 'em', em: 'i' };

/**
 * Rewrites the code tokens of an aligned translation to the source segment's codes: each target
 * code is matched to an unused source code of the same tag, the same link first (an internal link
 * to the same article in another locale is the same link), then in order, then a tag of the same
 * meaning (`b`/`strong`, `i`/`em`). Tokens of target codes with no match are left out (their text
 * stays) and returned as dropped; a link paired with a source link to another place is returned as
 * relinked. The placeholders check then names each source code the target lacks.
 */
export function matchTargetCodes(
  target: string,
  targetCodes: readonly CodeMarkup[],
  sourceCodes: readonly CodeMarkup[],
  pages: { source: { locale: string; slug: string }; target: { locale: string; slug: string } },
): CodeMatch {
  const tokens = tokensOf(target);
  if (tokens.length === 0) return { text: target, dropped: [], relinked: [] };
  const used = new Set<string>();
  const mapping = new Map<string, string>();
  const byId = new Map(targetCodes.map((c) => [c.id, c]));
  const order: CodeMarkup[] = [];
  for (const t of tokens) {
    const code = byId.get(t.id);
    if (code && (t.kind === 'bpt' || t.kind === 'ph') && !order.includes(code)) order.push(code);
  }
  const linkOf = (code: CodeMarkup, page: { locale: string; slug: string }): string => linkKey(attr(code, 'href') ?? attr(code, 'src'), page);
  const relinked: CodeMatch['relinked'] = [];
  // Same tag and same link first, then same tag in order, then a tag of the same meaning.
  for (const pass of [0, 1, 2]) {
    for (const code of order) {
      if (mapping.has(code.id)) continue;
      const key = linkOf(code, pages.target);
      const match = sourceCodes.find((s) => !used.has(s.id) && s.paired === code.paired
        && (pass === 2 ? SAME_MEANING[code.tag] === s.tag : s.tag === code.tag)
        && (pass !== 0 || linkOf(s, pages.source) === key));
      if (!match) continue;
      used.add(match.id);
      mapping.set(code.id, match.id);
      if (pass > 0 && linkOf(match, pages.source) !== key) relinked.push({ target: code, source: match });
    }
  }
  let out = '';
  let last = 0;
  for (const t of tokens) {
    out += target.slice(last, t.start);
    const id = mapping.get(t.id);
    const kind = t.kind === 'bpt' || t.kind === 'ept' || t.kind === 'ph' ? t.kind : null;
    if (id !== undefined && kind) out += `{${kind}:${id}}`;
    last = t.end;
  }
  return { text: out + target.slice(last), dropped: order.filter((c) => !mapping.has(c.id)), relinked };
}

/** The text a paired code holds in a coded text (tokens left out), or '' when it is not there. */
export function codedTextOf(text: string, id: string): string {
  const tokens = tokensOf(text);
  const open = tokens.find((t) => t.kind === 'bpt' && t.id === id);
  const close = open ? tokens.find((t) => t.kind === 'ept' && t.id === id && t.start >= open.end) : undefined;
  if (!open || !close) return '';
  let out = '';
  let last = open.end;
  for (const t of tokens) {
    if (t.start < open.end || t.end > close.start) continue;
    out += text.slice(last, t.start);
    last = t.end;
  }
  return out + text.slice(last, close.start);
}

/**
 * An inline code as the workbench preview renders it: the element its markup stands for, when it
 * is one of the allowlist's inline elements, with only its allowed attributes (URLs checked).
 * Never the raw markup: a preview builds elements from these, text as text.
 */
export interface CodeElement {
  id: string;
  tag: string;
  paired: boolean;
  attributes: Record<string, string>;
}

// Loaded on first use, as in segmentation/html.ts: commands that never show a unit skip it.
let htmlparser2Module: typeof HtmlParser2 | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load keeps start-up fast
const htmlparser2 = (): typeof HtmlParser2 => (htmlparser2Module ??= require('htmlparser2') as typeof HtmlParser2);

const PREVIEW_PAIRED = new Set<string>(PAIRED_INLINE_TAGS);
const PREVIEW_VOID = new Set<string>(VOID_TAGS);

/** The first start tag of a code's markup, read by htmlparser2 (entities decoded), or null. */
function firstStartTag(native: string): { tag: string; attributes: Record<string, string> } | null {
  let found: { tag: string; attributes: Record<string, string> } | null = null;
  const parser = new (htmlparser2().Parser)({
    onopentag(name, attributes) {
      found ??= { tag: name, attributes };
    },
  }, { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true });
  parser.write(native);
  parser.end();
  return found;
}

/** The elements a unit's codes stand for (start and standalone codes only: an end code closes its start's). */
export function codeElements(codes: readonly InlineCode[]): CodeElement[] {
  const out: CodeElement[] = [];
  for (const code of codes) {
    const paired = code.kind === 'bpt' || code.kind === 'bx' || code.kind === 'g' || code.kind === 'pc';
    if (!paired && code.kind !== 'ph' && code.kind !== 'x') continue;
    if (out.some((c) => c.id === code.id)) continue;
    const start = code.native.length <= 2000 ? firstStartTag(code.native) : null;
    if (!start || !(paired ? PREVIEW_PAIRED : PREVIEW_VOID).has(start.tag)) continue;
    const allowed = [...(ALLOWED_ATTRIBUTES[start.tag] ?? []), ...(ALLOWED_ATTRIBUTES['*'] ?? [])];
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(start.attributes)) {
      if (!allowed.includes(name)) continue;
      if ((name === 'href' || name === 'src') && !urlAllowed(start.tag, value)) continue;
      attributes[name] = value;
    }
    out.push({ id: code.id, tag: start.tag, paired, attributes });
  }
  return out;
}
