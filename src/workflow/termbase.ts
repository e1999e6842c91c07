import { randomUUID } from 'node:crypto';
import { validateConcept } from '../termbase';
import type { Concept, NewConcept, Term } from '../termbase';
import type { TranslationUnit } from '../memory';
import type { WorkflowContext } from './context';
import { editSource, recheckUnits } from './review';
import { NotFoundError, type Repository } from '../store';

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
  /** Concepts changed outside an import (in the workbench, the API) that the file would have replaced: left as they are. */
  kept: string[];
  /** Such concepts that were replaced because the import was told to. */
  replaced: string[];
  recheck: RecheckReport;
}

export interface GlossaryImportOptions {
  /**
   * What to do with a concept whose latest change was not an import (an edit in the workbench)
   * and which the file would change: `replace` (the file wins, reported in `replaced`), or keep
   * the edit (reported in `kept`) unless its id is in `replaceIds`. Default `replace`, the
   * command line's behaviour; the API keeps.
   */
  edited?: 'replace' | 'keep';
  replaceIds?: readonly string[];
}

/** A concept the import would change, as it is and as the file has it. */
export interface PlannedConceptChange {
  id: string;
  before: Concept;
  after: NewConcept;
  /** The latest change was not an import (who and when): replacing it would undo someone's edit. */
  editedOutsideImport: { action: string; by: string; at: string } | null;
}

export interface GlossaryImportPlan {
  added: NewConcept[];
  changed: PlannedConceptChange[];
  unchanged: number;
}

/**
 * What a concept says, in one fixed shape: fields in a fixed order, absent optional ones as null
 * or []. A concept read back from a file and the stored one may spell the same content with keys
 * in another order (the store adds `termType` after `fields`), which must not count as a change.
 */
function conceptContent(c: NewConcept): string {
  const term = (t: Term) => [
    t.locale, t.text, t.status, t.caseSensitive ?? false, t.partOfSpeech ?? null, t.note ?? null, t.termType ?? null, t.fields ?? [],
  ];
  return JSON.stringify([c.note ?? null, c.subject ?? null, c.terms.map(term), c.fields ?? [], c.languages ?? []]);
}

function sameTerms(a: NewConcept, b: Concept): boolean {
  // Kept data categories count too: an import that only adds a definition is an update.
  return conceptContent(a) === conceptContent(b);
}

async function readIncoming(concepts: AsyncIterable<NewConcept> | Iterable<NewConcept>): Promise<NewConcept[]> {
  const incoming: NewConcept[] = [];
  for await (const concept of concepts) incoming.push(validateConcept(concept));
  return incoming;
}

async function lastChangeOutsideImport(tx: Repository, id: string): Promise<PlannedConceptChange['editedOutsideImport']> {
  const last = (await tx.conceptHistory(id)).at(-1);
  return last && last.action !== 'import' ? { action: last.action, by: last.by, at: last.at } : null;
}

/** What importing these concepts would do, without writing anything (the workbench shows it before applying). */
export async function planConceptImport(context: WorkflowContext, concepts: AsyncIterable<NewConcept> | Iterable<NewConcept>): Promise<GlossaryImportPlan> {
  const incoming = await readIncoming(concepts);
  const plan: GlossaryImportPlan = { added: [], changed: [], unchanged: 0 };
  for (const concept of incoming) {
    const existing = concept.id ? await context.store.getConcept(concept.id) : null;
    if (!existing) { plan.added.push(concept); continue; }
    if (sameTerms(concept, existing)) { plan.unchanged++; continue; }
    plan.changed.push({ id: existing.id, before: existing, after: concept, editedOutsideImport: await lastChangeOutsideImport(context.store, existing.id) });
  }
  return plan;
}

/**
 * Imports concepts all or nothing: every concept is validated before anything is written, and
 * the writes are one transaction. A concept whose id exists is replaced (history kept), except
 * an edited one that `options` says to keep — never silently: it is listed in `kept`.
 */
export async function importConcepts(
  context: WorkflowContext,
  concepts: AsyncIterable<NewConcept> | Iterable<NewConcept>,
  by: string,
  options: GlossaryImportOptions = {},
): Promise<GlossaryImportSummary> {
  const incoming = await readIncoming(concepts);
  const replaceIds = new Set(options.replaceIds ?? []);
  const changedTerms: Term[] = [];
  const counts = await context.store.transaction(async (tx) => {
    let added = 0, updated = 0, unchanged = 0;
    const kept: string[] = [];
    const replaced: string[] = [];
    for (const concept of incoming) {
      const id = concept.id ?? newId();
      const existing = concept.id ? await tx.getConcept(id) : null;
      if (existing && sameTerms(concept, existing)) { unchanged++; continue; }
      if (existing && await lastChangeOutsideImport(tx, id)) {
        if (options.edited === 'keep' && !replaceIds.has(id)) { kept.push(id); continue; }
        replaced.push(id);
      }
      await tx.saveConcept({ ...concept, id }, existing ? existing.version : null, by, 'import');
      changedTerms.push(...concept.terms, ...(existing?.terms ?? []));
      if (existing) updated++; else added++;
    }
    return { added, updated, unchanged, kept, replaced };
  });
  if (counts.added + counts.updated > 0) context.invalidateTermbase();
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
