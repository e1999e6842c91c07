import { isPostgresUrl, openStore, resolveStoreLocation } from '../store';
import { Workflow } from './workflow';

export { Workflow } from './workflow';
export type { UnitQuery } from './workflow';
export { WorkflowInputError, ApprovalBlockedError, ForbiddenError, ReleaseBlockedError } from './errors';
export type { Approver } from './review';
export { TermbaseChangedError } from './termbase';
export type { GlossaryImportPlan, PlannedConceptChange, PlannedConceptAddition, TermChanges } from './termbase';
export type { QaReport, QaFinding, QaOverride, QaReleasedWithFinding, QaQuery, QaUnitPlace, SourceFinding } from './qa';
export type { BulkApprovalRequest, BulkApprovalResult } from './bulk-approval';
export type { MarkTranslatedResult, RecheckResult, SeenUnit } from './bulk-actions';
export { QUEUES, hasOpenError } from './queues';
export { ASSIGNMENT_ROLES } from '../collaboration';
export type { Assignment, AssignmentRole, UnitComment } from '../collaboration';
export type { Mention } from './collaboration';
export type { Queue, QueueCounts, QueueViewer } from './queues';
export { validateSlug, slugFromFileName, formatFromFileName } from './documents';
export type { ImportSummary, AlignSummary } from './documents';
export type { ArticleUpload, UploadPreview, UploadResult, SegmentChange } from './article-upload';
export type { LocaleProgress } from './publication';
export type { SeedReport } from './seed';
export type { Release, ReleaseWithdrawal } from '../release';
export type { SiteContent, PublishedArticle, PublishedArticleSummary } from './publication-types';
export type { ArticleDocument, Paragraph, Segment, DocumentFormat } from '../document';
export { ROLES, AUDIT_ACTIONS, hasRole, rolesFrom } from '../accounts';
export type { Role, User, Session, AuditEntry, AuditAction } from '../accounts';
export { SESSION_HOURS, MIN_PASSWORD, parseLifetime } from './accounts';
export type { Actor, LoginLimits, LoginResult, NewAccount } from './accounts';
// The store's errors reach the shells through here: the shells never import the store.
export { NotFoundError, VersionConflictError, AlreadyExistsError, StoreUnavailableError, LastAdminError } from '../store';

/** Opens the store named by `database` (or BITEXT_DATABASE, or data/bitext.db) and the workflow over it. */
export async function openWorkflow(options: { database?: string; traditionalVariant?: 'hk' | 'tw' | 'twp' } = {}): Promise<Workflow> {
  const store = await openStore(options.database);
  return new Workflow(store, options.traditionalVariant ? { traditionalVariant: options.traditionalVariant } : {});
}

/** Opens the store once to bring its schema up to date, and closes it (before workers start). */
export async function migrateStore(database?: string): Promise<void> {
  await (await openStore(database)).close();
}

/** Whether the store (`database`, or BITEXT_DATABASE, or the default) is PostgreSQL. */
export function storeIsPostgres(database?: string): boolean {
  return isPostgresUrl(resolveStoreLocation(database));
}
