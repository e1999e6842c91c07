/**
 * Markdown pages through markdown-it (CommonMark with tables): rendered to HTML, then read as an
 * HTML page, so headings, paragraphs, lists, tables, links, emphasis and images become blocks and
 * inline codes exactly as in HTML (raw HTML in the Markdown passes the same allowlist).
 */
import type MarkdownIt from 'markdown-it';

let renderer: ReturnType<typeof MarkdownIt> | null = null;

export function markdownToHtml(text: string): string {
  // Loaded on first use, like the HTML parsers. linkify off: a bare URL stays text, as written.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Markdown = require('markdown-it') as typeof MarkdownIt;
  renderer ??= new Markdown('default', { html: true, linkify: false, typographer: false });
  return renderer.render(text);
}
