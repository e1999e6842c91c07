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

  it('refuses a non-HTML file named .html by name, storing nothing', async () => {
    await expect(workflow.importDocument({ text: 'plain words only', fileName: 'x.html', locale: 'en', slug: 'x', by: 'editor' }))
      .rejects.toThrow(/x\.html: does not look like HTML/);
    expect(await workflow.listArticles()).toEqual([]);
  });
});
