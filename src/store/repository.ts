import type { Locale } from '../locale';
import type {
  TranslationUnit, NewTranslationUnit, UnitHistoryEntry, UnitStatus, UnitOrigin, IndexFileReader,
} from '../memory';
import type { Concept, ConceptHistoryEntry } from '../termbase';
import type { ArticleDocument, DocumentFormat, Paragraph, Segment } from '../document';
import type { AuditEntry, NewAuditEntry, Role, Session, User } from '../accounts';
import type { Assignment, NewUnitComment, UnitComment } from '../collaboration';
import type { NewRelease, Release, ReleaseWithdrawal, WebhookAttempt, WebhookDelivery } from '../release';

/** A write that carried a version older than the stored one (the lost-update case). */
export class VersionConflictError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string | number,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${entity} ${id} is at version ${actual}, not ${expected}: it was changed by someone else`);
    this.name = 'VersionConflictError';
  }
}

/** The store cannot be reached or used (server down, file read-only, disk full). */
export class StoreUnavailableError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

export class NotFoundError extends Error {
  constructor(readonly entity: string, readonly id: string | number) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** A create whose key is taken (a concept id, a user name, a document slug). */
export class AlreadyExistsError extends Error {
  constructor(readonly entity: string, readonly id: string | number) {
    super(`${entity} ${id} already exists`);
    this.name = 'AlreadyExistsError';
  }
}

/**
 * A change that would leave the store without an enabled admin (disabling or demoting the last
 * one): nobody could manage accounts any more.
 */
export class LastAdminError extends Error {
  constructor(readonly userName: string) {
    super(`${userName} is the last enabled admin: make another user admin first`);
    this.name = 'LastAdminError';
  }
}

/** Fields of a user an update may change. */
export type UserPatch = Partial<Pick<User, 'role' | 'disabled' | 'passwordHash' | 'tokenHash' | 'tokenIssuedAt' | 'tokenExpiresAt'>>;

export interface NewUser {
  name: string;
  role: Role;
  passwordHash: string;
  tokenHash: string;
  /** When the token stops working; null or absent: never. */
  tokenExpiresAt?: string | null;
}

export interface AuditQuery {
  /** Entries at or after this time. */
  since?: string;
  /** Entries with a larger id (for paging through an export). */
  afterId?: number;
  /** At most this many, oldest first (default 1000). */
  limit?: number;
}

export interface UnitFilter {
  documentId?: number;
  targetLocale?: Locale;
  sourceLocale?: Locale;
  status?: UnitStatus;
  origin?: UnitOrigin;
  /** Only units that live in the memory alone (documentId null), or only article units. */
  scope?: 'memory' | 'articles';
}

/**
 * The setting that says up to which change the unit change log was pruned (see
 * Repository.pruneUnitChanges): a reader whose mark is older cannot catch up from the log.
 */
export const UNIT_CHANGES_PRUNED_SETTING = 'unit-changes.pruned-through';

/** A point in the unit change log (see Repository.unitChangeMark). */
export interface UnitChangeMark {
  changeSeq: number;
  maxUnitId: number;
}

/** Fields of a unit that an update may change; version and updatedAt are set by the store. */
export type UnitPatch = Partial<Pick<TranslationUnit,
  'sourceText' | 'targetText' | 'status' | 'origin' | 'bead' | 'matchScore' | 'findings' | 'overrides'
  | 'position' | 'paragraph' | 'previousSource' | 'nextSource' | 'inlineCodes' | 'targetAuthor' | 'outdatedSource'>>;

export interface HistoryNote {
  action: UnitHistoryEntry['action'];
  by: string;
  reason?: string | null;
}

export interface NewDocument {
  slug: string;
  title: string;
  sourceLocale: Locale;
  format: DocumentFormat;
}

/**
 * Everything Bitext keeps. One interface, two implementations (SQLite, PostgreSQL),
 * one shared test suite. All methods are async so both implementations fit.
 */
export interface Repository {
  // documents
  createDocument(document: NewDocument, by: string): Promise<ArticleDocument>;
  getDocumentBySlug(slug: string): Promise<ArticleDocument | null>;
  getDocument(id: number): Promise<ArticleDocument | null>;
  listDocuments(): Promise<ArticleDocument[]>;
  /** Sets title/format and bumps the document's version. */
  updateDocument(id: number, patch: Partial<Pick<ArticleDocument, 'title' | 'format'>>): Promise<ArticleDocument>;
  /** Bumps the document's version (page caches key on it). */
  touchDocument(id: number): Promise<ArticleDocument>;
  /** Replaces the document's paragraphs and source segments. */
  replaceStructure(documentId: number, paragraphs: Paragraph[], segments: Omit<Segment, 'documentId'>[]): Promise<void>;
  listParagraphs(documentId: number): Promise<Paragraph[]>;
  listSegments(documentId: number): Promise<Segment[]>;

  /**
   * Holds the document for the rest of the transaction (PostgreSQL: its row lock; SQLite's
   * write transactions hold the whole file): whoever decides on a release after this sees every
   * approval committed before.
   */
  lockDocument(id: number): Promise<void>;

  // releases (published snapshots of an article in one locale)
  /** Stores a release, or answers null when its version is already taken for the article and locale. */
  insertRelease(release: NewRelease): Promise<Release | null>;
  /** The newest release of an article in a locale, withdrawn or not. */
  latestRelease(documentId: number, locale: Locale): Promise<Release | null>;
  /** What readers see: each article's newest release per locale unless it was withdrawn; newest first. */
  currentReleases(filter?: { locale?: Locale; documentId?: number }): Promise<Release[]>;
  /** Every release of an article (in a locale), newest first. */
  listReleases(documentId: number, locale?: Locale): Promise<Release[]>;
  /** Marks a release withdrawn (NotFoundError when there is none). */
  withdrawRelease(id: number, withdrawal: ReleaseWithdrawal): Promise<Release>;

  // webhook outbox (deliveries of release events, queued with the release)
  enqueueWebhook(delivery: { target: string; body: string; at: string }): Promise<number>;
  /** Deliveries due at `now` (not delivered, not given up), oldest first. */
  dueWebhooks(now: string, limit: number): Promise<WebhookDelivery[]>;
  /**
   * Takes a due delivery for one attempt by moving its next attempt to `leaseUntil`; false when
   * another process took it first (its next_attempt_at is no longer `seenNextAttemptAt`).
   */
  claimWebhook(id: number, seenNextAttemptAt: string, leaseUntil: string): Promise<boolean>;
  /** Logs an attempt; `outcome` says whether it was delivered, retries at a time, or gave up. */
  recordWebhookAttempt(id: number, attempt: WebhookAttempt, outcome: { deliveredAt?: string; nextAttemptAt?: string; failedAt?: string }): Promise<void>;
  /** Every delivery, newest first (for admins). */
  listWebhooks(limit: number): Promise<WebhookDelivery[]>;

  // translation units
  insertUnits(units: NewTranslationUnit[]): Promise<number[]>;
  getUnit(id: number): Promise<TranslationUnit | null>;
  listUnits(filter: UnitFilter): Promise<TranslationUnit[]>;
  /** Units in id order after `afterId`, for streaming exports and index builds. */
  listUnitsPage(filter: UnitFilter, afterId: number, limit: number): Promise<TranslationUnit[]>;
  countUnits(filter: UnitFilter): Promise<number>;
  /** Units (any scope) with exactly this source text and locale pair. */
  findUnitsBySource(sourceLocale: Locale, targetLocale: Locale, sourceText: string): Promise<TranslationUnit[]>;
  /** The same for many source texts in one round trip (bulk imports), in id order. */
  findUnitsBySources(sourceLocale: Locale, targetLocale: Locale, sourceTexts: readonly string[]): Promise<TranslationUnit[]>;
  /**
   * Applies a patch if the unit is still at `expectedVersion` (else VersionConflictError),
   * bumps the version, and writes a history entry.
   */
  updateUnit(id: number, expectedVersion: number, patch: UnitPatch, note: HistoryNote): Promise<TranslationUnit>;
  deleteUnits(ids: number[]): Promise<void>;
  unitHistory(id: number): Promise<UnitHistoryEntry[]>;
  /** Ids of the document's units whose history has an edit (target or source) by this person. */
  unitIdsEditedBy(documentId: number, by: string): Promise<number[]>;

  // comments on units and assignments (collaboration)
  addComment(comment: NewUnitComment): Promise<UnitComment>;
  getComment(id: number): Promise<UnitComment | null>;
  /** A unit's thread, oldest first. */
  listComments(unitId: number): Promise<UnitComment[]>;
  /** Every comment on the document's units (optionally of one target locale), oldest first. */
  listDocumentComments(documentId: number, targetLocale?: Locale): Promise<UnitComment[]>;
  /** Every open (unresolved) comment of the store, oldest first: the people mentioned find them. */
  listOpenComments(): Promise<UnitComment[]>;
  /** Marks a comment resolved (by whom, now) or open again. */
  setCommentResolved(id: number, resolved: boolean, by: string): Promise<UnitComment>;
  /** Replaces a comment's text and mentions at `expectedVersion` (VersionConflictError if it moved on); version + 1. */
  editComment(id: number, change: { text: string; mentions: string[] }, expectedVersion: number): Promise<UnitComment>;
  /** Deletes a comment at `expectedVersion` (VersionConflictError if it moved on, NotFoundError if gone). */
  /** Deletes a comment; one with later comments in its thread stays as a marker (`deleted`), without its text. */
  deleteComment(id: number, expectedVersion: number, by: string): Promise<void>;
  /** Sets (or, with `assignee` null, removes) who does `role` on the document in `locale` (null: every target locale). */
  setAssignment(assignment: Omit<Assignment, 'assignedAt' | 'assignee'> & { assignee: string | null }): Promise<void>;
  /** Assignments of one document, or (no id) of all, by document, locale, role. */
  listAssignments(documentId?: number): Promise<Assignment[]>;
  /**
   * Where the unit change log stands: every unit change up to `changeSeq` and every unit up to
   * `maxUnitId` is committed and readable. Null when no such mark can be had at the moment
   * (PostgreSQL: unit writes in flight longer than a moment); try again later.
   */
  unitChangeMark(): Promise<UnitChangeMark | null>;
  /** Units edited (texts, locales, status, origin) or removed after change `afterSeq`, in log order, at most `limit`. */
  unitChangesSince(afterSeq: number, limit: number): Promise<Array<{ seq: number; unitId: number }>>;
  /**
   * Removes the log's entries up to `throughSeq` and, in the same transaction, raises the setting
   * UNIT_CHANGES_PRUNED_SETTING to it (never lowers it); returns how many entries went.
   */
  pruneUnitChanges(throughSeq: number): Promise<number>;

  // termbase
  listConcepts(): Promise<Concept[]>;
  getConcept(id: string): Promise<Concept | null>;
  /**
   * Creates (expectedVersion null; the id must be new) or replaces a concept (expectedVersion
   * must match), writing a history entry. Returns the stored concept.
   */
  saveConcept(concept: Omit<Concept, 'version' | 'updatedAt' | 'updatedBy'>, expectedVersion: number | null, by: string, action?: ConceptHistoryEntry['action']): Promise<Concept>;
  deleteConcept(id: string, expectedVersion: number | null, by: string): Promise<void>;
  conceptHistory(id: string): Promise<ConceptHistoryEntry[]>;

  // users and sessions
  createUser(user: NewUser): Promise<User>;
  getUser(id: number): Promise<User | null>;
  getUserByName(name: string): Promise<User | null>;
  getUserByTokenHash(tokenHash: string): Promise<User | null>;
  listUsers(): Promise<User[]>;
  /**
   * Changes a user (NotFoundError if none). Refuses with LastAdminError a change that would leave
   * no enabled admin where there was one, checked under a lock so that two processes disabling
   * the last two admins at once cannot both succeed.
   */
  updateUser(id: number, patch: UserPatch): Promise<User>;
  createSession(session: Session): Promise<void>;
  getSession(idHash: string): Promise<Session | null>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of a user (but `exceptIdHash`); resolves to how many. */
  deleteUserSessions(userId: number, exceptIdHash?: string): Promise<number>;
  deleteExpiredSessions(now: string): Promise<number>;

  // audit log and failed logins (accounts)
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Entries oldest first (by time, then id). */
  listAudit(query?: AuditQuery): Promise<AuditEntry[]>;
  /** Records a failed (or not yet decided) login; resolves to its id. */
  recordLoginFailure(failure: { name: string; ip: string; at?: string }): Promise<number>;
  /** Removes one recorded failure (the attempt turned out to be a success, or was not made). */
  removeLoginFailure(id: number): Promise<void>;
  /** Failed logins from `ip` since `since`: all of them, or only those for `name`. */
  countLoginFailures(query: { ip: string; name?: string; since: string }): Promise<number>;
  /** Forgets the failures of one name from one IP (after that name logged in from there). */
  clearLoginFailures(name: string, ip: string): Promise<void>;
  /** Deletes failures older than `before`; resolves to how many. */
  pruneLoginFailures(before: string): Promise<number>;

  // site chrome (UI strings), seeded from locales/
  saveUiStrings(locale: Locale, strings: Record<string, unknown>): Promise<void>;
  loadUiStrings(locale: Locale): Promise<Record<string, unknown> | null>;

  // small key/value settings (e.g. the DeepL glossary id and checksum)
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
}

/**
 * A change that other processes sharing the store must follow in their caches (page cache,
 * fuzzy-match index, termbase snapshot). Carried by `Store.notify` / `Store.listen`.
 */
export type StoreChange =
  /** Readers' pages of this article changed. */
  | { kind: 'article'; slug: string }
  /** Units added or changed: re-read them. */
  | { kind: 'units'; ids: number[] }
  | { kind: 'units-removed'; ids: number[] }
  /** Too many units changed to list (a bulk import): rebuild the memory index. */
  | { kind: 'memory' }
  | { kind: 'termbase' }
  /** Changes may have been missed (the listener reconnected): drop every cache. */
  | { kind: 'resync' };

/** How `openStore` connects; each store reads the options of its kind. */
export interface OpenStoreOptions {
  /** PostgreSQL: schema for the tables, created if missing (default: the role's search_path). */
  schema?: string;
  /** PostgreSQL: most pooled connections. Default 10. */
  poolSize?: number;
  /** PostgreSQL: milliseconds to wait for a connection. Default 5000. */
  connectionTimeoutMs?: number;
  /** SQLite: milliseconds to wait for another process's lock. Default 5000. */
  busyTimeoutMs?: number;
  /** SQLite: largest the file may grow; past it writes fail as on a full disk (for tests). */
  maxSizeBytes?: number;
}

/** A connection to a store: repository methods plus transactions and lifecycle. */
export interface Store extends Repository {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Tells the other processes sharing this store about a change (PostgreSQL: NOTIFY; SQLite: a
   * row in the `store_changes` log). Inside a transaction it goes out with the commit, and not
   * at all on a rollback. Both dialects have it: several processes may share either store.
   */
  notify(change: StoreChange): Promise<void>;
  /**
   * Calls `listener` with the changes other processes publish (never this store object's own;
   * PostgreSQL: LISTEN; SQLite: polls the change log). Resolves, once listening, to the function
   * that stops it.
   */
  listen(listener: (change: StoreChange) => void): Promise<() => void>;
  /**
   * The saved candidate index (SQLite: the sidecar file `<database>.tmindex`; PostgreSQL: the
   * table tm_index_parts), or null when there is none. The reader is the caller's to close.
   */
  readIndexFile?(): Promise<IndexFileReader | null>;
  /** Replaces the saved index at once (readers see the old or the new one, never a mix). */
  writeIndexFile?(chunks: readonly Uint8Array[]): Promise<void>;
  /** Where the saved index lives, for messages. */
  readonly indexFileLocation?: string;
  /**
   * Runs `work` in one transaction: everything it writes commits together or not at all.
   * Nested calls join the outer transaction.
   */
  transaction<T>(work: (tx: Repository) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
