/** Who may do what, from least to most. */
export const ROLES = ['translator', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
