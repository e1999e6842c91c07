/** Collaboration: comments on units with @mentions, and assignments of articles and locales. */
export { ASSIGNMENT_ROLES } from './types';
export type { Assignment, AssignmentRole, NewUnitComment, UnitComment } from './types';
export { findMentions } from './mentions';
