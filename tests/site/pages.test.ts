import express from 'express';
import pino from 'pino';
import { z } from 'zod';
import { HttpError } from '../../src/server/http';
import { SITE_CSS_PATH } from '../../src/server/site';
import { BAY_AREA, fixedSiteContent, type FixedSiteContent } from './content';
import { get, serve, type Running } from './serve';

let content: FixedSiteContent;
let app: Running;

beforeEach(async () => {
  content = fixedSiteContent([structuredClone(BAY_AREA)]);
  const failing = express.Router();
  failing.get('/boom', () => {
    throw new Error('secret detail at /srv/bitext/store.ts:42');
  });
  failing.post('/echo', express.json(), (req, res) => {
    // A route that validates its body and names the offending field in its 400.
    const parsed = z.object({ text: z.string().min(1) }).safeParse(req.body);
    if (!parsed.success) {
      const field = ['body', ...(parsed.error.issues[0]?.path ?? []).map(String)].join('.');
      throw new HttpError(400, `Invalid ${field}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`, { field });
    }
    res.json(parsed.data);
  });
  app = await serve({ site: content, extraRouters: [{ path: '/api', router: failing }] });
});

afterEach(() => app.close());

describe('negotiation', () => {
  it.each([
    ['zh-HK,zh;q=0.9,en;q=0.8', '/zh-Hant/'],
    ['zh-TW', '/zh-Hant/'],
    ['zh-MO', '/zh-Hant/'],
    ['zh-CN,zh;q=0.9', '/zh-Hans/'],
    ['zh', '/zh-Hans/'],
    ['en-US,en;q=0.9', '/en/'],
    ['fr-FR,fr;q=0.9', '/en/'],
  ])('/ with Accept-Language %s goes to %s, privately and varying', async (header, target) => {
    const res = await get(`${app.url}/`, { 'Accept-Language': header });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(target);
    expect(res.headers.get('vary')).toBe('Accept-Language, Cookie');
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('puts the remembered choice before Accept-Language', async () => {
    const res = await get(`${app.url}/`, { 'Accept-Language': 'zh-HK', Cookie: 'bitext_locale=en' });
    expect(res.headers.get('location')).toBe('/en/');
  });

  it('sends an unprefixed article URL to a locale it is published in', async () => {
    const hans = await get(`${app.url}/articles/bay-area`, { 'Accept-Language': 'zh-CN' });
    expect(hans.status).toBe(302);
    expect(hans.headers.get('location')).toBe('/zh-Hans/articles/bay-area');
    // zh-Hant is not published: a Hong Kong reader gets the default rather than a 404.
    const hk = await get(`${app.url}/articles/bay-area`, { 'Accept-Language': 'zh-HK' });
    expect(hk.headers.get('location')).toBe('/en/articles/bay-area');
    expect(hk.headers.get('vary')).toBe('Accept-Language, Cookie');
  });

  it('answers 404 for an unprefixed URL of an unknown article, in the negotiated language', async () => {
    const res = await get(`${app.url}/articles/nope`, { 'Accept-Language': 'zh-TW' });
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).toContain('<html lang="zh-Hant">');
    expect(body).toContain('找不到頁面');
  });

  it('redirects non-canonical locale spellings', async () => {
    const res = await get(`${app.url}/zh-hk/articles/bay-area`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/zh-Hant/articles/bay-area');
    const bare = await get(`${app.url}/en`);
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/en/');
  });
});

describe('the switcher route', () => {
  it('remembers the choice and goes to the local path it was given', async () => {
    const res = await get(`${app.url}/switch?to=en&next=${encodeURIComponent('/en/articles/bay-area')}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/en/articles/bay-area');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^bitext_locale=en; Path=\//);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=\d{6,}/);
  });

  it.each(['//evil.example/', 'https://evil.example/', '/\\evil.example', '/..//evil.example', '/%2e%2e//evil.example',
    '/%2E%2E/%2Fevil.example', '/\t/evil.example'])('never redirects off-site (%s)', async (next) => {
    const res = await get(`${app.url}/switch?to=zh-Hans&next=${encodeURIComponent(next)}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/zh-Hans/');
  });

  it('sets nothing for an unknown locale', async () => {
    const res = await get(`${app.url}/switch?to=fr&next=/en/`);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('location')).toBe('/');
  });
});

describe('article pages', () => {
  it('renders the article with lang, alternates, canonical and a switcher of published locales only', async () => {
    const res = await get(`${app.url}/en/articles/bay-area`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-language')).toBe('en');
    const body = await res.text();
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('<link rel="canonical" href="/en/articles/bay-area">');
    expect(body).toContain('<link rel="alternate" hreflang="en" href="/en/articles/bay-area">');
    expect(body).toContain('<link rel="alternate" hreflang="zh-Hans" href="/zh-Hans/articles/bay-area">');
    expect(body).toContain('<link rel="alternate" hreflang="x-default" href="/articles/bay-area">');
    expect(body).not.toContain('hreflang="zh-Hant"');
    expect(body).toContain(
      // Straight to the other locale's URL (crawlable, no redirect hop); the script remembers the choice.
      '<a href="/zh-Hans/articles/bay-area" hreflang="zh-Hans" lang="zh-Hans" data-locale="zh-Hans">简体中文</a>',
    );
    expect(body).toContain('<span aria-current="true" lang="en">English</span>');
    expect(body).not.toContain('繁體中文');
    // The leading heading repeats the title: one h1 only; level-2 headings stay h2.
    expect(body.match(/<h1>/g)).toHaveLength(1);
    expect(body).toContain('<h2>Ports &amp; passageways</h2>');
  });

  it('escapes text from the store', async () => {
    const body = await (await get(`${app.url}/en/articles/bay-area`)).text();
    expect(body).toContain('A deep-water port &lt;script&gt;alert(1)&lt;/script&gt; for &quot;ocean&quot; transport.');
    // The one script is the switcher's own file; nothing from the store becomes a script.
    expect(body.match(/<script/g)).toHaveLength(1);
    expect(body).toMatch(/<script src="\/assets\/switcher\.[\w-]+\.js" defer><\/script>/);
  });

  it('takes all chrome from the UI strings of its locale', async () => {
    const en = await (await get(`${app.url}/en/articles/bay-area`)).text();
    for (const s of ['Briefing of This Website', 'Sitemap', 'Contact Us', 'About Us', 'Skip to content',
      "Copyright Jiangmen Municipal People&#39;s Government All Rights Reserved"]) {
      expect(en).toContain(s);
    }
    const hans = await (await get(`${app.url}/zh-Hans/articles/bay-area`)).text();
    expect(hans).toContain('<html lang="zh-Hans">');
    for (const s of ['网站简介', '网站地图', '联系我们', '关于我们', '江门市人民政府 版权所有', '跳到正文']) {
      expect(hans).toContain(s);
    }
    expect(hans).toContain('粤港澳大湾区');
    expect(hans).toMatch(/<time datetime="2026-11-25T04:00:00.000Z">2026年11月25日<\/time>/);
  });

  it('answers 404 for an unpublished locale, linking to the ones that exist', async () => {
    const res = await get(`${app.url}/zh-Hant/articles/bay-area`);
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).toContain('<html lang="zh-Hant">');
    expect(body).toContain('本文尚未發佈繁體中文版。');
    expect(body).toContain('<a href="/en/articles/bay-area" hreflang="en" lang="en">English</a>');
    expect(body).toContain('<a href="/zh-Hans/articles/bay-area" hreflang="zh-Hans" lang="zh-Hans">简体中文</a>');
    expect(body).not.toContain('hreflang="zh-Hant"');
  });

  it('answers 404 for an unknown article and unknown paths under a locale', async () => {
    expect((await get(`${app.url}/en/articles/nope`)).status).toBe(404);
    const other = await get(`${app.url}/zh-Hans/nowhere/at/all`);
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('找不到页面');
  });

  it('serves a strong ETag, 304 on If-None-Match, and public caching', async () => {
    const res = await get(`${app.url}/en/articles/bay-area`);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"en\.3\.[\w-]{16}"$/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const again = await get(`${app.url}/en/articles/bay-area`, { 'If-None-Match': `W/"x", ${etag}` });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const other = await get(`${app.url}/zh-Hans/articles/bay-area`);
    expect(other.headers.get('etag')).not.toBe(etag);
  });

  it('renders once per (slug, locale, version) and again after the article changes', async () => {
    const first = await get(`${app.url}/en/articles/bay-area`);
    await first.text();
    await Promise.all(Array.from({ length: 5 }, () => get(`${app.url}/en/articles/bay-area`).then((r) => r.text())));
    expect(content.calls.getPublished).toBe(1);

    const changed = structuredClone(BAY_AREA);
    changed.version = 4;
    changed.texts.en!.paragraphs = [{ kind: 'text', level: null, text: 'Edited and approved again.' }];
    changed.texts['zh-Hant'] = { title: '江門發展成就', paragraphs: [{ kind: 'text', level: null, text: '江門推進粵港澳大灣區建設。' }] };
    content.put(changed);

    const after = await get(`${app.url}/en/articles/bay-area`, { 'If-None-Match': first.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).toMatch(/^"en\.4\./);
    const body = await after.text();
    expect(body).toContain('Edited and approved again.');
    expect(body).toContain('hreflang="zh-Hant"');
    expect((await get(`${app.url}/zh-Hant/articles/bay-area`)).status).toBe(200);
  });

  it('keeps serving the cached page until told, and drops every page on "*" (a termbase change)', async () => {
    await (await get(`${app.url}/en/articles/bay-area`)).text();
    const changed = structuredClone(BAY_AREA);
    changed.texts.en!.paragraphs = [{ kind: 'text', level: null, text: 'Term replaced everywhere.' }];
    content.putQuietly(changed);
    expect(await (await get(`${app.url}/en/articles/bay-area`)).text()).not.toContain('Term replaced everywhere.');
    content.announce('*');
    expect(await (await get(`${app.url}/en/articles/bay-area`)).text()).toContain('Term replaced everywhere.');
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await get(`${app.url}/en/articles/bay-area`, {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(await res.text()).toBe('');
  });
});

describe('list pages', () => {
  it('lists the articles published in the locale, with all three locales as alternates', async () => {
    const en = await (await get(`${app.url}/en/`)).text();
    expect(en).toContain('<a href="/en/articles/bay-area">The Achievements of Jiangmen</a>');
    expect(en).toContain('<link rel="alternate" hreflang="x-default" href="/">');
    const hant = await get(`${app.url}/zh-Hant/`);
    expect(hant.status).toBe(200);
    expect(await hant.text()).toContain('暫無已發佈的繁體中文文章。');
  });

  it('is refreshed when an article changes', async () => {
    await (await get(`${app.url}/zh-Hant/`)).text();
    const changed = structuredClone(BAY_AREA);
    changed.texts['zh-Hant'] = { title: '江門發展成就', paragraphs: [] };
    content.put(changed);
    expect(await (await get(`${app.url}/zh-Hant/`)).text()).toContain('江門發展成就');
  });
});

describe('safety and plumbing', () => {
  it('sends a CSP the pages satisfy: no inline script or style, stylesheet from self', async () => {
    const res = await get(`${app.url}/zh-Hans/articles/bay-area`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await res.text();
    // No inline script: the only <script> is the switcher's same-origin file.
    expect(body.replace(/<script src="\/assets\/switcher\.[\w-]+\.js" defer><\/script>/, '')).not.toMatch(/<script|<style|\sstyle=|\son\w+=/i);
    const script = /<script src="([^"]+)"/.exec(body)![1]!;
    const js = await get(`${app.url}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toContain("document.cookie = 'bitext_locale='");
    expect(body).toContain(`<link rel="stylesheet" href="${SITE_CSS_PATH}">`);
  });

  it('serves the stylesheet for a year, with per-script font lists', async () => {
    const res = await get(`${app.url}${SITE_CSS_PATH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const css = await res.text();
    expect(css).toMatch(/:lang\(zh-Hant\)\s*\{[^}]*"PingFang TC"[^}]*"Microsoft JhengHei"/);
    expect(css).toMatch(/:lang\(zh-Hans\)\s*\{[^}]*"PingFang SC"[^}]*"Microsoft YaHei"/);
    expect(css).toContain(':focus-visible');
  });

  it('answers /healthz', async () => {
    const res = await get(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('never leaks an error message or stack trace', async () => {
    const res = await get(`${app.url}/api/boom`);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toMatch(/secret|store\.ts|at \w+ \(/);
    expect(JSON.parse(body)).toEqual({ error: 'Internal Server Error' });
    const html = await get(`${app.url}/api/boom`, { Accept: 'text/html' });
    expect(await html.text()).not.toContain('secret');
  });

  it('answers 400 naming the invalid field', async () => {
    const res = await fetch(`${app.url}/api/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: '' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; field: string };
    expect(body.field).toBe('body.text');
    expect(body.error).toMatch(/^Invalid body\.text/);
    const bad = await fetch(`${app.url}/api/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' });
    expect(bad.status).toBe(400);
  });

  it('gives API paths a JSON 404 and other paths the site 404 page', async () => {
    const api = await get(`${app.url}/api/nothing`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: 'Not Found' });
    const page = await get(`${app.url}/nothing`, { Accept: 'text/html', 'Accept-Language': 'zh-CN' });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('<html lang="zh-Hans">');
  });
});

describe('request logging', () => {
  it('logs every request, cached pages included, as one JSON line with method, url, status and time', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const stream = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
    const logged = await serve({ site: fixedSiteContent([structuredClone(BAY_AREA)]), logger: pino({ level: 'info' }, stream) });
    try {
      await (await get(`${logged.url}/en/articles/bay-area`)).text(); // rendered (miss)
      await (await get(`${logged.url}/en/articles/bay-area?utm=x`)).text(); // cached (hit)
      await (await get(`${logged.url}/zh-Hant/articles/bay-area`)).text(); // 404
      const completed = lines.filter((l) => l.msg === 'request completed');
      expect(completed.map((l) => [(l.req as { url: string }).url, (l.res as { statusCode: number }).statusCode])).toEqual([
        ['/en/articles/bay-area', 200],
        ['/en/articles/bay-area?utm=x', 200],
        ['/zh-Hant/articles/bay-area', 404],
      ]);
      for (const line of completed) {
        expect(typeof line.responseTime).toBe('number');
        expect((line.req as { id?: unknown }).id).toBeDefined();
        expect(JSON.stringify(line)).not.toMatch(/user-agent|cookie/i);
      }
    } finally {
      await logged.close();
    }
  });
});
