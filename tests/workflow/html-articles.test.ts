/** HTML articles through the workflow: import, align with the Chinese page, codes matched, the report. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workflow } from '../../src/workflow';
import { describeEachStore, openTestWorkflow } from '../support/stores';
import { storeOf } from '../support/workflow-store';

const DIR = join(__dirname, '..', 'fixtures', 'html', 'bay-area-bridge');
const EN = readFileSync(join(DIR, 'en.html'), 'utf8');
const ZH = readFileSync(join(DIR, 'zh-Hans.html'), 'utf8');

describeEachStore('HTML articles', (kind) => {
  let workflow: Workflow;
  beforeEach(async () => { workflow = await openTestWorkflow(kind); });
  afterEach(() => workflow.close());

  it('imports an HTML page as blocks with their markup, and reports what it removed', async () => {
    const summary = await workflow.importDocument({ text: EN, fileName: 'news/en.html', locale: 'en', slug: 'bridge', by: 'editor' });
    expect(summary.document.format).toBe('html');
    expect(summary.document.title).toBe('Huangmaohai Bridge opens to traffic');
    expect(summary.notes).toEqual(expect.arrayContaining([
      'news/en.html:6: removed <script> with its content (2 times)', 'news/en.html:13: removed onclick attribute (script)',
    ]));
    const paragraphs = await storeOf(workflow).listParagraphs(summary.document.id);
    expect(paragraphs[5]!.markup).toMatchObject({ element: { tag: 'li' }, path: [{ tag: 'ul' }] });
    const units = await workflow.articleUnits('bridge', { locale: 'zh-Hans' });
    const link = units.find((u) => u.sourceText.startsWith('Read more'))!;
    expect(link.sourceText).toBe('Read more about {bpt:2}the achievements of Jiangmen{ept:2}.');
    expect(link.inlineCodes).toEqual([
      { id: '2', kind: 'bpt', native: '<a href="/en/articles/jiangmen-achievements">' }, { id: '2', kind: 'ept', native: '</a>' },
    ]);
    expect(units.map((u) => u.sourceText).join(' ')).not.toMatch(/alert|cookie/);
  });

  it('aligns the English page with the Chinese one, block by block, codes matched to the source', async () => {
    const summary = await workflow.alignArticle({
      sourceText: EN, sourceFile: 'en.html', targetText: ZH, targetFile: 'zh-Hans.html',
      sourceLocale: 'en', targetLocale: 'zh-Hans', slug: 'bridge', by: 'aligner',
    });
    expect(summary.notes.length).toBeGreaterThan(0);
    const units = await workflow.articleUnits('bridge', { locale: 'zh-Hans' });
    const pairs = Object.fromEntries(units.map((u) => [u.sourceText, u.targetText]));
    expect(pairs['Huangmaohai Bridge opens to traffic']).toBe('黄茅海大桥通车');
    expect(pairs['Read more about {bpt:2}the achievements of Jiangmen{ept:2}.']).toBe('了解更多{bpt:2}江门的成就{ept:2}。');
    expect(pairs['The passage is part of the transport network of the {bpt:1}Greater Bay Area{ept:1}.']).toBe('该通道是{bpt:1}粤港澳大湾区{ept:1}交通网络的一部分。');
    expect(pairs['The Huangmaohai bridge at sunset']).toBe('夕阳下的黄茅海大桥');
    expect(pairs['Jiangmen to Hong Kong Airport']).toBe('江门至香港机场');
    expect(pairs['70 minutes']).toBe('70分钟');
    expect(pairs['The city expects {bpt:1}20,000 vehicles{ept:1} a day in the first year.']).toBe('预计第一年每天有{bpt:1}2万辆{ept:1}车辆通行。');
  });

  it('publishes en, zh-Hans and zh-Hant with the source markup, the texts of each language and links in the page locale', async () => {
    await workflow.importDocument({
      text: '<h1>The achievements of Jiangmen</h1><p>Jiangmen grew.</p>', fileName: 'a/en.html', locale: 'en', slug: 'jiangmen-achievements', by: 'editor',
    });
    await workflow.alignArticle({
      sourceText: EN, sourceFile: 'en.html', targetText: ZH, targetFile: 'zh-Hans.html',
      sourceLocale: 'en', targetLocale: 'zh-Hans', slug: 'bridge', by: 'aligner',
    });
    const approveAll = async (slug: string) => {
      for (const unit of await workflow.articleUnits(slug, { locale: 'zh-Hans' })) {
        if (!unit.targetText) await workflow.editTarget({ id: unit.id, version: unit.version, text: '江门发展了。', by: 'translator' });
      }
      for (const unit of await workflow.articleUnits(slug, { locale: 'zh-Hans' })) await workflow.approveUnit({ id: unit.id, by: 'reviewer' });
    };
    await approveAll('bridge');
    const site = workflow.site;
    const en = await site.getPublished('bridge', 'en');
    const hans = await site.getPublished('bridge', 'zh-Hans');
    const hant = await site.getPublished('bridge', 'zh-Hant');
    expect(hans?.title).toBe('黄茅海大桥通车');
    expect(hant?.title).toBe('黃茅海大橋通車');
    for (const page of [en, hans, hant]) {
      expect(page?.html).toMatch(/<ul>\n<li>[^<]+<\/li>\n<li>[^<]+<\/li>\n<li>[^<]+<\/li>\n<\/ul>/);
      expect(page?.html).toContain('<img src="https://example.org/images/huangmaohai.jpg" width="800" height="450" alt="');
      expect(page?.html).not.toMatch(/script|onclick|alert/i);
    }
    expect(hans?.html).toContain('alt="夕阳下的黄茅海大桥"');
    expect(hant?.html).toContain('alt="夕陽下的黃茅海大橋"');
    expect(hans?.html).toContain('<a href="https://www.cnbayarea.org.cn/">粤港澳大湾区</a>');
    // The linked article has no zh-Hans release yet: the link goes where the source said.
    expect(hans?.html).toContain('<a href="/en/articles/jiangmen-achievements">江门的成就</a>');
    expect(en?.html).toContain('<a href="/en/articles/jiangmen-achievements">the achievements of Jiangmen</a>');
    await approveAll('jiangmen-achievements');
    expect((await site.getPublished('bridge', 'zh-Hant'))?.html).toContain('<a href="/zh-Hant/articles/jiangmen-achievements">江門的成就</a>');
  });

  it('reports what the alignment cannot carry over: a Chinese inline code with no English counterpart, a link elsewhere', async () => {
    const en = '<h1>Port news</h1><p>The port opened a <a href="https://port.example/en/terminal">new terminal</a> on Monday.</p><p>Ships now wait less.</p>';
    const zh = '<h1>港口新闻</h1><p>港口于星期一启用了<a href="https://port.example/zh/old-terminal">新码头</a>。</p><p>船舶<em>现在</em>等待时间更短。</p>';
    const summary = await workflow.alignArticle({
      sourceText: en, sourceFile: 'en.html', targetText: zh, targetFile: 'zh.html',
      sourceLocale: 'en', targetLocale: 'zh-Hans', slug: 'port', by: 'aligner',
    });
    expect(summary.notes).toEqual([
      'zh.html:1: block 2 <p>: link "新码头" goes to "https://port.example/zh/old-terminal" but the source\'s goes to "https://port.example/en/terminal" (segment "The port opened a new terminal on Monday." at en.html:1); the source\'s href is kept',
      'zh.html:1: block 3 <p>: dropped <em> around "现在": no such inline code in the source segment "Ships now wait less." at en.html:1; its markup is left out, its text kept',
    ]);
    const units = await workflow.articleUnits('port', { locale: 'zh-Hans' });
    expect(units.map((u) => u.targetText)).toEqual(['港口新闻', '港口于星期一启用了{bpt:1}新码头{ept:1}。', '船舶现在等待时间更短。']);
  });

  it('says nothing of codes that come through: the same link in another locale, b for strong', async () => {
    const en = '<p>See <a href="/en/articles/other">the other article</a> and <strong>this</strong>.</p>';
    const zh = '<p>参见<a href="/zh-Hans/articles/other">另一篇文章</a>和<b>这个</b>。</p>';
    const summary = await workflow.alignArticle({
      sourceText: en, sourceFile: 'en.html', targetText: zh, targetFile: 'zh.html',
      sourceLocale: 'en', targetLocale: 'zh-Hans', slug: 'same', by: 'aligner',
    });
    expect(summary.notes).toEqual([]);
    const [unit] = await workflow.articleUnits('same', { locale: 'zh-Hans' });
    expect(unit!.targetText).toBe('参见{bpt:1}另一篇文章{ept:1}和{bpt:2}这个{ept:2}。');
  });

  it('matches the links of an existing Chinese version to the English ones: the same article or page in another locale, relative or not', async () => {
    const en = '<p>See <a href="/en/articles/ferry-timetable">the timetable</a>, <a href="ferry-fares">the fares</a>, '
      + '<a href="../articles/ferry-rules#luggage">the luggage rules</a>, <a href="https://www.port.example/en/news/ferry.html?lang=en">the news</a> '
      + 'and <a href="/files/ferry_en.pdf">the leaflet</a>.</p>';
    // The Chinese names the links in another order; each is the same link in its own locale.
    const zh = '<p>请看<a href="https://port.example/zh-cn/news/ferry.html?lang=zh">新闻</a>、<a href="/zh-Hans/articles/ferry-fares">票价</a>、'
      + '<a href="./ferry-timetable">时刻表</a>、<a href="/zh-Hans/articles/ferry-rules#luggage">行李规定</a>和<a href="/files/ferry_cn.pdf">宣传单</a>。</p>';
    const summary = await workflow.alignArticle({
      sourceText: en, sourceFile: 'en.html', targetText: zh, targetFile: 'zh.html',
      sourceLocale: 'en', targetLocale: 'zh-Hans', slug: 'ferry-links', by: 'aligner',
    });
    expect(summary.notes).toEqual([]);
    const [unit] = await workflow.articleUnits('ferry-links', { locale: 'zh-Hans' });
    expect(unit!.targetText).toBe('请看{bpt:4}新闻{ept:4}、{bpt:2}票价{ept:2}、{bpt:1}时刻表{ept:1}、{bpt:3}行李规定{ept:3}和{bpt:5}宣传单{ept:5}。');
    // A link to another page (not another locale of the same one) is still said, its href the source's.
    const other = await workflow.alignArticle({
      sourceText: en, sourceFile: 'en.html', targetText: zh.replace('ferry-fares', 'bus-fares'), targetFile: 'zh.html',
      sourceLocale: 'en', targetLocale: 'zh-Hans', slug: 'ferry-links', by: 'aligner',
    });
    expect(other.notes).toEqual([
      'zh.html:1: block 1 <p>: link "票价" goes to "/zh-Hans/articles/bus-fares" but the source\'s goes to "ferry-fares" (segment "See the timetable, the fares, the luggage rules, the news…" at en.html:1); the source\'s href is kept',
    ]);
  });

  it('refuses a non-HTML file named .html by name, storing nothing', async () => {
    await expect(workflow.importDocument({ text: 'plain words only', fileName: 'x.html', locale: 'en', slug: 'x', by: 'editor' }))
      .rejects.toThrow(/x\.html: does not look like HTML/);
    expect(await workflow.listArticles()).toEqual([]);
  });
});
