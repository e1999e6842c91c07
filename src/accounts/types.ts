/**
 * Who may do what, from least to most: a translator edits and marks translated; a reviewer also
 * approves and overrides; an editor also keeps the termbase, the sources and the articles; an
 * admin also manages users and settings. Each role has every right of the ones before it.
 */
export const ROLES = ['translator', 'reviewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` has at least the rights of `least`. */
export function hasRole(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

/** The roles with at least the rights of `least`, in order (for role guards). */
export function rolesFrom(least: Role): readonly Role[] {
  return ROLES.slice(ROLES.indexOf(least));
}

export interface User {
  id: number;
  name: string;
  role: Role;
  /** scrypt hash with its salt and parameters. */
  passwordHash: string;
  /** SHA-256 of the API token: the token itself is shown once and never stored. */
  tokenHash: string;
  createdAt: string;
  /** A disabled user cannot log in, and their sessions and token stop working. */
  disabled: boolean;
  /** When the current API token was issued (null: no token yet recorded). */
  tokenIssuedAt: string | null;
  /** When the current API token stops working (null: it does not expire). */
  tokenExpiresAt: string | null;
}

export interface Session {
  /** SHA-256 of the session id held in the cookie. */
  idHash: string;
  userId: number;
  csrfToken: string;
  expiresAt: string;
}

/**
 * One line of the audit log: who (`actor`, a user name, `cli` for the command line, or the name
 * tried at a failed login) did what (`action`) to whom or what (`target`), from where (`ip`).
 */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: AuditAction;
  target: string | null;
  ip: string | null;
  /** What changed, in words (the new role, the checks overridden and why). */
  detail: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

/** What the audit log records. */
export const AUDIT_ACTIONS = [
  'login', 'login.failure', 'login.lock', 'logout',
  'user.add', 'user.disable', 'user.enable', 'user.role', 'user.reset',
  'password.change', 'token.rotate', 'override',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
