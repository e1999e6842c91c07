/**
 * Working together on a site: comments on translation units (a thread per unit, @mentions,
 * resolved or open) and assignments (who translates or reviews an article, or one of its
 * locales). The domain types; the use cases are in workflow/collaboration.ts.
 */
import type { Locale } from '../locale';

export interface UnitComment {
  id: number;
  unitId: number;
  author: string;
  text: string;
  /** The user names the text mentions with `@name` (only names of users that exist). */
  mentions: string[];
  resolved: boolean;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
  /** 1 when posted, +1 on each edit of the text (resolving is not an edit); edits and deletes carry it. */
  version: number;
  /** When the author last edited the text; null if never. */
  editedAt: string | null;
  /**
   * Deleted after others answered (later comments in the thread): the text and mentions are
   * gone, the place stays, shown as "comment deleted". null for a comment not deleted.
   */
  deleted: { by: string; at: string } | null;
}

export interface NewUnitComment {
  unitId: number;
  author: string;
  text: string;
  mentions: string[];
}

/** What an assignee does: translate (write targets) or review (approve them). */
export const ASSIGNMENT_ROLES = ['translator', 'reviewer'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

/** One person for one job on an article: in one target locale, or (`locale` null) in all of them. */
export interface Assignment {
  documentId: number;
  locale: Locale | null;
  role: AssignmentRole;
  assignee: string;
  assignedBy: string;
  assignedAt: string;
}
