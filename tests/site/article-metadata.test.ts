/**
 * Article pages say their language to link previews and search engines: og:locale and
 * og:locale:alternate (released locales only, language_TERRITORY form) and schema.org
 * inLanguage as microdata — no script element added, the CSP unchanged.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { openGraphLocale } from '../../src/locale';
import { BAY_AREA, fixedSiteContent } from './content';
import { get, serve, type Running } from './serve';

type Element = DefaultTreeAdapterMap['element'];
function elements(node: DefaultTreeAdapterMap['node'], out: Element[] = []): Element[] {
  if ('tagName' in node) out.push(node);
  if ('childNodes' in node) for (const child of node.childNodes) elements(child, out);
  return out;
}
const attr = (e: Element, name: string): string | undefined => e.attrs.find((a) => a.name === name)?.value;

let app: Running;
beforeAll(async () => {
  const three = structuredClone(BAY_AREA);
  three.texts['zh-Hant'] = { title: '江門發展成就', paragraphs: [{ kind: 'text', level: null, text: '江門推進粵港澳大灣區建設。' }] };
  const twoOnly = { ...structuredClone(BAY_AREA), slug: 'two-only' };
  app = await serve({ site: fixedSiteContent([three, twoOnly]) });
});
afterAll(() => app.close());

async function page(path: string) {
  const res = await get(`${app.url}${path}`);
  expect(res.status).toBe(200);
  const all = elements(parse(await res.text()));
  const og = (property: string) => all.filter((e) => e.tagName === 'meta' && attr(e, 'property') === property).map((e) => attr(e, 'content'));
  return { res, all, og };
}

describe('og:locale and schema.org inLanguage on article pages', () => {
  it('og:locale is the page’s locale, og:locale:alternate every other released locale', async () => {
    const hant = await page('/zh-Hant/articles/bay-area');
    expect(hant.og('og:locale')).toEqual(['zh_HK']);
    expect(hant.og('og:locale:alternate')).toEqual(['en_US', 'zh_CN']);
    expect(hant.og('og:type')).toEqual(['article']);
    expect(hant.og('og:title')).toEqual(['江門發展成就']);
    const en = await page('/en/articles/bay-area');
    expect(en.og('og:locale')).toEqual(['en_US']);
    expect(en.og('og:locale:alternate')).toEqual(['zh_CN', 'zh_HK']);
  });

  it('lists only locales that have a release', async () => {
    const hans = await page('/zh-Hans/articles/two-only');
    expect(hans.og('og:locale')).toEqual(['zh_CN']);
    expect(hans.og('og:locale:alternate')).toEqual(['en_US']);
  });

  it('the article element is a schema.org Article with inLanguage in BCP 47, as microdata', async () => {
    for (const locale of ['en', 'zh-Hans', 'zh-Hant'] as const) {
      const { all } = await page(`/${locale}/articles/bay-area`);
      const articles = all.filter((e) => e.tagName === 'article');
      expect(articles).toHaveLength(1);
      const article = articles[0]!;
      expect(attr(article, 'itemscope')).toBe('');
      expect(attr(article, 'itemtype')).toBe('https://schema.org/Article');
      const props = elements(article).filter((e) => attr(e, 'itemprop') !== undefined);
      const prop = (name: string) => props.find((e) => attr(e, 'itemprop') === name);
      expect(attr(prop('inLanguage')!, 'content')).toBe(locale);
      expect(attr(prop('datePublished')!, 'content')).toBe('2026-11-25T04:00:00.000Z');
      expect(attr(prop('headline')!, 'content')).toBeTruthy();
      expect(attr(prop('articleBody')!, 'class')).toBe('article-body');
      // inLanguage belongs to the one Article item, not to a nested one.
      expect(elements(article).filter((e) => attr(e, 'itemscope') !== undefined)).toHaveLength(1);
    }
  });

  it('adds no script: the only one is the switcher’s file, and the CSP still refuses inline script', async () => {
    const { res, all } = await page('/zh-Hans/articles/bay-area');
    const scripts = all.filter((e) => e.tagName === 'script');
    expect(scripts).toHaveLength(1);
    expect(attr(scripts[0]!, 'src')).toMatch(/^\/assets\/switcher\.[\w-]+\.js$/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('maps Traditional by its variant: Hong Kong by default, Taiwan for tw and twp', () => {
    expect(openGraphLocale('zh-Hant')).toBe('zh_HK');
    expect(openGraphLocale('zh-Hant', 'TW')).toBe('zh_TW');
    expect(openGraphLocale('zh-Hans', 'TW')).toBe('zh_CN');
    expect(openGraphLocale('en')).toBe('en_US');
  });
});
