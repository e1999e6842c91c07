/** Site files: sitemap with hreflang alternates and x-default, robots naming it, an Atom feed per locale. */
import { BAY_AREA, fixedSiteContent } from './content';
import { get, serve, type Running } from './serve';

let app: Running;
beforeAll(async () => {
  const older = { ...structuredClone(BAY_AREA), slug: 'older-news', updatedAt: '2026-11-01T00:00:00Z', version: 1, newerSource: ['zh-Hans' as const] };
  app = await serve({ site: fixedSiteContent([older, structuredClone(BAY_AREA)]), siteOptions: { publicUrl: 'https://www.example.gov.cn/' } });
});
afterAll(() => app.close());

describe('site furniture', () => {
  it('/sitemap.xml lists every released page with an alternate per released locale, x-default and lastmod', async () => {
    const res = await get(`${app.url}/sitemap.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const body = await res.text();
    expect(body).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
    expect(body.match(/<loc>[^<]*\/articles\/[^<]*<\/loc>/g)).toHaveLength(4); // two articles, each in en and zh-Hans
    expect(body).toContain('<loc>https://www.example.gov.cn/zh-Hans/articles/bay-area</loc>');
    expect(body).toContain('<xhtml:link rel="alternate" hreflang="en" href="https://www.example.gov.cn/en/articles/bay-area"/>');
    expect(body).toContain('<xhtml:link rel="alternate" hreflang="x-default" href="https://www.example.gov.cn/articles/bay-area"/>');
    // Articles list only their released locales (the site pages, written in all three, come after them).
    expect(body.split('<url>').filter((u) => u.includes('/articles/')).join('')).not.toContain('hreflang="zh-Hant"');
    expect(body).toContain('<lastmod>2026-11-25T04:00:00.000Z</lastmod>');
  });

  it('/robots.txt names the sitemap and keeps crawlers out of the workbench and API', async () => {
    const body = await (await get(`${app.url}/robots.txt`)).text();
    expect(body).toContain('Sitemap: https://www.example.gov.cn/sitemap.xml');
    expect(body).toContain('Disallow: /workbench/');
  });

  it('/{locale}/feed.xml is an Atom feed with the localized site name, newest first', async () => {
    const res = await get(`${app.url}/zh-Hans/feed.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const body = await res.text();
    expect(body).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-Hans">');
    expect(body).toMatch(/<title>[^<]*江门[^<]*<\/title>/);
    const links = [...body.matchAll(/<link rel="alternate" type="text\/html" href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(['https://www.example.gov.cn/zh-Hans/', 'https://www.example.gov.cn/zh-Hans/articles/bay-area', 'https://www.example.gov.cn/zh-Hans/articles/older-news']);
    expect((await get(`${app.url}/zh-Hant/feed.xml`)).status).toBe(200);
    expect((await get(`${app.url}/fr/feed.xml`)).status).toBe(404);
  });

  it('a translation made from an older English says, in its language, that a newer English version exists', async () => {
    const lagging = await (await get(`${app.url}/zh-Hans/articles/older-news`)).text();
    expect(lagging).toContain('<p class="newer-source"><a href="/en/articles/older-news" hreflang="en" lang="en">本文已有更新的英文版本。</a></p>');
    expect(await (await get(`${app.url}/zh-Hans/articles/bay-area`)).text()).not.toContain('newer-source');
    expect(await (await get(`${app.url}/en/articles/older-news`)).text()).not.toContain('newer-source');
  });
});
