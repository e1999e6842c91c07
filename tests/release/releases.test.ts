/**
 * Releases on both stores, over the seed article: a published page never vanishes. Through a
 * one-word English change (a re-import), a plain re-import, a merge, a termbase edit and a
 * zh-Hans override, every locale stays online; each moves to its next version when approved in it.
 */
import type { Locale } from '../../src/locale';
import { type PublishedArticle, type Workflow } from '../../src/workflow';
import { describeEachStore, openTestWorkflow, REPO_ROOT } from '../support/stores';
import { storeOf } from '../support/workflow-store';

const SLUG = 'jiangmen-achievements';
const ALL: Locale[] = ['en', 'zh-Hans', 'zh-Hant'];

/** The released English back as Markdown: what an editor would export, change and re-import. */
function markdownOf(article: PublishedArticle): string {
  return article.paragraphs.map((p) => (p.kind === 'heading' ? `${'#'.repeat(p.level ?? 1)} ${p.text}` : p.text)).join('\n\n') + '\n';
}

describeEachStore('releases', (kind) => {
  let workflow: Workflow;
  beforeEach(async () => {
    workflow = await openTestWorkflow(kind);
    await workflow.seed(REPO_ROOT);
  }, 60_000);
  afterEach(() => workflow.close());

  const page = (locale: Locale) => workflow.site.getPublished(SLUG, locale);
  async function versions(): Promise<Record<string, number | undefined>> {
    const out: Record<string, number | undefined> = {};
    for (const locale of ALL) out[locale] = (await page(locale))?.version;
    return out;
  }
  async function expectOnline(expected: Record<string, number>): Promise<void> {
    expect(await workflow.site.publishedLocales(SLUG)).toEqual(ALL);
    expect(await versions()).toEqual(expected);
    for (const locale of ALL) expect((await workflow.site.listPublished(locale)).map((s) => s.slug)).toContain(SLUG);
  }
  const units = (locale: Locale) => workflow.articleUnits(SLUG, { locale });

  it('the seed article stays online in all three languages through every change, and each locale moves when approved', async () => {
    await expectOnline({ en: 1, 'zh-Hans': 1, 'zh-Hant': 1 });
    const hant1 = await page('zh-Hant');
    expect(hant1!.html).toContain('粵港澳大灣區');

    // 1. A one-word English change, re-imported: English is clean, so it is released at once.
    const english = markdownOf((await page('en'))!);
    expect(english).toContain('Sixty-three projects');
    const changed = english.replace('Sixty-three projects', 'Sixty-four projects');
    await workflow.importDocument({ text: changed, fileName: 'en.md', locale: 'en', slug: SLUG, by: 'ed' });
    await expectOnline({ en: 2, 'zh-Hans': 1, 'zh-Hant': 1 });
    expect((await page('en'))!.html).toContain('Sixty-four projects');
    const hans = await page('zh-Hans');
    expect(hans!.html).toContain('共集中推进项目63个');
    // The translation lags: it says a newer English exists.
    expect(hans!.newerSource).toBe(true);
    expect((await page('en'))!.newerSource).toBe(false);
    // The work is kept: the changed segment's units hold their previous translation as outdated drafts.
    for (const locale of ['zh-Hans', 'zh-Hant'] as const) {
      const outdated = (await units(locale)).filter((u) => u.outdatedSource !== null);
      expect(outdated).toHaveLength(1);
      expect(outdated[0]).toMatchObject({ status: 'draft' });
      expect(outdated[0]!.sourceText).toContain('Sixty-four projects');
      expect(outdated[0]!.outdatedSource).toContain('Sixty-three projects');
      expect(outdated[0]!.targetText).toMatch(/63/);
    }
    // Every other unit is as it was: approved, not outdated.
    expect((await units('zh-Hans')).filter((u) => u.status !== 'approved')).toHaveLength(1);

    // 2. The same file re-imported: nothing readers see changes, no new release.
    await workflow.importDocument({ text: changed, fileName: 'en.md', locale: 'en', slug: SLUG, by: 'ed' });
    await expectOnline({ en: 2, 'zh-Hans': 1, 'zh-Hant': 1 });

    // 3. A merge in the alignment repair (two sentences of one paragraph into one unit).
    const hansUnits = await units('zh-Hans');
    const first = hansUnits.find((u, i) => u.status === 'approved' && hansUnits[i + 1]?.paragraph === u.paragraph)!;
    await workflow.mergeWithNext({ unitId: first.id, by: 'tina' });
    await expectOnline({ en: 2, 'zh-Hans': 1, 'zh-Hant': 1 });

    // 4. A termbase edit (re-checks every unit).
    const concept = await workflow.concept('talent-island');
    await workflow.saveConcept({ ...concept, note: 'edited in the releases test' }, { id: concept.id, expectedVersion: concept.version, by: 'ed' });
    await expectOnline({ en: 2, 'zh-Hans': 1, 'zh-Hant': 1 });

    // 5. The changed segment translated without the Greater Bay Area term, approved with an override.
    const fresh = (await units('zh-Hans')).find((u) => u.outdatedSource !== null)!;
    const text = fresh.targetText.replace('共集中推进项目63个', '共集中推进项目64个').replace('其中粤港澳大湾区项目43个', '其中湾区项目43个');
    expect(text).not.toBe(fresh.targetText);
    const edited = await workflow.editTarget({ id: fresh.id, version: fresh.version, text, by: 'tina' });
    expect(edited.outdatedSource).toBeNull();
    const errors = [...new Set(edited.findings.filter((f) => f.severity === 'error').map((f) => f.checkId))];
    expect(errors.length).toBeGreaterThan(0);
    await workflow.approveUnit({
      id: edited.id, by: 'rita', role: 'reviewer', version: edited.version,
      overrides: errors.map((checkId) => ({ checkId, reason: 'the short form was agreed for this sentence' })),
    });
    // The derived zh-Hant unit carries the same override for the same check, and says so.
    const hantUnit = (await units('zh-Hant')).find((u) => u.position === edited.position)!;
    expect(hantUnit.status).toBe('approved');
    expect(hantUnit.outdatedSource).toBeNull();
    expect(hantUnit.overrides.map((o) => o.checkId).sort()).toEqual(errors.sort());
    expect(hantUnit.overrides[0]!.reason).toBe('the short form was agreed for this sentence');
    expect((await workflow.unitHistory(hantUnit.id)).at(-1)!.reason).toMatch(/override of term-\w+ carried from zh-Hans/);

    // 6. The last unit approved: zh-Hans and its derived zh-Hant move to version 2 together.
    for (const unit of await units('zh-Hans')) {
      expect(unit.status).not.toBe('new');
      if (unit.status !== 'approved') await workflow.approveUnit({ id: unit.id, by: 'rita', role: 'reviewer', version: unit.version });
    }
    await expectOnline({ en: 2, 'zh-Hans': 2, 'zh-Hant': 2 });
    const hans2 = await page('zh-Hans');
    expect(hans2!.html).toContain('共集中推进项目64个');
    expect(hans2!.newerSource).toBe(false);
    expect((await page('zh-Hant'))!.html).toContain('共集中推進項目64個');

    // What each release holds: who, when, the termbase, the converter for zh-Hant.
    const [hantRelease] = await workflow.articleReleases(SLUG, 'zh-Hant');
    expect(hantRelease).toMatchObject({
      version: 2, approvedBy: 'rita', converter: { library: 'opencc-js', variant: 'hk' }, withdrawal: null,
    });
    expect(hantRelease!.units.length).toBeGreaterThan(5);
    expect(hantRelease!.termbaseVersion).toMatch(/^\d+\./);
    expect((await workflow.articleReleases(SLUG, 'en'))[0]!.converter).toBeNull();
  }, 120_000);

  it('the QA report lists released units that a later termbase change put in error, from the release, even after an edit', async () => {
    const concept = await workflow.concept('talent-island');
    await workflow.saveConcept({
      ...concept, terms: concept.terms.map((t) => (t.locale === 'zh-Hans' ? { ...t, text: '江门人才之岛' } : t)),
    }, { id: concept.id, expectedVersion: concept.version, by: 'ed' });
    const report = await workflow.qaReport({ slug: SLUG, locale: 'zh-Hans' });
    expect(report.releasedWithFindings.length).toBeGreaterThan(0);
    const [first] = report.releasedWithFindings;
    expect(first!.checkId).toMatch(/^term-/);
    // A draft that fixes it is not what readers see: the release is still reported.
    const unit = await workflow.unit(first!.unitId);
    await workflow.editTarget({ id: unit.id, version: unit.version, text: unit.targetText.replace('江门人才岛', '江门人才之岛'), by: 'tina' });
    expect((await workflow.qaReport({ slug: SLUG, locale: 'zh-Hans' })).releasedWithFindings).toContainEqual(first);
  });

  it('never releases the working state: an edit shows only after approval', async () => {
    const [unit] = (await units('zh-Hans')).filter((u) => u.position === 1);
    await workflow.editTarget({ id: unit!.id, version: unit!.version, text: '草稿，不应出现。', by: 'tina' });
    expect((await page('zh-Hans'))!.html).not.toContain('草稿');
    expect((await page('zh-Hans'))!.version).toBe(1);
  });

  it('a withdrawal takes the locale offline, recorded; an editor’s publish brings it back', async () => {
    const withdrawn = await workflow.withdraw({ slug: SLUG, locale: 'zh-Hant', by: 'ed', reason: 'legal review of a name' });
    expect(withdrawn.withdrawal).toMatchObject({ by: 'ed', reason: 'legal review of a name' });
    expect(await workflow.site.publishedLocales(SLUG)).toEqual(['en', 'zh-Hans']);
    expect(await page('zh-Hant')).toBeNull();
    // Approving again without a change does not undo an editor's withdrawal …
    const [unit] = await units('zh-Hans');
    await workflow.approveUnit({ id: unit!.id, by: 'rita', role: 'reviewer' });
    expect(await page('zh-Hant')).toBeNull();
    // … an explicit publish does.
    const again = await workflow.publish({ slug: SLUG, locale: 'zh-Hant', by: 'ed' });
    expect(again).toMatchObject({ created: true, release: { version: 2 } });
    expect((await page('zh-Hant'))!.version).toBe(2);
    // Publishing an unchanged, online release makes nothing new.
    expect(await workflow.publish({ slug: SLUG, locale: 'zh-Hant', by: 'ed' })).toMatchObject({ created: false, release: { version: 2 } });
  });

  it('two approvals of the last two units at once make exactly one release', async () => {
    const hans = await units('zh-Hans');
    const [a, b] = hans.slice(-2);
    for (const unit of [a!, b!]) {
      const current = await workflow.unit(unit.id);
      await workflow.editTarget({ id: current.id, version: current.version, text: `${current.targetText}`, by: 'tina' });
    }
    await Promise.all([a!, b!].map((u) => workflow.approveUnit({ id: u.id, by: 'rita', role: 'reviewer' })));
    // Same texts as released: nothing new for readers.
    expect((await page('zh-Hans'))!.version).toBe(1);
    for (const unit of [a!, b!]) {
      const current = await workflow.unit(unit.id);
      await workflow.editTarget({ id: current.id, version: current.version, text: `${current.targetText}（更新）`, by: 'tina' });
    }
    await Promise.all([a!, b!].map((u) => workflow.approveUnit({ id: u.id, by: 'rita', role: 'reviewer' })));
    const releases = await workflow.articleReleases(SLUG, 'zh-Hans');
    expect(releases.map((r) => r.version)).toEqual([2, 1]);
    expect(releases[0]!.html.match(/（更新）/g)).toHaveLength(2);
    expect(await storeOf(workflow).listReleases((await workflow.requireArticle(SLUG)).id, 'zh-Hant')).toHaveLength(2);
  });

  it('publish refuses a source with an error finding (409 in the API) and a translation not fully approved', async () => {
    const document = await workflow.requireArticle(SLUG);
    await workflow.editSource({ documentId: document.id, position: 1, text: 'Jiangmen joins the Greater Guangdong, Hong Kong and Macao Bay Area.', by: 'ed' });
    await expect(workflow.publish({ slug: SLUG, locale: 'en', by: 'ed' })).rejects.toMatchObject({ name: 'ReleaseBlockedError' });
    await expect(workflow.publish({ slug: SLUG, locale: 'zh-Hans', by: 'ed' })).rejects.toMatchObject({ field: 'locale' });
    // Readers still see every release.
    expect(await workflow.site.publishedLocales(SLUG)).toEqual(ALL);
  });
});
