/** Accounts: users, their roles and their sessions (the domain types; use cases are in workflow). */
export { ROLES, hasRole, rolesFrom } from './types';
export type { Role, User, Session } from './types';
