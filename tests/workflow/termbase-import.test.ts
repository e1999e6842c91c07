/**
 * A glossary import against a termbase edited in the workbench (issue #17), on SQLite and
 * PostgreSQL: the plan says what the file adds, changes (term by term) and leaves out; an edit
 * made since the last import is a conflict only where the file changes that concept too (where
 * the file says what the last import said, the edit stays); each conflict is decided (keep /
 * replace), never dropped; the apply is refused when the termbase changed since the plan, and
 * everything — additions, changes, removals — is one transaction.
 */
import { describeEachStore, openTestWorkflow } from '../support/stores';
import { TermbaseChangedError, WorkflowInputError, type Workflow } from '../../src/workflow';
import type { NewConcept } from '../../src/termbase';

type Status = 'preferred' | 'admitted' | 'forbidden';
const concept = (id: string, en: string, zh: string, extra: Array<[string, string, Status]> = [], note: string | null = null): NewConcept => ({
  id, note, subject: null,
  terms: [
    { locale: 'en', text: en, status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
    { locale: 'zh-Hans', text: zh, status: 'preferred', caseSensitive: false, partOfSpeech: null, note: null },
    ...extra.map(([locale, text, status]) => ({ locale, text, status, caseSensitive: false, partOfSpeech: null, note: null })),
  ],
});

const FIRST = [concept('c-pier', 'pier', '栈桥'), concept('c-berth', 'berth', '泊位'), concept('c-gate', 'gate', '闸口')];

describeEachStore('termbase import against workbench edits', (kind) => {
  let workflow: Workflow;
  beforeEach(async () => {
    workflow = await openTestWorkflow(kind);
    await workflow.importConcepts(FIRST, 'importer');
  });
  afterEach(async () => { await workflow.close(); });

  const terms = async (id: string) => (await workflow.concept(id)).terms.map((t) => `${t.locale}:${t.text}:${t.status}`);
  /** An edit in the workbench: the concept saved at its version by an editor. */
  const edit = async (id: string, change: (c: NewConcept) => NewConcept) => {
    const current = await workflow.concept(id);
    return workflow.saveConcept(change(current), { id, expectedVersion: current.version, by: 'editor-1' });
  };

  it('plans additions, term-by-term changes and the concepts missing from the file, writing nothing', async () => {
    const before = await workflow.listConcepts();
    const plan = await workflow.planConceptImport([
      concept('c-pier', 'pier', '栈桥', [['zh-Hans', '码头', 'forbidden']]),
      { ...concept('c-berth', 'berth', '泊位'), terms: [concept('c-berth', 'berth', '泊位').terms[0]!, { ...concept('c-berth', 'berth', '泊位').terms[1]!, status: 'admitted' }] },
      concept('c-ramp', 'ramp', '坡道'),
    ]);
    expect(plan.additions.map((a) => [a.concept.id, a.conflict])).toEqual([['c-ramp', false]]);
    const pier = plan.changed.find((c) => c.id === 'c-pier')!;
    expect(pier.conflict).toBe(false);
    expect(pier.changes.added.map((t) => t.text)).toEqual(['码头']);
    expect(pier.changes.removed).toEqual([]);
    const berth = plan.changed.find((c) => c.id === 'c-berth')!;
    expect(berth.changes.changed.map((c) => [c.before.status, c.after.status, c.fields])).toEqual([['preferred', 'admitted', ['status']]]);
    expect(plan.absent.map((c) => c.id)).toEqual(['c-gate']);
    expect(plan.state).toMatch(/^tb-[0-9a-f]{24}$/);
    expect(await workflow.listConcepts()).toEqual(before);
  });

  it('keeps an edit the file has not changed since the last import, and says so', async () => {
    await edit('c-pier', (c) => ({ ...c, terms: [...c.terms, { locale: 'zh-Hans', text: '码头', status: 'forbidden', caseSensitive: false, partOfSpeech: null, note: null }] }));
    const plan = await workflow.planConceptImport(FIRST);
    expect(plan.changed).toEqual([]);
    expect(plan.editsStay).toEqual([expect.objectContaining({ id: 'c-pier', action: 'edit', by: 'editor-1' })]);
    // The command line's default (the file wins) has nothing of the file to take here either.
    const summary = await workflow.importConcepts(FIRST, 'importer');
    expect(summary).toEqual(expect.objectContaining({ added: 0, updated: 0, kept: ['c-pier'] }));
    expect(await terms('c-pier')).toContain('zh-Hans:码头:forbidden');
  });

  it('makes a conflict of an edit the file changes too: each is decided, never dropped', async () => {
    await edit('c-pier', (c) => ({ ...c, note: 'landing stage (checked by the port)' }));
    const file = [concept('c-pier', 'pier', '栈桥', [['zh-Hant', '棧橋', 'preferred']]), concept('c-berth', 'berth', '泊位', [['zh-Hans', '船位', 'admitted']])];
    const plan = await workflow.planConceptImport(file);
    expect(plan.changed.map((c) => [c.id, c.conflict, c.editedOutsideImport?.by ?? null])).toEqual([['c-pier', true, 'editor-1'], ['c-berth', false, null]]);
    const pierVersion = (await workflow.concept('c-pier')).version;

    // Undecided: refused, nothing written (not even the plain change to c-berth).
    await expect(workflow.importConcepts(file, 'editor-2', { edited: 'keep', requireDecisions: true, expectedState: plan.state }))
      .rejects.toThrow(WorkflowInputError);
    expect(await terms('c-berth')).not.toContain('zh-Hans:船位:admitted');

    const kept = await workflow.importConcepts(file, 'editor-2', { edited: 'keep', requireDecisions: true, keepIds: ['c-pier'], expectedState: plan.state });
    expect(kept).toEqual(expect.objectContaining({ updated: 1, kept: ['c-pier'], replaced: [] }));
    expect((await workflow.concept('c-pier')).version).toBe(pierVersion);
    expect((await workflow.concept('c-pier')).note).toBe('landing stage (checked by the port)');
    expect(await terms('c-berth')).toContain('zh-Hans:船位:admitted');

    const again = await workflow.planConceptImport(file);
    const replaced = await workflow.importConcepts(file, 'editor-2', { edited: 'keep', requireDecisions: true, replaceIds: ['c-pier'], expectedState: again.state });
    expect(replaced).toEqual(expect.objectContaining({ updated: 1, replaced: ['c-pier'] }));
    expect((await workflow.concept('c-pier')).note).toBeNull();
    expect(await terms('c-pier')).toContain('zh-Hant:棧橋:preferred');
  });

  it('treats a deletion in the workbench as an edit: a conflict where the file changed the concept, kept where not', async () => {
    const gate = await workflow.concept('c-gate');
    await workflow.deleteConcept('c-gate', gate.version, 'editor-1');
    expect((await workflow.planConceptImport(FIRST)).editsStay.map((e) => [e.id, e.action])).toEqual([['c-gate', 'delete']]);
    const changed = [...FIRST.slice(0, 2), concept('c-gate', 'gate', '闸门')];
    const plan = await workflow.planConceptImport(changed);
    expect(plan.additions.map((a) => [a.concept.id, a.conflict, a.deletedOutsideImport?.by])).toEqual([['c-gate', true, 'editor-1']]);
    const summary = await workflow.importConcepts(changed, 'editor-2', { edited: 'keep', requireDecisions: true, keepIds: ['c-gate'], expectedState: plan.state });
    expect(summary).toEqual(expect.objectContaining({ added: 0, kept: ['c-gate'] }));
    expect(await workflow.findConcept('c-gate')).toBeNull();
  });

  it('refuses to apply when the termbase changed since the plan, writing nothing', async () => {
    const file = [concept('c-pier', 'pier', '栈桥', [['zh-Hans', '码头', 'forbidden']]), concept('c-ramp', 'ramp', '坡道')];
    const plan = await workflow.planConceptImport(file);
    // Someone edits another concept meanwhile.
    await edit('c-gate', (c) => ({ ...c, note: 'the north gate' }));
    const error = await workflow.importConcepts(file, 'editor-2', { edited: 'keep', requireDecisions: true, expectedState: plan.state }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TermbaseChangedError);
    expect(await workflow.findConcept('c-ramp')).toBeNull();
    expect(await terms('c-pier')).not.toContain('zh-Hans:码头:forbidden');
    const fresh = await workflow.planConceptImport(file);
    expect(fresh.state).not.toBe(plan.state);
    expect((await workflow.importConcepts(file, 'editor-2', { edited: 'keep', requireDecisions: true, expectedState: fresh.state })).added).toBe(1);
  });

  it('removes the concepts missing from the file that it is told to, in the same transaction', async () => {
    const file = [FIRST[0]!, concept('c-ramp', 'ramp', '坡道')];
    const plan = await workflow.planConceptImport(file);
    expect(plan.absent.map((c) => c.id).sort()).toEqual(['c-berth', 'c-gate']);
    // An id that is in the file is not "missing": refused, and the addition is not written either.
    await expect(workflow.importConcepts(file, 'editor-2', { edited: 'keep', removeIds: ['c-pier'], expectedState: plan.state })).rejects.toThrow(/remove: c-pier/);
    expect(await workflow.findConcept('c-ramp')).toBeNull();
    const summary = await workflow.importConcepts(file, 'editor-2', { edited: 'keep', removeIds: ['c-gate'], expectedState: plan.state });
    expect(summary).toEqual(expect.objectContaining({ added: 1, removed: ['c-gate'] }));
    expect(await workflow.findConcept('c-gate')).toBeNull();
    expect(await workflow.findConcept('c-berth')).not.toBeNull();
  });

  it('refuses a file holding one concept id twice', async () => {
    await expect(workflow.planConceptImport([concept('c-ramp', 'ramp', '坡道'), concept('c-ramp', 'ramp', '引桥')])).rejects.toThrow(/c-ramp is in the file twice/);
  });
});
