import { createHash } from 'node:crypto';

/**
 * The site's only stylesheet, served by us at a content-hashed URL so the CSP can forbid
 * inline styles and browsers can keep it for a year. Fonts: each script gets its own list,
 * chosen with :lang() so that a 繁體中文 label inside an English page gets a Traditional font.
 */
export const SITE_CSS = `
:root {
  --fg: #1d2329; --muted: #58616b; --bg: #fff; --band: #a3201c; --band-fg: #fff;
  --accent: #0b57a4; --line: #dde1e6; --soft: #f5f6f8; --focus: #f0a500;
  --measure: 44rem; --gutter: clamp(1rem, 4vw, 2rem);
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; min-height: 100vh; display: flex; flex-direction: column;
  color: var(--fg); background: var(--bg); line-height: 1.65; font-size: 1.0625rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
}
:lang(zh-Hans) {
  font-family: system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
    "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei", sans-serif;
}
:lang(zh-Hant) {
  font-family: system-ui, -apple-system, "PingFang TC", "PingFang HK", "Noto Sans CJK TC", "Source Han Sans TC",
    "Microsoft JhengHei", "Noto Sans TC", "WenQuanYi Micro Hei", sans-serif;
}
:lang(en) {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
}
html:lang(zh) body { line-height: 1.85; letter-spacing: 0.02em; }
html:lang(zh) .article-body p { text-align: justify; line-break: strict; }
.wrap { width: 100%; max-width: calc(var(--measure) + 2 * var(--gutter)); margin: 0 auto; padding: 0 var(--gutter); }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
.skip-link {
  position: absolute; left: 0.5rem; top: -4rem; z-index: 10; padding: 0.5rem 1rem;
  background: var(--fg); color: #fff; font-weight: 600; text-decoration: none; border-radius: 0 0 4px 4px;
}
.skip-link:focus { top: 0; }
.site-header { background: var(--band); color: var(--band-fg); }
.site-header .wrap { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.25rem 1.5rem; padding-top: 1rem; padding-bottom: 1rem; }
.brand { display: flex; flex-direction: column; min-width: 0; }
.site-name { color: var(--band-fg); font-size: clamp(1.2rem, 1rem + 1.2vw, 1.6rem); font-weight: 700; text-decoration: none; line-height: 1.3; letter-spacing: 0.02em; }
.tagline { margin: 0.15rem 0 0; font-size: 0.9rem; opacity: 0.9; }
.site-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0; padding: 0; }
.site-nav a { color: var(--band-fg); text-decoration: none; font-weight: 500; }
.site-nav a:hover, .site-nav a[aria-current] { text-decoration: underline; text-underline-offset: 0.3em; }
.site-header :focus-visible { outline-color: #fff; }
.switcher { background: var(--soft); border-bottom: 1px solid var(--line); font-size: 0.95rem; }
.switcher .wrap { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.75rem; padding-top: 0.5rem; padding-bottom: 0.5rem; }
.switcher-label { color: var(--muted); }
.switcher ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; margin: 0; padding: 0; }
.switcher a, .switcher [aria-current] { display: inline-block; padding: 0.2rem 0.65rem; border-radius: 999px; border: 1px solid var(--line); background: var(--bg); text-decoration: none; line-height: 1.5; }
.switcher [aria-current] { background: var(--fg); border-color: var(--fg); color: #fff; font-weight: 600; }
main { flex: 1 0 auto; padding-top: clamp(1.25rem, 3vw, 2.5rem); padding-bottom: 3rem; }
h1, h2, h3 { line-height: 1.3; letter-spacing: 0; }
h1 { font-size: clamp(1.6rem, 1.2rem + 2vw, 2.3rem); margin: 0 0 0.5rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.75rem; }
h3, h4, h5, h6 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
.meta { color: var(--muted); font-size: 0.9rem; margin: 0 0 1.75rem; }
.article-body p { margin: 0 0 1.1em; overflow-wrap: break-word; }
.site-page blockquote { margin: 0 0 1.25em; padding: 0.6em 1em; border-left: 4px solid #b8860b; background: #fdf8e8; }
.site-page blockquote p { margin: 0; }
.sitemap ul { margin: 0 0 1em; }
.article-list { list-style: none; margin: 1.5rem 0 0; padding: 0; border-top: 1px solid var(--line); }
.article-list li { padding: 0.9rem 0; border-bottom: 1px solid var(--line); }
.article-list a { font-size: 1.15rem; font-weight: 600; text-decoration: none; }
.article-list a:hover { text-decoration: underline; }
.article-list time { display: block; color: var(--muted); font-size: 0.875rem; margin-top: 0.2rem; }
.languages { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.languages a { display: inline-block; padding: 0.35rem 0.9rem; border: 1px solid var(--accent); border-radius: 999px; text-decoration: none; }
.site-footer { background: #2b3036; color: #e8eaed; font-size: 0.9rem; padding: 1.5rem 0 2rem; }
.site-footer a { color: #fff; }
.footer-title { font-size: 1rem; margin: 0 0 0.5rem; font-weight: 600; }
.footer-links { list-style: none; display: flex; flex-wrap: wrap; margin: 0 0 0.75rem; padding: 0; }
.footer-links li + li::before { content: "|"; margin: 0 0.6rem; color: #9aa0a6; }
.copyright { margin: 0; color: #bdc1c6; }
@media (min-width: 48rem) {
  body { font-size: 1.125rem; }
}
@media print {
  .site-header, .switcher, .site-footer, .skip-link { display: none; }
}
`;

const hash = createHash('sha256').update(SITE_CSS).digest('base64url').slice(0, 12);
/** Content-hashed, so a new stylesheet is a new URL and the old one may be cached forever. */
export const SITE_CSS_PATH = `/assets/site.${hash}.css`;
export const SITE_CSS_BUFFER = Buffer.from(SITE_CSS, 'utf8');
