/** HTML pages as blocks of coded text: the allowlist, the report of what went, bad input. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeNote, parseHtml, segmentDocument, SegmentationInputError, splitCodedSentences, codedString } from '../../src/segmentation';
import { growthRatio, LINEAR_GROWTH_LIMIT } from '../support/growth';

const FIXTURES = join(__dirname, '..', 'fixtures', 'html');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('hr, definition lists and preformatted text', () => {
  const html = '<p>One.</p><hr><dl><dt>Berth</dt><dd>A place for a ship. It is numbered.</dd><dd><p>First.</p><p>Second.</p></dd></dl>'
    + '<pre>\nJiangmen Port Office\n   12 Harbour Road. Jiangmen</pre><pre><code>const berth = 1;\nif (berth) { dock(); }</code></pre>';
  const doc = segmentDocument(html, 'html', 'en', 'x.html');
  const shape = doc.paragraphs.map((p, i) => [p.markup?.path.map((e) => e.tag).join('>') ?? '', p.markup?.element?.tag ?? null, doc.sentences[i]]);

  it('keeps hr as a block with no text, dt and dd as blocks of a dl (a dd holding paragraphs as their container)', () => {
    expect(shape.slice(0, 6)).toEqual([
      ['', 'p', ['One.']],
      ['', 'hr', []],
      ['dl', 'dt', ['Berth']],
      ['dl', 'dd', ['A place for a ship.', 'It is numbered.']],
      ['dl>dd', 'p', ['First.']],
      ['dl>dd', 'p', ['Second.']],
    ]);
    expect(doc.notes).toEqual([]);
  });

  it('keeps a pre block as one segment with its line breaks and indentation; a code listing verbatim, with no segment', () => {
    expect(shape[6]).toEqual(['', 'pre', ['Jiangmen Port Office\n   12 Harbour Road. Jiangmen']]);
    expect(shape[7]).toEqual(['', 'pre', []]);
    expect(doc.paragraphs[7]!.markup!.verbatim).toBe('{bpt:1}const berth = 1;\nif (berth) { dock(); }{ept:1}');
    expect(doc.paragraphs[7]!.markup!.codes.map((c) => c.tag)).toEqual(['code']);
  });

  it('treats a Markdown code block and thematic break the same way', () => {
    const md = segmentDocument('Intro text.\n\n---\n\n```js\nconst a = 1;\n```\n', 'markdown', 'en', 'x.md');
    expect(md.paragraphs.map((p) => p.markup?.element?.tag)).toEqual(['p', 'hr', 'pre']);
    expect(md.sentences).toEqual([['Intro text.'], [], []]);
    expect(md.paragraphs[2]!.markup!.verbatim).toBe('{bpt:1}const a = 1;{ept:1}');
  });
});

describe('parseHtml', () => {
  const page = parseHtml(read('bay-area-bridge/en.html'), 'en.html');
  const texts = page.blocks.map((b) => codedString(b.text));

  it('keeps headings, paragraphs, list items, table cells, the caption, the image and its alt text as blocks', () => {
    const tags = page.blocks.map((b) => b.markup.element?.tag ?? (b.markup.attribute ? `@${b.markup.attribute.name}` : null));
    expect(tags).toEqual([
      'h1', 'h2', 'p', 'p', 'p', 'li', 'li', 'li', 'caption', 'th', 'th', 'th', 'td', 'td', 'td', 'td', 'td', 'td', 'img', '@alt', 'figcaption', 'p',
    ]);
    expect(page.blocks[0]).toMatchObject({ kind: 'heading', level: 1 });
    expect(page.blocks[5]!.markup.path.map((e) => e.tag)).toEqual(['ul']);
    expect(page.blocks[12]!.markup.path.map((e) => e.tag)).toEqual(['table', 'tbody', 'tr']);
    expect(texts[19]).toBe('The Huangmaohai bridge at sunset');
    expect(page.title).toBe('Huangmaohai Bridge opens to traffic');
  });

  it('turns inline markup into paired codes with their original tag and attributes', () => {
    expect(texts[3]).toBe('The passage is part of the transport network of the {bpt:1}Greater Bay Area{ept:1}. Read more about {bpt:2}the achievements of Jiangmen{ept:2}.');
    expect(page.blocks[3]!.markup.codes.map((c) => [c.tag, c.attributes])).toEqual([
      ['a', [['href', 'https://www.cnbayarea.org.cn/']]], ['a', [['href', '/en/articles/jiangmen-achievements']]],
    ]);
  });

  it('removes scripts, styles and event handlers, and says so', () => {
    expect(texts.join(' ')).not.toMatch(/alert|cookie|color: red/);
    expect(page.blocks[3]!.markup.element!.attributes).toEqual([]);
    const what = page.notes.map((n) => `${n.kind} ${n.what} ×${n.count}`);
    expect(what).toEqual(expect.arrayContaining(['removed <script> with its content ×2', 'removed <style> with its content ×1', 'removed onclick attribute (script) ×1']));
  });

  it('never lets javascript: or data: URLs, iframes or on* attributes through', () => {
    const hostile = parseHtml(`<p><a href="javascript:alert(1)">a</a> <a href=" JaVa\tscript:x">b</a> <img src="data:image/png;base64,AAAA" alt="x">
      <iframe src="https://evil"></iframe><span lang="fr" onmouseover="x()">c</span> <a href="https://ok.example/" onclick="y()">d</a></p>`, 'h.html');
    const all = JSON.stringify(hostile.blocks);
    expect(all).not.toMatch(/javascript|data:|iframe|onmouseover|onclick|evil/i);
    expect(hostile.blocks[0]!.markup.codes.map((c) => [c.tag, c.attributes])).toEqual([
      ['a', []], ['a', []], ['img', []], ['span', [['lang', 'fr']]], ['a', [['href', 'https://ok.example/']]],
    ]);
    expect(hostile.notes.map((n) => n.what)).toEqual(expect.arrayContaining([
      'href with a javascript: URL', 'src with a data: URL', '<iframe> with its content', 'onmouseover attribute (script)', 'onclick attribute (script)',
    ]));
  });

  it('repairs malformed HTML and reports it', () => {
    const broken = parseHtml('<p>One <b>bold</p> two</b></p>\n<ul><li>a<li>b</ul>\n</span><p>end <em>open', 'b.html');
    expect(broken.blocks.map((b) => b.text.plain)).toEqual(['One bold', 'two', 'a', 'b', 'end open']);
    const repaired = broken.notes.filter((n) => n.kind === 'repaired').map((n) => n.what);
    expect(repaired).toEqual(expect.arrayContaining([
      '<b> closed by </p> (misnested or not closed)', 'end tag </span> with no open <span> (ignored)', '<em> not closed (closed at the end of the page)',
    ]));
    // Optional end tags (li) are not problems.
    expect(repaired.some((w) => w.includes('<li>'))).toBe(false);
  });

  it('says where each repair is: file, line and column of the tag (an unclosed element: where it opened)', () => {
    const broken = parseHtml('<h1>Title</h1>\n<p>One <b>bold</p> two</b></p>\n<ul><li>a<li>b</ul>\n</span><p>end <em>open\n', 'b.html');
    expect(broken.notes.filter((n) => n.kind === 'repaired').map((n) => describeNote('b.html', n))).toEqual([
      'b.html:2:15: repaired <b> closed by </p> (misnested or not closed)',
      'b.html:2:23: repaired end tag </b> with no open <b> (ignored)',
      'b.html:2:27: repaired end tag </p> with no open <p> (ignored)',
      'b.html:4:1: repaired end tag </span> with no open <span> (ignored)',
      'b.html:4:15: repaired <em> not closed (closed at the end of the page)',
    ]);
  });

  it('reports what parse5 read differently from how it was written: <div/>, a doubled attribute, a tag cut off', () => {
    const page = parseHtml('<p>a <div/> b</div>\n<p class="x" class="y">c</p>\n<p>end <a href="/x"', 'p.html');
    const repaired = page.notes.filter((n) => n.kind === 'repaired').map((n) => describeNote('p.html', n));
    expect(repaired).toEqual(expect.arrayContaining([
      'p.html:1:6: repaired a self-closing tag like <div/> of an element that is not void (read as an open element)',
      'p.html:2:19: repaired an attribute given twice (the first is kept)',
      'p.html:3:20: repaired the page ends inside a tag (the tag is dropped)',
    ]));
    // <div/> is an open div in HTML: its end tag closes it, nothing is said to be unmatched.
    expect(repaired.some((w) => w.includes('</div>'))).toBe(false);
    expect(page.blocks.map((b) => b.text.plain)).toEqual(['a', 'b', 'c', 'end']);
  });

  it('knows the line of every block in the file (what alignment notes name)', () => {
    const page = parseHtml('<h1>Title</h1>\n\n<p>One.</p>\n<ul>\n  <li>a</li>\n  <li><img src="x.png" alt="A picture"> b</li>\n</ul>\n<div>loose text <b>here</b></div>', 'l.html');
    expect(page.blocks.map((b) => [b.markup.element?.tag ?? b.markup.attribute?.name ?? null, b.line])).toEqual([
      ['h1', 1], ['p', 3], ['li', 5], ['li', 6], ['alt', 6], ['p', 8],
    ]);
    // The line travels on an attribute of our own: never kept in the markup, one the page had is dropped.
    const spoofed = parseHtml('<p data-bitext-line="99">x</p>', 's.html');
    expect(spoofed.blocks[0]!.line).toBe(1);
    expect(JSON.stringify(spoofed.blocks)).not.toContain('data-bitext');
  });

  it('refuses a file that is not HTML, and a page with no body text', () => {
    expect(() => parseHtml('{"title": "x", "body": "<p>hi</p>"}\n', 'api.html')).toThrow(/api\.html: is JSON, not HTML/);
    expect(() => parseHtml('[{"p": "<p>a</p>"}]', 'list.html')).toThrow(/list\.html: is JSON, not HTML/);
    expect(() => parseHtml('Just some plain text, no markup at all.\nSecond line.', 'notes.html')).toThrow(/notes\.html: does not look like HTML/);
    expect(() => parseHtml('{"json": true}', 'data.html')).toThrow(SegmentationInputError);
    expect(() => parseHtml('<html><head><title>x</title><script>a()</script></head><body><div> </div><img src="a.png"></body></html>', 'empty.html'))
      .toThrow(/empty\.html: the page has no body text/);
  });

  it('gives a bounded result for 10,000 nested divs and deep inline nesting', () => {
    const divs = parseHtml('<div>'.repeat(10_000) + 'Deep text.' + '</div>'.repeat(10_000), 'divs.html');
    expect(divs.blocks.map((b) => b.text.plain)).toEqual(['Deep text.']);
    const quotes = parseHtml('<blockquote>'.repeat(10_000) + 'Quoted.', 'quotes.html');
    expect(quotes.blocks.map((b) => b.text.plain)).toEqual(['Quoted.']);
    expect(quotes.blocks[0]!.markup.path.length).toBeLessThanOrEqual(48);
    expect(quotes.notes.some((n) => n.kind === 'limited')).toBe(true);
    const nestedDivs = (levels: number) => '<div>'.repeat(levels) + 'Deeper <b>text</b>.<script>alert(1)</script>' + '</div>'.repeat(levels);
    const unclosedSpans = (levels: number) => '<p>' + '<span lang="fr">'.repeat(levels) + 'x';
    const deeper = parseHtml(nestedDivs(100_000), 'deeper.html');
    expect(deeper.blocks.map((b) => b.text.plain)).toEqual(['Deeper text.']);
    expect(deeper.notes.map((n) => describeNote('deeper.html', n))).toContain('deeper.html:1: limited elements nested deeper than 200 levels flattened (their text kept)');
    const unclosed = parseHtml(unclosedSpans(100_000), 'spans.html');
    expect(unclosed.blocks.map((b) => b.text.plain)).toEqual(['x']);
    // Linear in the depth (the sanitiser alone was quadratic before the cap: over 5 s at 100,000 levels).
    expect(growthRatio((levels) => parseHtml(nestedDivs(levels), 'deeper.html'), 10_000)).toBeLessThan(LINEAR_GROWTH_LIMIT);
    expect(growthRatio((levels) => parseHtml(unclosedSpans(levels), 'spans.html'), 10_000)).toBeLessThan(LINEAR_GROWTH_LIMIT);
    const bold = parseHtml('<p>' + '<b>'.repeat(5_000) + 'x' + '</b>'.repeat(5_000) + '</p>', 'bold.html');
    expect(bold.blocks[0]!.markup.codes.length).toBeLessThanOrEqual(24);
    expect(bold.blocks[0]!.text.plain).toBe('x');
  });

  it('refuses a 10 MB page by name at once, and a page of more than 5,000 blocks', () => {
    const paragraph = '<p>Jiangmen news paragraph with <b>some</b> words in it.</p>\n';
    const big = paragraph.repeat(Math.ceil(10_000_000 / paragraph.length));
    expect(() => parseHtml(big, 'big.html')).toThrow(/big\.html: the page is 10\.0 million characters; at most 5 million/);
    expect(() => parseHtml('<li>item</li>'.repeat(5_001), 'list.html')).toThrow(/list\.html: the page has more than 5,000 blocks/);
  });
});

describe('pages of old CMSs and press releases', () => {
  it('finds the article of a page laid out with tables (no article or main): the title heading with the text beside it', () => {
    const page = parseHtml(read('water-supply-notice/en.html'), 'en.html');
    const tags = page.blocks.map((b) => b.markup.element?.tag);
    // No logo, menu, "Location:" line, share bar or copyright; no layout table in the markup.
    expect(tags).toEqual(['h1', 'p', 'p', 'p', 'h2', 'p', 'h2', 'p', 'h2', 'p', 'p', 'p', 'p']);
    expect(page.blocks.every((b) => b.markup.path.length === 0)).toBe(true);
    expect(page.blocks.map((b) => b.text.plain).join(' ')).not.toMatch(/Location|Copyright|Share|Public services|Government Notices/);
    expect(page.notes.map((n) => `${n.kind} ${n.what}`)).toEqual(expect.arrayContaining([
      'unwrapped layout <table> (its cells kept as the page\'s flow)', 'unwrapped <div> holding text (kept as a paragraph)',
      'removed <table class="top"> outside the article (page furniture)', 'removed <td class="share"> outside the article (page furniture)',
    ]));
  });

  it('does not take the site\'s name in an h1 of its header for the title: the article\'s h2 beside the text is', () => {
    const page = parseHtml('<body><header class="top"><h1>Jiangmen Municipal Government</h1></header><div class="wrap"><div class="menu-col"><a href="/">Home</a></div>'
      + '<div class="main-col"><h2>Library opens late</h2><div class="text"><p>The library stays open until 21:00 on Fridays.</p><p>The café too.</p></div></div></div>'
      + '<div class="foot">© Jiangmen</div></body>', 'x.html');
    expect(page.blocks.map((b) => b.text.plain)).toEqual(['Library opens late', 'The library stays open until 21:00 on Fridays.', 'The café too.']);
  });

  it('takes the page\'s first h1 for the title however many h2 follow (the heading walk is not in page order)', () => {
    const sections = Array.from({ length: 60 }, (_, i) => `<div class="sec"><h2>Part ${i + 1}</h2><div class="t"><p>Text of part ${i + 1}.</p></div></div>`).join('');
    const page = parseHtml(`<body><div class="page"><h1>Annual report</h1>${sections}</div><div class="foot">© Jiangmen</div></body>`, 'x.html');
    expect(page.blocks[0]!.text.plain).toBe('Annual report');
    expect(page.blocks).toHaveLength(121);
  });

  it('keeps a data table a table, and two divs of text two paragraphs (one div alone in a cell stays the cell\'s text)', () => {
    const page = parseHtml('<h1>T</h1><div>First line.</div><div>Second line.</div><table><tr><th>A</th></tr><tr><td><div>cell</div></td></tr></table>', 'x.html');
    expect(page.blocks.map((b) => [b.markup.path.map((e) => e.tag).join('>'), b.markup.element?.tag, b.text.plain])).toEqual([
      ['', 'h1', 'T'], ['', 'p', 'First line.'], ['', 'p', 'Second line.'], ['table>tbody>tr', 'th', 'A'], ['table>tbody>tr', 'td', 'cell'],
    ]);
  });

  it('leaves out a Chinese CMS\'s article tools (font size, print, close, share) by class or by label', () => {
    const page = parseHtml('<div class="main"><h1>通告</h1><div class="info">发布时间：2024-06-12</div><div class="fontsize">【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>'
      + '<div class="content"><p>正文第一段。</p><p>正文第二段。</p></div><div class="bottom-bar"><span>打印本页</span> <span>关闭窗口</span></div><p>分享到：<a href="https://weibo.com/">微博</a></p></div>', 'zh.html');
    expect(page.blocks.map((b) => b.text.plain)).toEqual(['通告', '发布时间：2024-06-12', '正文第一段。', '正文第二段。']);
  });

  it('keeps the article body of a TRS page (<div id="zoom">, the font-size tool\'s target) and a content div classed print', () => {
    const page = parseHtml('<div class="header">站名</div><h1>通告</h1><div id="zoom"><p>正文第一段。</p></div><div class="print"><p>正文第二段。</p></div><div class="footer">版权所有</div>', 'zh.html');
    expect(page.blocks.map((b) => b.text.plain)).toEqual(['通告', '正文第一段。', '正文第二段。']);
  });

  it('leaves out spacer paragraphs that hold only line breaks (a CMS\'s <p><br></p>), saying so; a paragraph of an image stays', () => {
    const page = parseHtml('<h1>T</h1><p><br></p><p>&nbsp;<br/></p><p>Text.</p><div><br><br></div><p><img src="a.png"></p>', 'x.html');
    expect(page.blocks.map((b) => codedString(b.text))).toEqual(['T', 'Text.', '{ph:1}']);
    expect(page.notes.map((n) => `${n.kind} ${n.what} ×${n.count}`)).toContain('removed empty paragraph (only line breaks) ×3');
  });

  it('keeps the ids a page\'s own # links go to (footnotes), prefixed, and their links; other ids go', () => {
    const page = parseHtml('<p id="intro">Text.<sup><a href="#fn1" id="r1">1</a></sup></p><ol><li id="fn1">Note. <a href="#r1">back</a></li></ol>', 'x.html');
    expect(page.blocks[0]!.markup.element!.attributes).toEqual([]);
    expect(page.blocks[0]!.markup.codes.map((c) => c.attributes)).toEqual([[], [['href', '#anchor-fn1'], ['id', 'anchor-r1']]]);
    expect(page.blocks[1]!.markup.element!.attributes).toEqual([['id', 'anchor-fn1']]);
    expect(page.blocks[1]!.markup.codes[0]!.attributes).toEqual([['href', '#anchor-r1']]);
    expect(page.notes.map((n) => `${n.kind} ${n.what} ×${n.count}`)).toContain('removed id attribute ×1');
  });

  it('keeps a footnote reference with the sentence it follows, in English and in Chinese', () => {
    const en = segmentDocument('<p>Sent home from Jiangmen.<sup><a href="#fn1">1</a></sup> Most date from 1880. It is free.<sup>[2]</sup></p>', 'html', 'en', 'x.html');
    expect(en.sentences[0]).toEqual(['Sent home from Jiangmen.{bpt:1}{bpt:2}1{ept:2}{ept:1}', 'Most date from 1880.', 'It is free.{bpt:3}[2]{ept:3}']);
    const zh = segmentDocument('<p>免费参观。<sup><a href="#n2">[2]</a></sup>欢迎预约。</p>', 'html', 'zh-Hans', 'x.html');
    expect(zh.sentences[0]).toEqual(['免费参观。{bpt:1}{bpt:2}[2]{ept:2}{ept:1}', '欢迎预约。']);
    // A superscript that is not a reference is text like any other.
    expect(segmentDocument('<p>The hall is 500 m<sup>2</sup>. It opens today.</p>', 'html', 'en', 'x.html').sentences[0]).toEqual(['The hall is 500 m{bpt:1}2{ept:1}.', 'It opens today.']);
  });
});

describe('sentences with inline codes', () => {
  const split = (html: string, locale: 'en' | 'zh-Hans' = 'en') => {
    const page = parseHtml(html, 'x.html');
    return splitCodedSentences(page.blocks[0]!.text, locale).map(codedString);
  };

  it('cuts between sentences, closing codes left, opening codes right', () => {
    expect(split('<p>First <b>bold.</b> <a href="/x">Second</a> one. Third.<br></p>')).toEqual([
      'First {bpt:1}bold.{ept:1}', '{bpt:2}Second{ept:2} one.', 'Third.{ph:3}',
    ]);
  });

  it('never cuts a paired code in two', () => {
    expect(split('<p><strong>One sentence. Another one.</strong> Free.</p>')).toEqual(['{bpt:1}One sentence. Another one.{ept:1}', 'Free.']);
  });

  it('splits Chinese and joins lines between Han characters without a space', () => {
    expect(split('<p>江门市<b>今天</b>开幕。\n大会\n持续三天。</p>', 'zh-Hans')).toEqual(['江门市{bpt:1}今天{ept:1}开幕。', '大会持续三天。']);
  });

  it('segmentDocument gives plain sentences for alignment beside the coded ones', () => {
    const doc = segmentDocument('<h1>Title <em>here</em></h1><p>A <b>b</b>. C.</p>', 'html', 'en', 'x.html');
    expect(doc.sentences).toEqual([['Title {bpt:1}here{ept:1}'], ['A {bpt:1}b{ept:1}.', 'C.']]);
    expect(doc.plain).toEqual([['Title here'], ['A b.', 'C.']]);
  });
});
