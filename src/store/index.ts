/**
 * The store's public surface: `openStore` picks SQLite (a file path, the default) or PostgreSQL
 * (a `postgres://` URL); everything else is the repository interface and its errors.
 */
import { resolve } from 'node:path';
import { SqliteStore } from './sqlite/sqlite-store';
import type { OpenStoreOptions, Store } from './repository';
import { redactUrl } from './shared';

export {
  VersionConflictError, StoreUnavailableError, NotFoundError, AlreadyExistsError, LastAdminError, UNIT_CHANGES_PRUNED_SETTING,
} from './repository';
export type {
  Store, Repository, UnitFilter, UnitPatch, HistoryNote, NewDocument, StoreChange, OpenStoreOptions,
  UserPatch, NewUser, AuditQuery, UnitChangeMark,
} from './repository';
export { redactUrl } from './shared';

/** Where the store lives when neither the caller nor BITEXT_DATABASE says. */
export const DEFAULT_DATABASE = 'data/bitext.db';

/** The location `openStore` would use: the argument, else BITEXT_DATABASE, else data/bitext.db. */
export function resolveStoreLocation(location?: string): string {
  const chosen = location?.trim() || process.env.BITEXT_DATABASE?.trim() || DEFAULT_DATABASE;
  return isPostgresUrl(chosen) || chosen === ':memory:' ? chosen : resolve(chosen);
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The location fit for messages and logs (a PostgreSQL URL without its password). */
export function describeStoreLocation(location?: string): string {
  const resolved = resolveStoreLocation(location);
  return isPostgresUrl(resolved) ? redactUrl(resolved) : resolved;
}

/**
 * Opens the store at `location` and brings its schema up to date. A file path (or `:memory:`)
 * opens SQLite, creating the file and its folder; a `postgres://` or `postgresql://` URL opens
 * PostgreSQL. Throws StoreUnavailableError when the store cannot be reached or written.
 */
export async function openStore(location?: string, options: OpenStoreOptions = {}): Promise<Store> {
  const resolved = resolveStoreLocation(location);
  if (isPostgresUrl(resolved)) {
    // pg loads only for a PostgreSQL store: an SQLite command does not pay for it.
    const { PostgresStore } = await import('./postgres/postgres-store');
    return PostgresStore.open(resolved, options);
  }
  return SqliteStore.open(resolved, options);
}
