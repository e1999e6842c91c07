/**
 * One behavioural suite for every Store implementation. `storeSuite(name, factory)` registers
 * the tests; the factory must return a fresh, empty store each time (the suite closes it).
 */
import type { NewTranslationUnit } from '../../src/memory/types';
import type { Concept } from '../../src/termbase/types';
import {
  AlreadyExistsError, LastAdminError, NotFoundError, VersionConflictError,
} from '../../src/store';
import type { Store } from '../../src/store';
import type { NewRelease } from '../../src/release';

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function newUnit(overrides: Partial<NewTranslationUnit> = {}): NewTranslationUnit {
  return {
    documentId: null,
    position: null,
    paragraph: null,
    sourceLocale: 'en',
    sourceText: 'Jiangmen is a city in Guangdong.',
    targetLocale: 'zh-Hans',
    targetText: '江门是广东的一座城市。',
    status: 'translated',
    origin: 'imported',
    bead: null,
    matchScore: null,
    previousSource: null,
    nextSource: null,
    inlineCodes: [],
    findings: [],
    overrides: [],
    createdBy: 'importer',
    ...overrides,
  };
}

type ConceptInput = Omit<Concept, 'version' | 'updatedAt' | 'updatedBy'>;

function concept(id: string, zh = '侨乡'): ConceptInput {
  return {
    id,
    note: 'home of overseas Chinese',
    subject: 'geography',
    terms: [
      { locale: 'en', text: 'qiaoxiang', status: 'preferred', caseSensitive: false, partOfSpeech: 'noun', note: null },
      { locale: 'zh-Hans', text: zh, status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
      { locale: 'en', text: 'home village', status: 'forbidden', caseSensitive: true, partOfSpeech: null, note: 'too vague' },
    ],
  };
}

export function storeSuite(name: string, factory: () => Promise<Store>): void {
  describe(`${name} store`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await factory();
    });

    afterEach(async () => {
      await store.close();
    });

    async function newDocument(slug = 'jiangmen-achievements') {
      return store.createDocument({ slug, title: 'Jiangmen', sourceLocale: 'en', format: 'markdown' }, 'editor');
    }

    describe('documents', () => {
      it('creates, finds and lists documents; a taken slug is refused', async () => {
        const a = await newDocument('a');
        const b = await newDocument('b');
        expect(a).toMatchObject({ slug: 'a', title: 'Jiangmen', sourceLocale: 'en', format: 'markdown', version: 1 });
        expect(a.createdAt).toMatch(ISO_UTC);
        expect(a.updatedAt).toBe(a.createdAt);
        expect(b.id).not.toBe(a.id);
        expect(await store.getDocument(a.id)).toEqual(a);
        expect(await store.getDocumentBySlug('b')).toEqual(b);
        expect(await store.getDocumentBySlug('missing')).toBeNull();
        expect(await store.getDocument(999_999)).toBeNull();
        expect((await store.listDocuments()).map((d) => d.slug)).toEqual(['a', 'b']);
        await expect(newDocument('a')).rejects.toBeInstanceOf(AlreadyExistsError);
        expect(await store.listDocuments()).toHaveLength(2);
      });

      it('updateDocument and touchDocument bump the version', async () => {
        const doc = await newDocument();
        const touched = await store.touchDocument(doc.id);
        expect(touched.version).toBe(2);
        expect(touched.title).toBe('Jiangmen');
        const updated = await store.updateDocument(doc.id, { title: 'Jiangmen, a qiaoxiang' });
        expect(updated).toMatchObject({ version: 3, title: 'Jiangmen, a qiaoxiang', format: 'markdown' });
        expect(updated.updatedAt >= doc.updatedAt).toBe(true);
        expect(await store.updateDocument(doc.id, { format: 'text' })).toMatchObject({ version: 4, format: 'text', title: 'Jiangmen, a qiaoxiang' });
        await expect(store.touchDocument(424242)).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.updateDocument(424242, { title: 'x' })).rejects.toBeInstanceOf(NotFoundError);
      });

      it('replaceStructure replaces paragraphs and segments in one go', async () => {
        const doc = await newDocument();
        await store.replaceStructure(doc.id,
          [{ index: 0, kind: 'heading', level: 1 }, { index: 1, kind: 'text', level: null }],
          [{ position: 0, paragraph: 0, text: 'Jiangmen' }, { position: 1, paragraph: 1, text: 'First.' }, { position: 2, paragraph: 1, text: 'Second.' }]);
        expect(await store.listParagraphs(doc.id)).toEqual([{ index: 0, kind: 'heading', level: 1 }, { index: 1, kind: 'text', level: null }]);
        expect((await store.listSegments(doc.id)).map((s) => s.text)).toEqual(['Jiangmen', 'First.', 'Second.']);
        expect((await store.listSegments(doc.id))[0]).toEqual({ documentId: doc.id, position: 0, paragraph: 0, text: 'Jiangmen' });

        await store.replaceStructure(doc.id, [{ index: 0, kind: 'text', level: null }], [{ position: 0, paragraph: 0, text: '只有一句。' }]);
        expect(await store.listParagraphs(doc.id)).toEqual([{ index: 0, kind: 'text', level: null }]);
        expect(await store.listSegments(doc.id)).toEqual([{ documentId: doc.id, position: 0, paragraph: 0, text: '只有一句。' }]);
        expect((await store.getDocument(doc.id))!.version).toBeGreaterThan(doc.version);

        // Another document's structure is untouched.
        const other = await newDocument('other');
        await store.replaceStructure(other.id, [{ index: 0, kind: 'text', level: null }], [{ position: 0, paragraph: 0, text: 'Other.' }]);
        await store.replaceStructure(doc.id, [], []);
        expect(await store.listSegments(doc.id)).toEqual([]);
        expect(await store.listSegments(other.id)).toHaveLength(1);
        await expect(store.replaceStructure(424242, [], [])).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('releases', () => {
      function release(documentId: number, locale: 'en' | 'zh-Hans' | 'zh-Hant', version: number, title = `Title v${version}`): NewRelease {
        return {
          documentId, locale, version, documentVersion: 7, approvedBy: 'rita', title,
          html: `<p>${title} &amp; more</p>\n`,
          blocks: [{ kind: 'text', level: null, text: `${title} & more` }],
          body: [{ kind: 'text', level: null, text: `${title} & more`, markup: null }], links: ['other'], sourceLocale: 'en',
          units: [{ position: 0, paragraph: 0, source: 'Source.', target: locale === 'en' ? null : '目标。', unitId: locale === 'en' ? null : 12 }],
          approvers: ['rita', 'sam'], termbaseVersion: 'tb1',
          converter: locale === 'zh-Hant' ? { library: 'opencc-js', variant: 'hk' } : null,
          contentDigest: `c${version}`, sourceDigest: 's1',
        };
      }

      it('stores a release and gives it back whole, with the slug and when it was published', async () => {
        const doc = await newDocument();
        const stored = await store.insertRelease(release(doc.id, 'zh-Hant', 1));
        expect(stored).toMatchObject({ ...release(doc.id, 'zh-Hant', 1), slug: 'jiangmen-achievements', withdrawal: null });
        expect(stored!.publishedAt).toMatch(ISO_UTC);
        expect(await store.latestRelease(doc.id, 'zh-Hant')).toEqual(stored);
        expect(await store.latestRelease(doc.id, 'en')).toBeNull();
      });

      it('refuses a version already taken for the article and locale (null), not for another locale or article', async () => {
        const doc = await newDocument();
        const other = await newDocument('other');
        expect(await store.insertRelease(release(doc.id, 'en', 1))).not.toBeNull();
        expect(await store.insertRelease(release(doc.id, 'en', 1, 'Again'))).toBeNull();
        expect(await store.insertRelease(release(doc.id, 'zh-Hans', 1))).not.toBeNull();
        expect(await store.insertRelease(release(other.id, 'en', 1))).not.toBeNull();
        expect((await store.listReleases(doc.id, 'en')).map((r) => r.title)).toEqual(['Title v1']);
      });

      it('two transactions releasing the same version at once make one release', async () => {
        const doc = await newDocument();
        const results = await Promise.all([1, 2].map((n) => store.transaction(async (tx) => {
          await sleep(5);
          return tx.insertRelease(release(doc.id, 'zh-Hans', 1, `from ${n}`));
        })));
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect(await store.listReleases(doc.id, 'zh-Hans')).toHaveLength(1);
      });

      it('lockDocument: a transaction that locks the document sees the release another committed before it', async () => {
        const doc = await newDocument();
        const seen = await Promise.all([1, 2].map((n) => store.transaction(async (tx) => {
          await tx.lockDocument(doc.id);
          const latest = await tx.latestRelease(doc.id, 'zh-Hans');
          await sleep(20);
          await tx.insertRelease(release(doc.id, 'zh-Hans', (latest?.version ?? 0) + 1, `from ${n}`));
          return latest?.version ?? 0;
        })));
        expect(seen.sort()).toEqual([0, 1]);
        expect((await store.listReleases(doc.id, 'zh-Hans')).map((r) => r.version)).toEqual([2, 1]);
      });

      it('current releases: the newest per article and locale, withdrawn ones offline until a newer one; newest first', async () => {
        const a = await newDocument('a');
        const b = await newDocument('b');
        await store.insertRelease(release(a.id, 'en', 1));
        await sleep(5);
        await store.insertRelease(release(b.id, 'en', 1, 'B'));
        await sleep(5);
        const a2 = await store.insertRelease(release(a.id, 'en', 2));
        await store.insertRelease(release(a.id, 'zh-Hans', 1));
        expect((await store.currentReleases({ locale: 'en' })).map((r) => [r.slug, r.version])).toEqual([['a', 2], ['b', 1]]);
        expect((await store.currentReleases({ documentId: a.id })).map((r) => r.locale).sort()).toEqual(['en', 'zh-Hans']);

        const withdrawn = await store.withdrawRelease(a2!.id, { by: 'ed', reason: 'legal review', at: '2026-12-01T10:00:00Z' });
        expect(withdrawn.withdrawal).toEqual({ by: 'ed', reason: 'legal review', at: '2026-12-01T10:00:00.000Z' });
        // A withdrawn release takes its locale offline: the older one does not come back.
        expect((await store.currentReleases({ locale: 'en' })).map((r) => r.slug)).toEqual(['b']);
        expect((await store.latestRelease(a.id, 'en'))!.withdrawal).not.toBeNull();
        await store.insertRelease(release(a.id, 'en', 3));
        expect((await store.currentReleases({ locale: 'en' })).map((r) => [r.slug, r.version])).toEqual([['a', 3], ['b', 1]]);
        expect((await store.listReleases(a.id, 'en')).map((r) => r.version)).toEqual([3, 2, 1]);
        expect(await store.listReleases(a.id)).toHaveLength(4);
        await expect(store.withdrawRelease(424242, { by: 'ed', reason: 'x', at: '2026-12-01T10:00:00Z' })).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.lockDocument(424242)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('a release in a transaction that rolls back is not kept', async () => {
        const doc = await newDocument();
        await expect(store.transaction(async (tx) => {
          await tx.insertRelease(release(doc.id, 'en', 1));
          throw new Error('crash between approval and release');
        })).rejects.toThrow('crash');
        expect(await store.latestRelease(doc.id, 'en')).toBeNull();
      });
    });

    describe('translation units', () => {
      it('inserts units and reads every field back', async () => {
        const doc = await newDocument();
        const input = newUnit({
          documentId: doc.id, position: 3, paragraph: 1, origin: 'aligned', status: 'draft',
          sourceText: 'Overseas Chinese from Jiangmen {ph:1}built diaolou.', targetText: '江门华侨{ph:1}建造了碉楼。',
          bead: { type: '2-1', score: 0.87, lowConfidence: false }, matchScore: 83.5,
          previousSource: 'Before.', nextSource: 'After.',
          inlineCodes: [{ id: '1', kind: 'ph', native: '<br/>' }],
          findings: [{ checkId: 'forbidden-term', severity: 'error', message: 'forbidden', span: { side: 'target', start: 0, end: 2 } }],
          overrides: [{ checkId: 'number', reason: 'year written out', by: 'ann', at: '2024-01-02T03:04:05.000Z' }],
          createdBy: 'aligner', updatedBy: 'aligner-2', targetAuthor: 'li',
          // Kept from an imported file (migrations 30, 31).
          variants: [{ locale: 'pt-PT', text: 'Antes.' }],
          fileData: { note: 'checked by the client', props: [{ type: 'x-Domain', value: 'Travel' }, { type: 'x-Domain', value: 'Macao' }], createdAt: '2019-03-01T08:00:00Z' },
        });
        const [id] = await store.insertUnits([input]);
        const unit = await store.getUnit(id);
        expect(unit).toEqual({
          ...input, id, version: 1, createdAt: expect.stringMatching(ISO_UTC), updatedAt: expect.stringMatching(ISO_UTC),
          outdatedSource: null,
        });
        const [outdated] = await store.insertUnits([newUnit({ outdatedSource: 'The source it was made for.' })]);
        expect((await store.getUnit(outdated!))!.outdatedSource).toBe('The source it was made for.');
        const current = await store.getUnit(outdated!);
        expect((await store.updateUnit(outdated!, current!.version, { outdatedSource: null }, { action: 'edit', by: 'x' })).outdatedSource).toBeNull();
        expect(unit!.updatedAt).toBe(unit!.createdAt);
        const [id2] = await store.insertUnits([newUnit()]);
        expect((await store.getUnit(id2))!.updatedBy).toBe('importer');
        expect((await store.getUnit(id2))!.targetAuthor).toBeNull();
        expect(await store.getUnit(987654321)).toBeNull();
        expect(await store.insertUnits([])).toEqual([]);
      });

      it('returns ids in input order, distinct and increasing', async () => {
        const ids = await store.insertUnits(['a', 'b', 'c', 'd'].map((t) => newUnit({ sourceText: t, targetText: t.toUpperCase() })));
        expect(new Set(ids).size).toBe(4);
        expect([...ids].sort((x, y) => x - y)).toEqual(ids);
        for (const [i, t] of ['a', 'b', 'c', 'd'].entries()) expect((await store.getUnit(ids[i]))!.sourceText).toBe(t);
      });

      it('writes creation history for article units only', async () => {
        const doc = await newDocument();
        const [article, imported, memory] = await store.insertUnits([
          newUnit({ documentId: doc.id, position: 0, paragraph: 0, origin: 'aligned', createdBy: 'aligner' }),
          newUnit({ documentId: doc.id, position: 1, paragraph: 0, origin: 'imported' }),
          newUnit({ documentId: null, origin: 'imported' }),
        ]);
        const history = await store.unitHistory(article);
        expect(history).toEqual([{
          unitId: article, version: 1, action: 'create', sourceText: 'Jiangmen is a city in Guangdong.',
          targetText: '江门是广东的一座城市。', status: 'translated', origin: 'aligned', by: 'aligner',
          at: expect.stringMatching(ISO_UTC), reason: null,
        }]);
        expect((await store.unitHistory(imported)).map((h) => h.action)).toEqual(['import']);
        expect(await store.unitHistory(memory)).toEqual([]);
      });

      it('updateUnit checks the version, bumps it and records history', async () => {
        const doc = await newDocument();
        const [id] = await store.insertUnits([newUnit({ documentId: doc.id, position: 0, paragraph: 0, origin: 'aligned' })]);
        const before = (await store.getUnit(id))!;
        await sleep(5);
        const edited = await store.updateUnit(id, 1, { targetText: '江门是广东省的一座城市。', status: 'translated', origin: 'human' },
          { action: 'edit', by: 'translator-li', reason: 'province' });
        expect(edited).toMatchObject({ id, version: 2, targetText: '江门是广东省的一座城市。', origin: 'human', updatedBy: 'translator-li' });
        expect(edited.sourceText).toBe(before.sourceText);
        expect(edited.createdAt).toBe(before.createdAt);
        expect(edited.updatedAt).toMatch(ISO_UTC);
        expect(edited.updatedAt > before.updatedAt).toBe(true);
        expect(await store.getUnit(id)).toEqual(edited);

        const approved = await store.updateUnit(id, 2, {
          status: 'approved',
          overrides: [{ checkId: 'term', reason: 'brand name', by: 'ed', at: '2024-05-01T00:00:00.000Z' }],
          findings: [], bead: null, matchScore: null,
        }, { action: 'approve', by: 'editor-wu' });
        expect(approved.version).toBe(3);
        expect(approved.overrides).toHaveLength(1);
        expect(approved.bead).toBeNull();

        const history = await store.unitHistory(id);
        expect(history.map((h) => [h.version, h.action, h.by, h.status, h.reason])).toEqual([
          [1, 'create', 'importer', 'translated', null],
          [2, 'edit', 'translator-li', 'translated', 'province'],
          [3, 'approve', 'editor-wu', 'approved', null],
        ]);
        expect(history[1].targetText).toBe('江门是广东省的一座城市。');
        expect(history[1].origin).toBe('human');
      });

      it('keeps who typed the target until a patch says otherwise', async () => {
        const [id] = await store.insertUnits([newUnit({ origin: 'aligned' })]);
        expect((await store.getUnit(id))!.targetAuthor).toBeNull();
        const typed = await store.updateUnit(id, 1, { targetText: '江门是一座侨乡。', origin: 'human', targetAuthor: 'li' }, { action: 'edit', by: 'li' });
        expect(typed.targetAuthor).toBe('li');
        const approved = await store.updateUnit(id, 2, { status: 'approved' }, { action: 'approve', by: 'wu' });
        expect(approved.targetAuthor).toBe('li');
        const fromMemory = await store.updateUnit(id, 3, { targetText: '江门是侨乡。', origin: 'tm', targetAuthor: null }, { action: 'edit', by: 'wu' });
        expect(fromMemory.targetAuthor).toBeNull();
      });

      it('a stale version throws VersionConflictError and changes nothing', async () => {
        const doc = await newDocument();
        const [id] = await store.insertUnits([newUnit({ documentId: doc.id, position: 0, paragraph: 0 })]);
        await store.updateUnit(id, 1, { targetText: 'first' }, { action: 'edit', by: 'a' });
        const stored = await store.getUnit(id);
        const error = await store.updateUnit(id, 1, { targetText: 'second' }, { action: 'edit', by: 'b' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VersionConflictError);
        expect(error).toMatchObject({ entity: 'translation unit', id, expected: 1, actual: 2 });
        expect(await store.getUnit(id)).toEqual(stored);
        expect(await store.unitHistory(id)).toHaveLength(2);
        await expect(store.updateUnit(123456789, 1, { targetText: 'x' }, { action: 'edit', by: 'a' })).rejects.toBeInstanceOf(NotFoundError);
      });

      it('an edited source text is found by its new text only', async () => {
        const [id] = await store.insertUnits([newUnit({ sourceText: 'Old text.' })]);
        await store.updateUnit(id, 1, { sourceText: 'New text.' }, { action: 'source-edit', by: 'ed' });
        expect(await store.findUnitsBySource('en', 'zh-Hans', 'Old text.')).toEqual([]);
        expect((await store.findUnitsBySource('en', 'zh-Hans', 'New text.')).map((u) => u.id)).toEqual([id]);
      });

      it('findUnitsBySource matches the exact text and locale pair, in any scope', async () => {
        const doc = await newDocument();
        const text = 'The Kaiping Diaolou are a UNESCO World Heritage Site.';
        const ids = await store.insertUnits([
          newUnit({ sourceText: text }),
          newUnit({ sourceText: text, documentId: doc.id, position: 0, paragraph: 0 }),
          newUnit({ sourceText: text, targetLocale: 'zh-Hant', targetText: '開平碉樓' }),
          newUnit({ sourceText: text.toLowerCase() }),
          newUnit({ sourceText: `${text} ` }),
          newUnit({ sourceText: '开平碉楼', sourceLocale: 'zh-Hans', targetLocale: 'en', targetText: text }),
        ]);
        expect((await store.findUnitsBySource('en', 'zh-Hans', text)).map((u) => u.id)).toEqual([ids[0], ids[1]]);
        expect((await store.findUnitsBySource('en', 'zh-Hant', text)).map((u) => u.id)).toEqual([ids[2]]);
        expect((await store.findUnitsBySource('zh-Hans', 'en', '开平碉楼')).map((u) => u.id)).toEqual([ids[5]]);
        expect(await store.findUnitsBySource('en', 'zh-Hans', 'The Kaiping')).toEqual([]);
        // Many texts at once: the same answers, in id order, each unit once.
        const many = await store.findUnitsBySources('en', 'zh-Hans', [text, `${text} `, 'The Kaiping', text, ...Array.from({ length: 1200 }, (_, i) => `filler ${i}`)]);
        expect(many.map((u) => u.id)).toEqual([ids[0], ids[1], ids[4]]);
        expect(await store.findUnitsBySources('en', 'zh-Hans', [])).toEqual([]);
      });

      it('lists units in document order, filters with AND, counts and pages by id', async () => {
        const d1 = await newDocument('d1');
        const d2 = await newDocument('d2');
        // Inserted out of order on purpose.
        const ids = await store.insertUnits([
          newUnit({ sourceText: 'm1', documentId: null, status: 'approved' }),
          newUnit({ sourceText: 'd2p0', documentId: d2.id, position: 0, paragraph: 0, origin: 'aligned' }),
          newUnit({ sourceText: 'd1p1-hant', documentId: d1.id, position: 1, paragraph: 0, targetLocale: 'zh-Hant', origin: 'converted' }),
          newUnit({ sourceText: 'd1p1', documentId: d1.id, position: 1, paragraph: 0, status: 'approved', origin: 'human' }),
          newUnit({ sourceText: 'd1p0', documentId: d1.id, position: 0, paragraph: 0, status: 'new', origin: 'aligned' }),
          newUnit({ sourceText: 'm2', documentId: null, sourceLocale: 'zh-Hans', targetLocale: 'en', status: 'new' }),
        ]);
        const texts = (units: { sourceText: string }[]) => units.map((u) => u.sourceText);
        // Memory units last; within a position, by target locale (m2 targets en).
        expect(texts(await store.listUnits({}))).toEqual(['d1p0', 'd1p1', 'd1p1-hant', 'd2p0', 'm2', 'm1']);
        expect(texts(await store.listUnits({ documentId: d1.id }))).toEqual(['d1p0', 'd1p1', 'd1p1-hant']);
        expect(texts(await store.listUnits({ documentId: d1.id, targetLocale: 'zh-Hans' }))).toEqual(['d1p0', 'd1p1']);
        expect(texts(await store.listUnits({ documentId: d1.id, targetLocale: 'zh-Hans', status: 'approved' }))).toEqual(['d1p1']);
        expect(texts(await store.listUnits({ status: 'approved' }))).toEqual(['d1p1', 'm1']);
        expect(texts(await store.listUnits({ origin: 'aligned' }))).toEqual(['d1p0', 'd2p0']);
        expect(texts(await store.listUnits({ scope: 'memory' }))).toEqual(['m2', 'm1']);
        expect(texts(await store.listUnits({ scope: 'articles', status: 'new' }))).toEqual(['d1p0']);
        expect(texts(await store.listUnits({ sourceLocale: 'zh-Hans' }))).toEqual(['m2']);
        expect(texts(await store.listUnits({ scope: 'memory', sourceLocale: 'en', targetLocale: 'zh-Hans', status: 'approved', origin: 'imported' }))).toEqual(['m1']);
        expect(await store.listUnits({ documentId: d2.id, status: 'approved' })).toEqual([]);

        expect(await store.countUnits({})).toBe(6);
        expect(await store.countUnits({ scope: 'articles' })).toBe(4);
        expect(await store.countUnits({ documentId: d1.id, targetLocale: 'zh-Hant' })).toBe(1);
        expect(await store.countUnits({ status: 'draft' })).toBe(0);

        const page1 = await store.listUnitsPage({}, 0, 4);
        expect(page1.map((u) => u.id)).toEqual(ids.slice(0, 4));
        const page2 = await store.listUnitsPage({}, page1[3].id, 4);
        expect(page2.map((u) => u.id)).toEqual(ids.slice(4));
        expect(await store.listUnitsPage({}, ids[5], 4)).toEqual([]);
        expect((await store.listUnitsPage({ scope: 'articles' }, ids[1], 10)).map((u) => u.id)).toEqual([ids[2], ids[3], ids[4]]);
        expect((await store.listUnitsPage({ scope: 'memory', status: 'new' }, 0, 10)).map((u) => u.id)).toEqual([ids[5]]);
      });

      it('deleteUnits removes the units and their history, and nothing else', async () => {
        const doc = await newDocument();
        const ids = await store.insertUnits([0, 1, 2].map((p) => newUnit({ documentId: doc.id, position: p, paragraph: 0, sourceText: `s${p}` })));
        await store.updateUnit(ids[0], 1, { status: 'approved' }, { action: 'approve', by: 'ed' });
        await store.deleteUnits([ids[0], ids[2]]);
        await store.deleteUnits([]);
        expect(await store.getUnit(ids[0])).toBeNull();
        expect(await store.getUnit(ids[2])).toBeNull();
        expect(await store.unitHistory(ids[0])).toEqual([]);
        expect((await store.listUnits({})).map((u) => u.id)).toEqual([ids[1]]);
        expect(await store.unitHistory(ids[1])).toHaveLength(1);
        // Ids are not reused after a delete.
        const [next] = await store.insertUnits([newUnit()]);
        expect(next).toBeGreaterThan(ids[2]);
      });

      it('bulk-inserts 50,000 units', async () => {
        const doc = await newDocument();
        const units = Array.from({ length: 50_000 }, (_, i) => newUnit({
          sourceText: `Sentence number ${i} about the overseas Chinese heritage of Jiangmen.`,
          targetText: `关于江门侨乡文化的第${i}句。`,
          // Every 100th unit belongs to the article, the rest live in the memory only.
          ...(i % 100 === 0 ? { documentId: doc.id, position: i / 100, paragraph: 0, origin: 'aligned' as const } : {}),
        }));
        const started = Date.now();
        const ids = await store.transaction((tx) => tx.insertUnits(units));
        const ms = Date.now() - started;
        console.log(`${name}: inserted 50,000 units in ${ms} ms`);
        expect(ids).toHaveLength(50_000);
        expect(new Set(ids).size).toBe(50_000);
        expect(await store.countUnits({})).toBe(50_000);
        expect(await store.countUnits({ scope: 'articles' })).toBe(500);
        const sample = await store.getUnit(ids[12_345]);
        expect(sample!.targetText).toBe('关于江门侨乡文化的第12345句。');
        expect((await store.findUnitsBySource('en', 'zh-Hans', units[49_999].sourceText)).map((u) => u.id)).toEqual([ids[49_999]]);
        expect((await store.unitHistory(ids[100])).map((h) => h.action)).toEqual(['create']);
        expect(await store.unitHistory(ids[101])).toEqual([]);
        // Streaming through the pages sees every unit once.
        let after = 0;
        let seen = 0;
        for (;;) {
          const page = await store.listUnitsPage({ scope: 'memory' }, after, 10_000);
          if (page.length === 0) break;
          seen += page.length;
          after = page[page.length - 1].id;
        }
        expect(seen).toBe(49_500);
        expect(ms).toBeLessThan(30_000);
      });
    });

    describe('transactions', () => {
      it('commits everything the work wrote and returns its result', async () => {
        const result = await store.transaction(async (tx) => {
          const doc = await tx.createDocument({ slug: 'tx', title: 'T', sourceLocale: 'en', format: 'text' }, 'ed');
          await tx.insertUnits([newUnit({ documentId: doc.id, position: 0, paragraph: 0 })]);
          await tx.setSetting('k', 'v');
          return doc.id;
        });
        expect(await store.getDocument(result)).not.toBeNull();
        expect(await store.countUnits({ documentId: result })).toBe(1);
        expect(await store.getSetting('k')).toBe('v');
      });

      it('a transaction that throws leaves no trace', async () => {
        const doc = await newDocument();
        const [id] = await store.insertUnits([newUnit({ documentId: doc.id, position: 0, paragraph: 0 })]);
        await store.saveConcept(concept('c1'), null, 'ed');
        const failure = new Error('boom');
        await expect(store.transaction(async (tx) => {
          await tx.updateUnit(id, 1, { targetText: 'changed' }, { action: 'edit', by: 'x' });
          await tx.insertUnits([newUnit({ sourceText: 'ghost' })]);
          await tx.setSetting('ghost', 'yes');
          await tx.saveConcept(concept('c1', '华侨之乡'), 1, 'x');
          await tx.saveConcept(concept('c2'), null, 'x');
          await tx.touchDocument(doc.id);
          await tx.createUser({ name: 'ghost', role: 'admin', passwordHash: 'p', tokenHash: 't' });
          await sleep(5);
          throw failure;
        })).rejects.toBe(failure);
        expect((await store.getUnit(id))!.version).toBe(1);
        expect((await store.getUnit(id))!.targetText).toBe('江门是广东的一座城市。');
        expect(await store.unitHistory(id)).toHaveLength(1);
        expect(await store.findUnitsBySource('en', 'zh-Hans', 'ghost')).toEqual([]);
        expect(await store.getSetting('ghost')).toBeNull();
        expect((await store.getConcept('c1'))!.version).toBe(1);
        expect((await store.getConcept('c1'))!.terms[1].text).toBe('侨乡');
        expect(await store.getConcept('c2')).toBeNull();
        expect(await store.conceptHistory('c1')).toHaveLength(1);
        expect((await store.getDocument(doc.id))!.version).toBe(1);
        expect(await store.getUserByName('ghost')).toBeNull();
        // And the store is usable afterwards.
        await store.setSetting('after', 'ok');
        expect(await store.getSetting('after')).toBe('ok');
      });

      it('a failed write inside a transaction rolls back the writes before it', async () => {
        const [id] = await store.insertUnits([newUnit()]);
        await expect(store.transaction(async (tx) => {
          await tx.setSetting('first', '1');
          await tx.updateUnit(id, 7, { targetText: 'never' }, { action: 'edit', by: 'x' });
        })).rejects.toBeInstanceOf(VersionConflictError);
        expect(await store.getSetting('first')).toBeNull();
      });

      it('nested calls join the outer transaction', async () => {
        await expect(store.transaction(async (outer) => {
          await outer.setSetting('outer', '1');
          const inner = await store.transaction(async (tx) => {
            await tx.setSetting('inner', '2');
            return tx.getSetting('outer');
          });
          expect(inner).toBe('1');
          expect(await outer.getSetting('inner')).toBe('2');
          throw new Error('outer fails');
        })).rejects.toThrow('outer fails');
        // The inner transaction did not commit on its own.
        expect(await store.getSetting('inner')).toBeNull();
        expect(await store.getSetting('outer')).toBeNull();

        await store.transaction(async () => {
          await store.transaction(async (tx) => tx.setSetting('a', '1'));
          await store.setSetting('b', '2');
        });
        expect(await store.getSetting('a')).toBe('1');
        expect(await store.getSetting('b')).toBe('2');
      });

      it('concurrent transactions never lose an update', async () => {
        const [id] = await store.insertUnits([newUnit({ targetText: 'start' })]);
        const editor = (who: string, pause: number) => store.transaction(async (tx) => {
          const unit = (await tx.getUnit(id))!;
          await sleep(pause);
          return tx.updateUnit(id, unit.version, { targetText: `${unit.targetText}+${who}` }, { action: 'edit', by: who });
        });
        const results = await Promise.allSettled([editor('a', 30), editor('b', 5), editor('c', 15)]);
        const won = results.filter((r) => r.status === 'fulfilled');
        for (const r of results) {
          if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VersionConflictError);
        }
        const final = (await store.getUnit(id))!;
        // Each success is one version and one visible edit: none was overwritten.
        expect(final.version).toBe(1 + won.length);
        expect(final.targetText.split('+')).toHaveLength(1 + won.length);
        expect(won.length).toBeGreaterThanOrEqual(1);
      });

      it('other callers never see a transaction before it commits', async () => {
        let committed = false;
        const writer = store.transaction(async (tx) => {
          await tx.setSetting('visible', 'yes');
          await sleep(50);
          committed = true;
        });
        await sleep(10);
        const seen = await store.getSetting('visible');
        // SQLite makes the reader wait for the commit; PostgreSQL lets it read the old state.
        expect(seen).toBe(committed ? 'yes' : null);
        await writer;
        expect(await store.getSetting('visible')).toBe('yes');
      });
    });

    describe('termbase', () => {
      it('creates, reads and lists concepts with their terms in order', async () => {
        const saved = await store.saveConcept(concept('jiangmen-qiaoxiang'), null, 'editor');
        expect(saved).toEqual({ ...concept('jiangmen-qiaoxiang'), version: 1, updatedBy: 'editor', updatedAt: expect.stringMatching(ISO_UTC) });
        expect(await store.getConcept('jiangmen-qiaoxiang')).toEqual(saved);
        await store.saveConcept({ id: 'a-first', note: null, subject: null, terms: [] }, null, 'editor');
        const all = await store.listConcepts();
        expect(all.map((c) => c.id)).toEqual(['a-first', 'jiangmen-qiaoxiang']);
        expect(all[0].terms).toEqual([]);
        expect(all[1]).toEqual(saved);
        expect(await store.getConcept('nope')).toBeNull();
      });

      it('keeps each term\'s form (TBX termType)', async () => {
        const input: ConceptInput = {
          id: 'gba', note: null, subject: null, terms: [
            { locale: 'zh-Hans', text: '粤港澳大湾区', status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null, termType: 'fullForm' },
            { locale: 'zh-Hans', text: '大湾区', status: 'admitted', caseSensitive: false, partOfSpeech: null, note: null, termType: 'shortForm' },
            { locale: 'en', text: 'GBA', status: 'admitted', caseSensitive: true, partOfSpeech: null, note: null, termType: 'acronym' },
            { locale: 'en', text: 'Bay Area', status: 'admitted', caseSensitive: false, partOfSpeech: null, note: null },
          ],
        };
        await store.saveConcept(input, null, 'editor');
        const stored = (await store.getConcept('gba'))!;
        expect(stored.terms.map((t) => t.termType ?? null)).toEqual(['fullForm', 'shortForm', 'acronym', null]);
        expect((await store.listConcepts())[0]!.terms[0]!.termType).toBe('fullForm');
        expect((await store.conceptHistory('gba'))[0]!.snapshot!.terms[1]!.termType).toBe('shortForm');
      });

      it('refuses a duplicate id on create', async () => {
        await store.saveConcept(concept('c'), null, 'ed');
        await expect(store.saveConcept(concept('c', '别的'), null, 'ed')).rejects.toBeInstanceOf(AlreadyExistsError);
        expect((await store.getConcept('c'))!.terms[1].text).toBe('侨乡');
        expect(await store.conceptHistory('c')).toHaveLength(1);
      });

      it('replaces a concept at the expected version, with history snapshots', async () => {
        await store.saveConcept(concept('c'), null, 'ed');
        const replaced = await store.saveConcept({
          ...concept('c', '华侨之乡'),
          terms: [{ locale: 'zh-Hant', text: '僑鄉', status: 'admitted', caseSensitive: false, partOfSpeech: null, note: null }],
        }, 1, 'li');
        expect(replaced.version).toBe(2);
        expect(replaced.updatedBy).toBe('li');
        expect((await store.getConcept('c'))!.terms).toEqual([
          { locale: 'zh-Hant', text: '僑鄉', status: 'admitted', caseSensitive: false, partOfSpeech: null, note: null },
        ]);
        const error = await store.saveConcept(concept('c', '旧'), 1, 'late').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VersionConflictError);
        expect(error).toMatchObject({ entity: 'concept', expected: 1, actual: 2 });
        expect(await store.getConcept('c')).toEqual(replaced);
        await expect(store.saveConcept(concept('ghost'), 3, 'ed')).rejects.toBeInstanceOf(NotFoundError);

        await store.saveConcept(concept('c'), 2, 'tbx', 'import');
        const history = await store.conceptHistory('c');
        expect(history.map((h) => [h.version, h.action, h.by])).toEqual([[1, 'create', 'ed'], [2, 'edit', 'li'], [3, 'import', 'tbx']]);
        expect(history[1].snapshot).toEqual(replaced);
        expect(history[0].snapshot!.terms).toHaveLength(3);
        expect(history[2].at).toMatch(ISO_UTC);
      });

      it('deletes a concept with a version check and keeps its history', async () => {
        await store.saveConcept(concept('c'), null, 'ed');
        await store.saveConcept(concept('c', '华侨之乡'), 1, 'ed');
        await expect(store.deleteConcept('c', 1, 'x')).rejects.toBeInstanceOf(VersionConflictError);
        expect(await store.getConcept('c')).not.toBeNull();
        await store.deleteConcept('c', 2, 'remover');
        expect(await store.getConcept('c')).toBeNull();
        expect(await store.listConcepts()).toEqual([]);
        await expect(store.deleteConcept('c', null, 'x')).rejects.toBeInstanceOf(NotFoundError);
        const history = await store.conceptHistory('c');
        expect(history.map((h) => [h.version, h.action, h.by])).toEqual([[1, 'create', 'ed'], [2, 'edit', 'ed'], [3, 'delete', 'remover']]);
        expect(history[2].snapshot).toBeNull();
        // Re-created, it goes on from its history, so a version from before the delete never matches.
        const again = await store.saveConcept(concept('c'), null, 'ed');
        expect(again.version).toBe(4);
        await store.deleteConcept('c', null, 'ed');
        expect(await store.getConcept('c')).toBeNull();
      });
    });

    describe('comments and assignments', () => {
      async function articleUnits() {
        const doc = await newDocument();
        const other = await newDocument('other-article');
        const ids = await store.insertUnits([
          newUnit({ documentId: doc.id, position: 0, paragraph: 0, createdBy: 'aligner' }),
          newUnit({ documentId: doc.id, position: 0, paragraph: 0, targetLocale: 'zh-Hant', targetText: '江門是廣東的一座城市。', createdBy: 'aligner' }),
          newUnit({ documentId: other.id, position: 0, paragraph: 0, sourceText: 'Other.', createdBy: 'aligner' }),
        ]);
        return { doc, other, ids: ids as [number, number, number] };
      }

      it('keeps a thread per unit, with mentions, resolved and reopened', async () => {
        const { doc, other, ids: [hans, hant, elsewhere] } = await articleUnits();
        const first = await store.addComment({ unitId: hans, author: 'ann', text: '@bo is 侨乡 right here?', mentions: ['bo'] });
        expect(first).toEqual({
          id: expect.any(Number), unitId: hans, author: 'ann', text: '@bo is 侨乡 right here?', mentions: ['bo'],
          resolved: false, resolvedBy: null, resolvedAt: null, createdAt: expect.stringMatching(ISO_UTC), version: 1, editedAt: null, deleted: null,
        });
        const second = await store.addComment({ unitId: hans, author: 'bo', text: 'Yes.', mentions: [] });
        await store.addComment({ unitId: hant, author: 'bo', text: '繁體 too', mentions: ['ann', 'cy'] });
        await store.addComment({ unitId: elsewhere, author: 'cy', text: 'elsewhere', mentions: [] });
        expect((await store.listComments(hans)).map((c) => c.text)).toEqual(['@bo is 侨乡 right here?', 'Yes.']);
        expect(await store.listComments(999_999)).toEqual([]);
        expect((await store.listDocumentComments(doc.id)).map((c) => c.unitId)).toEqual([hans, hans, hant]);
        expect((await store.listDocumentComments(doc.id, 'zh-Hant')).map((c) => c.mentions)).toEqual([['ann', 'cy']]);
        expect((await store.listDocumentComments(other.id)).map((c) => c.author)).toEqual(['cy']);

        const resolved = await store.setCommentResolved(first.id, true, 'bo');
        expect(resolved).toEqual({ ...first, resolved: true, resolvedBy: 'bo', resolvedAt: expect.stringMatching(ISO_UTC) });
        expect(await store.getComment(first.id)).toEqual(resolved);
        expect(await store.setCommentResolved(first.id, false, 'ann')).toEqual(first);
        expect((await store.getComment(second.id))!.resolved).toBe(false);
        await store.setCommentResolved(second.id, true, 'ann');
        expect((await store.listOpenComments()).map((c) => c.text)).toEqual(['@bo is 侨乡 right here?', '繁體 too', 'elsewhere']);
        expect(await store.getComment(999_999)).toBeNull();
        await expect(store.setCommentResolved(999_999, true, 'ann')).rejects.toBeInstanceOf(NotFoundError);
        // A unit's comments go with it.
        await store.deleteUnits([hans]);
        expect(await store.listComments(hans)).toEqual([]);
        expect(await store.getComment(first.id)).toBeNull();
      });

      it('lets a comment be edited and deleted at its version only', async () => {
        const { ids: [hans] } = await articleUnits();
        const posted = await store.addComment({ unitId: hans, author: 'ann', text: 'typo @bo', mentions: ['bo'] });
        const edited = await store.editComment(posted.id, { text: 'fixed, @cy', mentions: ['cy'] }, 1);
        expect(edited).toEqual({ ...posted, text: 'fixed, @cy', mentions: ['cy'], version: 2, editedAt: expect.stringMatching(ISO_UTC) });
        expect(await store.getComment(posted.id)).toEqual(edited);
        // A stale version changes nothing and says which version is stored.
        await expect(store.editComment(posted.id, { text: 'lost update', mentions: [] }, 1)).rejects.toMatchObject({ name: 'VersionConflictError', actual: 2 });
        await expect(store.deleteComment(posted.id, 1, 'ann')).rejects.toMatchObject({ name: 'VersionConflictError', expected: 1, actual: 2 });
        expect((await store.getComment(posted.id))!.text).toBe('fixed, @cy');
        // Resolving is not an edit: the version stays.
        expect((await store.setCommentResolved(posted.id, true, 'bo')).version).toBe(2);
        await store.deleteComment(posted.id, 2, 'ann');
        expect(await store.getComment(posted.id)).toBeNull();
        expect(await store.listOpenComments()).toEqual([]);
        await expect(store.deleteComment(posted.id, 2, 'ann')).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.editComment(999_999, { text: 'x', mentions: [] }, 1)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('keeps a deleted comment that was answered as a marker without its text, gone with the last reply', async () => {
        const { ids: [hans] } = await articleUnits();
        const question = await store.addComment({ unitId: hans, author: 'ann', text: 'is 侨乡 right? @bo', mentions: ['bo'] });
        const answer = await store.addComment({ unitId: hans, author: 'bo', text: 'yes', mentions: [] });
        await store.deleteComment(question.id, 1, 'cy');
        const marker = await store.getComment(question.id);
        expect(marker).toEqual({ ...question, text: '', mentions: [], version: 2, deleted: { by: 'cy', at: expect.stringMatching(ISO_UTC) } });
        expect((await store.listComments(hans)).map((c) => [c.id, c.text])).toEqual([[question.id, ''], [answer.id, 'yes']]);
        // Not open, not editable, not deleted twice.
        expect((await store.listOpenComments()).map((c) => c.id)).toEqual([answer.id]);
        await expect(store.editComment(question.id, { text: 'back', mentions: [] }, 2)).rejects.toBeInstanceOf(NotFoundError);
        await expect(store.deleteComment(question.id, 2, 'cy')).rejects.toBeInstanceOf(NotFoundError);
        // The reply goes: nothing is left to mark.
        await store.deleteComment(answer.id, 1, 'bo');
        expect(await store.listComments(hans)).toEqual([]);
      });

      it('assigns one person per article, locale and role; replaces and removes; finds who edited what', async () => {
        const { doc, other, ids: [hans, hant] } = await articleUnits();
        await store.setAssignment({ documentId: doc.id, locale: 'zh-Hans', role: 'translator', assignee: 'bo', assignedBy: 'ann' });
        await store.setAssignment({ documentId: doc.id, locale: null, role: 'reviewer', assignee: 'cy', assignedBy: 'ann' });
        await store.setAssignment({ documentId: other.id, locale: 'zh-Hant', role: 'translator', assignee: 'bo', assignedBy: 'ann' });
        expect(await store.listAssignments(doc.id)).toEqual([
          { documentId: doc.id, locale: null, role: 'reviewer', assignee: 'cy', assignedBy: 'ann', assignedAt: expect.stringMatching(ISO_UTC) },
          { documentId: doc.id, locale: 'zh-Hans', role: 'translator', assignee: 'bo', assignedBy: 'ann', assignedAt: expect.stringMatching(ISO_UTC) },
        ]);
        await store.setAssignment({ documentId: doc.id, locale: 'zh-Hans', role: 'translator', assignee: 'dee', assignedBy: 'cy' });
        expect((await store.listAssignments(doc.id)).map((a) => [a.locale, a.role, a.assignee, a.assignedBy]))
          .toEqual([[null, 'reviewer', 'cy', 'ann'], ['zh-Hans', 'translator', 'dee', 'cy']]);
        await store.setAssignment({ documentId: doc.id, locale: null, role: 'reviewer', assignee: null, assignedBy: 'ann' });
        await store.setAssignment({ documentId: doc.id, locale: 'zh-Hant', role: 'reviewer', assignee: null, assignedBy: 'ann' });
        expect((await store.listAssignments()).map((a) => [a.documentId, a.locale, a.assignee]))
          .toEqual([[doc.id, 'zh-Hans', 'dee'], [other.id, 'zh-Hant', 'bo']]);

        const unit = (await store.getUnit(hant))!;
        await store.updateUnit(hant, unit.version, { targetText: '江門是廣東省的城市。' }, { action: 'edit', by: 'bo' });
        const again = (await store.getUnit(hans))!;
        await store.updateUnit(hans, again.version, { status: 'approved' }, { action: 'approve', by: 'bo' });
        expect(await store.unitIdsEditedBy(doc.id, 'bo')).toEqual([hant]);
        expect(await store.unitIdsEditedBy(doc.id, 'aligner')).toEqual([]);
        expect(await store.unitIdsEditedBy(other.id, 'bo')).toEqual([]);
      });
    });

    describe('users and sessions', () => {
      it('creates users with unique names and tokens and finds them', async () => {
        const ann = await store.createUser({ name: 'ann', role: 'editor', passwordHash: 'scrypt$ann', tokenHash: 'tok-ann' });
        expect(ann).toEqual({
          id: expect.any(Number), name: 'ann', role: 'editor', passwordHash: 'scrypt$ann', tokenHash: 'tok-ann', createdAt: expect.stringMatching(ISO_UTC),
          disabled: false, tokenIssuedAt: ann.createdAt, tokenExpiresAt: null,
        });
        const bo = await store.createUser({ name: 'bo', role: 'translator', passwordHash: 'scrypt$bo', tokenHash: 'tok-bo' });
        expect(await store.getUser(ann.id)).toEqual(ann);
        expect(await store.getUserByName('bo')).toEqual(bo);
        expect(await store.getUserByTokenHash('tok-ann')).toEqual(ann);
        expect(await store.getUserByTokenHash('tok-nobody')).toBeNull();
        expect(await store.getUserByName('Ann')).toBeNull();
        expect(await store.getUser(999_999)).toBeNull();
        await expect(store.createUser({ name: 'ann', role: 'admin', passwordHash: 'x', tokenHash: 'tok-other' })).rejects.toBeInstanceOf(AlreadyExistsError);
        await expect(store.createUser({ name: 'cy', role: 'admin', passwordHash: 'x', tokenHash: 'tok-ann' })).rejects.toBeInstanceOf(AlreadyExistsError);
        // An empty token hash means "no token": allowed twice, never authenticates.
        await store.createUser({ name: 'dee', role: 'translator', passwordHash: 'x', tokenHash: '' });
        await store.createUser({ name: 'eve', role: 'translator', passwordHash: 'x', tokenHash: '' });
        expect(await store.getUserByTokenHash('')).toBeNull();
        expect((await store.listUsers()).map((u) => u.name)).toEqual(['ann', 'bo', 'dee', 'eve']);
      });

      it('keeps, finds and expires sessions', async () => {
        const user = await store.createUser({ name: 'ann', role: 'editor', passwordHash: 'p', tokenHash: 't' });
        const live = { idHash: 'live', userId: user.id, csrfToken: 'csrf-1', expiresAt: '2030-01-01T00:00:00.000Z' };
        const old = { idHash: 'old', userId: user.id, csrfToken: 'csrf-2', expiresAt: '2020-01-01T00:00:00.000Z' };
        // Written with an offset, stored and compared as UTC.
        const edge = { idHash: 'edge', userId: user.id, csrfToken: 'csrf-3', expiresAt: '2025-06-01T08:00:00+08:00' };
        for (const s of [live, old, edge]) await store.createSession(s);
        expect(await store.getSession('live')).toEqual(live);
        expect((await store.getSession('edge'))!.expiresAt).toBe('2025-06-01T00:00:00.000Z');
        await expect(store.createSession(live)).rejects.toBeInstanceOf(AlreadyExistsError);
        expect(await store.deleteExpiredSessions('2025-06-01T00:00:00.000Z')).toBe(2);
        expect(await store.getSession('old')).toBeNull();
        expect(await store.getSession('edge')).toBeNull();
        expect(await store.getSession('live')).toEqual(live);
        await store.deleteSession('live');
        await store.deleteSession('never-existed');
        expect(await store.getSession('live')).toBeNull();
        expect(await store.deleteExpiredSessions('2099-01-01T00:00:00.000Z')).toBe(0);
      });
    });

    describe('accounts: changes, the last admin, audit log, failed logins', () => {
      it('updates a user field by field and keeps token expiry as UTC', async () => {
        const ann = await store.createUser({ name: 'ann', role: 'editor', passwordHash: 'p', tokenHash: 't', tokenExpiresAt: '2030-01-01T08:00:00+08:00' });
        expect(ann.tokenExpiresAt).toBe('2030-01-01T00:00:00.000Z');
        const disabled = await store.updateUser(ann.id, { disabled: true });
        expect(disabled).toEqual({ ...ann, disabled: true });
        expect((await store.getUserByTokenHash('t'))!.disabled).toBe(true);
        const changed = await store.updateUser(ann.id, { role: 'reviewer', passwordHash: 'p2', tokenHash: '', tokenIssuedAt: null, tokenExpiresAt: null, disabled: false });
        expect(changed).toEqual({ ...ann, role: 'reviewer', passwordHash: 'p2', tokenHash: '', tokenIssuedAt: null, tokenExpiresAt: null, disabled: false });
        expect(await store.getUserByTokenHash('t')).toBeNull();
        expect(await store.getUser(ann.id)).toEqual(changed);
        expect(await store.updateUser(ann.id, {})).toEqual(changed);
        await expect(store.updateUser(999_999, { disabled: true })).rejects.toBeInstanceOf(NotFoundError);
      });

      it('never leaves the store without an enabled admin, even with two changes at once', async () => {
        const root = await store.createUser({ name: 'root', role: 'admin', passwordHash: 'p', tokenHash: 't1' });
        await expect(store.updateUser(root.id, { disabled: true })).rejects.toBeInstanceOf(LastAdminError);
        await expect(store.updateUser(root.id, { role: 'editor' })).rejects.toBeInstanceOf(LastAdminError);
        expect(await store.getUser(root.id)).toEqual(root);
        const second = await store.createUser({ name: 'second', role: 'admin', passwordHash: 'p', tokenHash: 't2' });
        // Disabling both admins at once: one of the two must be refused.
        const results = await Promise.allSettled([
          store.updateUser(root.id, { disabled: true }),
          store.updateUser(second.id, { role: 'translator' }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason).toBeInstanceOf(LastAdminError);
        const admins = (await store.listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
        expect(admins).toHaveLength(1);
        // A disabled admin does not count; an enabled one made elsewhere does.
        await store.createUser({ name: 'third', role: 'admin', passwordHash: 'p', tokenHash: 't3' });
        await store.updateUser(admins[0]!.id, { disabled: true });
        // A store without any admin (a fresh install's users) is not refused changes.
        const ed = await store.createUser({ name: 'ed', role: 'editor', passwordHash: 'p', tokenHash: 't4' });
        expect((await store.updateUser(ed.id, { role: 'translator' })).role).toBe('translator');
      });

      it('ends all sessions of a user, or all but one', async () => {
        const ann = await store.createUser({ name: 'ann', role: 'editor', passwordHash: 'p', tokenHash: 't' });
        const bo = await store.createUser({ name: 'bo', role: 'editor', passwordHash: 'p', tokenHash: 't2' });
        for (const id of ['a1', 'a2', 'a3']) await store.createSession({ idHash: id, userId: ann.id, csrfToken: 'c', expiresAt: '2030-01-01T00:00:00.000Z' });
        await store.createSession({ idHash: 'b1', userId: bo.id, csrfToken: 'c', expiresAt: '2030-01-01T00:00:00.000Z' });
        expect(await store.deleteUserSessions(ann.id, 'a2')).toBe(2);
        expect(await store.getSession('a1')).toBeNull();
        expect(await store.getSession('a2')).not.toBeNull();
        expect(await store.deleteUserSessions(ann.id)).toBe(1);
        expect(await store.getSession('a2')).toBeNull();
        expect(await store.getSession('b1')).not.toBeNull();
      });

      it('appends to the audit log and reads it since a time, oldest first, and in pages', async () => {
        const first = await store.appendAudit({ actor: 'root', action: 'user.add', target: 'ann', ip: null, detail: 'role editor', at: '2026-01-01T00:00:00.000Z' });
        expect(first).toEqual({ id: expect.any(Number), at: '2026-01-01T00:00:00.000Z', actor: 'root', action: 'user.add', target: 'ann', ip: null, detail: 'role editor' });
        await store.appendAudit({ actor: 'ann', action: 'login', target: 'ann', ip: '10.0.0.1', detail: null, at: '2026-01-02T08:00:00+08:00' });
        const third = await store.appendAudit({ actor: '=cmd', action: 'login.failure', target: '=cmd', ip: '10.0.0.2', detail: null });
        expect(third.at).toMatch(ISO_UTC);
        expect((await store.listAudit()).map((e) => e.action)).toEqual(['user.add', 'login', 'login.failure']);
        expect((await store.listAudit({ since: '2026-01-02T00:00:00.000Z' })).map((e) => e.action)).toEqual(['login', 'login.failure']);
        expect((await store.listAudit({ since: '2026-01-01T12:00:00+08:00' })).map((e) => e.action)).toEqual(['login', 'login.failure']);
        expect((await store.listAudit({ limit: 1 })).map((e) => e.action)).toEqual(['user.add']);
        expect((await store.listAudit({ afterId: first.id })).map((e) => e.action)).toEqual(['login', 'login.failure']);
      });

      it('counts failed logins per name and IP and per IP inside a window, forgets and prunes them', async () => {
        const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
        await store.recordLoginFailure({ name: 'ann', ip: '10.0.0.1', at: at(0) });
        const second = await store.recordLoginFailure({ name: 'ann', ip: '10.0.0.1', at: at(5) });
        await store.recordLoginFailure({ name: 'bo', ip: '10.0.0.1', at: at(6) });
        await store.recordLoginFailure({ name: 'ann', ip: '10.0.0.2', at: at(7) });
        expect(typeof second).toBe('number');
        expect(await store.countLoginFailures({ ip: '10.0.0.1', name: 'ann', since: at(0) })).toBe(1);
        expect(await store.countLoginFailures({ ip: '10.0.0.1', name: 'ann', since: '2026-03-01T09:00:00.000Z' })).toBe(2);
        expect(await store.countLoginFailures({ ip: '10.0.0.1', since: '2026-03-01T09:00:00.000Z' })).toBe(3);
        expect(await store.countLoginFailures({ ip: '10.0.0.3', since: '2026-03-01T09:00:00.000Z' })).toBe(0);
        await store.removeLoginFailure(second);
        expect(await store.countLoginFailures({ ip: '10.0.0.1', name: 'ann', since: '2026-03-01T09:00:00.000Z' })).toBe(1);
        await store.clearLoginFailures('ann', '10.0.0.1');
        expect(await store.countLoginFailures({ ip: '10.0.0.1', since: '2026-03-01T09:00:00.000Z' })).toBe(1);
        expect(await store.countLoginFailures({ ip: '10.0.0.2', name: 'ann', since: '2026-03-01T09:00:00.000Z' })).toBe(1);
        expect(await store.pruneLoginFailures(at(6))).toBe(1);
        expect(await store.countLoginFailures({ ip: '10.0.0.2', since: '2026-03-01T09:00:00.000Z' })).toBe(1);
      });
    });

    describe('UI strings and settings', () => {
      it('saves and loads UI strings per locale', async () => {
        const en = { nav: { home: 'Home', articles: 'Articles' }, footer: 'Jiangmen', count: 3, list: ['a', 'b'] };
        await store.saveUiStrings('en', en);
        await store.saveUiStrings('zh-Hant', { nav: { home: '首頁' } });
        expect(await store.loadUiStrings('en')).toEqual(en);
        expect(await store.loadUiStrings('zh-Hant')).toEqual({ nav: { home: '首頁' } });
        expect(await store.loadUiStrings('zh-Hans')).toBeNull();
        await store.saveUiStrings('en', { nav: { home: 'Start' } });
        expect(await store.loadUiStrings('en')).toEqual({ nav: { home: 'Start' } });
      });

      it('gets and sets settings', async () => {
        expect(await store.getSetting('deepl.glossary')).toBeNull();
        await store.setSetting('deepl.glossary', 'g-1');
        await store.setSetting('deepl.checksum', '');
        expect(await store.getSetting('deepl.glossary')).toBe('g-1');
        expect(await store.getSetting('deepl.checksum')).toBe('');
        await store.setSetting('deepl.glossary', 'g-2');
        expect(await store.getSetting('deepl.glossary')).toBe('g-2');
      });
    });
  });
}
