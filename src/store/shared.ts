/**
 * What the SQL repository (sql/repository.ts) needs besides SQL: row ↔ object mapping, the unit
 * filter, the unit patch columns, the source-text key, timestamps. Rows may come from SQLite
 * (JSON as text, booleans as 0/1, timestamps as ISO text) or from PostgreSQL (jsonb as objects,
 * booleans, Date, bigint as string), so the mappers accept both spellings.
 */
import type { Locale } from '../locale';
import { textKey53 } from '../memory';
import type { TranslationUnit, NewTranslationUnit, UnitHistoryEntry } from '../memory';
import type { Concept, ConceptHistoryEntry, Term } from '../termbase';
import type { ArticleDocument, Paragraph, Segment } from '../document';
import type { AuditEntry, Session, User } from '../accounts';
import type { Release, WebhookAttempt, WebhookDelivery } from '../release';
import type { UnitFilter, UnitPatch } from './repository';

export type Row = Record<string, unknown>;

/** Now as an ISO 8601 string in UTC, the one timestamp format the stores keep. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Normalises a caller's timestamp to ISO UTC so text comparisons (SQLite) order correctly. */
export function toIso(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${value}`);
  return date.toISOString();
}

/**
 * The key a source text is indexed by instead of the text itself: a million long source texts
 * would make an exact-lookup index as big as the table. Lookups compare the text too. Stored, so
 * changing it needs a migration that recomputes the column. A JS hash rather than SHA-1: at a
 * million units per import, node:crypto's per-call cost dominated.
 */
export const sourceKey: (text: string) => number = textKey53;

/** JSON of a list column; most lists are empty, and '[]' needs no stringify. */
export function jsonList(list: readonly unknown[] | null | undefined): string {
  return list && list.length ? JSON.stringify(list) : '[]';
}

/** `postgres://user:secret@host/db` → `postgres://user@host/db`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1@');
  }
}

/** A JSON column's value (SQLite: text; PostgreSQL: already parsed). */
export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A timestamp column's value as ISO text (PostgreSQL: a Date). */
export function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** An integer column's value (PostgreSQL: bigint as a string). */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

export function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A JSON list column that most rows leave NULL, as an optional property: absent when NULL or empty. */
function optionalJson<K extends string>(key: K, value: unknown): Partial<Record<K, never[]>> {
  if (value === null || value === undefined) return {};
  const list = json<never[]>(value);
  return Array.isArray(list) && list.length > 0 ? ({ [key]: list } as Record<K, never[]>) : {};
}

/** JSON text of an optional list, NULL when absent or empty. */
export function jsonOrNull(list: readonly unknown[] | undefined): string | null {
  return list && list.length > 0 ? JSON.stringify(list) : null;
}

export function rowToUnit(row: Row): TranslationUnit {
  return {
    id: num(row.id),
    version: num(row.version),
    documentId: numOrNull(row.document_id),
    position: numOrNull(row.position),
    paragraph: numOrNull(row.paragraph),
    sourceLocale: row.source_locale as Locale,
    sourceText: String(row.source_text),
    targetLocale: row.target_locale as Locale,
    targetText: String(row.target_text),
    status: row.status as TranslationUnit['status'],
    origin: row.origin as TranslationUnit['origin'],
    bead: row.bead === null || row.bead === undefined ? null : json(row.bead),
    matchScore: numOrNull(row.match_score),
    previousSource: strOrNull(row.previous_source),
    nextSource: strOrNull(row.next_source),
    inlineCodes: json(row.inline_codes),
    ...optionalJson('variants', row.variants),
    ...(row.file_data === null || row.file_data === undefined ? {} : { fileData: json<TranslationUnit['fileData']>(row.file_data) }),
    findings: json(row.findings),
    overrides: json(row.overrides),
    targetAuthor: strOrNull(row.target_author),
    outdatedSource: strOrNull(row.outdated_source),
    createdBy: String(row.created_by),
    createdAt: iso(row.created_at),
    updatedBy: String(row.updated_by),
    updatedAt: iso(row.updated_at),
  };
}

export function rowToUnitHistory(row: Row): UnitHistoryEntry {
  return {
    unitId: num(row.unit_id),
    version: num(row.version),
    action: row.action as UnitHistoryEntry['action'],
    targetText: String(row.target_text),
    sourceText: String(row.source_text),
    status: row.status as UnitHistoryEntry['status'],
    origin: row.origin as UnitHistoryEntry['origin'],
    by: String(row.by),
    at: iso(row.at),
    reason: strOrNull(row.reason),
  };
}

export function rowToRelease(row: Row): Release {
  const content = json<Pick<Release, 'blocks' | 'body' | 'links' | 'sourceLocale' | 'units' | 'approvers' | 'termbaseVersion' | 'converter'>>(row.content);
  return {
    id: num(row.id),
    documentId: num(row.document_id),
    slug: String(row.slug),
    locale: row.locale as Locale,
    version: num(row.version),
    documentVersion: num(row.document_version),
    title: String(row.title),
    html: String(row.html),
    blocks: content.blocks,
    body: content.body,
    links: content.links,
    sourceLocale: content.sourceLocale,
    units: content.units,
    approvers: content.approvers,
    termbaseVersion: content.termbaseVersion,
    converter: content.converter ?? null,
    contentDigest: String(row.content_digest),
    sourceDigest: String(row.source_digest),
    approvedBy: String(row.approved_by),
    publishedAt: iso(row.published_at),
    withdrawal: row.withdrawn_at === null || row.withdrawn_at === undefined
      ? null
      : { at: iso(row.withdrawn_at), by: String(row.withdrawn_by), reason: String(row.withdrawal_reason ?? '') },
  };
}

export function rowToDocument(row: Row): ArticleDocument {
  return {
    id: num(row.id),
    slug: String(row.slug),
    title: String(row.title),
    sourceLocale: row.source_locale as Locale,
    format: row.format as ArticleDocument['format'],
    version: num(row.version),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function rowToParagraph(row: Row): Paragraph {
  const paragraph: Paragraph = { index: num(row.idx), kind: row.kind as Paragraph['kind'], level: numOrNull(row.level) };
  if (row.markup !== null && row.markup !== undefined) paragraph.markup = json(row.markup);
  return paragraph;
}

export function rowToSegment(row: Row): Segment {
  return {
    documentId: num(row.document_id),
    position: num(row.position),
    paragraph: num(row.paragraph),
    text: String(row.text),
  };
}

export function rowToTerm(row: Row): Term {
  return {
    locale: row.locale as Locale,
    text: String(row.text),
    status: row.status as Term['status'],
    caseSensitive: Boolean(row.case_sensitive),
    partOfSpeech: strOrNull(row.part_of_speech),
    note: strOrNull(row.note),
    ...optionalJson('fields', row.fields),
    // Absent when unknown, as the termbase's own validation leaves it.
    ...(row.term_type ? { termType: String(row.term_type) as NonNullable<Term['termType']> } : {}),
  };
}

export function rowToConcept(row: Row, terms: Term[]): Concept {
  return {
    id: String(row.id),
    note: strOrNull(row.note),
    subject: strOrNull(row.subject),
    terms,
    ...optionalJson('fields', row.fields),
    ...optionalJson('languages', row.languages),
    version: num(row.version),
    updatedBy: String(row.updated_by),
    updatedAt: iso(row.updated_at),
  };
}

export function rowToConceptHistory(row: Row): ConceptHistoryEntry {
  return {
    conceptId: String(row.concept_id),
    version: num(row.version),
    action: row.action as ConceptHistoryEntry['action'],
    snapshot: row.snapshot === null || row.snapshot === undefined ? null : json<Concept>(row.snapshot),
    by: String(row.by),
    at: iso(row.at),
  };
}

export function rowToUser(row: Row): User {
  return {
    id: num(row.id),
    name: String(row.name),
    role: row.role as User['role'],
    passwordHash: String(row.password_hash),
    tokenHash: String(row.token_hash),
    createdAt: iso(row.created_at),
    disabled: row.disabled === true || Number(row.disabled) === 1,
    tokenIssuedAt: row.token_issued_at === null || row.token_issued_at === undefined ? null : iso(row.token_issued_at),
    tokenExpiresAt: row.token_expires_at === null || row.token_expires_at === undefined ? null : iso(row.token_expires_at),
  };
}

export function rowToWebhook(row: Row): WebhookDelivery {
  return {
    id: num(row.id),
    target: String(row.target),
    body: String(row.body),
    createdAt: iso(row.created_at),
    nextAttemptAt: row.next_attempt_at == null ? null : iso(row.next_attempt_at),
    attempts: num(row.attempts),
    deliveredAt: row.delivered_at == null ? null : iso(row.delivered_at),
    failedAt: row.failed_at == null ? null : iso(row.failed_at),
    log: JSON.parse(String(row.log)) as WebhookAttempt[],
  };
}

export function rowToAudit(row: Row): AuditEntry {
  return {
    id: num(row.id),
    at: iso(row.at),
    actor: String(row.actor),
    action: String(row.action) as AuditEntry['action'],
    target: strOrNull(row.target),
    ip: strOrNull(row.ip),
    detail: strOrNull(row.detail),
  };
}

export function rowToSession(row: Row): Session {
  return {
    idHash: String(row.id_hash),
    userId: num(row.user_id),
    csrfToken: String(row.csrf_token),
    expiresAt: iso(row.expires_at),
  };
}

/** Groups term rows (ordered by concept, then term order) by concept id. */
export function groupTerms(rows: Row[]): Map<string, Term[]> {
  const byConcept = new Map<string, Term[]>();
  for (const row of rows) {
    const id = String(row.concept_id);
    let terms = byConcept.get(id);
    if (!terms) byConcept.set(id, (terms = []));
    terms.push(rowToTerm(row));
  }
  return byConcept;
}

/**
 * Creation history is written only for article units (documentId not null): a bulk memory import
 * of a million units would otherwise write a million history rows and double its cost, and
 * their creation is already recorded by the import itself (origin `imported`, createdBy/At).
 */
export function creationAction(unit: NewTranslationUnit): UnitHistoryEntry['action'] | null {
  if (unit.documentId === null) return null;
  return unit.origin === 'imported' ? 'import' : 'create';
}

/** How each patchable field is stored. */
const PATCH_COLUMNS: Record<keyof UnitPatch, { column: string; json: boolean }> = {
  sourceText: { column: 'source_text', json: false },
  targetText: { column: 'target_text', json: false },
  status: { column: 'status', json: false },
  origin: { column: 'origin', json: false },
  bead: { column: 'bead', json: true },
  matchScore: { column: 'match_score', json: false },
  findings: { column: 'findings', json: true },
  overrides: { column: 'overrides', json: true },
  position: { column: 'position', json: false },
  paragraph: { column: 'paragraph', json: false },
  previousSource: { column: 'previous_source', json: false },
  nextSource: { column: 'next_source', json: false },
  inlineCodes: { column: 'inline_codes', json: true },
  targetAuthor: { column: 'target_author', json: false },
  outdatedSource: { column: 'outdated_source', json: false },
};

export interface PatchAssignment {
  column: string;
  value: unknown;
  json: boolean;
}

/** The column assignments of a patch (undefined fields are left alone), plus the source key. */
export function patchAssignments(patch: UnitPatch): PatchAssignment[] {
  const out: PatchAssignment[] = [];
  for (const [field, spec] of Object.entries(PATCH_COLUMNS) as [keyof UnitPatch, { column: string; json: boolean }][]) {
    if (!(field in patch) || patch[field] === undefined) continue;
    const value = patch[field];
    out.push({
      column: spec.column,
      json: spec.json,
      value: spec.json ? (value === null ? null : JSON.stringify(value)) : value,
    });
    if (field === 'sourceText') out.push({ column: 'source_key', json: false, value: sourceKey(String(value)) });
  }
  return out;
}

/** WHERE clause of a unit filter (criteria combine with AND); `param` spells a placeholder. */
export function unitWhere(filter: UnitFilter, param: (value: unknown) => string): string {
  const clauses: string[] = [];
  if (filter.documentId !== undefined) clauses.push(`document_id = ${param(filter.documentId)}`);
  if (filter.sourceLocale !== undefined) clauses.push(`source_locale = ${param(filter.sourceLocale)}`);
  if (filter.targetLocale !== undefined) clauses.push(`target_locale = ${param(filter.targetLocale)}`);
  if (filter.status !== undefined) clauses.push(`status = ${param(filter.status)}`);
  if (filter.origin !== undefined) clauses.push(`origin = ${param(filter.origin)}`);
  if (filter.scope === 'memory') clauses.push('document_id IS NULL');
  if (filter.scope === 'articles') clauses.push('document_id IS NOT NULL');
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

/** The concept as stored after a save, for history snapshots. */
export function conceptSnapshot(
  concept: Omit<Concept, 'version' | 'updatedAt' | 'updatedBy'>,
  version: number,
  by: string,
  at: string,
): Concept {
  return {
    id: concept.id,
    note: concept.note ?? null,
    subject: concept.subject ?? null,
    terms: concept.terms.map((t) => ({
      locale: t.locale,
      text: t.text,
      status: t.status,
      caseSensitive: Boolean(t.caseSensitive),
      partOfSpeech: t.partOfSpeech ?? null,
      note: t.note ?? null,
      ...(t.fields?.length ? { fields: t.fields } : {}),
      ...(t.termType ? { termType: t.termType } : {}),
    })),
    ...(concept.fields?.length ? { fields: concept.fields } : {}),
    ...(concept.languages?.length ? { languages: concept.languages } : {}),
    version,
    updatedBy: by,
    updatedAt: at,
  };
}

/** Unit ids to work on in chunks (keeps parameter lists and statements bounded). */
export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
