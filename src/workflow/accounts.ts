import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Store } from '../store';
import { ROLES, type Role, type Session, type User } from '../accounts';
import { WorkflowInputError } from './errors';

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

// scrypt with N=2^15, r=8: memory-hard (32 MiB a hash), ~50-100 ms, as OWASP advises.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Tokens and session ids are stored hashed: a leaked database gives no working credential. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export interface NewAccount {
  user: User;
  /** Shown once; only its hash is stored. */
  password: string;
  token: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

export async function addUser(store: Store, name: string, role: string): Promise<NewAccount> {
  if (!NAME.test(name)) throw new WorkflowInputError('name', 'use 2–64 letters, digits, dots, hyphens, underscores or @');
  if (!(ROLES as readonly string[]).includes(role)) throw new WorkflowInputError('role', `must be one of ${ROLES.join(', ')}`);
  if (await store.getUserByName(name)) throw new WorkflowInputError('name', `user "${name}" already exists`);
  const password = randomBytes(15).toString('base64url');
  const token = `btx_${randomBytes(24).toString('base64url')}`;
  const user = await store.createUser({ name, role: role as Role, passwordHash: await hashPassword(password), tokenHash: sha256(token) });
  return { user, password, token };
}

export async function authenticatePassword(store: Store, name: string, password: string): Promise<User | null> {
  const user = await store.getUserByName(name);
  // Hash anyway when the user does not exist, so timing does not reveal which names exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return user && ok ? user : null;
}

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export async function authenticateToken(store: Store, token: string): Promise<User | null> {
  return store.getUserByTokenHash(sha256(token));
}

export const SESSION_HOURS = 12;

/** Starts a session: returns the cookie value (only its hash is stored) and the CSRF token. */
export async function startSession(store: Store, user: User): Promise<{ sessionId: string; session: Session }> {
  const sessionId = randomBytes(32).toString('base64url');
  const session: Session = {
    idHash: sha256(sessionId),
    userId: user.id,
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString(),
  };
  await store.createSession(session);
  return { sessionId, session };
}

export async function resumeSession(store: Store, sessionId: string): Promise<{ session: Session; user: User } | null> {
  const session = await store.getSession(sha256(sessionId));
  if (!session || session.expiresAt <= new Date().toISOString()) return null;
  const user = await store.getUser(session.userId);
  return user ? { session, user } : null;
}

export async function endSession(store: Store, sessionId: string): Promise<void> {
  await store.deleteSession(sha256(sessionId));
}
