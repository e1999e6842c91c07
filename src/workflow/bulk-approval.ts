import type { Finding, OverrideRequest } from '../checks';
import type { TranslationUnit } from '../memory';
import type { Release } from '../release';
import { VersionConflictError } from '../store';
import type { WorkflowContext } from './context';
import { ApprovalBlockedError, ForbiddenError, WorkflowInputError } from './errors';
import { approveWithin, type Approver } from './review';

/** One unit as the reviewer saw it: at its version, with the overrides it needs. */
export interface BulkApprovalRequest {
  id: number;
  version: number;
  overrides?: OverrideRequest[];
}

export interface BulkApprovalInput {
  /** The units the reviewer saw (each at its version); else `ids`; else every unit not yet approved. */
  units?: readonly BulkApprovalRequest[];
  ids?: readonly number[];
  approver: Approver;
  /** Where the approver is (for the audit log's lines of overrides). */
  ip?: string | null;
}

/** What approving an article's units did, unit by unit: nothing is dropped in silence. */
export interface BulkApprovalResult {
  /** Approved now, or already approved before. */
  approved: number[];
  /** Refused by error findings that are not overridden (each unit with its findings). */
  blocked: Array<{ id: number; position: number | null; findings: Finding[] }>;
  /** Changed since the reviewer saw them. */
  stale: number[];
  /** No translation yet: nothing to approve. */
  untranslated: number[];
  /** Units the review rules keep from this reviewer (their own targets), or whose overrides were wrong. */
  refused: Array<{ id: number; error: string }>;
  /** Units asked for that are not in this article and locale. */
  notFound: number[];
}

/**
 * Approves an article's units in reading order, in one transaction for the batch. Each unit is
 * judged on its own: one blocked, stale or refused unit does not hold back the others (every
 * refusal comes before anything of that unit is written); any other error (the store failing)
 * rolls the whole batch back and stops the run.
 */
export async function approveUnits(
  context: WorkflowContext, units: readonly TranslationUnit[], input: BulkApprovalInput,
): Promise<BulkApprovalResult> {
  const asked = input.units ? new Map(input.units.map((u) => [u.id, u])) : null;
  const wanted = input.ids ? new Set(input.ids) : null;
  const chosen = units
    .filter((u) => (asked ? asked.has(u.id) : wanted ? wanted.has(u.id) : u.status !== 'approved'))
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const result: BulkApprovalResult = { approved: [], blocked: [], stale: [], untranslated: [], refused: [], notFound: [] };
  const termbase = await context.termbaseSnapshot();
  const changed: TranslationUnit[] = [];
  const slugs = new Set<string>();
  const released: Release[] = [];
  await context.store.transaction(async (tx) => {
    for (const unit of chosen) {
      const request = asked?.get(unit.id);
      if (request && request.version !== unit.version) { result.stale.push(unit.id); continue; }
      if (unit.status === 'approved' && !request?.overrides) { result.approved.push(unit.id); continue; }
      if (unit.targetText.trim() === '') { result.untranslated.push(unit.id); continue; }
      try {
        const done = await approveWithin(context, tx, termbase, {
          id: unit.id, by: input.approver.name, role: input.approver.role, version: unit.version, ip: input.ip ?? null,
          ...(request?.overrides ? { overrides: request.overrides } : {}),
        });
        changed.push(done.unit);
        released.push(...done.released);
        if (done.slug) slugs.add(done.slug);
        result.approved.push(unit.id);
      } catch (error) {
        if (error instanceof ApprovalBlockedError) {
          result.blocked.push({ id: unit.id, position: unit.position, findings: error.findings });
        } else if (error instanceof VersionConflictError) {
          result.stale.push(unit.id);
        } else if (error instanceof ForbiddenError || error instanceof WorkflowInputError) {
          result.refused.push({ id: unit.id, error: error.message });
        } else {
          throw error;
        }
      }
    }
  });
  // Caches follow once the batch is committed, never before.
  for (const unit of changed) await context.unitChanged(unit);
  for (const slug of slugs) context.articleChanged(slug);
  context.released(released);
  if (input.units) result.notFound = input.units.filter((u) => !chosen.some((x) => x.id === u.id)).map((u) => u.id);
  return result;
}
