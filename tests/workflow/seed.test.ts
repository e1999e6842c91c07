/** `seed` end to end on both stores: the Jiangmen article published in three languages, idempotently. */
import { describeEachStore, openTestWorkflow, REPO_ROOT } from '../support/stores';
import type { Workflow } from '../../src/workflow';
import { storeOf } from '../support/workflow-store';

const FORBIDDEN = ['Greater Guangdong, Hong Kong and Macao Bay Area', 'Guangdong-Hongkong-Macao Greater Bay Area', 'Hongkong'];

describeEachStore('seed', (kind) => {
  let workflow: Workflow;
  beforeAll(async () => {
    workflow = await openTestWorkflow(kind);
    await workflow.seed(REPO_ROOT);
  });
  afterAll(() => workflow.close());

  it('publishes the seed article in en, zh-Hans and zh-Hant', async () => {
    expect(await workflow.site.publishedLocales('jiangmen-achievements')).toEqual(['en', 'zh-Hans', 'zh-Hant']);
  });

  it('keeps the title and six body paragraphs, and no footer', async () => {
    const article = await workflow.site.getPublished('jiangmen-achievements', 'en');
    expect(article?.paragraphs).toHaveLength(7);
    expect(article?.paragraphs[0]).toMatchObject({ kind: 'heading', level: 1, text: 'The Achievements of Jiangmen' });
    const all = article!.paragraphs.map((p) => p.text).join('\n');
    expect(all).not.toMatch(/Briefing of This Website|All Rights Reserved/);
  });

  it('never shows a forbidden term, and uses each script’s Greater Bay Area term', async () => {
    const en = await workflow.site.getPublished('jiangmen-achievements', 'en');
    const hans = await workflow.site.getPublished('jiangmen-achievements', 'zh-Hans');
    const hant = await workflow.site.getPublished('jiangmen-achievements', 'zh-Hant');
    const text = (a: typeof en) => a!.paragraphs.map((p) => p.text).join('\n');
    for (const term of FORBIDDEN) expect(text(en)).not.toContain(term);
    expect(text(en)).toContain('Guangdong-Hong Kong-Macao Greater Bay Area');
    expect(text(hans)).toContain('粤港澳大湾区');
    expect(text(hant)).toContain('粵港澳大灣區');
    expect(text(hant)).toContain('江門人才島');
    expect(text(hant)).not.toContain('粤港澳大湾区');
  });

  it('records the source fix as an attributed source edit with its reason', async () => {
    const units = await workflow.articleUnits('jiangmen-achievements', { locale: 'zh-Hans' });
    const fixed = units.find((u) => u.sourceText.includes('Guangdong-Hong Kong-Macao Greater Bay Area'))!;
    const history = await workflow.unitHistory(fixed.id);
    const edit = history.find((h) => h.action === 'source-edit');
    expect(edit?.by).toBe('seed');
    expect(edit?.reason).toMatch(/forbidden term replaced/);
  });

  it('derives zh-Hant with origin converted from approved zh-Hans', async () => {
    const units = await workflow.articleUnits('jiangmen-achievements', { locale: 'zh-Hant' });
    expect(units.length).toBeGreaterThan(0);
    for (const unit of units) expect(unit).toMatchObject({ origin: 'converted', status: 'approved' });
  });

  it('changes nothing when run again', async () => {
    const before = await storeOf(workflow).getDocumentBySlug('jiangmen-achievements');
    const unitsBefore = await storeOf(workflow).countUnits({});
    const report = await workflow.seed(REPO_ROOT);
    expect(report.concepts.added + report.concepts.updated).toBe(0);
    expect(report.uiStrings).toEqual([]);
    expect(report.articles.every((a) => a.status === 'unchanged')).toBe(true);
    expect(await storeOf(workflow).countUnits({})).toBe(unitsBefore);
    expect((await storeOf(workflow).getDocumentBySlug('jiangmen-achievements'))?.version).toBe(before?.version);
  });
});
