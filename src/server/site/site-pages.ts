/**
 * The site's own pages (About Us, Contact Us): Markdown from `content/pages/{name}/{locale}.md`,
 * written in each locale (not translated in the workbench: see content/pages/README.md), read
 * once when the site router is made and rendered with markdown-it, raw HTML shown as text.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type MarkdownIt from 'markdown-it';
import { LOCALES, type Locale } from '../../locale';

export interface SitePage {
  /** The folder name, and the page's URL under a locale: `/{locale}/{name}`. */
  name: string;
  locale: Locale;
  title: string;
  /** The body (everything after the leading `# title`) as HTML. */
  html: string;
}

/** Page names are URL segments next to `articles/`, `feed.xml` and `sitemap`: lower-case words only. */
const PAGE_NAME = /^[a-z][a-z0-9-]{0,40}$/;
export const RESERVED_PAGE_NAMES: ReadonlySet<string> = new Set(['articles', 'sitemap', 'feed.xml']);

/** `content/pages` of the checkout or the installed package: found by walking up from this file (src/ or dist/). */
export function defaultSitePagesDir(): string | null {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'content', 'pages');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return null;
}

let markdown: ReturnType<typeof MarkdownIt> | undefined;
function renderer(): ReturnType<typeof MarkdownIt> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Markdown = require('markdown-it') as typeof MarkdownIt;
  markdown ??= new Markdown('default', { html: false, linkify: false, typographer: false });
  return markdown;
}

/** One page from its Markdown: the leading level-1 heading is the title. */
export function renderSitePage(name: string, locale: Locale, source: string): SitePage {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const heading = /^# +([^\n]+)\n?/.exec(text.trimStart());
  if (!heading) throw new Error(`content/pages/${name}/${locale}.md: must start with a "# title" line`);
  const title = heading[1]!.trim();
  const body = text.trimStart().slice(heading[0].length);
  return { name, locale, title, html: renderer().render(body) };
}

/** Every page in every locale it is written in; a folder or file that breaks the rules is an error (not skipped). */
export function loadSitePages(dir: string | null = defaultSitePagesDir()): SitePage[] {
  if (!dir || !existsSync(dir)) return [];
  const pages: SitePage[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory()) continue;
    if (!PAGE_NAME.test(entry.name) || RESERVED_PAGE_NAMES.has(entry.name)) {
      throw new Error(`content/pages/${entry.name}: a page folder is named in lower-case letters, digits and hyphens, and not ${[...RESERVED_PAGE_NAMES].join(', ')}`);
    }
    for (const locale of LOCALES) {
      const file = join(dir, entry.name, `${locale}.md`);
      if (existsSync(file)) pages.push(renderSitePage(entry.name, locale, readFileSync(file, 'utf8')));
    }
  }
  return pages;
}
