import { blockingFindings, validateOverrides } from '../checks';
import type { Finding, Override, OverrideRequest } from '../checks';
import { hasRole, type Role } from '../accounts';
import type { Locale } from '../locale';
import type { TranslationUnit, UnitOrigin, UnitStatus } from '../memory';
import { NotFoundError, VersionConflictError, type Repository } from '../store';
import type { TermbaseSnapshot, WorkflowContext } from './context';
import { checkUnit, checkUnitInSlices, sameFindings } from './checking';
import { ApprovalBlockedError, assertText, ForbiddenError, WorkflowInputError } from './errors';
import { deriveTraditional } from './conversion';
import { lookup } from './memory';
import { releaseCompleted } from './releases';

async function requireUnit(tx: Repository, id: number): Promise<TranslationUnit> {
  const unit = await tx.getUnit(id);
  if (!unit) throw new NotFoundError('unit', id);
  return unit;
}

async function documentSlug(tx: Repository, unit: TranslationUnit): Promise<string | null> {
  if (unit.documentId === null) return null;
  const document = await tx.touchDocument(unit.documentId);
  return document.slug;
}

export interface EditTargetInput {
  id: number;
  version: number;
  text: string;
  by: string;
  /** Where the text came from: typed (`human`), or inserted from a TM match or MT. */
  origin?: UnitOrigin;
  status?: Extract<UnitStatus, 'draft' | 'translated'>;
  matchScore?: number | null;
  /**
   * The memory unit whose target a person inserted: the origin becomes `tm` with that match's
   * score when the text is its target unchanged, `human` otherwise (the shells pass this, never
   * an origin or score of a client's saying).
   */
  fromMatch?: number;
}

/** The provenance of a text a person saved after inserting memory unit `matchId`, as the memory scores it. */
async function insertedProvenance(context: WorkflowContext, unitId: number, matchId: number, text: string): Promise<{ origin: UnitOrigin; matchScore: number | null }> {
  const unit = await requireUnit(context.store, unitId);
  const matches = await lookup(context, unit.sourceText, {
    sourceLocale: unit.sourceLocale, targetLocale: unit.targetLocale, excludeId: unit.id,
    previousSource: unit.previousSource, nextSource: unit.nextSource, min: 30, limit: 100,
  });
  const match = matches.find((m) => m.unitId === matchId);
  if (!match) throw new WorkflowInputError('fromMatch', `unit ${matchId} is not a memory match of unit ${unitId}`);
  return match.target === text ? { origin: 'tm', matchScore: match.score } : { origin: 'human', matchScore: null };
}

/** Saves a target edit if the unit is still at `version` (else VersionConflictError). */
export async function editTarget(context: WorkflowContext, input: EditTargetInput): Promise<TranslationUnit> {
  if (input.text.length > 20000) throw new WorkflowInputError('text', 'must be at most 20,000 characters');
  assertText('text', input.text);
  const inserted = input.fromMatch !== undefined ? await insertedProvenance(context, input.id, input.fromMatch, input.text) : null;
  const termbase = await context.termbaseSnapshot();
  const status = input.status ?? 'translated';
  // Checked before the transaction, in time slices (a 20,000-character text must not hold up the
  // server); again inside only if the source changed in between.
  const before = await requireUnit(context.store, input.id);
  const early = await checkUnitInSlices({ ...before, targetText: input.text, status }, termbase);
  const { unit, slug } = await context.store.transaction(async (tx) => {
    const current = await requireUnit(tx, input.id);
    const findings = current.sourceText === before.sourceText && JSON.stringify(current.inlineCodes) === JSON.stringify(before.inlineCodes)
      ? early : checkUnit({ ...current, targetText: input.text, status }, termbase);
    const origin = inserted?.origin ?? input.origin ?? 'human';
    const updated = await tx.updateUnit(current.id, input.version, {
      targetText: input.text,
      status,
      origin,
      // A typed text is its typist's (the four-eyes rule); one inserted from the memory or MT is nobody's.
      targetAuthor: origin === 'human' ? input.by : null,
      matchScore: inserted ? inserted.matchScore : input.matchScore ?? null,
      findings,
      // An override speaks of the text it was given for; a new text must earn its own.
      overrides: [],
      // A text saved now is made for the current source.
      outdatedSource: null,
    }, { action: 'edit', by: input.by });
    return { unit: updated, slug: await documentSlug(tx, updated) };
  });
  await context.unitChanged(unit);
  if (slug) context.articleChanged(slug);
  return unit;
}

/** Who approves: the name kept in the history and the role the four-eyes rule weighs. */
export interface Approver {
  name: string;
  role: Role;
}

export interface ApproveInput {
  id: number;
  by: string;
  /**
   * The approver's role. The shells always pass it; without it the approval is the system's own
   * (the seed), for which neither the role nor the four-eyes rule apply.
   */
  role?: Role;
  /** Optional: refuse when the unit changed since the reviewer saw it. */
  version?: number;
  /** One override (the older form of the API body). */
  override?: OverrideRequest;
  /** Several overrides at once, one per check; together with the unit's still-valid ones they must cover every error. */
  overrides?: OverrideRequest[];
  /** Where the approver is (for the audit log's line of an override). */
  ip?: string | null;
}

/** Whether self-review is on (`BITEXT_SELF_REVIEW=1`): for small offices with one reviewer. */
export function selfReviewFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.BITEXT_SELF_REVIEW === '1';
}

/**
 * Who wrote the unit's current target text: the person whose edit typed it, or null when it came
 * from alignment of an existing translation, the memory, MT, conversion or an import (written by
 * nobody here, so any reviewer may approve it).
 */
export function targetAuthor(unit: Pick<TranslationUnit, 'origin' | 'targetAuthor'>): string | null {
  return unit.origin === 'human' ? unit.targetAuthor : null;
}

/** What the four-eyes rule makes of an approval: refused (with why), or allowed, marked when it is a self-approval. */
export type ApprovalRule = { allowed: false; reason: string } | { allowed: true; selfApproval: boolean };

/**
 * The review rules: approving needs the reviewer role or above; reviewers and editors approve
 * what others wrote, not their own target (unless self-review is on); admins may approve their
 * own, and the history marks it. A target written by nobody (aligned, memory, MT) any reviewer may approve.
 */
export function approvalRule(approver: Approver, author: string | null, selfReview: boolean): ApprovalRule {
  if (!hasRole(approver.role, 'reviewer')) {
    return { allowed: false, reason: `approving needs the reviewer role or above; ${approver.name} is ${approver.role}` };
  }
  if (author === null || author !== approver.name) return { allowed: true, selfApproval: false };
  if (approver.role === 'admin' || selfReview) return { allowed: true, selfApproval: true };
  return {
    allowed: false,
    reason: `${approver.name} wrote this target and cannot approve it too (four-eyes rule): another reviewer must approve it`
      + ' (an admin can allow self-review with BITEXT_SELF_REVIEW=1)',
  };
}

/** Refuses (ForbiddenError, HTTP 403) an approval the review rules do not allow, before anything else is looked at. */
export async function assertMayApprove(context: WorkflowContext, id: number, approver: Approver): Promise<void> {
  const unit = await requireUnit(context.store, id);
  const rule = approvalRule(approver, targetAuthor(unit), context.selfReview);
  if (!rule.allowed) throw new ForbiddenError(rule.reason);
}

function overrideRequests(input: ApproveInput): { field: string; requests: OverrideRequest[] } | null {
  if (input.override && input.overrides) return { field: 'overrides', requests: [input.override, ...input.overrides] };
  if (input.overrides) return { field: 'overrides', requests: input.overrides };
  if (input.override) return { field: 'override', requests: [input.override] };
  return null;
}

/**
 * Approves a unit. Error findings block approval unless each is overridden with a written reason,
 * which is kept with who and when. Approving zh-Hans re-derives the zh-Hant unit of the segment.
 * Refusals, in order: the review rules (ForbiddenError), a stale version (VersionConflictError),
 * overrides that name no error of the unit (WorkflowInputError), errors left uncovered
 * (ApprovalBlockedError). A refusal saves nothing.
 */
export async function approveUnit(context: WorkflowContext, input: ApproveInput): Promise<TranslationUnit> {
  const termbase = await context.termbaseSnapshot();
  const { unit, slug, released } = await context.store.transaction((tx) => approveWithin(context, tx, termbase, input));
  await context.unitChanged(unit);
  if (slug) context.articleChanged(slug);
  context.released(released);
  return unit;
}

/**
 * The approval itself, inside the caller's transaction (one unit, or a bulk approval's batch).
 * Every refusal is thrown before anything is written, so a batch may note it and go on.
 */
export async function approveWithin(
  context: WorkflowContext, tx: Repository, termbase: TermbaseSnapshot, input: ApproveInput,
): Promise<{ unit: TranslationUnit; slug: string | null; released: Awaited<ReturnType<typeof releaseCompleted>> }> {
  const current = await requireUnit(tx, input.id);
  let selfApproval = false;
  if (input.role !== undefined) {
    const rule = approvalRule({ name: input.by, role: input.role }, targetAuthor(current), context.selfReview);
    if (!rule.allowed) throw new ForbiddenError(rule.reason);
    selfApproval = rule.selfApproval;
  }
  if (input.version !== undefined && input.version !== current.version) {
    // The reviewer approved what they saw: a newer text is a conflict, like a stale write (409).
    throw new VersionConflictError('translation unit', current.id, input.version, current.version);
  }
  if (current.targetText.trim() === '') throw new WorkflowInputError('target', `unit ${current.id} has no translation to approve`);
  // Re-check now: the termbase may have changed since the findings were stored.
  const findings = checkUnit(current, termbase);
  let overrides: Override[] = current.overrides.filter((o) => findings.some((f) => f.checkId === o.checkId && f.severity === 'error'));
  const asked = overrideRequests(input);
  const given: OverrideRequest[] = [];
  if (asked) {
    const validation = validateOverrides(asked.requests, findings, asked.field);
    if (!validation.ok) throw new WorkflowInputError(validation.field, validation.message);
    const at = new Date().toISOString();
    for (const { checkId, reason } of validation.overrides) {
      overrides = [...overrides.filter((o) => o.checkId !== checkId), { checkId, reason, by: input.by, at }];
      given.push({ checkId, reason });
    }
  }
  const blocking = blockingFindings(findings, overrides);
  if (blocking.length > 0) throw new ApprovalBlockedError(current.id, blocking);
  const notes = [
    ...(selfApproval ? [`self-approval: ${input.by} (${input.role}) approved a target they wrote`] : []),
    ...given.map((o) => `${o.checkId}: ${o.reason}`),
  ];
  // Approved for the source as it is now: no longer outdated.
  const approved = await tx.updateUnit(current.id, current.version, { status: 'approved', findings, overrides, outdatedSource: null }, {
    action: given.length ? 'override' : 'approve',
    by: input.by,
    reason: notes.length ? notes.join('; ') : null,
  });
  if (given.length) {
    // An override lets an error through: admins find each in the audit log, with who and why.
    await tx.appendAudit({
      actor: input.by, action: 'override', target: `unit ${current.id}`, ip: input.ip ?? null,
      detail: given.map((o) => `${o.checkId}: ${o.reason}`).join('; '),
    });
  }
  if (approved.targetLocale === 'zh-Hans' && approved.documentId !== null) {
    await deriveTraditional(context, tx, approved, input.by);
  }
  const slug = await documentSlug(tx, approved);
  // The approval that completes a locale releases it, in this same transaction.
  const released = approved.documentId === null ? [] : await releaseCompleted(context, tx, approved.documentId, input.by,
    approved.targetLocale === 'zh-Hans' ? ['zh-Hans', 'zh-Hant'] : [approved.targetLocale]);
  return { unit: approved, slug, released };
}

export interface EditSourceInput {
  documentId: number;
  position: number;
  text: string;
  by: string;
  reason?: string | null;
  /**
   * The version of the segment's unit the editor saw, in `locale` (default zh-Hans when the
   * segment has one, else its only unit): VersionConflictError when it changed since.
   */
  expected?: { version: number; locale?: Locale };
}

/**
 * Edits a source segment (an editor's job): every unit of the segment gets the new source, is
 * re-checked, and approved targets go back to `translated` for re-review.
 */
export async function editSource(context: WorkflowContext, input: EditSourceInput): Promise<TranslationUnit[]> {
  const text = assertText('text', input.text.trim());
  if (text === '') throw new WorkflowInputError('text', 'must not be empty');
  const termbase = await context.termbaseSnapshot();
  const { units, slug, released } = await context.store.transaction(async (tx) => {
    const document = await tx.getDocument(input.documentId);
    if (!document) throw new NotFoundError('document', input.documentId);
    const segments = await tx.listSegments(document.id);
    const segment = segments.find((s) => s.position === input.position);
    if (!segment) throw new NotFoundError('segment', `${document.slug}#${input.position}`);
    const paragraphs = await tx.listParagraphs(document.id);
    await tx.replaceStructure(document.id, paragraphs, segments.map((s) => ({
      position: s.position, paragraph: s.paragraph, text: s.position === input.position ? text : s.text,
    })));
    const units = (await tx.listUnits({ documentId: document.id })).filter((u) => u.position === input.position);
    if (input.expected) {
      const wanted = input.expected.locale;
      const seen = wanted
        ? units.find((u) => u.targetLocale === wanted)
        : units.find((u) => u.targetLocale === 'zh-Hans') ?? (units.length === 1 ? units[0] : undefined);
      if (!seen && (wanted || units.length > 1)) {
        throw new WorkflowInputError('locale', wanted ? `segment ${input.position} has no unit in ${wanted}` : 'name the locale of the unit whose version If-Match carries');
      }
      if (seen && seen.version !== input.expected.version) {
        throw new VersionConflictError('translation unit', seen.id, input.expected.version, seen.version);
      }
    }
    const neighbours = (await tx.listUnits({ documentId: document.id }))
      .filter((u) => u.position === input.position - 1 || u.position === input.position + 1);
    const updated: TranslationUnit[] = [];
    for (const unit of units) {
      const status: UnitStatus = unit.status === 'approved' ? 'translated' : unit.status;
      // The target was made for the old source: kept, marked outdated (unless the source is back to it).
      const madeFor = unit.outdatedSource ?? unit.sourceText;
      const outdatedSource = unit.targetText.trim() === '' || madeFor === text ? null : madeFor;
      updated.push(await tx.updateUnit(unit.id, unit.version, {
        sourceText: text, status, outdatedSource, findings: checkUnit({ ...unit, sourceText: text, status }, termbase), overrides: [],
      }, { action: 'source-edit', by: input.by, reason: input.reason ?? null }));
    }
    for (const unit of neighbours) {
      const patch = unit.position === input.position - 1 ? { nextSource: text } : { previousSource: text };
      await tx.updateUnit(unit.id, unit.version, patch, { action: 'source-edit', by: input.by, reason: 'neighbouring segment edited' });
    }
    const touched = await tx.touchDocument(document.id);
    // A clean source is released at once; translations wait for their approvals.
    const released = await releaseCompleted(context, tx, document.id, input.by);
    return { units: updated, slug: touched.slug, released };
  });
  for (const unit of units) await context.unitChanged(unit);
  context.articleChanged(slug);
  context.released(released);
  return units;
}

/** Re-runs the checks on units and stores findings that changed; returns how many changed error state. */
export async function recheckUnits(context: WorkflowContext, units: TranslationUnit[], by: string): Promise<{ rechecked: number; changed: number; nowInError: number[] }> {
  const termbase = await context.termbaseSnapshot();
  let changed = 0;
  const nowInError: number[] = [];
  const slugs = new Set<string>();
  await context.store.transaction(async (tx) => {
    for (const unit of units) {
      const findings = checkUnit(unit, termbase);
      if (sameFindings(findings, unit.findings)) continue;
      const before = blockingFindings(unit.findings, unit.overrides).length > 0;
      const after = blockingFindings(findings, unit.overrides).length > 0;
      if (before !== after) changed++;
      if (after && !before) nowInError.push(unit.id);
      await tx.updateUnit(unit.id, unit.version, { findings }, { action: 'recheck', by });
      if (unit.documentId !== null) {
        const document = await tx.touchDocument(unit.documentId);
        slugs.add(document.slug);
      }
    }
  });
  for (const slug of slugs) context.articleChanged(slug);
  return { rechecked: units.length, changed, nowInError };
}

export function errorFindings(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}
