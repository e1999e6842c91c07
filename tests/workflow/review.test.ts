/** Review and approval on both stores: versions, the approval gate, overrides, zh-Hant derivation. */
import { ApprovalBlockedError, WorkflowInputError, type Workflow } from '../../src/workflow';
import { VersionConflictError } from '../../src/store';
import { describeEachStore, openTestWorkflow } from '../support/stores';

const ENGLISH = '# Bay Area news\n\nJiangmen joins the Guangdong-Hong Kong-Macao Greater Bay Area. The city invests 5 billion yuan.\n\nHong Kong visitors came.\n';
const CHINESE = '# 湾区新闻\n\n江门融入粤港澳大湾区。该市投资50亿元。\n\n香港游客来访。\n';

const GBA = {
  id: 'gba',
  note: null,
  terms: [
    { locale: 'en', text: 'Guangdong-Hong Kong-Macao Greater Bay Area', status: 'preferred', caseSensitive: false },
    { locale: 'en', text: 'Guangdong-Hongkong-Macao Greater Bay Area', status: 'forbidden', caseSensitive: false },
    { locale: 'zh-Hans', text: '粤港澳大湾区', status: 'preferred', caseSensitive: false },
    { locale: 'zh-Hant', text: '粵港澳大灣區', status: 'preferred', caseSensitive: false },
  ],
};

describeEachStore('review', (kind) => {
  let workflow: Workflow;
  beforeEach(async () => {
    workflow = await openTestWorkflow(kind);
    await workflow.saveConcept(GBA, { expectedVersion: null, by: 'editor' });
    await workflow.alignArticle({
      sourceText: ENGLISH, sourceFile: 'news/en.md', targetText: CHINESE, targetFile: 'news/zh-Hans.md',
      sourceLocale: 'en', targetLocale: 'zh-Hans', slug: 'bay-news', by: 'aligner',
    });
  });
  afterEach(() => workflow.close());

  const hansUnits = () => workflow.articleUnits('bay-news', { locale: 'zh-Hans' });

  it('aligns into translated units with bead provenance', async () => {
    const units = await hansUnits();
    expect(units.map((u) => u.targetText)).toEqual(['湾区新闻', '江门融入粤港澳大湾区。', '该市投资50亿元。', '香港游客来访。']);
    for (const unit of units) {
      expect(unit).toMatchObject({ status: 'translated', origin: 'aligned' });
      expect(unit.bead?.type).toBe('1-1');
    }
  });

  it('refuses a stale edit and keeps the newer text (lost update)', async () => {
    const [unit] = await hansUnits();
    await workflow.editTarget({ id: unit!.id, version: unit!.version, text: '湾区要闻', by: 'ana' });
    await expect(workflow.editTarget({ id: unit!.id, version: unit!.version, text: '湾区消息', by: 'ben' })).rejects.toBeInstanceOf(VersionConflictError);
    expect((await workflow.unit(unit!.id)).targetText).toBe('湾区要闻');
  });

  it('refuses to approve a unit that changed since the reviewer saw it', async () => {
    const [unit] = await hansUnits();
    await workflow.editTarget({ id: unit!.id, version: unit!.version, text: '湾区要闻', by: 'ana' });
    await expect(workflow.approveUnit({ id: unit!.id, version: unit!.version, by: 'ben' })).rejects.toBeInstanceOf(VersionConflictError);
    expect((await workflow.unit(unit!.id)).status).toBe('translated');
  });

  it('blocks approval on an error finding until it is fixed or overridden with a reason', async () => {
    const unit = (await hansUnits())[1]!;
    const edited = await workflow.editTarget({ id: unit.id, version: unit.version, text: '江门融入大湾区。', by: 'ana' });
    expect(edited.findings.map((f) => f.checkId)).toContain('term-missing');
    await expect(workflow.approveUnit({ id: unit.id, by: 'ana' })).rejects.toBeInstanceOf(ApprovalBlockedError);
    await expect(workflow.approveUnit({ id: unit.id, by: 'ana', override: { checkId: 'term-missing', reason: '   ' } }))
      .rejects.toBeInstanceOf(WorkflowInputError);
    const approved = await workflow.approveUnit({ id: unit.id, by: 'ana', override: { checkId: 'term-missing', reason: 'short form agreed with the client' } });
    expect(approved.status).toBe('approved');
    expect(approved.overrides).toEqual([expect.objectContaining({ checkId: 'term-missing', by: 'ana', reason: 'short form agreed with the client' })]);
    const history = await workflow.unitHistory(unit.id);
    expect(history.at(-1)).toMatchObject({ action: 'override', by: 'ana', reason: expect.stringContaining('short form agreed') });
  });

  it('derives zh-Hant on approval, and leaves a hand-edited zh-Hant unit alone', async () => {
    const unit = (await hansUnits())[1]!;
    await workflow.approveUnit({ id: unit.id, by: 'ana' });
    let hant = (await workflow.articleUnits('bay-news', { locale: 'zh-Hant' }))[1]!;
    expect(hant).toMatchObject({ targetText: '江門融入粵港澳大灣區。', origin: 'converted', status: 'approved' });

    await workflow.editTarget({ id: hant.id, version: hant.version, text: '江門加入粵港澳大灣區。', by: 'hk-editor' });
    const again = await workflow.unit(unit.id);
    const edited = await workflow.editTarget({ id: again.id, version: again.version, text: '江门积极融入粤港澳大湾区。', by: 'ana' });
    await workflow.approveUnit({ id: edited.id, by: 'ana' });
    hant = await workflow.unit(hant.id);
    expect(hant.targetText).toBe('江門加入粵港澳大灣區。');
    expect(hant.findings.map((f) => f.checkId)).toContain('conversion-manual');
  });

  it('publishes a locale only when every segment is approved', async () => {
    expect(await workflow.site.publishedLocales('bay-news')).toEqual(['en']);
    for (const unit of await hansUnits()) await workflow.approveUnit({ id: unit.id, by: 'ana' });
    expect(await workflow.site.publishedLocales('bay-news')).toEqual(['en', 'zh-Hans', 'zh-Hant']);
    const hant = await workflow.site.getPublished('bay-news', 'zh-Hant');
    expect(hant?.paragraphs.map((p) => p.text)).toEqual(['灣區新聞', '江門融入粵港澳大灣區。該市投資50億元。', '香港遊客來訪。']);
  });

  it('re-checks units when a term changes, and reports how many it put in error', async () => {
    const concept = await workflow.concept('gba');
    const change = await workflow.saveConcept({
      ...concept,
      terms: concept.terms.map((t) => (t.locale === 'zh-Hans' ? { ...t, text: '粤港澳湾区' } : t)),
    }, { id: 'gba', expectedVersion: concept.version, by: 'editor' });
    expect(change.recheck.nowInError).toHaveLength(1);
    const unit = await workflow.unit(change.recheck.nowInError[0]!);
    expect(unit.findings.map((f) => f.checkId)).toContain('term-missing');
  });

  it('flags a forbidden English term in the source, and the editor’s source fix sends targets back to review', async () => {
    const units = await hansUnits();
    await workflow.approveUnit({ id: units[1]!.id, by: 'ana' });
    const [changed] = await workflow.editSource({ documentId: units[1]!.documentId!, position: 1, text: 'Jiangmen joins the Guangdong-Hongkong-Macao Greater Bay Area.', by: 'ed' });
    expect(changed!.findings).toEqual(expect.arrayContaining([expect.objectContaining({ checkId: 'term-forbidden', span: expect.objectContaining({ side: 'source' }) })]));
    expect(changed!.status).toBe('translated');
    // The source in error is not released: readers keep the English release they had.
    expect(await workflow.site.publishedLocales('bay-news')).toEqual(['en']);
    expect((await workflow.site.getPublished('bay-news', 'en'))!.version).toBe(1);
    expect((await workflow.site.getPublished('bay-news', 'en'))!.html).not.toContain('Hongkong');
    const fixes = await workflow.applyPreferredSourceTerms('bay-news', 'ed');
    expect(fixes).toEqual([expect.objectContaining({ after: 'Jiangmen joins the Guangdong-Hong Kong-Macao Greater Bay Area.' })]);
    expect(await workflow.site.publishedLocales('bay-news')).toEqual(['en']);
    // The fix restores the released text: readers see nothing new, so no new release.
    const english = await workflow.site.getPublished('bay-news', 'en');
    expect(english!.version).toBe(1);
    expect(english!.html).toContain('Jiangmen joins the Guangdong-Hong Kong-Macao Greater Bay Area.');
  });

  it('keeps translations of unchanged segments when a document is re-imported', async () => {
    const units = await hansUnits();
    await workflow.approveUnit({ id: units[3]!.id, by: 'ana' });
    const summary = await workflow.importDocument({
      text: '# Bay Area news\n\nJiangmen joins the Guangdong-Hong Kong-Macao Greater Bay Area. The city invests 6 billion yuan.\n\nHong Kong visitors came.\n',
      fileName: 'news/en.md', locale: 'en', slug: 'bay-news', by: 'ed',
    });
    expect(summary.segments).toBe(4);
    const after = await hansUnits();
    expect(after[3]).toMatchObject({ id: units[3]!.id, status: 'approved', targetText: '香港游客来访。' });
    // The changed sentence keeps its translation as an outdated draft, with the source it was made for.
    expect(after[2]).toMatchObject({
      id: units[2]!.id, status: 'draft', targetText: '该市投资50亿元。', sourceText: 'The city invests 6 billion yuan.',
      outdatedSource: 'The city invests 5 billion yuan.',
    });
    // The old sentence's translation stays in the memory.
    const matches = await workflow.lookup('The city invests 6 billion yuan.', { min: 60 });
    expect(matches[0]?.target).toBe('该市投资50亿元。');
  });
});
