/**
 * What the one SQL repository needs from a dialect: statements with `?` placeholders, bulk
 * inserts, transactions, and the few SQL spellings that differ. SQLite and PostgreSQL each
 * implement it (../sqlite, ../postgres); every query is written once, in ./repository.ts.
 *
 * Rows come back as the driver gives them (SQLite: JSON as text, booleans as 0/1, timestamps as
 * ISO text; PostgreSQL: jsonb as objects, booleans, Date, bigint as string): read them through
 * the mappers in ../shared.ts. Parameters: JSON as text (JSON.stringify), booleans as booleans,
 * timestamps as ISO strings (toIso / nowIso).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { StoreUnavailableError } from '../repository';
import type { Row } from '../shared';

/** Column types the dialects spell differently (casts in PostgreSQL bulk inserts; booleans in SQLite). */
export type ColumnType = 'int' | 'bigint' | 'real' | 'text' | 'bool' | 'json' | 'timestamp';

export interface BulkColumn {
  name: string;
  type: ColumnType;
}

/** A bulk insert: one row of values per row, in `columns` order; `constants` are the same for every row. */
export interface BulkInsert {
  table: string;
  columns: readonly BulkColumn[];
  constants?: readonly (BulkColumn & { value: unknown })[];
  /** Return each row's new `id` (an identity / AUTOINCREMENT column), in row order. */
  returnIds?: boolean;
}

export interface SqlExecutor {
  readonly dialect: SqlDialect;
  /** All rows of a query. */
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** The first row, or undefined. */
  get(sql: string, params?: readonly unknown[]): Promise<Row | undefined>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs SQL of one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Inserts many rows at once (SQLite: a prepared statement in a loop; PostgreSQL: unnest). */
  insertMany(insert: BulkInsert, rows: readonly (readonly unknown[])[]): Promise<number[]>;
  /** Runs `work` in one transaction; a call inside an open transaction joins it. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Queues `fn` for after the open transaction's commit (dropped on rollback); false when there is none. */
  afterCommit(fn: () => void): boolean;
  /** Runs `fn` outside whatever transaction its caller is in (on a connection of its own). */
  outside<T>(fn: () => T): T;
  /** Names the store in messages ("SQLite store /srv/bitext.db"; a URL without its password). */
  readonly store: string;
  /** Waits for an open transaction, then closes; later calls fail as StoreUnavailableError. */
  close(): Promise<void>;
}

/** A dialect's open transaction: the connection it holds, and how it ends. */
export interface TransactionHandle {
  commit(): Promise<void> | void;
  rollback(): Promise<void> | void;
  /** Gives the connection back, after the commit or the rollback. */
  release(): void;
}

interface OpenTransaction<H> {
  handle: H;
  /** Turns false at commit/rollback, so work that outlives the transaction cannot join it. */
  open: boolean;
  afterCommit: (() => void)[];
}

/**
 * Transactions as both dialects keep them: a call made inside `work` (found through
 * AsyncLocalStorage) joins the open transaction; a dialect says only how one begins on a
 * connection of its own (`begin`), commits, rolls back and gives the connection back.
 */
export abstract class TransactionalExecutor<H extends TransactionHandle> {
  private readonly context = new AsyncLocalStorage<OpenTransaction<H>>();
  closed = false;

  constructor(readonly store: string) {}

  /** What a call after close throws. */
  protected closedError(): StoreUnavailableError {
    return new StoreUnavailableError(`${this.store} is closed`);
  }

  /** What a call throws when the database cannot be used (rather than for a bad statement). */
  protected unavailable(detail: string, cause: unknown): StoreUnavailableError {
    return new StoreUnavailableError(`${this.store} is unavailable: ${detail}`, cause);
  }

  /** Takes a connection and begins a transaction on it. */
  protected abstract begin(): Promise<H>;

  /** What a failed transaction rethrows (the dialect's unavailable errors). */
  protected mapError(error: unknown): unknown {
    return error;
  }

  /** The open transaction of the caller's async context, if any. */
  protected get current(): H | undefined {
    const tx = this.context.getStore();
    return tx?.open ? tx.handle : undefined;
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.current) return work();
    const tx: OpenTransaction<H> = { handle: await this.begin(), open: true, afterCommit: [] };
    let result: T;
    try {
      result = await this.context.run(tx, work);
      tx.open = false;
      await tx.handle.commit();
    } catch (error) {
      tx.open = false;
      await tx.handle.rollback();
      throw this.mapError(error);
    } finally {
      tx.handle.release();
    }
    for (const fn of tx.afterCommit) fn();
    return result;
  }

  afterCommit(fn: () => void): boolean {
    const tx = this.context.getStore();
    if (!tx?.open) return false;
    tx.afterCommit.push(fn);
    return true;
  }

  outside<T>(fn: () => T): T {
    return this.context.exit(fn);
  }
}

/** What a dialect makes of a statement's SQL (prepared, or rewritten), kept per distinct SQL. */
export class StatementCache<T> {
  private readonly kept = new Map<string, T>();

  /** Past `limit` distinct statements (SQL built per call) new ones are made each time, not kept. */
  constructor(private readonly make: (sql: string) => T, private readonly limit = 2000) {}

  for(sql: string): T {
    let made = this.kept.get(sql);
    if (made === undefined) {
      made = this.make(sql);
      if (this.kept.size < this.limit) this.kept.set(sql, made);
    }
    return made;
  }

  clear(): void {
    this.kept.clear();
  }
}

/** A FIFO async lock (a dialect with one connection serialises its callers with it). */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Waits for the lock; resolves to the function that releases it. */
  async acquire(): Promise<() => void> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await previous;
    return release;
  }

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** SQL spellings that differ between the dialects. Each returns a fragment with `?` placeholders. */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** `column` compared bytewise (PostgreSQL's default collation is the locale's), for ORDER BY. */
  bytewise(column: string): string;
  /** `column IN (the list)` with ONE placeholder, bound to `listParam(values)`. */
  inList(column: string, type: 'bigint' | 'text'): string;
  listParam(values: readonly (number | string)[]): unknown;
  /** Case-insensitive LIKE (ASCII case in SQLite), with `\` escaping `%` and `_` (see likePattern). */
  ilike(column: string): string;
  /**
   * Where unit ids and change numbers can be drawn out of commit order (PostgreSQL): statements
   * that a unit write runs first in its transaction (a shared lock), and that a change mark runs
   * first in its own (the exclusive lock, waiting a moment for the writes in flight), so that a
   * mark never passes a write that commits later. Absent where writes are serial (SQLite).
   */
  unitsWriteLock?: string;
  unitsMarkLock?: readonly string[];
  /** Taken first by a writer of tm_index_parts (./saved-index.ts), where servers share one copy. */
  indexWriteLock?: string;
}

/** A LIKE pattern matching `text` anywhere, its `%`, `_` and `\` taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `?` placeholders → PostgreSQL's `$1..$n`. A `?` inside a string literal, a quoted identifier,
 * a dollar-quoted string or a comment is left alone; a `$1` of its own is refused (mixed
 * spellings would bind the wrong values). PostgreSQL operators spelled with `?` (jsonb `?`,
 * `?|`, `?&`) cannot be used: write jsonb_exists() and friends instead.
 */
export function toNumberedPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let i = 0;
  let from = 0;
  const length = sql.length;
  while (i < length) {
    const c = sql.charCodeAt(i);
    if (c === 63 /* ? */) {
      out += `${sql.slice(from, i)}$${++n}`;
      from = ++i;
    } else if (c === 39 /* ' */ || c === 34 /* " */) {
      // '' and "" inside are the quote doubled: the scan just closes and reopens.
      const end = sql.indexOf(sql[i], i + 1);
      i = end < 0 ? length : end + 1;
    } else if (c === 45 /* - */ && sql.charCodeAt(i + 1) === 45) {
      const end = sql.indexOf('\n', i + 2);
      i = end < 0 ? length : end + 1;
    } else if (c === 47 /* / */ && sql.charCodeAt(i + 1) === 42 /* * */) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? length : end + 2;
    } else if (c === 36 /* $ */) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      const next = sql.charCodeAt(i + 1);
      if (next >= 48 && next <= 57 && !isIdentifierChar(sql.charCodeAt(i - 1))) {
        throw new Error(`SQL with $n parameters where ? placeholders are expected: ${sql.slice(0, 80)}`);
      }
      if (tag && !isIdentifierChar(sql.charCodeAt(i - 1))) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? length : end + tag[0].length;
      } else {
        i++;
      }
    } else {
      i++;
    }
  }
  return out + sql.slice(from);
}

function isIdentifierChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}
