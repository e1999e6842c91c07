/**
 * The repository, written once for both dialects: every query is here, with `?` placeholders,
 * run through an executor (../sqlite/sqlite-store.ts, ../postgres/postgres-store.ts) that knows
 * its database's connection, transactions and bulk inserts. Where the SQL itself differs, the
 * executor's dialect spells the fragment (`d.inList`, `d.bytewise`, `d.ilike`).
 *
 * A method that writes more than one statement runs them in `x.transaction`, which joins the
 * caller's transaction when there is one: so each method is atomic, and a caller's transaction
 * takes them all together.
 */
import type { Locale } from '../../locale';
import type { IndexFileReader, TranslationUnit, NewTranslationUnit, UnitHistoryEntry } from '../../memory';
import type { Concept, ConceptHistoryEntry } from '../../termbase';
import type { ArticleDocument, Paragraph, Segment } from '../../document';
import type { AuditEntry, NewAuditEntry, Session, User } from '../../accounts';
import type { Assignment, NewUnitComment, UnitComment } from '../../collaboration';
import type { NewRelease, Release, ReleaseWithdrawal, WebhookAttempt, WebhookDelivery } from '../../release';
import { AlreadyExistsError, LastAdminError, NotFoundError, UNIT_CHANGES_PRUNED_SETTING, VersionConflictError } from '../repository';
import type {
  AuditQuery, HistoryNote, NewDocument, NewUser, Repository, Store, StoreChange, UnitChangeMark, UnitFilter, UnitPatch, UserPatch,
} from '../repository';
import {
  chunks, conceptSnapshot, creationAction, groupTerms, iso, json, jsonList, jsonOrNull, nowIso, patchAssignments, rowToConcept,
  num, rowToAudit, rowToWebhook, strOrNull, rowToConceptHistory, rowToDocument, rowToParagraph, rowToRelease, rowToSegment, rowToSession, rowToUnit,
  rowToUnitHistory, rowToUser, sourceKey, toIso, unitWhere,
} from '../shared';
import type { Row } from '../shared';
import type { ChangeFeed } from './changes';
import type { BulkInsert, SqlDialect, SqlExecutor } from './executor';
import type { SavedIndex } from './saved-index';

const UNITS: BulkInsert = {
  table: 'translation_units',
  columns: [
    { name: 'document_id', type: 'int' }, { name: 'position', type: 'int' }, { name: 'paragraph', type: 'int' },
    { name: 'source_locale', type: 'text' }, { name: 'source_text', type: 'text' }, { name: 'source_key', type: 'bigint' },
    { name: 'target_locale', type: 'text' }, { name: 'target_text', type: 'text' }, { name: 'status', type: 'text' },
    { name: 'origin', type: 'text' }, { name: 'bead', type: 'json' }, { name: 'match_score', type: 'real' },
    { name: 'previous_source', type: 'text' }, { name: 'next_source', type: 'text' }, { name: 'inline_codes', type: 'json' },
    { name: 'findings', type: 'json' }, { name: 'overrides', type: 'json' }, { name: 'created_by', type: 'text' },
    { name: 'updated_by', type: 'text' },
    { name: 'variants', type: 'json' },
    { name: 'target_author', type: 'text' },
    { name: 'file_data', type: 'json' },
    { name: 'outdated_source', type: 'text' },
  ],
  returnIds: true,
};

const CREATION_HISTORY = {
  table: 'unit_history',
  columns: [
    { name: 'unit_id', type: 'bigint' }, { name: 'action', type: 'text' }, { name: 'source_text', type: 'text' },
    { name: 'target_text', type: 'text' }, { name: 'status', type: 'text' }, { name: 'origin', type: 'text' },
    { name: 'by', type: 'text' },
  ],
} as const;

/** The `locale` of an assignment for every target locale of its article (a key column cannot be NULL). */
const ALL_LOCALES = '*';

function rowToComment(row: Row): UnitComment {
  return {
    id: num(row.id),
    unitId: num(row.unit_id),
    author: String(row.author),
    text: String(row.text),
    mentions: json<string[]>(row.mentions),
    resolved: Boolean(row.resolved),
    resolvedBy: strOrNull(row.resolved_by),
    resolvedAt: row.resolved_at === null || row.resolved_at === undefined ? null : iso(row.resolved_at),
    createdAt: iso(row.created_at),
    version: num(row.version),
    editedAt: row.edited_at === null || row.edited_at === undefined ? null : iso(row.edited_at),
    deleted: row.deleted_at === null || row.deleted_at === undefined ? null : { by: String(row.deleted_by ?? ''), at: iso(row.deleted_at) },
  };
}

function rowToAssignment(row: Row): Assignment {
  return {
    documentId: num(row.document_id),
    locale: row.locale === ALL_LOCALES ? null : row.locale as Locale,
    role: row.role as Assignment['role'],
    assignee: String(row.assignee),
    assignedBy: String(row.assigned_by),
    assignedAt: iso(row.assigned_at),
  };
}

const PARAGRAPHS = {
  table: 'paragraphs',
  columns: [{ name: 'idx', type: 'int' }, { name: 'kind', type: 'text' }, { name: 'level', type: 'int' }, { name: 'markup', type: 'json' }],
} as const;

const SEGMENTS = {
  table: 'segments',
  columns: [{ name: 'position', type: 'int' }, { name: 'paragraph', type: 'int' }, { name: 'text', type: 'text' }],
} as const;

const TERMS = {
  table: 'concept_terms',
  columns: [
    { name: 'ord', type: 'int' }, { name: 'locale', type: 'text' }, { name: 'text', type: 'text' }, { name: 'status', type: 'text' },
    { name: 'case_sensitive', type: 'bool' }, { name: 'part_of_speech', type: 'text' }, { name: 'note', type: 'text' },
    { name: 'fields', type: 'json' },
    { name: 'term_type', type: 'text' },
  ],
} as const;

/** Concepts joined with their terms in one statement (one snapshot in both dialects). */
const CONCEPTS_WITH_TERMS = `SELECT c.id, c.note, c.subject, c.version, c.updated_by, c.updated_at,
    t.concept_id, t.locale, t.text, t.status, t.case_sensitive, t.part_of_speech, t.note AS term_note,
    c.fields, c.languages, t.fields AS term_fields, t.term_type
  FROM concepts c LEFT JOIN concept_terms t ON t.concept_id = c.id`;

/** Releases with their article's slug. */
const RELEASES = 'SELECT r.*, d.slug FROM releases r JOIN documents d ON d.id = r.document_id';

/** Bound parameters per IN list: well under either dialect's limit. */
const LIST_CHUNK = 10_000;

export class SqlRepository implements Repository {
  protected readonly d: SqlDialect;

  constructor(protected readonly x: SqlExecutor) {
    this.d = x.dialect;
  }

  // ---- documents -----------------------------------------------------------------------------

  async createDocument(document: NewDocument, _by: string): Promise<ArticleDocument> {
    const at = nowIso();
    const row = await this.x.get(
      `INSERT INTO documents (slug, title, source_locale, format, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (slug) DO NOTHING RETURNING *`,
      [document.slug, document.title, document.sourceLocale, document.format, at, at],
    );
    if (!row) throw new AlreadyExistsError('document', document.slug);
    return rowToDocument(row);
  }

  async getDocumentBySlug(slug: string): Promise<ArticleDocument | null> {
    const row = await this.x.get('SELECT * FROM documents WHERE slug = ?', [slug]);
    return row ? rowToDocument(row) : null;
  }

  async getDocument(id: number): Promise<ArticleDocument | null> {
    const row = await this.x.get('SELECT * FROM documents WHERE id = ?', [id]);
    return row ? rowToDocument(row) : null;
  }

  async listDocuments(): Promise<ArticleDocument[]> {
    return (await this.x.all('SELECT * FROM documents ORDER BY id')).map(rowToDocument);
  }

  async updateDocument(id: number, patch: Partial<Pick<ArticleDocument, 'title' | 'format'>>): Promise<ArticleDocument> {
    const row = await this.x.get(
      `UPDATE documents SET title = coalesce(?, title), format = coalesce(?, format),
         version = version + 1, updated_at = ? WHERE id = ? RETURNING *`,
      [patch.title ?? null, patch.format ?? null, nowIso(), id],
    );
    if (!row) throw new NotFoundError('document', id);
    return rowToDocument(row);
  }

  async touchDocument(id: number): Promise<ArticleDocument> {
    const row = await this.x.get('UPDATE documents SET version = version + 1, updated_at = ? WHERE id = ? RETURNING *', [nowIso(), id]);
    if (!row) throw new NotFoundError('document', id);
    return rowToDocument(row);
  }

  async replaceStructure(documentId: number, paragraphs: Paragraph[], segments: Omit<Segment, 'documentId'>[]): Promise<void> {
    await this.x.transaction(async () => {
      // Structure changes what readers see, so the document's version moves too (and on
      // PostgreSQL the row lock serialises two processes replacing the same document).
      await this.touchDocument(documentId);
      await this.x.run('DELETE FROM segments WHERE document_id = ?', [documentId]);
      await this.x.run('DELETE FROM paragraphs WHERE document_id = ?', [documentId]);
      const document = [{ name: 'document_id', type: 'int', value: documentId }] as const;
      await this.x.insertMany({ ...PARAGRAPHS, constants: document }, paragraphs.map((p) => [p.index, p.kind, p.level ?? null, p.markup ? JSON.stringify(p.markup) : null]));
      await this.x.insertMany({ ...SEGMENTS, constants: document }, segments.map((s) => [s.position, s.paragraph, s.text]));
    });
  }

  async listParagraphs(documentId: number): Promise<Paragraph[]> {
    return (await this.x.all('SELECT * FROM paragraphs WHERE document_id = ? ORDER BY idx', [documentId])).map(rowToParagraph);
  }

  async listSegments(documentId: number): Promise<Segment[]> {
    return (await this.x.all('SELECT * FROM segments WHERE document_id = ? ORDER BY position', [documentId])).map(rowToSegment);
  }

  async lockDocument(id: number): Promise<void> {
    // A no-op update: PostgreSQL holds the row lock until the commit; in SQLite it is a plain write.
    const changed = await this.x.run('UPDATE documents SET version = version WHERE id = ?', [id]);
    if (changed === 0) throw new NotFoundError('document', id);
  }

  // ---- releases ------------------------------------------------------------------------------

  async insertRelease(release: NewRelease): Promise<Release | null> {
    const content = {
      blocks: release.blocks, body: release.body, links: release.links, sourceLocale: release.sourceLocale,
      units: release.units, approvers: release.approvers,
      termbaseVersion: release.termbaseVersion, converter: release.converter,
    };
    const row = await this.x.get(
      `INSERT INTO releases (document_id, locale, version, document_version, title, html, content, content_digest,
         source_digest, approved_by, published_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, locale, version) DO NOTHING RETURNING id`,
      [release.documentId, release.locale, release.version, release.documentVersion, release.title, release.html,
        JSON.stringify(content), release.contentDigest, release.sourceDigest, release.approvedBy, nowIso()],
    );
    return row ? this.releaseById(Number(row.id)) : null;
  }

  private async releaseById(id: number): Promise<Release | null> {
    const row = await this.x.get(`${RELEASES} WHERE r.id = ?`, [id]);
    return row ? rowToRelease(row) : null;
  }

  async latestRelease(documentId: number, locale: Locale): Promise<Release | null> {
    const row = await this.x.get(`${RELEASES} WHERE r.document_id = ? AND r.locale = ? ORDER BY r.version DESC LIMIT 1`, [documentId, locale]);
    return row ? rowToRelease(row) : null;
  }

  async currentReleases(filter: { locale?: Locale; documentId?: number } = {}): Promise<Release[]> {
    const where = ['r.withdrawn_at IS NULL',
      'NOT EXISTS (SELECT 1 FROM releases n WHERE n.document_id = r.document_id AND n.locale = r.locale AND n.version > r.version)'];
    const params: unknown[] = [];
    if (filter.locale !== undefined) { where.push('r.locale = ?'); params.push(filter.locale); }
    if (filter.documentId !== undefined) { where.push('r.document_id = ?'); params.push(filter.documentId); }
    return (await this.x.all(`${RELEASES} WHERE ${where.join(' AND ')} ORDER BY r.published_at DESC, r.id DESC`, params)).map(rowToRelease);
  }

  async listReleases(documentId: number, locale?: Locale): Promise<Release[]> {
    const rows = locale === undefined
      ? await this.x.all(`${RELEASES} WHERE r.document_id = ? ORDER BY r.published_at DESC, r.id DESC`, [documentId])
      : await this.x.all(`${RELEASES} WHERE r.document_id = ? AND r.locale = ? ORDER BY r.version DESC`, [documentId, locale]);
    return rows.map(rowToRelease);
  }

  async withdrawRelease(id: number, withdrawal: ReleaseWithdrawal): Promise<Release> {
    const changed = await this.x.run(
      'UPDATE releases SET withdrawn_at = ?, withdrawn_by = ?, withdrawal_reason = ? WHERE id = ?',
      [toIso(withdrawal.at), withdrawal.by, withdrawal.reason, id],
    );
    const release = changed ? await this.releaseById(id) : null;
    if (!release) throw new NotFoundError('release', id);
    return release;
  }

  // ---- webhook outbox ---------------------------------------------------------------------------

  async enqueueWebhook(delivery: { target: string; body: string; at: string }): Promise<number> {
    const row = await this.x.get(
      'INSERT INTO webhook_deliveries (target, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?) RETURNING id',
      [delivery.target, delivery.body, toIso(delivery.at), toIso(delivery.at)],
    );
    return num(row!.id);
  }

  async dueWebhooks(now: string, limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.x.all(
      'SELECT * FROM webhook_deliveries WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?',
      [toIso(now), limit],
    );
    return rows.map(rowToWebhook);
  }

  async claimWebhook(id: number, seenNextAttemptAt: string, leaseUntil: string): Promise<boolean> {
    const changed = await this.x.run(
      'UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ? AND next_attempt_at = ? AND delivered_at IS NULL AND failed_at IS NULL',
      [toIso(leaseUntil), id, toIso(seenNextAttemptAt)],
    );
    return changed === 1;
  }

  async recordWebhookAttempt(id: number, attempt: WebhookAttempt, outcome: { deliveredAt?: string; nextAttemptAt?: string; failedAt?: string }): Promise<void> {
    await this.x.transaction(async () => {
      const row = await this.x.get('SELECT log FROM webhook_deliveries WHERE id = ?', [id]);
      if (!row) throw new NotFoundError('webhook delivery', id);
      const log = JSON.parse(String(row.log)) as WebhookAttempt[];
      log.push(attempt);
      await this.x.run(
        'UPDATE webhook_deliveries SET attempts = attempts + 1, log = ?, delivered_at = ?, failed_at = ?, next_attempt_at = ? WHERE id = ?',
        [JSON.stringify(log), outcome.deliveredAt ? toIso(outcome.deliveredAt) : null, outcome.failedAt ? toIso(outcome.failedAt) : null,
          outcome.nextAttemptAt ? toIso(outcome.nextAttemptAt) : null, id],
      );
    });
  }

  async listWebhooks(limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.x.all('SELECT * FROM webhook_deliveries ORDER BY id DESC LIMIT ?', [limit]);
    return rows.map(rowToWebhook);
  }

  // ---- translation units ---------------------------------------------------------------------

  async insertUnits(units: NewTranslationUnit[]): Promise<number[]> {
    if (units.length === 0) return [];
    return this.x.transaction(async () => {
      await this.lockUnitsForWrite();
      const at = nowIso();
      const rows = new Array<unknown[]>(units.length);
      for (let i = 0; i < units.length; i++) {
        const u = units[i];
        rows[i] = [
          u.documentId ?? null, u.position ?? null, u.paragraph ?? null, u.sourceLocale, u.sourceText, sourceKey(u.sourceText),
          u.targetLocale, u.targetText, u.status, u.origin, u.bead ? JSON.stringify(u.bead) : null, u.matchScore ?? null,
          u.previousSource ?? null, u.nextSource ?? null, jsonList(u.inlineCodes), jsonList(u.findings),
          jsonList(u.overrides), u.createdBy, u.updatedBy ?? u.createdBy,
          u.variants?.length ? JSON.stringify(u.variants) : null, u.targetAuthor ?? null,
          u.fileData && Object.keys(u.fileData).length > 0 ? JSON.stringify(u.fileData) : null,
          u.outdatedSource ?? null,
        ];
      }
      const stamps = [
        { name: 'version', type: 'int', value: 1 },
        { name: 'created_at', type: 'timestamp', value: at },
        { name: 'updated_at', type: 'timestamp', value: at },
      ] as const;
      const ids = await this.x.insertMany({ ...UNITS, constants: stamps }, rows);
      // Creation history for article units only (see creationAction).
      const history: unknown[][] = [];
      units.forEach((u, i) => {
        const action = creationAction(u);
        if (action) history.push([ids[i], action, u.sourceText, u.targetText, u.status, u.origin, u.createdBy]);
      });
      if (history.length) {
        await this.x.insertMany({
          ...CREATION_HISTORY,
          constants: [{ name: 'version', type: 'int', value: 1 }, { name: 'at', type: 'timestamp', value: at }],
        }, history);
      }
      return ids;
    });
  }

  async getUnit(id: number): Promise<TranslationUnit | null> {
    const row = await this.x.get('SELECT * FROM translation_units WHERE id = ?', [id]);
    return row ? rowToUnit(row) : null;
  }

  async listUnits(filter: UnitFilter): Promise<TranslationUnit[]> {
    const params: unknown[] = [];
    const where = unitWhere(filter, (v) => (params.push(v), '?'));
    return (await this.x.all(
      `SELECT * FROM translation_units ${where}
       ORDER BY document_id NULLS LAST, position NULLS LAST, ${this.d.bytewise('target_locale')}, id`,
      params,
    )).map(rowToUnit);
  }

  async listUnitsPage(filter: UnitFilter, afterId: number, limit: number): Promise<TranslationUnit[]> {
    const params: unknown[] = [afterId];
    const where = unitWhere(filter, (v) => (params.push(v), '?'));
    params.push(Math.max(0, Math.floor(limit)));
    return (await this.x.all(
      `SELECT * FROM translation_units WHERE id > ? ${where.replace(/^WHERE /, 'AND ')} ORDER BY id LIMIT ?`,
      params,
    )).map(rowToUnit);
  }

  async countUnits(filter: UnitFilter): Promise<number> {
    const params: unknown[] = [];
    const where = unitWhere(filter, (v) => (params.push(v), '?'));
    return Number((await this.x.get(`SELECT count(*) AS n FROM translation_units ${where}`, params))?.n ?? 0);
  }

  async findUnitsBySource(sourceLocale: Locale, targetLocale: Locale, sourceText: string): Promise<TranslationUnit[]> {
    return (await this.x.all(
      `SELECT * FROM translation_units
       WHERE source_key = ? AND source_locale = ? AND target_locale = ? AND source_text = ? ORDER BY id`,
      [sourceKey(sourceText), sourceLocale, targetLocale, sourceText],
    )).map(rowToUnit);
  }

  async findUnitsBySources(sourceLocale: Locale, targetLocale: Locale, sourceTexts: readonly string[]): Promise<TranslationUnit[]> {
    if (sourceTexts.length === 0) return [];
    const texts = [...new Set(sourceTexts)];
    const wanted = new Set(texts);
    const rows: Row[] = [];
    for (const chunk of chunks(texts, LIST_CHUNK)) {
      rows.push(...await this.x.all(
        `SELECT * FROM translation_units
         WHERE ${this.d.inList('source_key', 'bigint')} AND source_locale = ? AND target_locale = ?`,
        [this.d.listParam(chunk.map(sourceKey)), sourceLocale, targetLocale],
      ));
    }
    // The key is a hash: the text decides. Chunks may meet the same row more than once.
    const byId = new Map<number, Row>();
    for (const row of rows) if (wanted.has(String(row.source_text))) byId.set(Number(row.id), row);
    return [...byId.values()].map(rowToUnit).sort((a, b) => a.id - b.id);
  }

  async updateUnit(id: number, expectedVersion: number, patch: UnitPatch, note: HistoryNote): Promise<TranslationUnit> {
    return this.x.transaction(async () => {
      await this.lockUnitsForWrite();
      const at = nowIso();
      const assignments = patchAssignments(patch);
      const sets = assignments.map((a) => `${a.column} = ?`);
      sets.push('version = version + 1', 'updated_by = ?', 'updated_at = ?');
      const row = await this.x.get(
        `UPDATE translation_units SET ${sets.join(', ')} WHERE id = ? AND version = ? RETURNING *`,
        [...assignments.map((a) => a.value), note.by, at, id, expectedVersion],
      );
      if (!row) {
        const current = await this.x.get('SELECT version FROM translation_units WHERE id = ?', [id]);
        if (!current) throw new NotFoundError('translation unit', id);
        throw new VersionConflictError('translation unit', id, expectedVersion, Number(current.version));
      }
      const unit = rowToUnit(row);
      await this.x.run(
        `INSERT INTO unit_history (unit_id, version, action, source_text, target_text, status, origin, by, at, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [unit.id, unit.version, note.action, unit.sourceText, unit.targetText, unit.status, unit.origin, note.by, at,
          note.reason ?? null],
      );
      return unit;
    });
  }

  async deleteUnits(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.x.transaction(async () => {
      await this.lockUnitsForWrite();
      for (const chunk of chunks(ids, LIST_CHUNK)) {
        await this.x.run(`DELETE FROM translation_units WHERE ${this.d.inList('id', 'bigint')}`, [this.d.listParam(chunk)]);
      }
    });
  }

  async unitHistory(id: number): Promise<UnitHistoryEntry[]> {
    return (await this.x.all('SELECT * FROM unit_history WHERE unit_id = ? ORDER BY version, id', [id])).map(rowToUnitHistory);
  }

  async unitIdsEditedBy(documentId: number, by: string): Promise<number[]> {
    return (await this.x.all(
      `SELECT DISTINCT h.unit_id FROM unit_history h JOIN translation_units u ON u.id = h.unit_id
       WHERE u.document_id = ? AND h.by = ? AND h.action IN ('edit', 'source-edit') ORDER BY h.unit_id`,
      [documentId, by],
    )).map((r) => num(r.unit_id));
  }

  // ---- comments and assignments --------------------------------------------------------------

  async addComment(comment: NewUnitComment): Promise<UnitComment> {
    const row = await this.x.get(
      `INSERT INTO unit_comments (unit_id, author, text, mentions, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *`,
      [comment.unitId, comment.author, comment.text, JSON.stringify(comment.mentions), nowIso()],
    );
    return rowToComment(row!);
  }

  async getComment(id: number): Promise<UnitComment | null> {
    const row = await this.x.get('SELECT * FROM unit_comments WHERE id = ?', [id]);
    return row ? rowToComment(row) : null;
  }

  async listComments(unitId: number): Promise<UnitComment[]> {
    return (await this.x.all('SELECT * FROM unit_comments WHERE unit_id = ? ORDER BY id', [unitId])).map(rowToComment);
  }

  async listDocumentComments(documentId: number, targetLocale?: Locale): Promise<UnitComment[]> {
    return (await this.x.all(
      `SELECT c.* FROM unit_comments c JOIN translation_units u ON u.id = c.unit_id
       WHERE u.document_id = ?${targetLocale ? ' AND u.target_locale = ?' : ''} ORDER BY c.id`,
      targetLocale ? [documentId, targetLocale] : [documentId],
    )).map(rowToComment);
  }

  async listOpenComments(): Promise<UnitComment[]> {
    return (await this.x.all('SELECT * FROM unit_comments WHERE resolved = (0 = 1) AND deleted_at IS NULL ORDER BY id')).map(rowToComment);
  }

  async setCommentResolved(id: number, resolved: boolean, by: string): Promise<UnitComment> {
    // (? = 1): a boolean in both dialects from an integer parameter (better-sqlite3 binds no booleans).
    const row = await this.x.get(
      `UPDATE unit_comments SET resolved = (? = 1), resolved_by = ?, resolved_at = ? WHERE id = ? RETURNING *`,
      [resolved ? 1 : 0, resolved ? by : null, resolved ? nowIso() : null, id],
    );
    if (!row) throw new NotFoundError('comment', id);
    return rowToComment(row);
  }

  async editComment(id: number, change: { text: string; mentions: string[] }, expectedVersion: number): Promise<UnitComment> {
    const row = await this.x.get(
      'UPDATE unit_comments SET text = ?, mentions = ?, version = version + 1, edited_at = ? WHERE id = ? AND version = ? AND deleted_at IS NULL RETURNING *',
      [change.text, JSON.stringify(change.mentions), nowIso(), id, expectedVersion],
    );
    if (!row) throw await this.commentMiss(id, expectedVersion);
    return rowToComment(row);
  }

  async deleteComment(id: number, expectedVersion: number, by: string): Promise<void> {
    // One transaction: the delete (or the marker) and the markers it leaves without a reply go together.
    await this.x.transaction(async () => {
      const comment = await this.x.get('SELECT unit_id FROM unit_comments WHERE id = ? AND deleted_at IS NULL', [id]);
      if (!comment) throw new NotFoundError('comment', id);
      const answered = await this.x.get('SELECT 1 FROM unit_comments WHERE unit_id = ? AND id > ? AND deleted_at IS NULL', [comment.unit_id, id]);
      // Answered: the replies keep their place, after a marker without the deleted text.
      const changed = answered
        ? await this.x.run(
          `UPDATE unit_comments SET text = '', mentions = '[]', deleted_at = ?, deleted_by = ?, version = version + 1
           WHERE id = ? AND version = ? AND deleted_at IS NULL`, [nowIso(), by, id, expectedVersion])
        : await this.x.run('DELETE FROM unit_comments WHERE id = ? AND version = ?', [id, expectedVersion]);
      if (changed === 0) throw await this.commentMiss(id, expectedVersion);
      // Markers that no live comment follows any more mark nothing: gone with the last reply.
      await this.x.run(
        `DELETE FROM unit_comments WHERE unit_id = ? AND deleted_at IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM unit_comments later WHERE later.unit_id = unit_comments.unit_id AND later.id > unit_comments.id AND later.deleted_at IS NULL)`,
        [comment.unit_id]);
    });
  }

  /** Why a versioned comment write changed nothing: gone, or at another version. */
  private async commentMiss(id: number, expectedVersion: number): Promise<Error> {
    // A deleted comment's marker counts as gone.
    const current = await this.x.get('SELECT version FROM unit_comments WHERE id = ? AND deleted_at IS NULL', [id]);
    return current ? new VersionConflictError('comment', id, expectedVersion, num(current.version)) : new NotFoundError('comment', id);
  }

  async setAssignment(assignment: Omit<Assignment, 'assignedAt' | 'assignee'> & { assignee: string | null }): Promise<void> {
    const locale = assignment.locale ?? ALL_LOCALES;
    if (assignment.assignee === null) {
      await this.x.run('DELETE FROM assignments WHERE document_id = ? AND locale = ? AND role = ?', [assignment.documentId, locale, assignment.role]);
      return;
    }
    await this.x.run(
      `INSERT INTO assignments (document_id, locale, role, assignee, assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (document_id, locale, role) DO UPDATE
       SET assignee = excluded.assignee, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at`,
      [assignment.documentId, locale, assignment.role, assignment.assignee, assignment.assignedBy, nowIso()],
    );
  }

  async listAssignments(documentId?: number): Promise<Assignment[]> {
    const rows = documentId === undefined
      ? await this.x.all(`SELECT * FROM assignments ORDER BY document_id, ${this.d.bytewise('locale')}, ${this.d.bytewise('role')}`)
      : await this.x.all(`SELECT * FROM assignments WHERE document_id = ? ORDER BY ${this.d.bytewise('locale')}, ${this.d.bytewise('role')}`, [documentId]);
    return rows.map(rowToAssignment);
  }

  /** See SqlDialect.unitsWriteLock. */
  private async lockUnitsForWrite(): Promise<void> {
    if (this.d.unitsWriteLock) await this.x.get(this.d.unitsWriteLock);
  }

  async unitChangeMark(): Promise<UnitChangeMark | null> {
    // One statement, so both maxima come from one snapshot.
    const read = async (): Promise<UnitChangeMark> => {
      // An emptied (pruned) log still stands at its pruned point: entries left are all past it.
      const row = await this.x.get(`SELECT (SELECT COALESCE(MAX(seq), (SELECT CAST(value AS BIGINT) FROM settings WHERE key = ?), 0) FROM unit_changes) AS seq,
        (SELECT COALESCE(MAX(id), 0) FROM translation_units) AS id`, [UNIT_CHANGES_PRUNED_SETTING]);
      return { changeSeq: Number(row?.seq ?? 0), maxUnitId: Number(row?.id ?? 0) };
    };
    const lock = this.d.unitsMarkLock;
    if (!lock) return read();
    try {
      return await this.x.transaction(async () => {
        for (const statement of lock) await this.x.get(statement);
        return read();
      });
    } catch (error) {
      // 55P03: the lock was not had in time (a long import is writing); the caller tries later.
      if ((error as { code?: unknown }).code === '55P03') return null;
      throw error;
    }
  }

  async unitChangesSince(afterSeq: number, limit: number): Promise<Array<{ seq: number; unitId: number }>> {
    return (await this.x.all('SELECT seq, unit_id FROM unit_changes WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, Math.max(0, Math.floor(limit))]))
      .map((row) => ({ seq: Number(row.seq), unitId: Number(row.unit_id) }));
  }

  async pruneUnitChanges(throughSeq: number): Promise<number> {
    const through = Math.floor(throughSeq);
    if (!(through > 0)) return 0;
    return this.x.transaction(async () => {
      // The mark first and only upwards (two processes pruning at once): a reader checks it after
      // reading the log, so it never trusts a log that lost entries it needed.
      await this.x.run(
        `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value
          WHERE CAST(settings.value AS BIGINT) < CAST(excluded.value AS BIGINT)`, [UNIT_CHANGES_PRUNED_SETTING, String(through)],
      );
      return this.x.run('DELETE FROM unit_changes WHERE seq <= ?', [through]);
    });
  }

  // ---- termbase ------------------------------------------------------------------------------

  async listConcepts(): Promise<Concept[]> {
    return conceptsOf(await this.x.all(`${CONCEPTS_WITH_TERMS} ORDER BY c.id, t.ord`));
  }

  async getConcept(id: string): Promise<Concept | null> {
    return conceptsOf(await this.x.all(`${CONCEPTS_WITH_TERMS} WHERE c.id = ? ORDER BY t.ord`, [id]))[0] ?? null;
  }

  async saveConcept(
    concept: Omit<Concept, 'version' | 'updatedAt' | 'updatedBy'>,
    expectedVersion: number | null,
    by: string,
    action?: ConceptHistoryEntry['action'],
  ): Promise<Concept> {
    return this.x.transaction(async () => {
      const at = nowIso();
      let version: number;
      if (expectedVersion === null) {
        // A re-created concept continues its old history's numbering, so a stale version never matches.
        const inserted = await this.x.get(
          `INSERT INTO concepts (id, note, subject, version, updated_by, updated_at, fields, languages)
           VALUES (?, ?, ?, (SELECT coalesce(max(version), 0) + 1 FROM concept_history WHERE concept_id = ?), ?, ?, ?, ?)
           ON CONFLICT (id) DO NOTHING RETURNING version`,
          [concept.id, concept.note ?? null, concept.subject ?? null, concept.id, by, at, jsonOrNull(concept.fields), jsonOrNull(concept.languages)],
        );
        if (!inserted) throw new AlreadyExistsError('concept', concept.id);
        version = Number(inserted.version);
      } else {
        const updated = await this.x.get(
          `UPDATE concepts SET note = ?, subject = ?, version = version + 1, updated_by = ?, updated_at = ?, fields = ?, languages = ?
           WHERE id = ? AND version = ? RETURNING version`,
          [concept.note ?? null, concept.subject ?? null, by, at, jsonOrNull(concept.fields), jsonOrNull(concept.languages), concept.id, expectedVersion],
        );
        if (!updated) throw await this.conceptMiss(concept.id, expectedVersion);
        version = Number(updated.version);
        await this.x.run('DELETE FROM concept_terms WHERE concept_id = ?', [concept.id]);
      }
      const snapshot = conceptSnapshot(concept, version, by, at);
      await this.x.insertMany(
        { ...TERMS, constants: [{ name: 'concept_id', type: 'text', value: concept.id }] },
        snapshot.terms.map((t, ord) => [ord, t.locale, t.text, t.status, t.caseSensitive, t.partOfSpeech, t.note,
          jsonOrNull(t.fields), t.termType ?? null]),
      );
      await this.x.run(
        'INSERT INTO concept_history (concept_id, version, action, snapshot, by, at) VALUES (?, ?, ?, ?, ?, ?)',
        [concept.id, version, action ?? (expectedVersion === null ? 'create' : 'edit'), JSON.stringify(snapshot), by, at],
      );
      return snapshot;
    });
  }

  private async conceptMiss(id: string, expectedVersion: number): Promise<Error> {
    const current = await this.x.get('SELECT version FROM concepts WHERE id = ?', [id]);
    if (!current) return new NotFoundError('concept', id);
    return new VersionConflictError('concept', id, expectedVersion, Number(current.version));
  }

  async deleteConcept(id: string, expectedVersion: number | null, by: string): Promise<void> {
    await this.x.transaction(async () => {
      const deleted = expectedVersion === null
        ? await this.x.get('DELETE FROM concepts WHERE id = ? RETURNING version', [id])
        : await this.x.get('DELETE FROM concepts WHERE id = ? AND version = ? RETURNING version', [id, expectedVersion]);
      if (!deleted) {
        if (expectedVersion === null) throw new NotFoundError('concept', id);
        throw await this.conceptMiss(id, expectedVersion);
      }
      await this.x.run(
        'INSERT INTO concept_history (concept_id, version, action, snapshot, by, at) VALUES (?, ?, ?, NULL, ?, ?)',
        [id, Number(deleted.version) + 1, 'delete', by, nowIso()],
      );
    });
  }

  async conceptHistory(id: string): Promise<ConceptHistoryEntry[]> {
    return (await this.x.all('SELECT * FROM concept_history WHERE concept_id = ? ORDER BY version, id', [id])).map(rowToConceptHistory);
  }

  // ---- users and sessions --------------------------------------------------------------------

  async createUser(user: NewUser): Promise<User> {
    const now = nowIso();
    const row = await this.x.get(
      `INSERT INTO users (name, role, password_hash, token_hash, created_at, token_issued_at, token_expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
      [user.name, user.role, user.passwordHash, user.tokenHash, now, user.tokenHash === '' ? null : now,
        user.tokenExpiresAt ? toIso(user.tokenExpiresAt) : null],
    );
    if (!row) throw new AlreadyExistsError('user', user.name);
    return rowToUser(row);
  }

  async getUser(id: number): Promise<User | null> {
    const row = await this.x.get('SELECT * FROM users WHERE id = ?', [id]);
    return row ? rowToUser(row) : null;
  }

  async getUserByName(name: string): Promise<User | null> {
    const row = await this.x.get('SELECT * FROM users WHERE name = ?', [name]);
    return row ? rowToUser(row) : null;
  }

  async getUserByTokenHash(tokenHash: string): Promise<User | null> {
    if (tokenHash === '') return null; // "no token" never authenticates
    const row = await this.x.get("SELECT * FROM users WHERE token_hash = ? AND token_hash <> ''", [tokenHash]);
    return row ? rowToUser(row) : null;
  }

  async listUsers(): Promise<User[]> {
    return (await this.x.all('SELECT * FROM users ORDER BY id')).map(rowToUser);
  }

  async updateUser(id: number, patch: UserPatch): Promise<User> {
    return this.x.transaction(async () => {
      const before = await this.x.get('SELECT * FROM users WHERE id = ?', [id]);
      if (!before) throw new NotFoundError('user', id);
      const user = rowToUser(before);
      const stillAdmin = (patch.role ?? user.role) === 'admin' && !(patch.disabled ?? user.disabled);
      if (user.role === 'admin' && !user.disabled && !stillAdmin) {
        // Lock every enabled admin's row first (a no-op update, in both dialects): a second
        // process demoting another admin waits here and then counts what this one committed.
        await this.x.run("UPDATE users SET disabled = disabled WHERE role = 'admin'");
        const others = await this.x.get(
          `SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = ? AND id <> ?`, [false, id],
        );
        if (num(others?.n) === 0) throw new LastAdminError(user.name);
      }
      const sets: string[] = [];
      const params: unknown[] = [];
      const set = (column: string, value: unknown) => { sets.push(`${column} = ?`); params.push(value); };
      if (patch.role !== undefined) set('role', patch.role);
      if (patch.disabled !== undefined) set('disabled', patch.disabled);
      if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash);
      if (patch.tokenHash !== undefined) set('token_hash', patch.tokenHash);
      if (patch.tokenIssuedAt !== undefined) set('token_issued_at', patch.tokenIssuedAt === null ? null : toIso(patch.tokenIssuedAt));
      if (patch.tokenExpiresAt !== undefined) set('token_expires_at', patch.tokenExpiresAt === null ? null : toIso(patch.tokenExpiresAt));
      if (sets.length === 0) return user;
      const row = await this.x.get(`UPDATE users SET ${sets.join(', ')} WHERE id = ? RETURNING *`, [...params, id]);
      if (!row) throw new NotFoundError('user', id);
      return rowToUser(row);
    });
  }

  async createSession(session: Session): Promise<void> {
    const row = await this.x.get(
      `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT DO NOTHING RETURNING id_hash`,
      [session.idHash, session.userId, session.csrfToken, toIso(session.expiresAt)],
    );
    if (!row) throw new AlreadyExistsError('session', session.idHash);
  }

  async getSession(idHash: string): Promise<Session | null> {
    const row = await this.x.get('SELECT * FROM sessions WHERE id_hash = ?', [idHash]);
    return row ? rowToSession(row) : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.x.run('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return this.x.run('DELETE FROM sessions WHERE expires_at <= ?', [toIso(now)]);
  }

  async deleteUserSessions(userId: number, exceptIdHash?: string): Promise<number> {
    return exceptIdHash === undefined
      ? this.x.run('DELETE FROM sessions WHERE user_id = ?', [userId])
      : this.x.run('DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?', [userId, exceptIdHash]);
  }

  // ---- audit log and failed logins -------------------------------------------------------------

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = await this.x.get(
      'INSERT INTO audit_log (at, actor, action, target, ip, detail) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
      [entry.at ? toIso(entry.at) : nowIso(), entry.actor, entry.action, entry.target, entry.ip, entry.detail],
    );
    return rowToAudit(row!);
  }

  async listAudit(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.since !== undefined) { where.push('at >= ?'); params.push(toIso(query.since)); }
    if (query.afterId !== undefined) { where.push('id > ?'); params.push(query.afterId); }
    params.push(query.limit ?? 1000);
    const rows = await this.x.all(
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${query.afterId !== undefined ? 'id' : 'at, id'} LIMIT ?`,
      params,
    );
    return rows.map(rowToAudit);
  }

  async recordLoginFailure(failure: { name: string; ip: string; at?: string }): Promise<number> {
    const row = await this.x.get(
      'INSERT INTO login_failures (name, ip, at) VALUES (?, ?, ?) RETURNING id', [failure.name, failure.ip, failure.at ? toIso(failure.at) : nowIso()],
    );
    return num(row!.id);
  }

  async removeLoginFailure(id: number): Promise<void> {
    await this.x.run('DELETE FROM login_failures WHERE id = ?', [id]);
  }

  async countLoginFailures(query: { ip: string; name?: string; since: string }): Promise<number> {
    const row = query.name === undefined
      ? await this.x.get('SELECT count(*) AS n FROM login_failures WHERE ip = ? AND at > ?', [query.ip, toIso(query.since)])
      : await this.x.get('SELECT count(*) AS n FROM login_failures WHERE name = ? AND ip = ? AND at > ?', [query.name, query.ip, toIso(query.since)]);
    return num(row?.n ?? 0);
  }

  async clearLoginFailures(name: string, ip: string): Promise<void> {
    await this.x.run('DELETE FROM login_failures WHERE name = ? AND ip = ?', [name, ip]);
  }

  async pruneLoginFailures(before: string): Promise<number> {
    return this.x.run('DELETE FROM login_failures WHERE at <= ?', [toIso(before)]);
  }

  // ---- UI strings and settings ---------------------------------------------------------------

  async saveUiStrings(locale: Locale, strings: Record<string, unknown>): Promise<void> {
    await this.x.run(
      `INSERT INTO ui_strings (locale, strings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (locale) DO UPDATE SET strings = excluded.strings, updated_at = excluded.updated_at`,
      [locale, JSON.stringify(strings), nowIso()],
    );
  }

  async loadUiStrings(locale: Locale): Promise<Record<string, unknown> | null> {
    const row = await this.x.get('SELECT strings FROM ui_strings WHERE locale = ?', [locale]);
    return row ? json<Record<string, unknown>>(row.strings) : null;
  }

  async getSetting(key: string): Promise<string | null> {
    const row = await this.x.get('SELECT value FROM settings WHERE key = ?', [key]);
    return row ? String(row.value) : null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.x.run(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value],
    );
  }
}

/**
 * A store over an executor. Each dialect adds opening and closing, and picks how changes reach
 * other processes (`changes`: ./changes.ts) and where the saved index lives (`savedIndex`).
 */
export abstract class SqlStore extends SqlRepository implements Store {
  abstract readonly kind: Store['kind'];
  protected abstract readonly changes: ChangeFeed;
  /** Absent where there is nowhere to keep it (an in-memory SQLite database). */
  protected abstract readonly savedIndex: SavedIndex | undefined;

  transaction<T>(work: (tx: Repository) => Promise<T>): Promise<T> {
    return this.x.transaction(() => work(this));
  }

  notify(change: StoreChange): Promise<void> {
    return this.changes.publish(change);
  }

  listen(listener: (change: StoreChange) => void): Promise<() => void> {
    return this.changes.listen(listener);
  }

  get indexFileLocation(): string | undefined {
    return this.savedIndex?.location;
  }

  async readIndexFile(): Promise<IndexFileReader | null> {
    return this.savedIndex ? this.savedIndex.read() : null;
  }

  async writeIndexFile(chunks: readonly Uint8Array[]): Promise<void> {
    await this.savedIndex?.write(chunks);
  }

  /** Sends what is queued (a CLI import's last change, say), stops listening, then closes. */
  async close(): Promise<void> {
    await this.changes.close().catch(() => undefined);
    await this.x.close();
  }

  /** Applied migration versions, for tests and diagnostics. */
  async schemaVersions(): Promise<number[]> {
    return (await this.x.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));
  }
}

/** Concepts from CONCEPTS_WITH_TERMS rows (ordered by concept, then term order). */
function conceptsOf(rows: Row[]): Concept[] {
  const terms = groupTerms(rows.filter((row) => row.concept_id !== null).map((row) => ({ ...row, note: row.term_note, fields: row.term_fields })));
  const concepts: Concept[] = [];
  let last: string | null = null;
  for (const row of rows) {
    const id = String(row.id);
    if (id === last) continue;
    last = id;
    concepts.push(rowToConcept(row, terms.get(id) ?? []));
  }
  return concepts;
}
