/** The site files search engines and feed readers expect: /sitemap.xml, /robots.txt, /{locale}/feed.xml. */
import { LOCALES, type Locale } from '../../locale';
import type { PublishedArticleSummary, SiteContent } from '../../workflow';
import { escapeHtml } from '../http';
import type { Translate } from './i18n';
import { articlePath, negotiatedArticlePath, sitePagePath } from './urls';
import type { SitePage } from './site-pages';

const xml = escapeHtml;

/** Every released page, with an alternate per released locale and x-default, newest date as lastmod; then the site's own pages. */
export async function renderSitemap(site: SiteContent, origin: string, pages: readonly SitePage[] = []): Promise<string> {
  const bySlug = new Map<string, Map<Locale, PublishedArticleSummary>>();
  for (const locale of LOCALES) {
    for (const summary of await site.listPublished(locale)) {
      const locales = bySlug.get(summary.slug) ?? new Map<Locale, PublishedArticleSummary>();
      locales.set(locale, summary);
      bySlug.set(summary.slug, locales);
    }
  }
  const urls: string[] = [];
  for (const [slug, locales] of [...bySlug.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const alternates = [...locales.keys()].map((l) => `    <xhtml:link rel="alternate" hreflang="${l}" href="${xml(origin + articlePath(l, slug))}"/>`);
    alternates.push(`    <xhtml:link rel="alternate" hreflang="x-default" href="${xml(origin + negotiatedArticlePath(slug))}"/>`);
    for (const [locale, summary] of locales) {
      urls.push(`  <url>\n    <loc>${xml(origin + articlePath(locale, slug))}</loc>\n    <lastmod>${xml(new Date(summary.updatedAt).toISOString())}</lastmod>\n${alternates.join('\n')}\n  </url>`);
    }
  }
  // The site pages and the HTML sitemap of each locale: alternates to the locales each is written in, English as x-default.
  const byName = new Map<string, Locale[]>();
  for (const page of pages) byName.set(page.name, [...(byName.get(page.name) ?? []), page.locale]);
  byName.set('sitemap', [...LOCALES]);
  for (const [name, locales] of byName) {
    const alternates = locales.map((l) => `    <xhtml:link rel="alternate" hreflang="${l}" href="${xml(origin + sitePagePath(l, name))}"/>`);
    if (locales.includes('en')) alternates.push(`    <xhtml:link rel="alternate" hreflang="x-default" href="${xml(origin + sitePagePath('en', name))}"/>`);
    for (const locale of locales) urls.push(`  <url>\n    <loc>${xml(origin + sitePagePath(locale, name))}</loc>\n${alternates.join('\n')}\n  </url>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`;
}

export function renderRobots(origin: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /workbench/\nDisallow: /api/\n\nSitemap: ${origin}/sitemap.xml\n`;
}

/** An Atom feed of a locale's releases, newest first, titled in its language. */
export function renderFeed(locale: Locale, summaries: readonly PublishedArticleSummary[], t: Translate, origin: string): string {
  const self = `${origin}/${locale}/feed.xml`;
  const updated = summaries[0]?.updatedAt ?? new Date(0).toISOString();
  const entries = summaries.map((s) => {
    const url = origin + articlePath(locale, s.slug);
    return `  <entry>\n    <title>${xml(s.title)}</title>\n    <link rel="alternate" type="text/html" href="${xml(url)}"/>\n    <id>${xml(`${url}#v${s.version}`)}</id>\n    <updated>${xml(new Date(s.updatedAt).toISOString())}</updated>\n${s.summary ? `    <summary>${xml(s.summary)}</summary>\n` : ''}  </entry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">\n  <title>${xml(t('site.name'))}</title>\n  <subtitle>${xml(t('site.tagline'))}</subtitle>\n  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>\n  <link rel="alternate" type="text/html" href="${xml(`${origin}/${locale}/`)}"/>\n  <id>${xml(self)}</id>\n  <updated>${xml(new Date(updated).toISOString())}</updated>\n${entries.join('\n')}\n</feed>\n`;
}
