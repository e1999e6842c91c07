import { LOCALES, LOCALE_LABELS, openGraphLocale, type Locale } from '../../locale';
import type { PublishedArticle, PublishedArticleSummary } from '../../workflow';
import { html, unsafeRaw, type SafeHtml } from '../http/escape';
import type { Translate } from './i18n';
import { absolute, articlePath, feedPath, listPath, negotiatedArticlePath, sitePagePath } from './urls';
import type { SitePage } from './site-pages';

/** What every page needs besides its content. */
export interface Chrome {
  locale: Locale;
  t: Translate;
  stylesheet: string;
  /** The switcher's script (remembers the reader's choice on click). */
  script: string;
  /** Public origin for canonical and hreflang URLs; root-relative URLs without it. */
  publicUrl?: string;
  /** The site pages written in this locale (by name), for the footer's links. */
  pages?: ReadonlySet<string>;
}

interface SwitcherEntry { locale: Locale; href: string }

interface Page {
  title: string;
  canonical?: string;
  alternates: Array<{ hreflang: string; href: string }>;
  /** Languages offered, the current one included (shown as current, not as a link). */
  switcher: SwitcherEntry[];
  /** Which main-navigation or footer entry this page is, for aria-current. */
  current?: 'home' | 'sitemap' | string;
  /** More of the head: Open Graph properties. */
  meta?: SafeHtml;
  content: SafeHtml;
}

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
function formatDate(iso: string, locale: Locale): { iso: string; text: string } | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  let format = dateFormats.get(locale);
  if (!format) {
    // The site is Jiangmen's: dates are Jiangmen dates wherever the server runs.
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Asia/Shanghai' });
    dateFormats.set(locale, format);
  }
  return { iso: date.toISOString(), text: format.format(date) };
}

function time(iso: string, locale: Locale): SafeHtml {
  const date = formatDate(iso, locale);
  return date ? html`<time datetime="${date.iso}">${date.text}</time>` : html``;
}

function switcher(chrome: Chrome, entries: SwitcherEntry[]): SafeHtml {
  if (entries.length === 0) return html``;
  const { t, locale } = chrome;
  const items = entries.map((entry) =>
    entry.locale === locale
      ? html`<li><span aria-current="true" lang="${entry.locale}">${LOCALE_LABELS[entry.locale]}</span></li>`
      : html`<li><a href="${entry.href}" hreflang="${entry.locale}" lang="${entry.locale}" data-locale="${entry.locale}">${LOCALE_LABELS[entry.locale]}</a></li>`,
  );
  return html`<nav class="switcher" aria-label="${t('nav.language')}"><div class="wrap"><span class="switcher-label">${t('site.readIn')}</span><ul>${items}</ul></div></nav>`;
}

function layout(chrome: Chrome, page: Page): string {
  const { t, locale } = chrome;
  const home = listPath(locale);
  const alternates = page.alternates.map(
    (a) => html`<link rel="alternate" hreflang="${a.hreflang}" href="${absolute(chrome.publicUrl, a.href)}">`,
  );
  const canonical = page.canonical
    ? html`<link rel="canonical" href="${absolute(chrome.publicUrl, page.canonical)}">`
    : html``;
  const homeCurrent = page.current === 'home' ? html` aria-current="page"` : html``;
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} - ${t('site.name')}</title>
<link rel="stylesheet" href="${chrome.stylesheet}">
<script src="${chrome.script}" defer></script>
<link rel="icon" href="data:,">
${canonical}
${alternates}
${page.meta ?? html``}
</head>
<body>
<a class="skip-link" href="#main">${t('site.skipToContent')}</a>
<header class="site-header">
<div class="wrap">
<div class="brand"><a class="site-name" href="${home}">${t('site.name')}</a><p class="tagline">${t('site.tagline')}</p></div>
<nav class="site-nav" aria-label="${t('nav.main')}"><ul><li><a href="${home}"${homeCurrent}>${t('nav.home')}</a></li><li><a href="${home}#articles">${t('nav.articles')}</a></li></ul></nav>
</div>
</header>
${switcher(chrome, page.switcher)}
<main id="main" tabindex="-1"><div class="wrap">
${page.content}
</div></main>
<footer class="site-footer"><div class="wrap">
<p class="footer-title">${t('footer.briefing')}</p>
<ul class="footer-links">${footerLinks(chrome, page.current)}</ul>
<p class="copyright">${t('footer.copyright')}</p>
</div></footer>
</body>
</html>
`.value;
}

/** Sitemap, Contact Us, About Us: links to the pages this locale has (text where a page is not written). */
function footerLinks(chrome: Chrome, current: string | undefined): SafeHtml {
  const { t, locale } = chrome;
  const entries: Array<[name: string, label: string]> = [['sitemap', t('footer.sitemap')], ['contact', t('footer.contact')], ['about', t('footer.about')]];
  return html`${entries.map(([name, label]) => {
    if (name !== 'sitemap' && !chrome.pages?.has(name)) return html`<li>${label}</li>`;
    const here = current === name ? html` aria-current="page"` : html``;
    return html`<li><a href="${sitePagePath(locale, name)}"${here}>${label}</a></li>`;
  })}`;
}

/** The released body: rendered (and escaped) once by the release's render function when it was made. */
function articleBody(article: PublishedArticle): SafeHtml {
  return unsafeRaw(article.html);
}

/**
 * Open Graph for link previews: the page's locale in og:locale's language_TERRITORY form and
 * every other locale the article is released in (only those) as og:locale:alternate.
 */
function openGraph(article: PublishedArticle, chrome: Chrome): SafeHtml {
  const og = (l: Locale): string => openGraphLocale(l, article.hantRegion);
  const others = article.publishedLocales.filter((l) => l !== article.locale);
  return html`<meta property="og:type" content="article">
<meta property="og:title" content="${article.title}">
<meta property="og:site_name" content="${chrome.t('site.name')}">
<meta property="og:locale" content="${og(article.locale)}">
${others.map((l) => html`<meta property="og:locale:alternate" content="${og(l)}">
`)}`;
}

export function renderArticlePage(article: PublishedArticle, chrome: Chrome): string {
  const { locale, t } = chrome;
  const canonical = articlePath(locale, article.slug);
  const published = formatDate(article.publishedAt, locale);
  return layout(chrome, {
    title: article.title,
    canonical,
    alternates: [
      ...article.publishedLocales.map((l) => ({ hreflang: l, href: articlePath(l, article.slug) })),
      { hreflang: 'x-default', href: negotiatedArticlePath(article.slug) },
    ],
    switcher: article.publishedLocales.map((l) => ({ locale: l, href: articlePath(l, article.slug) })),
    meta: openGraph(article, chrome),
    // schema.org as microdata (no script element at all, so the CSP and the one-script rule stand).
    content: html`<article itemscope itemtype="https://schema.org/Article">
<meta itemprop="inLanguage" content="${locale}">
<meta itemprop="headline" content="${article.title}">
${published ? html`<meta itemprop="datePublished" content="${published.iso}">
` : html``}<h1>${article.title}</h1>
<p class="meta">${time(article.updatedAt, locale)}</p>
${article.newerSource ? html`<p class="newer-source"><a href="${articlePath('en', article.slug)}" hreflang="en" lang="en">${t('site.newerSource')}</a></p>` : html``}
<div class="article-body" itemprop="articleBody">
${articleBody(article)}</div>
</article>`,
  });
}

export function renderListPage(summaries: PublishedArticleSummary[], chrome: Chrome): string {
  const { t, locale } = chrome;
  const list =
    summaries.length === 0
      ? html`<p>${t('site.noArticles')}</p>`
      : html`<ul class="article-list">${summaries.map(
          (s) => html`<li><a href="${articlePath(locale, s.slug)}">${s.title}</a>${time(s.updatedAt, locale)}</li>`,
        )}</ul>`;
  return layout(chrome, {
    title: t('site.articles'),
    canonical: listPath(locale),
    alternates: [
      ...LOCALES.map((l) => ({ hreflang: l, href: listPath(l) })),
      { hreflang: 'x-default', href: '/' },
    ],
    switcher: LOCALES.map((l) => ({ locale: l, href: listPath(l) })),
    current: 'home',
    content: html`<h1 id="articles">${t('site.articles')}</h1>\n${list}`,
  });
}

/** The 404 for an article that exists but not in this locale: links to the ones that do. */
export function renderNotPublishedPage(slug: string, publishedLocales: Locale[], chrome: Chrome): string {
  const { t } = chrome;
  const links = publishedLocales.map(
    (l) => html`<li><a href="${articlePath(l, slug)}" hreflang="${l}" lang="${l}">${LOCALE_LABELS[l]}</a></li>`,
  );
  return layout(chrome, {
    title: t('site.notPublished'),
    alternates: [
      ...publishedLocales.map((l) => ({ hreflang: l, href: articlePath(l, slug) })),
      ...(publishedLocales.length > 0 ? [{ hreflang: 'x-default', href: negotiatedArticlePath(slug) }] : []),
    ],
    switcher: publishedLocales.map((l) => ({ locale: l, href: articlePath(l, slug) })),
    content: html`<h1>${t('site.notPublished')}</h1>
<p>${t('site.availableIn')}</p>
<ul class="languages">${links}</ul>`,
  });
}

export function renderNotFoundPage(chrome: Chrome): string {
  const { t } = chrome;
  return layout(chrome, {
    title: t('site.notFound'),
    alternates: [],
    switcher: LOCALES.map((l) => ({ locale: l, href: listPath(l) })),
    content: html`<h1>${t('site.notFound')}</h1>
<p><a href="${listPath(chrome.locale)}">${t('site.backHome')}</a></p>`,
  });
}

/** A site page (About Us, Contact Us) in one locale, with alternates to the locales it is written in. */
export function renderSitePage(page: SitePage, locales: readonly Locale[], chrome: Chrome): string {
  return layout(chrome, {
    title: page.title,
    canonical: sitePagePath(chrome.locale, page.name),
    alternates: [
      ...locales.map((l) => ({ hreflang: l, href: sitePagePath(l, page.name) })),
      // No negotiated URL for site pages: the English one stands for every other language.
      ...(locales.includes('en') ? [{ hreflang: 'x-default', href: sitePagePath('en', page.name) }] : []),
    ],
    switcher: locales.map((l) => ({ locale: l, href: sitePagePath(l, page.name) })),
    current: page.name,
    content: html`<article class="site-page">
<h1>${page.title}</h1>
<div class="article-body">
${unsafeRaw(page.html)}</div>
</article>`,
  });
}

/** What the HTML sitemap lists: this locale's released articles (newest first) and its site pages. */
export interface SitemapInput {
  articles: readonly PublishedArticleSummary[];
  pages: readonly SitePage[];
}

/**
 * The HTML sitemap of a locale: the home page, every released article grouped by the year it was
 * published (newest first), the site's own pages and the feed.
 */
export function renderSitemapPage(input: SitemapInput, chrome: Chrome): string {
  const { t, locale } = chrome;
  const years = new Map<string, PublishedArticleSummary[]>();
  for (const article of input.articles) {
    const year = formatYear(article.updatedAt, locale);
    const list = years.get(year) ?? [];
    list.push(article);
    years.set(year, list);
  }
  const articles = input.articles.length === 0
    ? html`<p>${t('site.noArticles')}</p>`
    : html`${[...years.entries()].map(([year, list]) => html`<section class="sitemap-year" aria-labelledby="sitemap-${year.replace(/\D/g, '')}">
<h3 id="sitemap-${year.replace(/\D/g, '')}">${year}</h3>
<ul class="article-list">${list.map((s) => html`<li><a href="${articlePath(locale, s.slug)}">${s.title}</a>${time(s.updatedAt, locale)}</li>`)}</ul>
</section>
`)}`;
  const pages = input.pages.map((p) => html`<li><a href="${sitePagePath(locale, p.name)}">${p.title}</a></li>`);
  return layout(chrome, {
    title: t('footer.sitemap'),
    canonical: sitePagePath(locale, 'sitemap'),
    alternates: [
      ...LOCALES.map((l) => ({ hreflang: l, href: sitePagePath(l, 'sitemap') })),
      { hreflang: 'x-default', href: sitePagePath('en', 'sitemap') },
    ],
    switcher: LOCALES.map((l) => ({ locale: l, href: sitePagePath(l, 'sitemap') })),
    current: 'sitemap',
    content: html`<h1>${t('footer.sitemap')}</h1>
<nav class="sitemap" aria-label="${t('footer.sitemap')}">
<ul class="sitemap-home"><li><a href="${listPath(locale)}">${t('nav.home')}</a></li></ul>
<section aria-labelledby="sitemap-articles">
<h2 id="sitemap-articles">${t('site.articles')}</h2>
${articles}</section>
<section aria-labelledby="sitemap-pages">
<h2 id="sitemap-pages">${t('site.aboutSite')}</h2>
<ul>${pages}<li><a href="${feedPath(locale)}" type="application/atom+xml">${t('site.feed')}</a></li></ul>
</section>
</nav>`,
  });
}

const yearFormats = new Map<Locale, Intl.DateTimeFormat>();
/** The year of a date as the locale writes it (2026, 2026年), in Jiangmen's time zone like every date here. */
function formatYear(iso: string, locale: Locale): string {
  let format = yearFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'Asia/Shanghai' });
    yearFormats.set(locale, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : format.format(date);
}
