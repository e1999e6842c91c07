/**
 * The embedded store: SQLite through better-sqlite3 (synchronous), in WAL mode.
 *
 * better-sqlite3 runs each statement synchronously, but `transaction(work)` awaits an async
 * callback, so other callers could interleave their statements with an open transaction. An
 * async mutex prevents that: a transaction holds it from BEGIN IMMEDIATE to COMMIT/ROLLBACK, and
 * every call outside a transaction takes it too, so it waits for the open transaction to finish.
 * Calls made inside `work` (found through AsyncLocalStorage) join the transaction instead.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { accessSync, constants as fsConstants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
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
  chunks, conceptSnapshot, creationAction, groupTerms, jsonList, nowIso, patchAssignments, rowToConcept,
  rowToConceptHistory, rowToDocument, rowToParagraph, rowToSegment, rowToSession, rowToUnit,
  rowToUnitHistory, rowToUser, sourceKey, toIso, unitWhere,
} from '../shared';
import type { Migration, Row } from '../shared';
import { SQLITE_MIGRATIONS } from './migrations';

type Db = Database.Database;
type Statement = Database.Statement;

/** Per-transaction state; `open` turns false at commit so work that outlives it cannot join. */
interface TxState {
  open: boolean;
}

/** A FIFO async lock. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** SQLite result codes that mean the file cannot be used, rather than a bad request. */
const UNAVAILABLE_CODES = /^SQLITE_(READONLY|FULL|CANTOPEN|IOERR|NOTADB|CORRUPT|BUSY|LOCKED|PERM|AUTH|NOLFS)/;

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export interface SqliteStoreOptions {
  /** Milliseconds to wait for another process's lock on the file. Default 5000. */
  busyTimeoutMs?: number;
  /** Largest the file may grow (SQLite's max_page_count); past it writes fail like on a full disk. */
  maxSizeBytes?: number;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();
  private readonly mutex = new Mutex();
  private readonly context = new AsyncLocalStorage<TxState>();
  private closed = false;

  private constructor(private readonly db: Db, readonly file: string, private readonly busyTimeoutMs: number) {}

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  static open(file: string, options: SqliteStoreOptions = {}): SqliteStore {
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
      const store = new SqliteStore(db, path, busyTimeoutMs);
      store.migrate(SQLITE_MIGRATIONS);
      if (options.maxSizeBytes !== undefined) {
        const pageSize = Number(db.pragma('page_size', { simple: true }));
        db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxSizeBytes / pageSize))}`);
      }
      return store;
    } catch (error) {
      try {
        db?.close();
      } catch {
        // Closing a half-opened handle can fail too; the open error is the one to report.
      }
      throw unavailable(error, path) ?? error;
    }
  }

  /** Applies the migrations not yet recorded, each in its own IMMEDIATE transaction. */
  private migrate(migrations: readonly Migration[]): void {
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      // Re-checked inside the write lock: another process may have applied it meanwhile.
      this.db.transaction(() => {
        const done = this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
        if (done) return;
        this.db.exec(migration.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(migration.version, migration.name, nowIso());
      }).immediate();
    }
  }

  /** Applied migration versions, for tests and diagnostics. */
  async schemaVersions(): Promise<number[]> {
    return this.read(() => this.all('SELECT version FROM schema_migrations ORDER BY version').map((r) => Number(r.version)));
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private all(sql: string, ...params: unknown[]): Row[] {
    return this.stmt(sql).all(...params) as Row[];
  }

  private get(sql: string, ...params: unknown[]): Row | undefined {
    return this.stmt(sql).get(...params) as Row | undefined;
  }

  private run(sql: string, ...params: unknown[]): Database.RunResult {
    return this.stmt(sql).run(...params);
  }

  private guard<T>(fn: () => T): T {
    if (this.closed) throw new StoreUnavailableError(`SQLite store ${this.file} is closed`);
    try {
      return fn();
    } catch (error) {
      throw unavailable(error, this.file) ?? error;
    }
  }

  /** Runs a synchronous step: at once inside a transaction, else after any open one. */
  private async read<T>(fn: () => T): Promise<T> {
    if (this.context.getStore()?.open) return this.guard(fn);
    return this.mutex.run(() => this.guard(fn));
  }

  /** Like `read`, and atomic on its own (a savepoint when inside a transaction). */
  private async write<T>(fn: () => T): Promise<T> {
    if (this.context.getStore()?.open) return this.guard(() => this.db.transaction(fn)());
    return this.mutex.run(async () => {
      await this.begin();
      try {
        const result = this.guard(fn);
        this.guard(() => this.db.exec('COMMIT'));
        return result;
      } catch (error) {
        if (this.db.open && this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /**
   * BEGIN IMMEDIATE (takes the file's write lock), waiting for another connection's lock
   * asynchronously: SQLite's own busy timeout would block the event loop, and with it a
   * transaction of this process that holds the lock and waits to finish.
   */
  private async begin(): Promise<void> {
    const deadline = Date.now() + this.busyTimeoutMs;
    let pause = 1;
    for (;;) {
      try {
        this.guard(() => {
          this.stmt('PRAGMA busy_timeout = 0').run();
          try {
            this.db.exec('BEGIN IMMEDIATE');
          } finally {
            this.stmt(`PRAGMA busy_timeout = ${this.busyTimeoutMs}`).run();
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

  async transaction<T>(work: (tx: Repository) => Promise<T>): Promise<T> {
    if (this.context.getStore()?.open) return work(this);
    return this.mutex.run(async () => {
      const state: TxState = { open: true };
      await this.begin();
      try {
        const result = await this.context.run(state, () => work(this));
        state.open = false;
        this.guard(() => this.db.exec('COMMIT'));
        return result;
      } catch (error) {
        state.open = false;
        if (this.db.open && this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  // ---- changes for other processes --------------------------------------------------------------

  /** Tells this store object's own rows apart from other processes' in the change log. */
  private readonly origin = randomUUID();
  private notified = 0;

  /** Logs a change for other processes; inside a transaction it commits (or rolls back) with it. */
  async notify(change: StoreChange): Promise<void> {
    await this.write(() => {
      const at = nowIso();
      this.stmt('INSERT INTO store_changes (origin, payload, at) VALUES (?, ?, ?)').run(this.origin, JSON.stringify(change), at);
      // Readers poll several times a second: an hour of log is plenty, and keeps the table small.
      if (++this.notified % 500 === 0) {
        this.stmt('DELETE FROM store_changes WHERE at < ?').run(new Date(Date.now() - 3600_000).toISOString());
      }
    });
  }

  /**
   * Polls for other processes' changes. `PRAGMA data_version` moves only when another connection
   * commits, so an idle poll costs one pragma and reads no table.
   */
  async listen(listener: (change: StoreChange) => void, intervalMs = 200): Promise<() => void> {
    let last = await this.read(() => Number(this.get('SELECT COALESCE(MAX(id), 0) AS id FROM store_changes')!.id));
    let dataVersion = await this.read(() => Number(this.db.pragma('data_version', { simple: true })));
    let polling = false;
    const poll = async (): Promise<void> => {
      if (polling || this.closed) return;
      polling = true;
      try {
        const rows = await this.read(() => {
          const version = Number(this.db.pragma('data_version', { simple: true }));
          if (version === dataVersion) return [];
          dataVersion = version;
          return this.all('SELECT id, origin, payload FROM store_changes WHERE id > ? ORDER BY id', last);
        });
        for (const row of rows) {
          last = Number(row.id);
          if (row.origin !== this.origin) listener(JSON.parse(String(row.payload)) as StoreChange);
        }
      } catch {
        // A closed or briefly locked database: the next poll tries again.
      } finally {
        polling = false;
      }
    };
    const timer = setInterval(() => void poll(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Waits for an open transaction so it is not cut off halfway.
    await this.mutex.run(() => {
      if (this.closed) return;
      this.closed = true;
      this.statements.clear();
      this.db.close();
    });
  }

  // ---- documents -----------------------------------------------------------------------------

  async createDocument(document: NewDocument, _by: string): Promise<ArticleDocument> {
    return this.write(() => {
      const at = nowIso();
      try {
        const row = this.get(
          `INSERT INTO documents (slug, title, source_locale, format, version, created_at, updated_at)
           VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING *`,
          document.slug, document.title, document.sourceLocale, document.format, at, at,
        );
        return rowToDocument(row as Row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new AlreadyExistsError('document', document.slug);
        throw error;
      }
    });
  }

  async getDocumentBySlug(slug: string): Promise<ArticleDocument | null> {
    return this.read(() => {
      const row = this.get('SELECT * FROM documents WHERE slug = ?', slug);
      return row ? rowToDocument(row) : null;
    });
  }

  async getDocument(id: number): Promise<ArticleDocument | null> {
    return this.read(() => {
      const row = this.get('SELECT * FROM documents WHERE id = ?', id);
      return row ? rowToDocument(row) : null;
    });
  }

  async listDocuments(): Promise<ArticleDocument[]> {
    return this.read(() => this.all('SELECT * FROM documents ORDER BY id').map(rowToDocument));
  }

  async updateDocument(id: number, patch: Partial<Pick<ArticleDocument, 'title' | 'format'>>): Promise<ArticleDocument> {
    return this.write(() => {
      const row = this.get(
        `UPDATE documents SET title = coalesce(?, title), format = coalesce(?, format),
           version = version + 1, updated_at = ? WHERE id = ? RETURNING *`,
        patch.title ?? null, patch.format ?? null, nowIso(), id,
      );
      if (!row) throw new NotFoundError('document', id);
      return rowToDocument(row);
    });
  }

  async touchDocument(id: number): Promise<ArticleDocument> {
    return this.write(() => this.touchSync(id));
  }

  private touchSync(id: number): ArticleDocument {
    const row = this.get('UPDATE documents SET version = version + 1, updated_at = ? WHERE id = ? RETURNING *', nowIso(), id);
    if (!row) throw new NotFoundError('document', id);
    return rowToDocument(row);
  }

  async replaceStructure(documentId: number, paragraphs: Paragraph[], segments: Omit<Segment, 'documentId'>[]): Promise<void> {
    return this.write(() => {
      // Structure changes what readers see, so the document's version moves too.
      this.touchSync(documentId);
      this.run('DELETE FROM segments WHERE document_id = ?', documentId);
      this.run('DELETE FROM paragraphs WHERE document_id = ?', documentId);
      const insertParagraph = this.stmt('INSERT INTO paragraphs (document_id, idx, kind, level) VALUES (?, ?, ?, ?)');
      for (const p of paragraphs) insertParagraph.run(documentId, p.index, p.kind, p.level ?? null);
      const insertSegment = this.stmt('INSERT INTO segments (document_id, position, paragraph, text) VALUES (?, ?, ?, ?)');
      for (const s of segments) insertSegment.run(documentId, s.position, s.paragraph, s.text);
    });
  }

  async listParagraphs(documentId: number): Promise<Paragraph[]> {
    return this.read(() => this.all('SELECT * FROM paragraphs WHERE document_id = ? ORDER BY idx', documentId).map(rowToParagraph));
  }

  async listSegments(documentId: number): Promise<Segment[]> {
    return this.read(() => this.all('SELECT * FROM segments WHERE document_id = ? ORDER BY position', documentId).map(rowToSegment));
  }

  // ---- translation units ---------------------------------------------------------------------

  async insertUnits(units: NewTranslationUnit[]): Promise<number[]> {
    if (units.length === 0) return [];
    return this.write(() => {
      const at = nowIso();
      const insert = this.stmt(
        `INSERT INTO translation_units (version, document_id, position, paragraph, source_locale, source_text, source_key,
           target_locale, target_text, status, origin, bead, match_score, previous_source, next_source,
           inline_codes, findings, overrides, created_by, created_at, updated_by, updated_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const history = this.stmt(
        `INSERT INTO unit_history (unit_id, version, action, source_text, target_text, status, origin, by, at, reason)
         VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, NULL)`,
      );
      const ids: number[] = new Array(units.length);
      for (let i = 0; i < units.length; i++) {
        const u = units[i];
        const id = Number(insert.run(
          u.documentId ?? null, u.position ?? null, u.paragraph ?? null, u.sourceLocale, u.sourceText, sourceKey(u.sourceText),
          u.targetLocale, u.targetText, u.status, u.origin, u.bead ? JSON.stringify(u.bead) : null, u.matchScore ?? null,
          u.previousSource ?? null, u.nextSource ?? null, jsonList(u.inlineCodes), jsonList(u.findings),
          jsonList(u.overrides), u.createdBy, at, u.updatedBy ?? u.createdBy, at,
        ).lastInsertRowid);
        ids[i] = id;
        // Creation history for article units only (see creationAction).
        const action = creationAction(u);
        if (action) history.run(id, action, u.sourceText, u.targetText, u.status, u.origin, u.createdBy, at);
      }
      return ids;
    });
  }

  async getUnit(id: number): Promise<TranslationUnit | null> {
    return this.read(() => {
      const row = this.get('SELECT * FROM translation_units WHERE id = ?', id);
      return row ? rowToUnit(row) : null;
    });
  }

  async listUnits(filter: UnitFilter): Promise<TranslationUnit[]> {
    return this.read(() => {
      const params: unknown[] = [];
      const where = unitWhere(filter, (v) => (params.push(v), '?'));
      return this.all(
        `SELECT * FROM translation_units ${where}
         ORDER BY document_id NULLS LAST, position NULLS LAST, target_locale, id`,
        ...params,
      ).map(rowToUnit);
    });
  }

  async listUnitsPage(filter: UnitFilter, afterId: number, limit: number): Promise<TranslationUnit[]> {
    return this.read(() => {
      const params: unknown[] = [afterId];
      const where = unitWhere(filter, (v) => (params.push(v), '?'));
      params.push(Math.max(0, Math.floor(limit)));
      const sql = `SELECT * FROM translation_units WHERE id > ? ${where.replace(/^WHERE /, 'AND ')} ORDER BY id LIMIT ?`;
      return this.all(sql, ...params).map(rowToUnit);
    });
  }

  async countUnits(filter: UnitFilter): Promise<number> {
    return this.read(() => {
      const params: unknown[] = [];
      const where = unitWhere(filter, (v) => (params.push(v), '?'));
      return Number(this.get(`SELECT count(*) AS n FROM translation_units ${where}`, ...params)?.n ?? 0);
    });
  }

  async findUnitsBySource(sourceLocale: Locale, targetLocale: Locale, sourceText: string): Promise<TranslationUnit[]> {
    return this.read(() => this.all(
      `SELECT * FROM translation_units
       WHERE source_key = ? AND source_locale = ? AND target_locale = ? AND source_text = ? ORDER BY id`,
      sourceKey(sourceText), sourceLocale, targetLocale, sourceText,
    ).map(rowToUnit));
  }

  async findUnitsBySources(sourceLocale: Locale, targetLocale: Locale, sourceTexts: readonly string[]): Promise<TranslationUnit[]> {
    const texts = [...new Set(sourceTexts)];
    const wanted = new Set(texts);
    return this.read(() => {
      const rows: Row[] = [];
      // Bound parameters per statement stay well under SQLite's limit.
      for (let i = 0; i < texts.length; i += 500) {
        const keys = texts.slice(i, i + 500).map(sourceKey);
        rows.push(...this.all(
          `SELECT * FROM translation_units
           WHERE source_key IN (${keys.map(() => '?').join(',')}) AND source_locale = ? AND target_locale = ?`,
          ...keys, sourceLocale, targetLocale,
        ));
      }
      const byId = new Map(rows.filter((row) => wanted.has(String(row.source_text))).map((row) => [Number(row.id), row]));
      return [...byId.values()].map(rowToUnit).sort((a, b) => a.id - b.id);
    });
  }

  async updateUnit(id: number, expectedVersion: number, patch: UnitPatch, note: HistoryNote): Promise<TranslationUnit> {
    return this.write(() => {
      const at = nowIso();
      const assignments = patchAssignments(patch);
      const sets = assignments.map((a) => `${a.column} = ?`);
      sets.push('version = version + 1', 'updated_by = ?', 'updated_at = ?');
      const row = this.get(
        `UPDATE translation_units SET ${sets.join(', ')} WHERE id = ? AND version = ? RETURNING *`,
        ...assignments.map((a) => a.value), note.by, at, id, expectedVersion,
      );
      if (!row) {
        const current = this.get('SELECT version FROM translation_units WHERE id = ?', id);
        if (!current) throw new NotFoundError('translation unit', id);
        throw new VersionConflictError('translation unit', id, expectedVersion, Number(current.version));
      }
      const unit = rowToUnit(row);
      this.run(
        `INSERT INTO unit_history (unit_id, version, action, source_text, target_text, status, origin, by, at, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        unit.id, unit.version, note.action, unit.sourceText, unit.targetText, unit.status, unit.origin, note.by, at,
        note.reason ?? null,
      );
      return unit;
    });
  }

  async deleteUnits(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    return this.write(() => {
      for (const chunk of chunks(ids, 10_000)) {
        this.run('DELETE FROM translation_units WHERE id IN (SELECT value FROM json_each(?))', JSON.stringify(chunk));
      }
    });
  }

  async unitHistory(id: number): Promise<UnitHistoryEntry[]> {
    return this.read(() => this.all('SELECT * FROM unit_history WHERE unit_id = ? ORDER BY version, id', id).map(rowToUnitHistory));
  }

  // ---- termbase ------------------------------------------------------------------------------

  async listConcepts(): Promise<Concept[]> {
    return this.read(() => {
      const terms = groupTerms(this.all('SELECT * FROM concept_terms ORDER BY concept_id, ord'));
      return this.all('SELECT * FROM concepts ORDER BY id').map((row) => rowToConcept(row, terms.get(String(row.id)) ?? []));
    });
  }

  async getConcept(id: string): Promise<Concept | null> {
    return this.read(() => this.getConceptSync(id));
  }

  private getConceptSync(id: string): Concept | null {
    const row = this.get('SELECT * FROM concepts WHERE id = ?', id);
    if (!row) return null;
    const terms = groupTerms(this.all('SELECT * FROM concept_terms WHERE concept_id = ? ORDER BY ord', id));
    return rowToConcept(row, terms.get(id) ?? []);
  }

  async saveConcept(
    concept: Omit<Concept, 'version' | 'updatedAt' | 'updatedBy'>,
    expectedVersion: number | null,
    by: string,
    action?: ConceptHistoryEntry['action'],
  ): Promise<Concept> {
    return this.write(() => {
      const at = nowIso();
      let version: number;
      if (expectedVersion === null) {
        // A re-created concept continues its old history's numbering, so a stale version never matches.
        const last = this.get('SELECT max(version) AS v FROM concept_history WHERE concept_id = ?', concept.id);
        version = Number(last?.v ?? 0) + 1;
        const inserted = this.get(
          `INSERT INTO concepts (id, note, subject, version, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          concept.id, concept.note ?? null, concept.subject ?? null, version, by, at,
        );
        if (!inserted) throw new AlreadyExistsError('concept', concept.id);
      } else {
        const updated = this.get(
          `UPDATE concepts SET note = ?, subject = ?, version = version + 1, updated_by = ?, updated_at = ?
           WHERE id = ? AND version = ? RETURNING version`,
          concept.note ?? null, concept.subject ?? null, by, at, concept.id, expectedVersion,
        );
        if (!updated) throw this.conceptMiss(concept.id, expectedVersion);
        version = Number(updated.version);
        this.run('DELETE FROM concept_terms WHERE concept_id = ?', concept.id);
      }
      const snapshot = conceptSnapshot(concept, version, by, at);
      const insertTerm = this.stmt(
        `INSERT INTO concept_terms (concept_id, ord, locale, text, status, case_sensitive, part_of_speech, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      snapshot.terms.forEach((t, ord) => {
        insertTerm.run(concept.id, ord, t.locale, t.text, t.status, t.caseSensitive ? 1 : 0, t.partOfSpeech, t.note);
      });
      this.run(
        'INSERT INTO concept_history (concept_id, version, action, snapshot, by, at) VALUES (?, ?, ?, ?, ?, ?)',
        concept.id, version, action ?? (expectedVersion === null ? 'create' : 'edit'), JSON.stringify(snapshot), by, at,
      );
      return snapshot;
    });
  }

  private conceptMiss(id: string, expectedVersion: number): Error {
    const current = this.get('SELECT version FROM concepts WHERE id = ?', id);
    if (!current) return new NotFoundError('concept', id);
    return new VersionConflictError('concept', id, expectedVersion, Number(current.version));
  }

  async deleteConcept(id: string, expectedVersion: number | null, by: string): Promise<void> {
    return this.write(() => {
      const deleted = expectedVersion === null
        ? this.get('DELETE FROM concepts WHERE id = ? RETURNING version', id)
        : this.get('DELETE FROM concepts WHERE id = ? AND version = ? RETURNING version', id, expectedVersion);
      if (!deleted) {
        if (expectedVersion === null) throw new NotFoundError('concept', id);
        throw this.conceptMiss(id, expectedVersion);
      }
      this.run(
        'INSERT INTO concept_history (concept_id, version, action, snapshot, by, at) VALUES (?, ?, ?, NULL, ?, ?)',
        id, Number(deleted.version) + 1, 'delete', by, nowIso(),
      );
    });
  }

  async conceptHistory(id: string): Promise<ConceptHistoryEntry[]> {
    return this.read(() => this.all('SELECT * FROM concept_history WHERE concept_id = ? ORDER BY version, id', id).map(rowToConceptHistory));
  }

  // ---- users and sessions --------------------------------------------------------------------

  async createUser(user: { name: string; role: Role; passwordHash: string; tokenHash: string }): Promise<User> {
    return this.write(() => {
      const row = this.get(
        `INSERT INTO users (name, role, password_hash, token_hash, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING RETURNING *`,
        user.name, user.role, user.passwordHash, user.tokenHash, nowIso(),
      );
      if (!row) throw new AlreadyExistsError('user', user.name);
      return rowToUser(row);
    });
  }

  async getUser(id: number): Promise<User | null> {
    return this.read(() => {
      const row = this.get('SELECT * FROM users WHERE id = ?', id);
      return row ? rowToUser(row) : null;
    });
  }

  async getUserByName(name: string): Promise<User | null> {
    return this.read(() => {
      const row = this.get('SELECT * FROM users WHERE name = ?', name);
      return row ? rowToUser(row) : null;
    });
  }

  async getUserByTokenHash(tokenHash: string): Promise<User | null> {
    if (tokenHash === '') return null; // "no token" never authenticates
    return this.read(() => {
      const row = this.get("SELECT * FROM users WHERE token_hash = ? AND token_hash <> ''", tokenHash);
      return row ? rowToUser(row) : null;
    });
  }

  async listUsers(): Promise<User[]> {
    return this.read(() => this.all('SELECT * FROM users ORDER BY id').map(rowToUser));
  }

  async createSession(session: Session): Promise<void> {
    const expiresAt = toIso(session.expiresAt);
    return this.write(() => {
      const row = this.get(
        `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT DO NOTHING RETURNING id_hash`,
        session.idHash, session.userId, session.csrfToken, expiresAt,
      );
      if (!row) throw new AlreadyExistsError('session', session.idHash);
    });
  }

  async getSession(idHash: string): Promise<Session | null> {
    return this.read(() => {
      const row = this.get('SELECT * FROM sessions WHERE id_hash = ?', idHash);
      return row ? rowToSession(row) : null;
    });
  }

  async deleteSession(idHash: string): Promise<void> {
    return this.write(() => {
      this.run('DELETE FROM sessions WHERE id_hash = ?', idHash);
    });
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    const cutoff = toIso(now);
    return this.write(() => this.run('DELETE FROM sessions WHERE expires_at <= ?', cutoff).changes);
  }

  // ---- UI strings and settings ---------------------------------------------------------------

  async saveUiStrings(locale: Locale, strings: Record<string, unknown>): Promise<void> {
    return this.write(() => {
      this.run(
        `INSERT INTO ui_strings (locale, strings, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (locale) DO UPDATE SET strings = excluded.strings, updated_at = excluded.updated_at`,
        locale, JSON.stringify(strings), nowIso(),
      );
    });
  }

  async loadUiStrings(locale: Locale): Promise<Record<string, unknown> | null> {
    return this.read(() => {
      const row = this.get('SELECT strings FROM ui_strings WHERE locale = ?', locale);
      return row ? (JSON.parse(String(row.strings)) as Record<string, unknown>) : null;
    });
  }

  async getSetting(key: string): Promise<string | null> {
    return this.read(() => {
      const row = this.get('SELECT value FROM settings WHERE key = ?', key);
      return row ? String(row.value) : null;
    });
  }

  async setSetting(key: string, value: string): Promise<void> {
    return this.write(() => {
      this.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
    });
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
