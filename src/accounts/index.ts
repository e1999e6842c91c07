/** Accounts: users, their roles and their sessions and the audit log (the domain types; use cases are in workflow). */
export { ROLES, AUDIT_ACTIONS, hasRole, rolesFrom } from './types';
export type { Role, User, Session, AuditEntry, AuditAction, NewAuditEntry } from './types';
