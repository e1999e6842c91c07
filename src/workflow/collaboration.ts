/**
 * Working together: a comment thread per unit (with @mentions of users, resolved or open) and
 * assignments (who translates or reviews an article, in one locale or in all of them). What is
 * "mine" for a person comes from here too: what they edited, what is assigned to them, and the
 * open comments that mention them.
 */
import { hasRole, type Role } from '../accounts';
import { ASSIGNMENT_ROLES, findMentions, type Assignment, type AssignmentRole, type UnitComment } from '../collaboration';
import { isLocale, type Locale } from '../locale';
import type { ArticleDocument } from '../document';
import { NotFoundError } from '../store';
import type { WorkflowContext } from './context';
import { assertText, ForbiddenError, WorkflowInputError } from './errors';

const COMMENT_MAX = 4000;

export interface NewComment {
  unitId: number;
  author: string;
  text: string;
}

/** A comment on a unit; `@name` of an existing user mentions them (the unit is in their "mine"). */
export async function addComment(context: WorkflowContext, input: NewComment): Promise<UnitComment> {
  const text = commentText(input.text);
  const unit = await context.store.getUnit(input.unitId);
  if (!unit) throw new NotFoundError('unit', input.unitId);
  const names = (await context.store.listUsers()).map((u) => u.name);
  const mentions = findMentions(text, names).filter((name) => name !== input.author);
  return context.store.addComment({ unitId: unit.id, author: input.author, text, mentions });
}

export async function unitComments(context: WorkflowContext, unitId: number): Promise<UnitComment[]> {
  if (!(await context.store.getUnit(unitId))) throw new NotFoundError('unit', unitId);
  return context.store.listComments(unitId);
}

export async function setCommentResolved(context: WorkflowContext, id: number, resolved: boolean, by: string): Promise<UnitComment> {
  const comment = await context.store.getComment(id);
  if (!comment || comment.deleted) throw new NotFoundError('comment', id);
  if (comment.resolved === resolved) return comment;
  return context.store.setCommentResolved(id, resolved, by);
}

/** What a person may do to a comment: edit it if they wrote it; delete it if they wrote it or are an admin (moderation). */
export async function commentForWrite(context: WorkflowContext, id: number, who: { name: string; role: Role }, action: 'edit' | 'delete'): Promise<UnitComment> {
  const comment = await context.store.getComment(id);
  // A deleted comment's marker is not a comment to edit or delete again.
  if (!comment || comment.deleted) throw new NotFoundError('comment', id);
  const own = comment.author === who.name;
  if (!own && !(action === 'delete' && who.role === 'admin')) {
    throw new ForbiddenError(action === 'edit'
      ? `only ${comment.author}, who wrote comment ${id}, may edit it`
      : `only ${comment.author}, who wrote comment ${id}, or an admin may delete it`);
  }
  return comment;
}

/** The author's new text for their comment, at the version they saw; mentions follow the new text. */
export async function editComment(context: WorkflowContext, id: number, input: { text: string; by: { name: string; role: Role }; expectedVersion: number }): Promise<UnitComment> {
  const text = commentText(input.text);
  await commentForWrite(context, id, input.by, 'edit');
  const names = (await context.store.listUsers()).map((u) => u.name);
  const mentions = findMentions(text, names).filter((name) => name !== input.by.name);
  return context.store.editComment(id, { text, mentions }, input.expectedVersion);
}

export async function deleteComment(context: WorkflowContext, id: number, input: { by: { name: string; role: Role }; expectedVersion: number }): Promise<void> {
  await commentForWrite(context, id, input.by, 'delete');
  await context.store.deleteComment(id, input.expectedVersion, input.by.name);
}

function commentText(value: string): string {
  const text = assertText('text', value).trim();
  if (text === '') throw new WorkflowInputError('text', 'must not be empty');
  if (text.length > COMMENT_MAX) throw new WorkflowInputError('text', `must be at most ${COMMENT_MAX} characters`);
  return text;
}

export interface AssignInput {
  article: ArticleDocument;
  /** One target locale, or null for every target locale of the article. */
  locale: Locale | null;
  role: AssignmentRole;
  /** The user's name; null removes the assignment. */
  assignee: string | null;
  by: string;
}

/**
 * Assigns a translator or a reviewer to an article (or one of its locales). The assignee must be
 * a user who may do the job: any user translates, a reviewer needs the reviewer role or above.
 */
export async function assign(context: WorkflowContext, input: AssignInput): Promise<Assignment[]> {
  if (!(ASSIGNMENT_ROLES as readonly string[]).includes(input.role)) {
    throw new WorkflowInputError('role', `must be one of ${ASSIGNMENT_ROLES.join(', ')}`);
  }
  if (input.locale !== null && (!isLocale(input.locale) || input.locale === input.article.sourceLocale)) {
    throw new WorkflowInputError('locale', `must be a target locale of ${input.article.slug} (not its source, ${input.article.sourceLocale})`);
  }
  if (input.assignee !== null) {
    const user = await context.store.getUserByName(input.assignee);
    if (!user) throw new WorkflowInputError('user', `no user "${input.assignee}"`);
    if (input.role === 'reviewer' && !hasRole(user.role, 'reviewer')) {
      throw new WorkflowInputError('user', `${user.name} is a ${user.role}: reviewing needs the reviewer role or above`);
    }
  }
  await context.store.setAssignment({
    documentId: input.article.id, locale: input.locale, role: input.role, assignee: input.assignee, assignedBy: input.by,
  });
  return context.store.listAssignments(input.article.id);
}

/**
 * The units of an article's locale that are this person's beyond those whose target they typed:
 * units they edited (the history), every unit when the article or this locale is assigned to them,
 * and units whose open comments mention them.
 */
export async function mineOf(context: WorkflowContext, article: ArticleDocument, locale: Locale, name: string): Promise<Set<number>> {
  const mine = new Set(await context.store.unitIdsEditedBy(article.id, name));
  const assigned = (await context.store.listAssignments(article.id))
    .some((a) => a.assignee === name && (a.locale === null || a.locale === locale));
  if (assigned) {
    for (const unit of await context.store.listUnits({ documentId: article.id, targetLocale: locale })) mine.add(unit.id);
  }
  for (const comment of await context.store.listDocumentComments(article.id, locale)) {
    if (!comment.resolved && comment.mentions.includes(name)) mine.add(comment.unitId);
  }
  return mine;
}

/** A comment that mentions someone, with where its unit is (for their list of open mentions). */
export interface Mention { comment: UnitComment; documentId: number | null; locale: Locale; position: number | null }

/** The open comments that mention `name`, newest first. */
export async function openMentionsOf(context: WorkflowContext, name: string): Promise<Mention[]> {
  const mentions: Mention[] = [];
  for (const comment of (await context.store.listOpenComments()).reverse()) {
    if (!comment.mentions.includes(name)) continue;
    const unit = await context.store.getUnit(comment.unitId);
    if (unit) mentions.push({ comment, documentId: unit.documentId, locale: unit.targetLocale, position: unit.position });
  }
  return mentions;
}
