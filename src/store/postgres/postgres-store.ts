/**
 * The shared store: PostgreSQL through a `pg` Pool, so several server processes use one
 * translation memory and termbase.
 *
 * A transaction checks out one client and holds it from BEGIN to COMMIT/ROLLBACK; calls made
 * inside `work` (found through AsyncLocalStorage) run on that client and so join it. Calls
 * outside run on any pooled client and see only committed data. Version checks are conditional
 * UPDATEs (`WHERE version = $n`), so two processes cannot both win the same edit.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Pool } from 'pg';
import type { PoolClient, QueryResult } from 'pg';
import type { Locale } from '../../locale';
import type { TranslationUnit, NewTranslationUnit, UnitHistoryEntry } from '../../memory/types';
import type { Concept, ConceptHistoryEntry } from '../../termbase/types';
import type { ArticleDocument, Paragraph, Segment } from '../../document';
import type { Role, Session, User } from '../../accounts';
import {
  AlreadyExistsError, NotFoundError, StoreUnavailableError, VersionConflictError,
} from '../repository';
import type { HistoryNote, NewDocument, Repository, Store, StoreChange, UnitFilter, UnitPatch } from '../repository';
import {
  chunks, conceptSnapshot, creationAction, groupTerms, jsonList, nowIso, patchAssignments, redactUrl, rowToConcept,
  rowToConceptHistory, rowToDocument, rowToParagraph, rowToSegment, rowToSession, rowToUnit,
  rowToUnitHistory, rowToUser, sourceKey, toIso, unitWhere,
} from '../shared';
import type { Migration, Row } from '../shared';
import { POSTGRES_MIGRATIONS } from './migrations';
import { ChangeChannel, channelName } from './changes';

export interface PostgresStoreOptions {
  /** Schema for the tables, created if missing (default: the role's search_path, usually `public`). */
  schema?: string;
  /** Most connections the pool opens. Default 10. */
  poolSize?: number;
  /** Milliseconds to wait for a connection before giving up. Default 5000. */
  connectionTimeoutMs?: number;
}

interface TxState {
  client: PoolClient;
  /** Turns false at commit/rollback so work that outlives the transaction cannot use its client. */
  open: boolean;
  /** Changes to announce once the transaction has committed (dropped on rollback). */
  changes: StoreChange[];
}

/** Any key will do as long as every Bitext process uses the same one. */
const MIGRATION_LOCK_KEY = 0x42697465; // "Bite"

/** Rows per multi-row INSERT in bulk writes. */
const BATCH = 5000;

/** SQLSTATEs that mean the server cannot be used (rather than a bad statement). */
const UNAVAILABLE_SQLSTATE = /^(08...|28...|3D000|57P0[1-4]|53300|53100)$/;
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  'ECONNABORTED',
]);
const UNAVAILABLE_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|connection error|Client was closed|Cannot use a pool after calling end/i;

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private readonly context = new AsyncLocalStorage<TxState>();
  private closed = false;
  private readonly changes: ChangeChannel;

  private constructor(private readonly pool: Pool, readonly url: string, connectionTimeoutMs: number) {
    this.changes = new ChangeChannel({
      url,
      channel: channelName(undefined),
      connectionTimeoutMs,
      send: async (channel, payload) => {
        await this.query('SELECT pg_notify($1, $2)', [channel, payload]);
      },
    });
  }

  /** Connects, and brings the schema up to date (once, even when several processes start together). */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
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
    const store = new PostgresStore(pool, url, options.connectionTimeoutMs ?? 5000);
    try {
      await store.migrate(POSTGRES_MIGRATIONS, schema);
      // Changes are announced per schema (also one chosen by the URL's search_path), so stores
      // in different schemas of one database never hear each other.
      store.changes.channel = channelName(schema ?? String((await store.row('SELECT current_schema() AS s'))?.s ?? 'public'));
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return store;
  }

  private async migrate(migrations: readonly Migration[], schema: string | undefined): Promise<void> {
    const { client, release } = await this.connect();
    let broken = false;
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`);
        const applied = new Set(
          (await client.query('SELECT version FROM schema_migrations')).rows.map((r: Row) => Number(r.version)),
        );
        for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
          if (applied.has(migration.version)) continue;
          await client.query('BEGIN');
          try {
            await client.query(migration.sql);
            await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
              [migration.version, migration.name, nowIso()]);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw error;
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    } catch (error) {
      broken = true;
      throw this.mapError(error);
    } finally {
      release(broken);
    }
  }

  /** Applied migration versions, for tests and diagnostics. */
  async schemaVersions(): Promise<number[]> {
    return (await this.rows('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));
  }

  // ---- plumbing ------------------------------------------------------------------------------

  /**
   * Checks out a client for a transaction or the migrations. While checked out, the pool does
   * not listen for its errors, and a connection the server ends between two queries (shutdown,
   * pg_terminate_backend) would emit an unhandled 'error' and crash the process: listen here
   * (the next query on the client fails and reports it), and give it back through `release`.
   */
  private async connect(): Promise<{ client: PoolClient; release: (broken: boolean) => void }> {
    if (this.closed) throw new StoreUnavailableError(`PostgreSQL store ${redactUrl(this.url)} is closed`);
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

  private async query(sql: string, params: unknown[] = []): Promise<QueryResult<Row>> {
    const tx = this.context.getStore();
    try {
      if (tx?.open) return await tx.client.query<Row>(sql, params);
      if (this.closed) throw new StoreUnavailableError(`PostgreSQL store ${redactUrl(this.url)} is closed`);
      return await this.pool.query<Row>(sql, params);
    } catch (error) {
      throw this.mapError(error);
    }
  }

  private async rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.query(sql, params)).rows;
  }

  private async row(sql: string, params: unknown[] = []): Promise<Row | undefined> {
    return (await this.query(sql, params)).rows[0];
  }

  private mapError(error: unknown): unknown {
    if (error instanceof StoreUnavailableError) return error;
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    const unavailable = typeof code === 'string'
      ? UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code)
      : UNAVAILABLE_MESSAGE.test(message);
    if (!unavailable) return error;
    const detail = message || (error instanceof AggregateError ? error.errors.map((e) => String(e?.message ?? e)).join('; ') : '');
    return new StoreUnavailableError(
      `PostgreSQL store ${redactUrl(this.url)} is unavailable: ${detail}${typeof code === 'string' ? ` (${code})` : ''}`,
      error,
    );
  }

  async transaction<T>(work: (tx: Repository) => Promise<T>): Promise<T> {
    if (this.context.getStore()?.open) return work(this);
    const { client, release } = await this.connect();
    const state: TxState = { client, open: true, changes: [] };
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await this.context.run(state, () => work(this));
      state.open = false;
      await client.query('COMMIT');
      // Only now can other processes read what changed; a failed NOTIFY must not fail the commit.
      if (state.changes.length) this.changes.publish(state.changes).catch(() => undefined);
      return result;
    } catch (error) {
      state.open = false;
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection itself failed: do not return it to the pool
      }
      throw this.mapError(error);
    } finally {
      release(broken);
    }
  }

  /**
   * NOTIFY to every other process on this database and schema. Inside a transaction the change
   * waits for the commit (the others would otherwise re-read the old rows).
   */
  async notify(change: StoreChange): Promise<void> {
    const tx = this.context.getStore();
    if (tx?.open) {
      tx.changes.push(change);
      return;
    }
    // Sent on the pool, outside whatever async context queued it: never inside someone's transaction.
    await this.context.exit(() => this.changes.publish([change]));
  }

  listen(listener: (change: StoreChange) => void): Promise<() => void> {
    if (this.closed) return Promise.reject(new StoreUnavailableError(`PostgreSQL store ${redactUrl(this.url)} is closed`));
    return this.changes.listen(listener);
  }

  /** Whether this store's change listener is connected (diagnostics, tests). */
  get listening(): boolean {
    return this.changes.listening;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Announce what is queued before the pool goes (a CLI import's last change, say).
    await this.changes.close().catch(() => undefined);
    this.closed = true;
    await this.pool.end();
  }

  // ---- documents -----------------------------------------------------------------------------

  async createDocument(document: NewDocument, _by: string): Promise<ArticleDocument> {
    const at = nowIso();
    const row = await this.row(
      `INSERT INTO documents (slug, title, source_locale, format, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 1, $5, $5) ON CONFLICT (slug) DO NOTHING RETURNING *`,
      [document.slug, document.title, document.sourceLocale, document.format, at],
    );
    if (!row) throw new AlreadyExistsError('document', document.slug);
    return rowToDocument(row);
  }

  async getDocumentBySlug(slug: string): Promise<ArticleDocument | null> {
    const row = await this.row('SELECT * FROM documents WHERE slug = $1', [slug]);
    return row ? rowToDocument(row) : null;
  }

  async getDocument(id: number): Promise<ArticleDocument | null> {
    const row = await this.row('SELECT * FROM documents WHERE id = $1', [id]);
    return row ? rowToDocument(row) : null;
  }

  async listDocuments(): Promise<ArticleDocument[]> {
    return (await this.rows('SELECT * FROM documents ORDER BY id')).map(rowToDocument);
  }

  async updateDocument(id: number, patch: Partial<Pick<ArticleDocument, 'title' | 'format'>>): Promise<ArticleDocument> {
    const row = await this.row(
      `UPDATE documents SET title = coalesce($1, title), format = coalesce($2, format),
         version = version + 1, updated_at = $3 WHERE id = $4 RETURNING *`,
      [patch.title ?? null, patch.format ?? null, nowIso(), id],
    );
    if (!row) throw new NotFoundError('document', id);
    return rowToDocument(row);
  }

  async touchDocument(id: number): Promise<ArticleDocument> {
    const row = await this.row(
      'UPDATE documents SET version = version + 1, updated_at = $1 WHERE id = $2 RETURNING *', [nowIso(), id],
    );
    if (!row) throw new NotFoundError('document', id);
    return rowToDocument(row);
  }

  async replaceStructure(documentId: number, paragraphs: Paragraph[], segments: Omit<Segment, 'documentId'>[]): Promise<void> {
    await this.transaction(async () => {
      // Structure changes what readers see, so the document's version moves too (and the row
      // lock serialises two processes replacing the same document).
      await this.touchDocument(documentId);
      await this.query('DELETE FROM segments WHERE document_id = $1', [documentId]);
      await this.query('DELETE FROM paragraphs WHERE document_id = $1', [documentId]);
      for (const batch of chunks(paragraphs, BATCH)) {
        await this.query(
          `INSERT INTO paragraphs (document_id, idx, kind, level)
           SELECT $1::int, * FROM unnest($2::int[], $3::text[], $4::int[])`,
          [documentId, batch.map((p) => p.index), batch.map((p) => p.kind), batch.map((p) => p.level ?? null)],
        );
      }
      for (const batch of chunks(segments, BATCH)) {
        await this.query(
          `INSERT INTO segments (document_id, position, paragraph, text)
           SELECT $1::int, * FROM unnest($2::int[], $3::int[], $4::text[])`,
          [documentId, batch.map((s) => s.position), batch.map((s) => s.paragraph), batch.map((s) => s.text)],
        );
      }
    });
  }

  async listParagraphs(documentId: number): Promise<Paragraph[]> {
    return (await this.rows('SELECT * FROM paragraphs WHERE document_id = $1 ORDER BY idx', [documentId])).map(rowToParagraph);
  }

  async listSegments(documentId: number): Promise<Segment[]> {
    return (await this.rows('SELECT * FROM segments WHERE document_id = $1 ORDER BY position', [documentId])).map(rowToSegment);
  }

  // ---- translation units ---------------------------------------------------------------------

  async insertUnits(units: NewTranslationUnit[]): Promise<number[]> {
    if (units.length === 0) return [];
    return this.transaction(async () => {
      const at = nowIso();
      const ids: number[] = [];
      for (const batch of chunks(units, BATCH)) {
        // Ids drawn first, so each unit's id is known without relying on RETURNING's row order.
        const drawn = (await this.rows(
          `SELECT nextval(pg_get_serial_sequence('translation_units', 'id')) AS id FROM generate_series(1, $1)`,
          [batch.length],
        )).map((r) => Number(r.id)).sort((a, b) => a - b);
        await this.query(
          `INSERT INTO translation_units (id, version, document_id, position, paragraph, source_locale, source_text,
             source_key, target_locale, target_text, status, origin, bead, match_score, previous_source, next_source,
             inline_codes, findings, overrides, created_by, created_at, updated_by, updated_at)
           SELECT u.id, 1, u.document_id, u.position, u.paragraph, u.source_locale, u.source_text, u.source_key,
             u.target_locale, u.target_text, u.status, u.origin, u.bead, u.match_score, u.previous_source,
             u.next_source, u.inline_codes, u.findings, u.overrides, u.created_by, $20::timestamptz, u.updated_by, $20::timestamptz
           FROM unnest($1::bigint[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::bigint[],
             $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::float8[], $14::text[], $15::text[],
             $16::jsonb[], $17::jsonb[], $18::jsonb[], $19::text[], $21::text[])
             AS u(id, document_id, position, paragraph, source_locale, source_text, source_key, target_locale,
               target_text, status, origin, bead, match_score, previous_source, next_source, inline_codes, findings,
               overrides, created_by, updated_by)`,
          [
            drawn,
            batch.map((u) => u.documentId ?? null),
            batch.map((u) => u.position ?? null),
            batch.map((u) => u.paragraph ?? null),
            batch.map((u) => u.sourceLocale),
            batch.map((u) => u.sourceText),
            batch.map((u) => sourceKey(u.sourceText)),
            batch.map((u) => u.targetLocale),
            batch.map((u) => u.targetText),
            batch.map((u) => u.status),
            batch.map((u) => u.origin),
            batch.map((u) => (u.bead ? JSON.stringify(u.bead) : null)),
            batch.map((u) => u.matchScore ?? null),
            batch.map((u) => u.previousSource ?? null),
            batch.map((u) => u.nextSource ?? null),
            batch.map((u) => jsonList(u.inlineCodes)),
            batch.map((u) => jsonList(u.findings)),
            batch.map((u) => jsonList(u.overrides)),
            batch.map((u) => u.createdBy),
            at,
            batch.map((u) => u.updatedBy ?? u.createdBy),
          ],
        );
        // Creation history for article units only (see creationAction).
        const history: { id: number; unit: NewTranslationUnit; action: string }[] = [];
        batch.forEach((unit, i) => {
          const action = creationAction(unit);
          if (action) history.push({ id: drawn[i], unit, action });
        });
        if (history.length) {
          await this.query(
            `INSERT INTO unit_history (unit_id, version, action, source_text, target_text, status, origin, by, at)
             SELECT h.unit_id, 1, h.action, h.source_text, h.target_text, h.status, h.origin, h.by, $8::timestamptz
             FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
               AS h(unit_id, action, source_text, target_text, status, origin, by)`,
            [
              history.map((h) => h.id), history.map((h) => h.action), history.map((h) => h.unit.sourceText),
              history.map((h) => h.unit.targetText), history.map((h) => h.unit.status), history.map((h) => h.unit.origin),
              history.map((h) => h.unit.createdBy), at,
            ],
          );
        }
        ids.push(...drawn);
      }
      return ids;
    });
  }

  async getUnit(id: number): Promise<TranslationUnit | null> {
    const row = await this.row('SELECT * FROM translation_units WHERE id = $1', [id]);
    return row ? rowToUnit(row) : null;
  }

  async listUnits(filter: UnitFilter): Promise<TranslationUnit[]> {
    const params: unknown[] = [];
    const where = unitWhere(filter, (v) => `$${params.push(v)}`);
    return (await this.rows(
      `SELECT * FROM translation_units ${where}
       ORDER BY document_id NULLS LAST, position NULLS LAST, target_locale COLLATE "C", id`,
      params,
    )).map(rowToUnit);
  }

  async listUnitsPage(filter: UnitFilter, afterId: number, limit: number): Promise<TranslationUnit[]> {
    const params: unknown[] = [afterId];
    const where = unitWhere(filter, (v) => `$${params.push(v)}`);
    const limitParam = `$${params.push(Math.max(0, Math.floor(limit)))}`;
    return (await this.rows(
      `SELECT * FROM translation_units WHERE id > $1 ${where.replace(/^WHERE /, 'AND ')} ORDER BY id LIMIT ${limitParam}`,
      params,
    )).map(rowToUnit);
  }

  async countUnits(filter: UnitFilter): Promise<number> {
    const params: unknown[] = [];
    const where = unitWhere(filter, (v) => `$${params.push(v)}`);
    return Number((await this.row(`SELECT count(*) AS n FROM translation_units ${where}`, params))?.n ?? 0);
  }

  async findUnitsBySource(sourceLocale: Locale, targetLocale: Locale, sourceText: string): Promise<TranslationUnit[]> {
    return (await this.rows(
      `SELECT * FROM translation_units
       WHERE source_key = $1 AND source_locale = $2 AND target_locale = $3 AND source_text = $4 ORDER BY id`,
      [sourceKey(sourceText), sourceLocale, targetLocale, sourceText],
    )).map(rowToUnit);
  }

  async findUnitsBySources(sourceLocale: Locale, targetLocale: Locale, sourceTexts: readonly string[]): Promise<TranslationUnit[]> {
    if (sourceTexts.length === 0) return [];
    const texts = [...new Set(sourceTexts)];
    return (await this.rows(
      `SELECT * FROM translation_units
       WHERE source_key = ANY($1::bigint[]) AND source_locale = $2 AND target_locale = $3 AND source_text = ANY($4::text[]) ORDER BY id`,
      [texts.map(sourceKey), sourceLocale, targetLocale, texts],
    )).map(rowToUnit);
  }

  async updateUnit(id: number, expectedVersion: number, patch: UnitPatch, note: HistoryNote): Promise<TranslationUnit> {
    return this.transaction(async () => {
      const at = nowIso();
      const params: unknown[] = [];
      const sets = patchAssignments(patch).map((a) => `${a.column} = $${params.push(a.value)}`);
      sets.push('version = version + 1', `updated_by = $${params.push(note.by)}`, `updated_at = $${params.push(at)}`);
      const row = await this.row(
        `UPDATE translation_units SET ${sets.join(', ')}
         WHERE id = $${params.push(id)} AND version = $${params.push(expectedVersion)} RETURNING *`,
        params,
      );
      if (!row) {
        const current = await this.row('SELECT version FROM translation_units WHERE id = $1', [id]);
        if (!current) throw new NotFoundError('translation unit', id);
        throw new VersionConflictError('translation unit', id, expectedVersion, Number(current.version));
      }
      const unit = rowToUnit(row);
      await this.query(
        `INSERT INTO unit_history (unit_id, version, action, source_text, target_text, status, origin, by, at, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [unit.id, unit.version, note.action, unit.sourceText, unit.targetText, unit.status, unit.origin, note.by, at,
          note.reason ?? null],
      );
      return unit;
    });
  }

  async deleteUnits(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.transaction(async () => {
      for (const chunk of chunks(ids, 10_000)) {
        await this.query('DELETE FROM translation_units WHERE id = ANY($1::bigint[])', [chunk]);
      }
    });
  }

  async unitHistory(id: number): Promise<UnitHistoryEntry[]> {
    return (await this.rows('SELECT * FROM unit_history WHERE unit_id = $1 ORDER BY version, id', [id])).map(rowToUnitHistory);
  }

  // ---- termbase ------------------------------------------------------------------------------

  async listConcepts(): Promise<Concept[]> {
    // Concepts and terms must come from one snapshot; under READ COMMITTED each statement takes
    // its own, so outside a caller's transaction the two reads share a REPEATABLE READ one.
    const load = async (): Promise<Concept[]> => {
      const concepts = await this.rows('SELECT * FROM concepts ORDER BY id');
      const terms = groupTerms(await this.rows('SELECT * FROM concept_terms ORDER BY concept_id, ord'));
      return concepts.map((row) => rowToConcept(row, terms.get(String(row.id)) ?? []));
    };
    if (this.context.getStore()?.open) return load();
    return this.transaction(async () => {
      await this.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      return load();
    });
  }

  async getConcept(id: string): Promise<Concept | null> {
    const row = await this.row(
      `SELECT c.*, coalesce((SELECT json_agg(t ORDER BY t.ord) FROM concept_terms t WHERE t.concept_id = c.id), '[]') AS terms
       FROM concepts c WHERE c.id = $1`,
      [id],
    );
    if (!row) return null;
    return rowToConcept(row, [...groupTerms(row.terms as Row[]).values()].flat());
  }

  async saveConcept(
    concept: Omit<Concept, 'version' | 'updatedAt' | 'updatedBy'>,
    expectedVersion: number | null,
    by: string,
    action?: ConceptHistoryEntry['action'],
  ): Promise<Concept> {
    return this.transaction(async () => {
      const at = nowIso();
      let version: number;
      if (expectedVersion === null) {
        // A re-created concept continues its old history's numbering, so a stale version never matches.
        const inserted = await this.row(
          `INSERT INTO concepts (id, note, subject, version, updated_by, updated_at)
           VALUES ($1, $2, $3, (SELECT coalesce(max(version), 0) + 1 FROM concept_history WHERE concept_id = $1), $4, $5)
           ON CONFLICT (id) DO NOTHING RETURNING version`,
          [concept.id, concept.note ?? null, concept.subject ?? null, by, at],
        );
        if (!inserted) throw new AlreadyExistsError('concept', concept.id);
        version = Number(inserted.version);
      } else {
        const updated = await this.row(
          `UPDATE concepts SET note = $1, subject = $2, version = version + 1, updated_by = $3, updated_at = $4
           WHERE id = $5 AND version = $6 RETURNING version`,
          [concept.note ?? null, concept.subject ?? null, by, at, concept.id, expectedVersion],
        );
        if (!updated) throw await this.conceptMiss(concept.id, expectedVersion);
        version = Number(updated.version);
        await this.query('DELETE FROM concept_terms WHERE concept_id = $1', [concept.id]);
      }
      const snapshot = conceptSnapshot(concept, version, by, at);
      if (snapshot.terms.length) {
        const t = snapshot.terms;
        await this.query(
          `INSERT INTO concept_terms (concept_id, ord, locale, text, status, case_sensitive, part_of_speech, note)
           SELECT $1::text, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[])`,
          [concept.id, t.map((_, i) => i), t.map((x) => x.locale), t.map((x) => x.text), t.map((x) => x.status),
            t.map((x) => x.caseSensitive), t.map((x) => x.partOfSpeech), t.map((x) => x.note)],
        );
      }
      await this.query(
        'INSERT INTO concept_history (concept_id, version, action, snapshot, by, at) VALUES ($1, $2, $3, $4, $5, $6)',
        [concept.id, version, action ?? (expectedVersion === null ? 'create' : 'edit'), JSON.stringify(snapshot), by, at],
      );
      return snapshot;
    });
  }

  private async conceptMiss(id: string, expectedVersion: number): Promise<Error> {
    const current = await this.row('SELECT version FROM concepts WHERE id = $1', [id]);
    if (!current) return new NotFoundError('concept', id);
    return new VersionConflictError('concept', id, expectedVersion, Number(current.version));
  }

  async deleteConcept(id: string, expectedVersion: number | null, by: string): Promise<void> {
    await this.transaction(async () => {
      const deleted = expectedVersion === null
        ? await this.row('DELETE FROM concepts WHERE id = $1 RETURNING version', [id])
        : await this.row('DELETE FROM concepts WHERE id = $1 AND version = $2 RETURNING version', [id, expectedVersion]);
      if (!deleted) {
        if (expectedVersion === null) throw new NotFoundError('concept', id);
        throw await this.conceptMiss(id, expectedVersion);
      }
      await this.query(
        'INSERT INTO concept_history (concept_id, version, action, snapshot, by, at) VALUES ($1, $2, $3, NULL, $4, $5)',
        [id, Number(deleted.version) + 1, 'delete', by, nowIso()],
      );
    });
  }

  async conceptHistory(id: string): Promise<ConceptHistoryEntry[]> {
    return (await this.rows('SELECT * FROM concept_history WHERE concept_id = $1 ORDER BY version, id', [id]))
      .map(rowToConceptHistory);
  }

  // ---- users and sessions --------------------------------------------------------------------

  async createUser(user: { name: string; role: Role; passwordHash: string; tokenHash: string }): Promise<User> {
    const row = await this.row(
      `INSERT INTO users (name, role, password_hash, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING *`,
      [user.name, user.role, user.passwordHash, user.tokenHash, nowIso()],
    );
    if (!row) throw new AlreadyExistsError('user', user.name);
    return rowToUser(row);
  }

  async getUser(id: number): Promise<User | null> {
    const row = await this.row('SELECT * FROM users WHERE id = $1', [id]);
    return row ? rowToUser(row) : null;
  }

  async getUserByName(name: string): Promise<User | null> {
    const row = await this.row('SELECT * FROM users WHERE name = $1', [name]);
    return row ? rowToUser(row) : null;
  }

  async getUserByTokenHash(tokenHash: string): Promise<User | null> {
    if (tokenHash === '') return null; // "no token" never authenticates
    const row = await this.row("SELECT * FROM users WHERE token_hash = $1 AND token_hash <> ''", [tokenHash]);
    return row ? rowToUser(row) : null;
  }

  async listUsers(): Promise<User[]> {
    return (await this.rows('SELECT * FROM users ORDER BY id')).map(rowToUser);
  }

  async createSession(session: Session): Promise<void> {
    const row = await this.row(
      `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING id_hash`,
      [session.idHash, session.userId, session.csrfToken, toIso(session.expiresAt)],
    );
    if (!row) throw new AlreadyExistsError('session', session.idHash);
  }

  async getSession(idHash: string): Promise<Session | null> {
    const row = await this.row('SELECT * FROM sessions WHERE id_hash = $1', [idHash]);
    return row ? rowToSession(row) : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return (await this.query('DELETE FROM sessions WHERE expires_at <= $1', [toIso(now)])).rowCount ?? 0;
  }

  // ---- UI strings and settings ---------------------------------------------------------------

  async saveUiStrings(locale: Locale, strings: Record<string, unknown>): Promise<void> {
    await this.query(
      `INSERT INTO ui_strings (locale, strings, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (locale) DO UPDATE SET strings = excluded.strings, updated_at = excluded.updated_at`,
      [locale, JSON.stringify(strings), nowIso()],
    );
  }

  async loadUiStrings(locale: Locale): Promise<Record<string, unknown> | null> {
    const row = await this.row('SELECT strings FROM ui_strings WHERE locale = $1', [locale]);
    return row ? (row.strings as Record<string, unknown>) : null;
  }

  async getSetting(key: string): Promise<string | null> {
    const row = await this.row('SELECT value FROM settings WHERE key = $1', [key]);
    return row ? String(row.value) : null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value],
    );
  }
}
