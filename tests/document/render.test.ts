/** Rebuilding an article body from its blocks: the source's markup around any text, always escaped. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'parse5';
import { renderArticleBody, type BodyBlock, type RenderOptions } from '../../src/document';
import { segmentDocument } from '../../src/segmentation';

const EN = readFileSync(join(__dirname, '..', 'fixtures', 'html', 'bay-area-bridge', 'en.html'), 'utf8');
const OPTIONS: RenderOptions = { page: { locale: 'en', slug: 'bridge' }, sourceLocale: 'en' };

function blocksOf(html: string): BodyBlock[] {
  const doc = segmentDocument(html, 'html', 'en', 'x.html');
  return doc.paragraphs.map((p, i) => ({ kind: p.kind, level: p.level, text: doc.sentences[i]!.join(' '), markup: p.markup ?? null }));
}

describe('renderArticleBody', () => {
  it('rebuilds the source page: headings, list, table, figure, links, bold; the title heading left to the page', () => {
    const html = renderArticleBody('Huangmaohai Bridge opens to traffic', blocksOf(EN), OPTIONS);
    expect(html).not.toContain('<h1>');
    expect(html).toContain('<h2>A new link between Jiangmen and Zhuhai shortens the trip to Hong Kong and Macao</h2>');
    expect(html).toContain('<strong>about 30 minutes</strong>');
    expect(html).toContain('<ul>\n<li>Faster trips between the western and eastern banks of the Pearl River.</li>');
    expect(html).toContain('<table>\n<caption>Travel times before and after the opening</caption>\n<tbody>\n<tr>\n<th>Route</th>');
    expect(html).toContain('<figure>\n<img src="https://example.org/images/huangmaohai.jpg" width="800" height="450" alt="The Huangmaohai bridge at sunset">\n<figcaption>');
    expect(html).toContain('<a href="https://www.cnbayarea.org.cn/">Greater Bay Area</a>');
    expect(html).toContain('<a href="/en/articles/jiangmen-achievements">the achievements of Jiangmen</a>');
    expect(html).not.toMatch(/script|onclick|alert/i);
    // Valid: parse5 builds the same elements back (every tag closed where it was opened).
    const errors: string[] = [];
    parse(`<!doctype html><html><head><title>x</title></head><body>${html}</body></html>`, { onParseError: (e) => errors.push(e.code) });
    expect(errors).toEqual([]);
  });

  it('escapes what a translator typed, and shows unknown tokens as the characters typed', () => {
    const [block] = blocksOf('<p>Read <a href="/en/articles/x">this</a>.</p>');
    const html = renderArticleBody('T', [{ ...block!, text: '<script>alert(1)</script> {bpt:1}这个{ept:1} & {bpt:9}' }], OPTIONS);
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="/en/articles/x">这个</a> &amp; {bpt:9}</p>\n');
  });

  it('keeps the href of the source whatever the translation says, and well nested whatever order the tokens come in', () => {
    const [block] = blocksOf('<p><a href="https://gov.example/"><b>Bold link</b></a> end</p>');
    const html = renderArticleBody('T', [{ ...block!, text: '{bpt:1}粗体{bpt:2}链接{ept:1}完{ept:2}' }], OPTIONS);
    expect(html).toBe('<p><a href="https://gov.example/">粗体<b>链接</b></a><b>完</b></p>\n');
    const unclosed = renderArticleBody('T', [{ ...block!, text: '{bpt:1}没有关闭' }], OPTIONS);
    expect(unclosed).toBe('<p><a href="https://gov.example/">没有关闭</a></p>\n');
  });

  it('sends internal links to the article in the page locale when it has a release there', () => {
    const [block] = blocksOf('<p><a href="/en/articles/other#part">Other</a> and <a href="sister">sister</a> and <a href="https://x.example/en/articles/a">out</a></p>');
    const options: RenderOptions = {
      page: { locale: 'zh-Hant', slug: 'bridge' }, sourceLocale: 'en',
      articleUrl: (slug, hash) => (slug === 'other' ? `/zh-Hant/articles/${slug}${hash}` : null),
    };
    const html = renderArticleBody('T', [{ ...block!, text: '{bpt:1}另一篇{ept:1}和{bpt:2}姊妹篇{ept:2}和{bpt:3}外部{ept:3}' }], options);
    expect(html).toBe('<p><a href="/zh-Hant/articles/other#part">另一篇</a>和<a href="/en/articles/sister">姊妹篇</a>和<a href="https://x.example/en/articles/a">外部</a></p>\n');
  });

  it('rebuilds hr, definition lists and pre blocks; a code listing is the source\'s text on a translated page too', () => {
    const html = '<p>One.</p><hr><dl><dt>Berth</dt><dd>A place for a ship.</dd></dl><pre>Port Office\n   12 Harbour Road</pre>'
      + '<pre><code>const a = 1 &lt; 2;\n  go();</code></pre>';
    const blocks = blocksOf(html);
    expect(renderArticleBody('T', blocks, OPTIONS)).toBe(
      '<p>One.</p>\n<hr>\n<dl>\n<dt>Berth</dt>\n<dd>A place for a ship.</dd>\n</dl>\n<pre>Port Office\n   12 Harbour Road</pre>\n'
      + '<pre><code>const a = 1 &lt; 2;\n  go();</code></pre>\n',
    );
    const chinese = ['一。', '', '泊位', '船舶停靠的地方。', '港务处\n   海港路12号', ''];
    const translated = renderArticleBody('T', blocks.map((b, i) => ({ ...b, text: chinese[i]! })), { ...OPTIONS, page: { locale: 'zh-Hans', slug: 'bridge' } });
    expect(translated).toContain('<hr>\n<dl>\n<dt>泊位</dt>\n<dd>船舶停靠的地方。</dd>\n</dl>\n<pre>港务处\n   海港路12号</pre>\n<pre><code>const a = 1 &lt; 2;\n  go();</code></pre>\n');
    const errors: string[] = [];
    parse(`<!doctype html><html><head><title>x</title></head><body>${translated}</body></html>`, { onParseError: (e) => errors.push(e.code) });
    expect(errors).toEqual([]);
  });

  it('never writes markup that is not on the allowlist, even from a tampered store', () => {
    const tampered: BodyBlock = {
      kind: 'text', level: null, text: '{bpt:1}x{ept:1}',
      markup: {
        path: [{ element: 1, tag: 'script', attributes: [] }],
        element: { element: 2, tag: 'p', attributes: [['onclick', 'evil()'], ['title', 'ok']] },
        codes: [{ id: '1', paired: true, element: 3, tag: 'a', attributes: [['href', 'javascript:alert(1)']] }],
      },
    };
    expect(renderArticleBody('T', [tampered], OPTIONS)).toBe('<p title="ok"><a>x</a></p>\n');
  });
});
