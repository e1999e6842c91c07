/**
 * The embedded store: SQLite through better-sqlite3 (synchronous), in WAL mode. The queries are
 * the shared SqlRepository's; this file is the connection, transactions, bulk insert and the
 * change log that stands in for PostgreSQL's NOTIFY.
 *
 * better-sqlite3 runs each statement synchronously, but `transaction(work)` awaits an async
 * callback, so other callers could interleave their statements with an open transaction. An
 * async mutex prevents that: a transaction holds it from BEGIN IMMEDIATE to COMMIT/ROLLBACK, and
 * every call outside a transaction takes it too, so it waits for the open transaction to finish.
 * Calls made inside `work` (found through AsyncLocalStorage) join the transaction instead.
 */
import { accessSync, constants as fsConstants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../repository';
import type { OpenStoreOptions, StoreChange } from '../repository';
import { nowIso } from '../shared';
import type { Row } from '../shared';
import { ChangeFeed } from '../sql/changes';
import { Mutex, StatementCache, TransactionalExecutor } from '../sql/executor';
import type { BulkInsert, SqlDialect, SqlExecutor, TransactionHandle } from '../sql/executor';
import { applyMigrations } from '../sql/migrations';
import { SqlStore } from '../sql/repository';
import { sidecarFile, type SavedIndex } from '../sql/saved-index';

type Db = Database.Database;
type Statement = Database.Statement;

/** How often a listener polls the change log. */
const POLL_MS = 200;

/** SQLite result codes that mean the file cannot be used, rather than a bad request. */
const UNAVAILABLE_CODES = /^SQLITE_(READONLY|FULL|CANTOPEN|IOERR|NOTADB|CORRUPT|BUSY|LOCKED|PERM|AUTH|NOLFS)/;

const SQLITE: SqlDialect = {
  name: 'sqlite',
  bytewise: (column) => column, // BINARY is SQLite's default collation
  inList: (column) => `${column} IN (SELECT value FROM json_each(?))`,
  listParam: (values) => JSON.stringify(values),
  ilike: (column) => `${column} LIKE ? ESCAPE '\\'`,
};

/** better-sqlite3 binds no booleans. */
function bindable(params: readonly unknown[]): readonly unknown[] {
  for (const value of params) {
    if (typeof value === 'boolean') return params.map((v) => (typeof v === 'boolean' ? Number(v) : v));
  }
  return params;
}

export class SqliteExecutor extends TransactionalExecutor<TransactionHandle> implements SqlExecutor {
  readonly dialect = SQLITE;
  private readonly statements = new StatementCache((sql) => this.db.prepare(sql));
  private readonly mutex = new Mutex();

  constructor(readonly db: Db, readonly file: string, private readonly busyTimeoutMs: number) {
    super(`SQLite store ${file}`);
  }

  all(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.step(sql, (s) => s.all(bindable(params)) as Row[]);
  }

  get(sql: string, params: readonly unknown[] = []): Promise<Row | undefined> {
    return this.step(sql, (s) => s.get(bindable(params)) as Row | undefined);
  }

  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.step(sql, (s) => s.run(bindable(params)).changes);
  }

  async exec(sql: string): Promise<void> {
    if (this.current) return this.guard(() => void this.db.exec(sql));
    return this.transaction(async () => this.guard(() => void this.db.exec(sql)));
  }

  /** A prepared statement in a loop, in one transaction: SQLite's fastest bulk insert. */
  async insertMany(insert: BulkInsert, rows: readonly (readonly unknown[])[]): Promise<number[]> {
    if (rows.length === 0) return [];
    const constants = insert.constants ?? [];
    const names = [...insert.columns, ...constants].map((c) => c.name);
    const sql = `INSERT INTO ${insert.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    const width = insert.columns.length;
    const booleans = insert.columns.flatMap((c, i) => (c.type === 'bool' ? [i] : []));
    const args: unknown[] = [...new Array<unknown>(width), ...bindable(constants.map((c) => c.value))];
    return this.transaction(async () => this.guard(() => {
      const statement = this.statements.for(sql);
      const ids = insert.returnIds ? new Array<number>(rows.length) : [];
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        for (let j = 0; j < width; j++) args[j] = row[j];
        for (const j of booleans) if (typeof row[j] === 'boolean') args[j] = Number(row[j]);
        const result = statement.run(args);
        if (insert.returnIds) ids[i] = Number(result.lastInsertRowid);
      }
      return ids;
    }));
  }

  guard<T>(fn: () => T): T {
    if (this.closed) throw this.closedError();
    try {
      return fn();
    } catch (error) {
      throw unavailable(error, this.file) ?? error;
    }
  }

  /** Runs a synchronous step: at once inside a transaction, else after any open one. */
  async locked<T>(fn: () => T): Promise<T> {
    if (this.current) return this.guard(fn);
    return this.mutex.run(() => this.guard(fn));
  }

  /** One statement: a read as `locked`; a write outside a transaction in one of its own. */
  private async step<T>(sql: string, fn: (statement: Statement) => T): Promise<T> {
    if (this.current) return this.guard(() => fn(this.statements.for(sql)));
    const statement = this.guard(() => this.statements.for(sql));
    if (statement.readonly) return this.mutex.run(() => this.guard(() => fn(statement)));
    return this.transaction(async () => this.guard(() => fn(statement)));
  }

  /** Holds the mutex from BEGIN to COMMIT/ROLLBACK, so no other call interleaves. */
  protected async begin(): Promise<TransactionHandle> {
    const release = await this.mutex.acquire();
    try {
      await this.beginImmediate();
    } catch (error) {
      release();
      throw error;
    }
    return {
      commit: () => this.guard(() => void this.db.exec('COMMIT')),
      rollback: () => {
        if (this.db.open && this.db.inTransaction) this.db.exec('ROLLBACK');
      },
      release,
    };
  }

  /**
   * BEGIN IMMEDIATE (takes the file's write lock), waiting for another connection's lock
   * asynchronously: SQLite's own busy timeout would block the event loop, and with it a
   * transaction of this process that holds the lock and waits to finish.
   */
  private async beginImmediate(): Promise<void> {
    const deadline = Date.now() + this.busyTimeoutMs;
    let pause = 1;
    for (;;) {
      try {
        this.guard(() => {
          this.statements.for('PRAGMA busy_timeout = 0').run();
          try {
            this.db.exec('BEGIN IMMEDIATE');
          } finally {
            this.statements.for(`PRAGMA busy_timeout = ${this.busyTimeoutMs}`).run();
          }
        });
        return;
      } catch (error) {
        const busy = error instanceof StoreUnavailableError && /SQLITE_BUSY/.test(error.message);
        if (!busy || Date.now() >= deadline) throw error;
        await new Promise((r) => setTimeout(r, pause));
        pause = Math.min(pause * 2, 50);
      }
    }
  }

  async close(): Promise<void> {
    // Waits for an open transaction so it is not cut off halfway.
    await this.mutex.run(() => {
      if (this.closed) return;
      this.closed = true;
      this.statements.clear();
      this.db.close();
    });
  }
}

/**
 * SQLite has no NOTIFY: a change is a row of store_changes, committed (or rolled back) with the
 * transaction that wrote it, and other processes poll for new rows. `PRAGMA data_version` moves
 * only when another connection commits, so an idle poll costs one pragma and reads no table.
 */
class ChangeLog extends ChangeFeed {
  private notified = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly sqlite: SqliteExecutor) {
    super(sqlite.store);
  }

  async publish(change: StoreChange): Promise<void> {
    await this.sqlite.run('INSERT INTO store_changes (origin, payload, at) VALUES (?, ?, ?)', [this.origin, JSON.stringify(change), nowIso()]);
    // Readers poll several times a second: an hour of log is plenty, and keeps the table small.
    if (++this.notified % 500 === 0) {
      await this.sqlite.run('DELETE FROM store_changes WHERE at < ?', [new Date(Date.now() - 3600_000).toISOString()]);
    }
  }

  protected async start(): Promise<void> {
    if (this.timer) return;
    const { db } = this.sqlite;
    const dataVersion = () => Number(db.pragma('data_version', { simple: true }));
    let [last, seenVersion] = await this.sqlite.locked(() => [
      Number((db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM store_changes').get() as Row).id), dataVersion(),
    ]);
    if (this.timer || !this.listened) return;
    let polling = false;
    const poll = async (): Promise<void> => {
      if (polling || this.sqlite.closed) return;
      polling = true;
      try {
        const rows = await this.sqlite.locked(() => {
          const version = dataVersion();
          if (version === seenVersion) return [];
          seenVersion = version;
          return db.prepare('SELECT id, origin, payload FROM store_changes WHERE id > ? ORDER BY id').all(last) as Row[];
        });
        for (const row of rows) {
          last = Number(row.id);
          this.receive(String(row.origin), [JSON.parse(String(row.payload)) as StoreChange]);
        }
      } catch {
        // A closed or briefly locked database: the next poll tries again.
      } finally {
        polling = false;
      }
    };
    this.timer = setInterval(() => void poll(), POLL_MS);
    this.timer.unref();
  }

  protected stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

export class SqliteStore extends SqlStore {
  readonly kind = 'sqlite' as const;
  protected readonly changes: ChangeLog;
  /** The sidecar file beside the database (none for an in-memory database). */
  protected readonly savedIndex: SavedIndex | undefined;

  private constructor(private readonly sqlite: SqliteExecutor) {
    super(sqlite);
    this.changes = new ChangeLog(sqlite);
    this.savedIndex = sqlite.file === ':memory:' ? undefined : sidecarFile(`${sqlite.file}.tmindex`);
  }

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  static async open(file: string, options: OpenStoreOptions = {}): Promise<SqliteStore> {
    const inMemory = file === ':memory:';
    const path = inMemory ? file : resolve(file);
    if (!inMemory) checkWritable(path);
    let db: Db | undefined;
    try {
      db = new Database(path);
      if (!inMemory) db.pragma('journal_mode = WAL');
      // WAL makes NORMAL durable against application crashes; only a power cut can lose the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // 64 MiB of page cache (default 2 MiB): bulk inserts into the source-key index stay in memory.
      db.pragma('cache_size = -65536');
      const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      const executor = new SqliteExecutor(db, path, busyTimeoutMs);
      await applyMigrations(executor);
      if (options.maxSizeBytes !== undefined) {
        const pageSize = Number(db.pragma('page_size', { simple: true }));
        db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxSizeBytes / pageSize))}`);
      }
      return new SqliteStore(executor);
    } catch (error) {
      try {
        db?.close();
      } catch {
        // Closing a half-opened handle can fail too; the open error is the one to report.
      }
      throw unavailable(error, path) ?? error;
    }
  }

}

/**
 * Fails early, with a clear message, when the file or its folder cannot be written. (SQLite
 * would otherwise open a read-only file read-only and fail only at the first write.)
 */
function checkWritable(path: string): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new StoreUnavailableError(`SQLite store ${path}: cannot create the folder ${dir} (${(error as Error).message})`, error);
  }
  for (const [target, what] of [[dir, 'folder'], [path, 'file']] as const) {
    if (what === 'file' && !existsSync(target)) continue;
    try {
      accessSync(target, fsConstants.W_OK);
    } catch (error) {
      throw new StoreUnavailableError(`SQLite store ${path}: the ${what} ${target} is not writable`, error);
    }
  }
}

/** The StoreUnavailableError for an error that means the file cannot be used, else undefined. */
function unavailable(error: unknown, file: string): StoreUnavailableError | undefined {
  if (error instanceof StoreUnavailableError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
    const why = code.startsWith('SQLITE_READONLY') ? 'the database is read-only'
      : code === 'SQLITE_FULL' ? 'the disk (or the size limit set for the store) is full'
      : code.startsWith('SQLITE_CANTOPEN') ? 'the file cannot be opened'
      : code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') ? 'the database is locked by another process'
      : code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT') ? 'the file is not a usable SQLite database'
      : 'the file cannot be read or written';
    return new StoreUnavailableError(`SQLite store ${file} is unavailable: ${why} (${code}: ${message})`, error);
  }
  if (error instanceof TypeError && /database connection is not open/.test(message)) {
    return new StoreUnavailableError(`SQLite store ${file} is closed`, error);
  }
  return undefined;
}
