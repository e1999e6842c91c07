import { createHash, randomUUID } from 'node:crypto';
import { validateConcept } from '../termbase';
import type { Concept, NewConcept, Term } from '../termbase';
import type { TranslationUnit } from '../memory';
import type { WorkflowContext } from './context';
import { editSource, recheckUnits } from './review';
import { NotFoundError, type Repository } from '../store';
import { WorkflowInputError } from './errors';

export interface RecheckReport {
  /** Units that hold one of the changed terms and were checked again. */
  rechecked: number;
  /** Units whose blocking state changed (now in error, or no longer). */
  changed: number;
  /** Units the change put in error (for the editor: "the change put N units in error"). */
  nowInError: number[];
}

export interface ConceptChange {
  concept: Concept | null;
  recheck: RecheckReport;
}

function newId(): string {
  return `c-${randomUUID().slice(0, 8)}`;
}

/** Creates a concept (no id or a new id) or replaces one at `expectedVersion`, then re-checks affected units. */
export async function saveConcept(
  context: WorkflowContext,
  input: unknown,
  options: { id?: string; expectedVersion: number | null; by: string },
): Promise<ConceptChange> {
  const concept = validateConcept(input);
  const id = options.id ?? concept.id ?? newId();
  const before = options.expectedVersion === null ? null : await context.store.getConcept(id);
  if (options.expectedVersion !== null && !before) throw new NotFoundError('concept', id);
  const saved = await context.store.saveConcept({ ...concept, id }, options.expectedVersion, options.by);
  context.invalidateTermbase();
  const recheck = await recheckTerms(context, [...(before?.terms ?? []), ...saved.terms], options.by);
  return { concept: saved, recheck };
}

export async function deleteConcept(context: WorkflowContext, id: string, expectedVersion: number | null, by: string): Promise<ConceptChange> {
  const before = await context.store.getConcept(id);
  if (!before) throw new NotFoundError('concept', id);
  await context.store.deleteConcept(id, expectedVersion, by);
  context.invalidateTermbase();
  return { concept: null, recheck: await recheckTerms(context, before.terms, by) };
}

export interface GlossaryImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  /**
   * Concepts changed outside an import (in the workbench, the API) that were left as they are:
   * those the file would have replaced (kept by choice or by the `keep` default) and those the
   * file has not changed since the last import (nothing of the file to take).
   */
  kept: string[];
  /** Such concepts that were replaced because the import was told to. */
  replaced: string[];
  /** Concepts absent from the file that the import was told to remove. */
  removed: string[];
  recheck: RecheckReport;
}

export interface GlossaryImportOptions {
  /**
   * What to do with a conflict — a concept changed outside an import (an edit or a deletion in
   * the workbench) that the file changes too: `replace` (the file wins, reported in
   * `replaced`), or keep the edit (reported in `kept`) unless its id is in `replaceIds`.
   * Default `replace`, the command line's behaviour; the API keeps.
   */
  edited?: 'replace' | 'keep';
  replaceIds?: readonly string[];
  /** Conflicts decided for the termbase's side (the edit stays). */
  keepIds?: readonly string[];
  /** Every conflict must be in `replaceIds` or `keepIds` (the workbench's preview asks each). */
  requireDecisions?: boolean;
  /** Concepts of the termbase that are not in the file, to delete in the same transaction. */
  removeIds?: readonly string[];
  /**
   * The termbase's state token of the preview the person decided on: the import is refused
   * (`TermbaseChangedError`) when the termbase has changed since.
   */
  expectedState?: string;
}

/** A term of a concept the import changes, as it is and as the file has it (matched by locale and text). */
export interface TermChanges {
  added: Term[];
  removed: Term[];
  changed: Array<{ before: Term; after: Term; fields: string[] }>;
  /** Concept-level fields that differ (note, subject, kept data categories, languages). */
  concept: string[];
}

/** A concept the import would change, as it is and as the file has it. */
export interface PlannedConceptChange {
  id: string;
  before: Concept;
  after: NewConcept;
  /** The latest change was not an import (who and when): replacing it would undo someone's edit. */
  editedOutsideImport: { action: string; by: string; at: string } | null;
  /** Edited outside an import and changed by the file since the last import: the editor decides. */
  conflict: boolean;
  /** Whether an import brought this concept in before (false: made in the workbench, never imported). */
  importedBefore: boolean;
  changes: TermChanges;
}

/** A concept of the file that the termbase does not hold. */
export interface PlannedConceptAddition {
  concept: NewConcept;
  /** Deleted outside an import since the last import, and the file changes it: the editor decides. */
  deletedOutsideImport: { by: string; at: string } | null;
  conflict: boolean;
}

export interface GlossaryImportPlan {
  added: NewConcept[];
  /** Every concept the file adds, with the deletions in the workbench it would undo. */
  additions: PlannedConceptAddition[];
  changed: PlannedConceptChange[];
  unchanged: number;
  /**
   * Concepts changed (or deleted) outside an import that the file has not changed since the
   * last import: the edit stays, nothing of the file to take.
   */
  editsStay: Array<{ id: string; action: string; by: string; at: string }>;
  /** Concepts of the termbase that the file does not hold (when the file names its concepts by id); removed only when asked. */
  absent: Concept[];
  /** The termbase's state this plan was made against (If-Match of the apply). */
  state: string;
}

/** The termbase changed between the preview and the apply (HTTP 409: preview again). */
export class TermbaseChangedError extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super('termbase: it changed since the preview (someone edited or imported meanwhile): check the preview again');
    this.name = 'TermbaseChangedError';
  }
}

const TERM_FIELDS = ['status', 'caseSensitive', 'partOfSpeech', 'note', 'termType', 'fields'] as const;

/**
 * What a concept says, in one fixed shape: fields in a fixed order, absent optional ones as null
 * or []. A concept read back from a file and the stored one may spell the same content with keys
 * in another order (the store adds `termType` after `fields`), which must not count as a change.
 */
function termContent(t: Term): unknown[] {
  return [t.locale, t.text, t.status, t.caseSensitive ?? false, t.partOfSpeech ?? null, t.note ?? null, t.termType ?? null, t.fields ?? []];
}

function conceptContent(c: NewConcept): string {
  return JSON.stringify([c.note ?? null, c.subject ?? null, c.terms.map(termContent), c.fields ?? [], c.languages ?? []]);
}

function sameTerms(a: NewConcept, b: NewConcept): boolean {
  // Kept data categories count too: an import that only adds a definition is an update.
  return conceptContent(a) === conceptContent(b);
}

/** Term by term (locale and text) and field by field: what the file changes in a concept. */
export function termChanges(before: NewConcept, after: NewConcept): TermChanges {
  const key = (t: Term) => `${t.locale}\u0000${t.text}`;
  const was = new Map(before.terms.map((t) => [key(t), t]));
  const now = new Map(after.terms.map((t) => [key(t), t]));
  const changes: TermChanges = { added: [], removed: [], changed: [], concept: [] };
  for (const term of after.terms) {
    const old = was.get(key(term));
    if (!old) { changes.added.push(term); continue; }
    const a = termContent(old), b = termContent(term);
    const fields = TERM_FIELDS.filter((_, i) => JSON.stringify(a[i + 2]) !== JSON.stringify(b[i + 2]));
    if (fields.length) changes.changed.push({ before: old, after: term, fields });
  }
  for (const term of before.terms) if (!now.has(key(term))) changes.removed.push(term);
  const field = (c: NewConcept) => ({ note: c.note ?? null, subject: c.subject ?? null, fields: c.fields ?? [], languages: c.languages ?? [] });
  const [fa, fb] = [field(before), field(after)];
  for (const name of ['note', 'subject', 'fields', 'languages'] as const) {
    if (JSON.stringify(fa[name]) !== JSON.stringify(fb[name])) changes.concept.push(name);
  }
  // Same terms and fields in another order: still a change the file makes.
  if (!changes.added.length && !changes.removed.length && !changes.changed.length && !changes.concept.length) changes.concept.push('order');
  return changes;
}

async function readIncoming(concepts: AsyncIterable<NewConcept> | Iterable<NewConcept>): Promise<NewConcept[]> {
  const incoming: NewConcept[] = [];
  for await (const concept of concepts) incoming.push(validateConcept(concept));
  return incoming;
}

interface ImportBase {
  /** The latest change, when it was not an import (an edit, a creation, a deletion in the workbench). */
  outside: { action: string; by: string; at: string } | null;
  /** The concept as the last import left it (null: never imported, or imported as nothing). */
  base: Concept | null;
}

async function importBase(tx: Repository, id: string): Promise<ImportBase> {
  const history = await tx.conceptHistory(id);
  const last = history.at(-1);
  const lastImport = [...history].reverse().find((entry) => entry.action === 'import');
  return {
    outside: last && last.action !== 'import' ? { action: last.action, by: last.by, at: last.at } : null,
    base: lastImport?.snapshot ?? null,
  };
}

/** The termbase's state: every concept id and version, hashed. Any write anywhere changes it. */
async function termbaseState(tx: Repository): Promise<string> {
  const hash = createHash('sha256');
  for (const c of (await tx.listConcepts()).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) hash.update(`${c.id}\u0000${c.version}\n`);
  return `tb-${hash.digest('hex').slice(0, 24)}`;
}

/** How each concept of the file meets the termbase: the one reading that plan and import share. */
async function makePlan(tx: Repository, incoming: NewConcept[]): Promise<GlossaryImportPlan> {
  const plan: GlossaryImportPlan = { added: [], additions: [], changed: [], unchanged: 0, editsStay: [], absent: [], state: await termbaseState(tx) };
  const named = new Set<string>();
  for (const concept of incoming) {
    // A second entry of one id would silently undo the first: the file is refused, naming it.
    if (concept.id && named.has(concept.id)) throw new WorkflowInputError('file', `concept ${concept.id} is in the file twice`);
    if (concept.id) named.add(concept.id);
    const existing = concept.id ? await tx.getConcept(concept.id) : null;
    if (existing && sameTerms(concept, existing)) { plan.unchanged++; continue; }
    const { outside, base } = concept.id ? await importBase(tx, concept.id) : { outside: null, base: null };
    // Edited (or deleted) in the workbench, and the file says what the last import said: the edit stays.
    if (outside && base && sameTerms(concept, base)) { plan.editsStay.push({ id: concept.id!, ...outside }); continue; }
    if (!existing) {
      const deleted = outside?.action === 'delete' ? { by: outside.by, at: outside.at } : null;
      plan.added.push(concept);
      plan.additions.push({ concept, deletedOutsideImport: deleted, conflict: deleted !== null });
      continue;
    }
    plan.changed.push({ id: existing.id, before: existing, after: concept, editedOutsideImport: outside, conflict: outside !== null, importedBefore: base !== null, changes: termChanges(existing, concept) });
  }
  // Only a file that names its concepts can say which are missing from it.
  if (named.size > 0) plan.absent = (await tx.listConcepts()).filter((c) => !named.has(c.id));
  return plan;
}

/** What importing these concepts would do, without writing anything (the workbench shows it before applying). */
export async function planConceptImport(context: WorkflowContext, concepts: AsyncIterable<NewConcept> | Iterable<NewConcept>): Promise<GlossaryImportPlan> {
  const incoming = await readIncoming(concepts);
  return context.store.transaction((tx) => makePlan(tx, incoming));
}

/**
 * Imports concepts all or nothing: every concept is validated before anything is written, and
 * the writes (and the removals asked for) are one transaction, made against the plan read in
 * it. A concept whose id exists is replaced (history kept), except a conflict that `options`
 * says to keep — never silently: it is listed in `kept`.
 */
export async function importConcepts(
  context: WorkflowContext,
  concepts: AsyncIterable<NewConcept> | Iterable<NewConcept>,
  by: string,
  options: GlossaryImportOptions = {},
): Promise<GlossaryImportSummary> {
  const incoming = await readIncoming(concepts);
  const replaceIds = new Set(options.replaceIds ?? []);
  const keepIds = new Set(options.keepIds ?? []);
  const changedTerms: Term[] = [];
  const counts = await context.store.transaction(async (tx) => {
    const plan = await makePlan(tx, incoming);
    if (options.expectedState !== undefined && options.expectedState !== plan.state) throw new TermbaseChangedError(options.expectedState, plan.state);
    const kept: string[] = plan.editsStay.map((e) => e.id);
    const replaced: string[] = [];
    const removed: string[] = [];
    const conflicts = [...plan.changed.filter((c) => c.conflict).map((c) => c.id), ...plan.additions.filter((a) => a.conflict).map((a) => a.concept.id!)];
    const undecided = conflicts.filter((id) => !replaceIds.has(id) && !keepIds.has(id));
    if (options.requireDecisions && undecided.length) {
      throw new WorkflowInputError('replace', `decide each concept edited in the workbench that the file changes too (keep or replace): ${undecided.join(', ')}`);
    }
    const takeFile = (id: string) => replaceIds.has(id) || (!keepIds.has(id) && options.edited !== 'keep');
    let added = 0, updated = 0;
    for (const addition of plan.additions) {
      const id = addition.concept.id ?? newId();
      if (addition.conflict && !takeFile(id)) { kept.push(id); continue; }
      if (addition.conflict) replaced.push(id);
      await tx.saveConcept({ ...addition.concept, id }, null, by, 'import');
      changedTerms.push(...addition.concept.terms);
      added++;
    }
    for (const change of plan.changed) {
      if (change.conflict && !takeFile(change.id)) { kept.push(change.id); continue; }
      if (change.conflict) replaced.push(change.id);
      await tx.saveConcept({ ...change.after, id: change.id }, change.before.version, by, 'import');
      changedTerms.push(...change.after.terms, ...change.before.terms);
      updated++;
    }
    const absent = new Map(plan.absent.map((c) => [c.id, c]));
    for (const id of options.removeIds ?? []) {
      const concept = absent.get(id);
      if (!concept) throw new WorkflowInputError('remove', `${id} is not a concept of the termbase missing from the file`);
      await tx.deleteConcept(id, concept.version, by);
      changedTerms.push(...concept.terms);
      removed.push(id);
    }
    return { added, updated, unchanged: plan.unchanged, kept, replaced, removed };
  });
  if (counts.added + counts.updated + counts.removed.length > 0) context.invalidateTermbase();
  const recheck = changedTerms.length ? await recheckTerms(context, changedTerms, by) : { rechecked: 0, changed: 0, nowInError: [] };
  return { ...counts, recheck };
}

/** Re-checks every unit whose source or target contains one of the terms (case-insensitively). */
async function recheckTerms(context: WorkflowContext, terms: Term[], by: string): Promise<RecheckReport> {
  const needles = [...new Set(terms.map((t) => foldForSearch(t.text)).filter((t) => t.length > 0))];
  if (needles.length === 0) return { rechecked: 0, changed: 0, nowInError: [] };
  const affected: TranslationUnit[] = [];
  let afterId = 0;
  for (;;) {
    const page = await context.store.listUnitsPage({}, afterId, 5000);
    if (page.length === 0) break;
    for (const unit of page) {
      const haystack = foldForSearch(`${unit.sourceText}\u0000${unit.targetText}`);
      if (needles.some((n) => haystack.includes(n))) affected.push(unit);
    }
    afterId = page[page.length - 1]!.id;
  }
  return recheckUnits(context, affected, by);
}

/** Coarse pre-filter for "contains the term": lowercase, hyphens and spaces ignored (the checks decide exactly). */
function foldForSearch(text: string): string {
  return text.toLowerCase().replace(/[\s\-‐‑–—_'’]+/g, '');
}

/**
 * Replaces every forbidden term in an article's source with its concept's preferred term, as
 * recorded source edits: how a published English page never shows a forbidden variant while the
 * imported file stays as it was published. Returns the segments changed.
 */
export async function applyPreferredSourceTerms(context: WorkflowContext, slug: string, by: string): Promise<Array<{ position: number; before: string; after: string }>> {
  const document = await context.store.getDocumentBySlug(slug);
  if (!document) throw new NotFoundError('article', slug);
  const termbase = await context.termbaseSnapshot();
  const byId = new Map(termbase.concepts.map((c) => [c.id, c]));
  const changes: Array<{ position: number; before: string; after: string }> = [];
  for (const segment of await context.store.listSegments(document.id)) {
    const hits = termbase.recognizer.recognize(segment.text, document.sourceLocale).filter((h) => h.term.status === 'forbidden');
    let text = segment.text;
    const replaced: string[] = [];
    for (const hit of [...hits].reverse()) {
      const preferred = byId.get(hit.conceptId)?.terms.find((t) => t.locale === document.sourceLocale && t.status === 'preferred');
      if (!preferred) continue;
      text = text.slice(0, hit.start) + preferred.text + text.slice(hit.end);
      replaced.unshift(`"${hit.text}" → "${preferred.text}"`);
    }
    if (text === segment.text) continue;
    await editSource(context, { documentId: document.id, position: segment.position, text, by, reason: `forbidden term replaced by the preferred term: ${replaced.join(', ')}` });
    changes.push({ position: segment.position, before: segment.text, after: text });
  }
  return changes;
}
