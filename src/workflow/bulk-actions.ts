/**
 * Bulk actions on a selection of an article's units besides approval (bulk-approval.ts):
 * mark translated, and re-run the checks. One request, one transaction for the batch, and a
 * report that names every unit asked for: done, stale, untranslated, skipped, not found.
 */
import { blockingFindings } from '../checks';
import type { TranslationUnit } from '../memory';
import type { WorkflowContext } from './context';
import { checkUnit, sameFindings } from './checking';

/** A unit as the person saw it (its version), for a write that must not go over a newer text. */
export interface SeenUnit { id: number; version: number }

export interface MarkTranslatedResult {
  /** Now translated (from new or draft). */
  translated: number[];
  /** Already translated: nothing to do. */
  unchanged: number[];
  /** Changed since the person saw them. */
  stale: number[];
  /** No target text: nothing to mark. */
  untranslated: number[];
  /** Approved units are not lowered to translated (edit one to send it back). */
  approved: number[];
  notFound: number[];
}

/** Marks the chosen units (new or draft, with a text) translated: offered for review. */
export async function markTranslated(
  context: WorkflowContext, units: readonly TranslationUnit[], seen: readonly SeenUnit[], by: string,
): Promise<MarkTranslatedResult> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const result: MarkTranslatedResult = { translated: [], unchanged: [], stale: [], untranslated: [], approved: [], notFound: [] };
  const termbase = await context.termbaseSnapshot();
  const changed: TranslationUnit[] = [];
  const slugs = new Set<string>();
  const documents = new Set<number>();
  await context.store.transaction(async (tx) => {
    for (const { id, version } of seen) {
      const unit = byId.get(id);
      if (!unit) { result.notFound.push(id); continue; }
      if (unit.version !== version) { result.stale.push(id); continue; }
      if (unit.status === 'approved') { result.approved.push(id); continue; }
      if (unit.status === 'translated') { result.unchanged.push(id); continue; }
      if (unit.targetText.trim() === '') { result.untranslated.push(id); continue; }
      const findings = checkUnit({ ...unit, status: 'translated' }, termbase);
      changed.push(await tx.updateUnit(unit.id, unit.version, { status: 'translated', findings }, { action: 'status', by }));
      result.translated.push(id);
      if (unit.documentId !== null) documents.add(unit.documentId);
    }
    // Page caches key on the document's version: one bump for the batch.
    for (const id of documents) slugs.add((await tx.touchDocument(id)).slug);
  });
  for (const unit of changed) await context.unitChanged(unit);
  for (const slug of slugs) context.articleChanged(slug);
  return result;
}

export interface RecheckResult {
  rechecked: number[];
  /** Whose findings changed. */
  changed: number[];
  /** In error now and not before (an error finding not overridden). */
  nowInError: number[];
  /** In error before and not now. */
  cleared: number[];
  notFound: number[];
}

/** Re-runs every check on the chosen units (as they are now) against the current termbase. */
export async function recheckSelection(
  context: WorkflowContext, units: readonly TranslationUnit[], ids: readonly number[], by: string,
): Promise<RecheckResult> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const result: RecheckResult = { rechecked: [], changed: [], nowInError: [], cleared: [], notFound: [] };
  const termbase = await context.termbaseSnapshot();
  const slugs = new Set<string>();
  const documents = new Set<number>();
  await context.store.transaction(async (tx) => {
    for (const id of ids) {
      if (!byId.has(id)) { result.notFound.push(id); continue; }
      // Read again inside the batch: a re-check speaks of the text as it is, whatever version was shown.
      const unit = await tx.getUnit(id);
      if (!unit) { result.notFound.push(id); continue; }
      result.rechecked.push(id);
      const findings = checkUnit(unit, termbase);
      if (sameFindings(findings, unit.findings)) continue;
      const before = blockingFindings(unit.findings, unit.overrides).length > 0;
      const after = blockingFindings(findings, unit.overrides).length > 0;
      await tx.updateUnit(unit.id, unit.version, { findings }, { action: 'recheck', by });
      result.changed.push(id);
      if (after && !before) result.nowInError.push(id);
      if (before && !after) result.cleared.push(id);
      if (unit.documentId !== null) documents.add(unit.documentId);
    }
    // Page caches key on the document's version: one bump for the batch.
    for (const id of documents) slugs.add((await tx.touchDocument(id)).slug);
  });
  for (const slug of slugs) context.articleChanged(slug);
  return result;
}
