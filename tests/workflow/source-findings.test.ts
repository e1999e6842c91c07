/**
 * The QA page's "English source" section (workflow.sourceFindings): the findings on the source
 * text itself, once per segment — not a zh-Hans translation's findings that point at the source
 * (a term or a number the translation lacks), which belong to that locale.
 */
import type { Workflow } from '../../src/workflow';
import { describeEachStore, openTestWorkflow } from '../support/stores';

const ENGLISH = '# Harbour\n\nThe pier opens on 5 May .\n\nThe Guangdong-Hongkong-Macao Greater Bay Area grows.\n';
const CHINESE = '# 港口\n\n码头下月开放。\n\n粤港澳大湾区在发展。\n';

const term = (locale: string, text: string, status: 'preferred' | 'forbidden') => ({ locale, text, status, caseSensitive: false });

describeEachStore('source findings', (kind) => {
  let workflow: Workflow;
  beforeEach(async () => {
    workflow = await openTestWorkflow(kind);
    await workflow.saveConcept({ note: null, terms: [term('en', 'pier', 'preferred'), term('zh-Hans', '栈桥', 'preferred')] }, { id: 'pier', expectedVersion: null, by: 'editor' });
    await workflow.saveConcept({
      note: null,
      terms: [term('en', 'Guangdong-Hong Kong-Macao Greater Bay Area', 'preferred'), term('en', 'Guangdong-Hongkong-Macao Greater Bay Area', 'forbidden'), term('zh-Hans', '粤港澳大湾区', 'preferred')],
    }, { id: 'gba', expectedVersion: null, by: 'editor' });
    await workflow.alignArticle({
      sourceText: ENGLISH, sourceFile: 'en.md', targetText: CHINESE, targetFile: 'zh-Hans.md',
      sourceLocale: 'en', targetLocale: 'zh-Hans', slug: 'harbour', by: 'aligner',
    });
  });
  afterEach(() => workflow.close());

  it('lists the source text\'s own findings, not the translation\'s findings that point at the source', async () => {
    // The zh-Hans units do carry findings with a source span: the term and the number the translation lacks.
    const hans = await workflow.articleUnits('harbour', { locale: 'zh-Hans' });
    const onSource = hans.flatMap((u) => u.findings.filter((f) => f.span?.side === 'source').map((f) => f.checkId));
    expect(onSource).toEqual(expect.arrayContaining(['term-missing', 'numbers', 'space-before-punctuation', 'term-forbidden']));

    const source = await workflow.sourceFindings('harbour');
    expect(source.map((f) => [f.position, f.checkId])).toEqual([[1, 'space-before-punctuation'], [2, 'term-forbidden']]);
    expect(source[1]!.message).toContain('in the source is a forbidden term');
  });

  it('lists each source finding once although every locale\'s unit carries it', async () => {
    expect((await workflow.articleUnits('harbour', { locale: 'zh-Hant' })).length).toBeGreaterThan(0);
    const source = await workflow.sourceFindings('harbour');
    expect(source.filter((f) => f.checkId === 'space-before-punctuation')).toHaveLength(1);
  });
});
