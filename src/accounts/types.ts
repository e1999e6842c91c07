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
}

export interface Session {
  /** SHA-256 of the session id held in the cookie. */
  idHash: string;
  userId: number;
  csrfToken: string;
  expiresAt: string;
}
