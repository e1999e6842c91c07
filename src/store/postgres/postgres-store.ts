/**
 * The shared store: PostgreSQL through a `pg` Pool, so several server processes use one
 * translation memory and termbase. The queries are the shared SqlRepository's; this file is the
 * pool, transactions, bulk insert (unnest) and LISTEN/NOTIFY (./changes.ts).
 *
 * A transaction checks out one client and holds it from BEGIN to COMMIT/ROLLBACK; calls made
 * inside `work` (found through AsyncLocalStorage) run on that client and so join it. Calls
 * outside run on any pooled client and see only committed data. Version checks are conditional
 * UPDATEs (`WHERE version = ?`), so two processes cannot both win the same edit.
 */
import { Pool } from 'pg';
import type { PoolClient, QueryResult } from 'pg';
import { StoreUnavailableError } from '../repository';
import type { OpenStoreOptions } from '../repository';
import { chunks, redactUrl } from '../shared';
import type { Row } from '../shared';
import { StatementCache, toNumberedPlaceholders, TransactionalExecutor } from '../sql/executor';
import type { BulkInsert, ColumnType, SqlDialect, SqlExecutor, TransactionHandle } from '../sql/executor';
import { applyMigrations } from '../sql/migrations';
import { SqlStore } from '../sql/repository';
import { indexTable, type SavedIndex } from '../sql/saved-index';
import { ChangeChannel, channelName } from './changes';

interface PgTransaction extends TransactionHandle {
  client: PoolClient;
}

/** Any key will do as long as every Bitext process uses the same one. */
const MIGRATION_LOCK_KEY = 0x42697465; // "Bite"

/** Advisory lock class of unit writes against change marks (per schema: the second key). */
const UNITS_LOCK_KEY = 0x4269;
/** Advisory lock class of writers of the saved index. */
const INDEX_LOCK_KEY = 0x426a;

/** Rows per INSERT … SELECT FROM unnest(…) in bulk writes. */
const BATCH = 5000;

/** SQLSTATEs that mean the server cannot be used (rather than a bad statement). */
const UNAVAILABLE_SQLSTATE = /^(08...|28...|3D000|57P0[1-4]|53300|53100)$/;
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  'ECONNABORTED',
]);
const UNAVAILABLE_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|connection error|Client was closed|Cannot use a pool after calling end/i;

const POSTGRES: SqlDialect = {
  name: 'postgres',
  bytewise: (column) => `${column} COLLATE "C"`,
  inList: (column, type) => `${column} = ANY(?::${type}[])`,
  listParam: (values) => values,
  ilike: (column) => `${column} ILIKE ? ESCAPE '\\'`,
  unitsWriteLock: `SELECT pg_advisory_xact_lock_shared(${UNITS_LOCK_KEY}, hashtext(current_schema()))`,
  unitsMarkLock: ["SET LOCAL lock_timeout = '300ms'", `SELECT pg_advisory_xact_lock(${UNITS_LOCK_KEY}, hashtext(current_schema()))`],
  indexWriteLock: `SELECT pg_advisory_xact_lock(${INDEX_LOCK_KEY}, hashtext(current_schema()))`,
};

const PG_TYPES: Record<ColumnType, string> = {
  int: 'int', bigint: 'bigint', real: 'float8', text: 'text', bool: 'boolean', json: 'jsonb', timestamp: 'timestamptz',
};

export class PostgresExecutor extends TransactionalExecutor<PgTransaction> implements SqlExecutor {
  readonly dialect = POSTGRES;
  /** `?` SQL → `$n` SQL, rewritten once per distinct statement. */
  private readonly numbered = new StatementCache(toNumberedPlaceholders);

  constructor(private readonly pool: Pool, readonly url: string) {
    super(`PostgreSQL store ${redactUrl(url)}`);
  }

  async all(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.query(this.numbered.for(sql), params)).rows;
  }

  async get(sql: string, params: readonly unknown[] = []): Promise<Row | undefined> {
    return (await this.query(this.numbered.for(sql), params)).rows[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.query(this.numbered.for(sql), params)).rowCount ?? 0;
  }

  /** INSERT … SELECT FROM unnest(one array per column): one statement per BATCH rows. */
  async insertMany(insert: BulkInsert, rows: readonly (readonly unknown[])[]): Promise<number[]> {
    if (rows.length === 0) return [];
    const constants = insert.constants ?? [];
    const columns = [...(insert.returnIds ? [{ name: 'id', type: 'bigint' as const }] : []), ...insert.columns];
    const arrays = columns.map((c, i) => `$${i + 1}::${PG_TYPES[c.type]}[]`);
    const fixed = constants.map((c, i) => `$${columns.length + i + 1}::${PG_TYPES[c.type]}`);
    const sql = `INSERT INTO ${insert.table} (${[...columns, ...constants].map((c) => c.name).join(', ')})
      SELECT u.*${fixed.map((f) => `, ${f}`).join('')} FROM unnest(${arrays.join(', ')}) AS u`;
    return this.transaction(async () => {
      const ids: number[] = [];
      for (const batch of chunks(rows, BATCH)) {
        const values: unknown[][] = insert.columns.map(() => new Array<unknown>(batch.length));
        for (let i = 0; i < batch.length; i++) {
          const row = batch[i];
          for (let j = 0; j < values.length; j++) values[j][i] = row[j];
        }
        if (insert.returnIds) {
          // Ids drawn first, so each row's id is known without relying on RETURNING's row order.
          const drawn = (await this.query(
            'SELECT nextval(pg_get_serial_sequence($1, \'id\')) AS id FROM generate_series(1, $2)', [insert.table, batch.length],
          )).rows.map((r) => Number(r.id)).sort((a, b) => a - b);
          values.unshift(drawn);
          ids.push(...drawn);
        }
        await this.query(sql, [...values, ...constants.map((c) => c.value)]);
      }
      return ids;
    });
  }

  /**
   * Checks out a client for a transaction. While checked out, the pool does
   * not listen for its errors, and a connection the server ends between two queries (shutdown,
   * pg_terminate_backend) would emit an unhandled 'error' and crash the process: listen here
   * (the next query on the client fails and reports it), and give it back through `release`.
   */
  private async connect(): Promise<{ client: PoolClient; release: (broken: boolean) => void }> {
    if (this.closed) throw this.closedError();
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.mapError(error);
    }
    let failed = false;
    const onError = () => {
      failed = true;
    };
    client.on('error', onError);
    return {
      client,
      release: (broken) => {
        client.off('error', onError);
        client.release(broken || failed);
      },
    };
  }

  /** A statement in PostgreSQL's own `$n` spelling, on the open transaction's client or the pool. */
  async query(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    const tx = this.current;
    try {
      if (tx) return await tx.client.query<Row>(sql, params as unknown[]);
      if (this.closed) throw this.closedError();
      return await this.pool.query<Row>(sql, params as unknown[]);
    } catch (error) {
      throw this.mapError(error);
    }
  }

  override mapError(error: unknown): unknown {
    if (error instanceof StoreUnavailableError) return error;
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    const unavailable = typeof code === 'string'
      ? UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code)
      : UNAVAILABLE_MESSAGE.test(message);
    if (!unavailable) return error;
    const detail = message || (error instanceof AggregateError ? error.errors.map((e) => String(e?.message ?? e)).join('; ') : '');
    return this.unavailable(`${detail}${typeof code === 'string' ? ` (${code})` : ''}`, error);
  }

  /** One pooled client from BEGIN to COMMIT/ROLLBACK; one whose ROLLBACK fails is not pooled again. */
  protected async begin(): Promise<PgTransaction> {
    const { client, release } = await this.connect();
    let broken = false;
    const rollback = async () => {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection itself failed: do not return it to the pool
      }
    };
    try {
      await client.query('BEGIN');
    } catch (error) {
      await rollback();
      release(broken);
      throw this.mapError(error);
    }
    return { client, commit: async () => void (await client.query('COMMIT')), rollback, release: () => release(broken) };
  }

  async exec(sql: string): Promise<void> {
    await this.query(sql); // no parameters: the simple protocol, which takes several statements
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

export class PostgresStore extends SqlStore {
  readonly kind = 'postgres' as const;
  protected readonly changes: ChangeChannel;
  /** The saved candidate index lives in the table tm_index_parts, shared by every server. */
  protected readonly savedIndex: SavedIndex;

  private constructor(private readonly pg: PostgresExecutor, connectionTimeoutMs: number) {
    super(pg);
    this.changes = new ChangeChannel(pg, pg.url, connectionTimeoutMs);
    this.savedIndex = indexTable(pg, `${redactUrl(pg.url)} (table tm_index_parts)`);
  }

  /** Connects, and brings the schema up to date (once, even when several processes start together). */
  static async open(url: string, options: OpenStoreOptions = {}): Promise<PostgresStore> {
    const schema = options.schema;
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new Error(`not a plain schema name: ${schema}`);
    }
    const pool = new Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
      // public stays on the path for extensions installed there (pg_trgm).
      options: schema ? `-c search_path=${schema},public` : undefined,
    });
    // An idle client whose server went away must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const executor = new PostgresExecutor(pool, url);
    const store = new PostgresStore(executor, options.connectionTimeoutMs ?? 5000);
    try {
      await applyMigrations(executor, {
        lock: `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`,
        setup: schema ? `CREATE SCHEMA IF NOT EXISTS ${schema};\n` : '',
      });
      // Changes are announced per schema (also one chosen by the URL's search_path), so stores
      // in different schemas of one database never hear each other.
      store.changes.channel = channelName(schema ?? String((await executor.get('SELECT current_schema() AS s'))?.s ?? 'public'));
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return store;
  }
}
