/**
 * The footer's pages: an HTML sitemap per locale (every released article there, grouped by year,
 * and the site's own pages), About Us and Contact Us from content/pages in all three languages,
 * with hreflang, in /sitemap.xml too, marked as sample content.
 */
import { join } from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { loadSitePages, renderSitePageMarkdown } from '../../src/server/site';
import { BAY_AREA, fixedSiteContent } from './content';
import { get, serve, type Running } from './serve';

type Element = DefaultTreeAdapterMap['element'];
function elements(node: DefaultTreeAdapterMap['node'], out: Element[] = []): Element[] {
  if ('tagName' in node) out.push(node);
  if ('childNodes' in node) for (const child of node.childNodes) elements(child, out);
  return out;
}
const attr = (e: Element, name: string): string | undefined => e.attrs.find((a) => a.name === name)?.value;
function textOf(node: DefaultTreeAdapterMap['node']): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

let app: Running;
let site: ReturnType<typeof fixedSiteContent>;
beforeAll(async () => {
  const older = { ...structuredClone(BAY_AREA), slug: 'older-news', updatedAt: '2025-06-01T00:00:00Z' };
  const enOnly = { slug: 'english-only', updatedAt: '2026-10-01T00:00:00Z', texts: { en: { title: 'Only <in> English', paragraphs: [{ kind: 'text' as const, level: null, text: 'Hello.' }] } } };
  site = fixedSiteContent([structuredClone(BAY_AREA), older, enOnly]);
  app = await serve({ site, siteOptions: { publicUrl: 'https://www.example.gov.cn' } });
});
afterAll(() => app.close());

async function page(path: string) {
  const res = await get(`${app.url}${path}`);
  const body = await res.text();
  return { res, body, all: elements(parse(body)) };
}

describe('the footer links to real pages', () => {
  it('Sitemap, Contact Us and About Us link to this locale’s pages, from every page', async () => {
    for (const [locale, path] of [['en', '/en/articles/bay-area'], ['zh-Hans', '/zh-Hans/'], ['zh-Hant', '/zh-Hant/about']] as const) {
      const { all } = await page(path);
      const footer = all.find((e) => e.tagName === 'footer')!;
      const links = elements(footer).filter((e) => e.tagName === 'a').map((a) => attr(a, 'href'));
      expect(links).toEqual([`/${locale}/sitemap`, `/${locale}/contact`, `/${locale}/about`]);
    }
  });
});

describe('About Us and Contact Us', () => {
  it('are served in all three languages from content/pages, marked as sample content, with hreflang', async () => {
    const expected = { en: ['About Us', 'Sample content'], 'zh-Hans': ['关于我们', '示例内容'], 'zh-Hant': ['關於我們', '示例內容'] } as const;
    for (const [locale, [title, sample]] of Object.entries(expected)) {
      const { res, body, all } = await page(`/${locale}/about`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-language')).toBe(locale);
      expect(body).toContain(`<html lang="${locale}">`);
      expect(textOf(all.find((e) => e.tagName === 'h1')!)).toBe(title);
      expect(body).toContain(sample);
      const alternates = all.filter((e) => e.tagName === 'link' && attr(e, 'rel') === 'alternate').map((e) => [attr(e, 'hreflang'), attr(e, 'href')]);
      expect(alternates).toEqual([
        ['en', 'https://www.example.gov.cn/en/about'], ['zh-Hans', 'https://www.example.gov.cn/zh-Hans/about'],
        ['zh-Hant', 'https://www.example.gov.cn/zh-Hant/about'], ['x-default', 'https://www.example.gov.cn/en/about'],
      ]);
      // The switcher goes straight to the same page in the other languages.
      const switcher = all.filter((e) => e.tagName === 'a' && attr(e, 'data-locale'));
      expect(switcher.map((a) => attr(a, 'href')).sort()).toEqual(['/en/about', '/zh-Hans/about', '/zh-Hant/about'].filter((p) => !p.startsWith(`/${locale}/`)));
    }
    const contact = await page('/zh-Hant/contact');
    expect(contact.res.status).toBe(200);
    expect(contact.body).toContain('聯絡我們');
    expect(contact.body).toContain('web-office@jiangmen.example');
    // A cached page answers 304 to its ETag like the articles.
    const tag = contact.res.headers.get('etag')!;
    expect((await get(`${app.url}/zh-Hant/contact`, { 'If-None-Match': tag })).status).toBe(304);
  });

  it('an unknown page is the localized 404', async () => {
    const res = await get(`${app.url}/zh-Hans/privacy`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<html lang="zh-Hans">');
  });

  it('reads Markdown without raw HTML and refuses a page without a title', () => {
    const rendered = renderSitePageMarkdown('about', 'en', '# Title\n\nText <script>alert(1)</script> and [a link](javascript:alert(1)).\n');
    expect(rendered.title).toBe('Title');
    expect(rendered.html).toContain('&lt;script&gt;');
    expect(rendered.html).not.toContain('href="javascript');
    expect(() => renderSitePageMarkdown('about', 'en', 'No heading.\n')).toThrow(/content\/pages\/about\/en\.md/);
    const pages = loadSitePages(join(__dirname, '../../content/pages'));
    expect(pages.map((p) => `${p.name}/${p.locale}`)).toEqual(['about/en', 'about/zh-Hans', 'about/zh-Hant', 'contact/en', 'contact/zh-Hans', 'contact/zh-Hant']);
  });
});

describe('the HTML sitemap', () => {
  it('lists every released article of the locale, grouped by year, newest first, and the site pages', async () => {
    const { res, all } = await page('/en/sitemap');
    expect(res.status).toBe(200);
    expect(textOf(all.find((e) => e.tagName === 'h1')!)).toBe('Sitemap');
    const years = all.filter((e) => e.tagName === 'h3').map(textOf);
    expect(years).toEqual(['2026', '2025']);
    const main = all.find((e) => e.tagName === 'main')!;
    const links = elements(main).filter((e) => e.tagName === 'a').map((a) => [attr(a, 'href'), textOf(a)]);
    expect(links).toEqual([
      ['/en/', 'Home'],
      ['/en/articles/bay-area', 'The Achievements of Jiangmen'],
      ['/en/articles/english-only', 'Only <in> English'],
      ['/en/articles/older-news', 'The Achievements of Jiangmen'],
      ['/en/about', 'About Us'],
      ['/en/contact', 'Contact Us'],
      ['/en/feed.xml', 'News feed (Atom)'],
    ]);
  });

  it('in Chinese lists only what is released in Chinese, with localized headings', async () => {
    const { body, all } = await page('/zh-Hans/sitemap');
    expect(textOf(all.find((e) => e.tagName === 'h1')!)).toBe('网站地图');
    expect(all.filter((e) => e.tagName === 'h3').map(textOf)).toEqual(['2026年', '2025年']);
    expect(body).not.toContain('english-only');
    expect(body).toContain('关于本网站');
    expect(body).toContain('href="/zh-Hans/about">关于我们</a>');
    const alternates = all.filter((e) => e.tagName === 'link' && attr(e, 'rel') === 'alternate').map((e) => attr(e, 'hreflang'));
    expect(alternates).toEqual(['en', 'zh-Hans', 'zh-Hant', 'x-default']);
  });

  it('follows releases: an article released in a locale shows there at once', async () => {
    const before = await (await get(`${app.url}/zh-Hant/sitemap`)).text();
    expect(before).not.toContain('/zh-Hant/articles/');
    const released = structuredClone(BAY_AREA);
    released.texts['zh-Hant'] = { title: '江門發展成就', paragraphs: [{ kind: 'text', level: null, text: '江門。' }] };
    site.put(released);
    const after = await (await get(`${app.url}/zh-Hant/sitemap`)).text();
    expect(after).toContain('<a href="/zh-Hant/articles/bay-area">江門發展成就</a>');
  });
});

describe('/sitemap.xml has the site pages too', () => {
  it('each page in each locale, with hreflang alternates and x-default', async () => {
    const body = await (await get(`${app.url}/sitemap.xml`)).text();
    for (const path of ['/en/about', '/zh-Hans/about', '/zh-Hant/about', '/en/contact', '/zh-Hant/contact', '/zh-Hans/sitemap']) {
      expect(body).toContain(`<loc>https://www.example.gov.cn${path}</loc>`);
    }
    const about = body.split('<url>').find((u) => u.includes('<loc>https://www.example.gov.cn/zh-Hant/about</loc>'))!;
    expect(about).toContain('<xhtml:link rel="alternate" hreflang="zh-Hans" href="https://www.example.gov.cn/zh-Hans/about"/>');
    expect(about).toContain('<xhtml:link rel="alternate" hreflang="x-default" href="https://www.example.gov.cn/en/about"/>');
  });
});
