import { openStore } from '../store';
import { Workflow } from './workflow';

export { Workflow } from './workflow';
export type { UnitQuery } from './workflow';
export { WorkflowInputError, ApprovalBlockedError, ForbiddenError } from './errors';
export type { Approver } from './review';
export { validateSlug, slugFromFileName, formatFromFileName } from './documents';
export type { ImportSummary, AlignSummary } from './documents';
export type { LocaleProgress } from './publication';
export type { SeedReport } from './seed';
export type { SiteContent, PublishedArticle, PublishedArticleSummary } from './publication-types';
export type { ArticleDocument, Paragraph, Segment, DocumentFormat } from '../document';
export { ROLES, hasRole, rolesFrom } from '../accounts';
export type { Role, User, Session } from '../accounts';
export { SESSION_HOURS } from './accounts';

/** Opens the store named by `database` (or BITEXT_DATABASE, or data/bitext.db) and the workflow over it. */
export async function openWorkflow(options: { database?: string; traditionalVariant?: 'hk' | 'tw' | 'twp' } = {}): Promise<Workflow> {
  const store = await openStore(options.database);
  return new Workflow(store, options.traditionalVariant ? { traditionalVariant: options.traditionalVariant } : {});
}
