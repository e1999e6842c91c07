/**
 * SQLite schema, as numbered migrations applied in order and recorded in `schema_migrations`.
 * The PostgreSQL migrations (../postgres/migrations.ts) express the same model; a change to one
 * needs the same change, under the same number, in the other.
 */
import type { Migration } from '../shared';

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE documents (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  slug          TEXT NOT NULL UNIQUE,
  title         TEXT NOT NULL,
  source_locale TEXT NOT NULL,
  format        TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE paragraphs (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  level       INTEGER,
  PRIMARY KEY (document_id, idx)
) WITHOUT ROWID;

CREATE TABLE segments (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  paragraph   INTEGER NOT NULL,
  text        TEXT NOT NULL,
  PRIMARY KEY (document_id, position)
) WITHOUT ROWID;

-- AUTOINCREMENT: ids are never reused, so caches and indexes keyed by unit id stay sound.
CREATE TABLE translation_units (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  version         INTEGER NOT NULL DEFAULT 1,
  document_id     INTEGER REFERENCES documents(id),
  position        INTEGER,
  paragraph       INTEGER,
  source_locale   TEXT NOT NULL,
  source_text     TEXT NOT NULL,
  source_key      INTEGER NOT NULL,  -- 53-bit hash of source_text (shared.ts sourceKey), for exact lookups
  target_locale   TEXT NOT NULL,
  target_text     TEXT NOT NULL,
  status          TEXT NOT NULL,
  origin          TEXT NOT NULL,
  bead            TEXT,              -- JSON BeadProvenance
  match_score     REAL,
  previous_source TEXT,
  next_source     TEXT,
  inline_codes    TEXT NOT NULL DEFAULT '[]',  -- JSON
  findings        TEXT NOT NULL DEFAULT '[]',  -- JSON
  overrides       TEXT NOT NULL DEFAULT '[]',  -- JSON
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_by      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX translation_units_source ON translation_units (source_key);
CREATE INDEX translation_units_document ON translation_units (document_id, position, target_locale)
  WHERE document_id IS NOT NULL;

CREATE TABLE unit_history (
  id          INTEGER PRIMARY KEY,
  unit_id     INTEGER NOT NULL REFERENCES translation_units(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  action      TEXT NOT NULL,
  source_text TEXT NOT NULL,
  target_text TEXT NOT NULL,
  status      TEXT NOT NULL,
  origin      TEXT NOT NULL,
  by          TEXT NOT NULL,
  at          TEXT NOT NULL,
  reason      TEXT
);
CREATE INDEX unit_history_unit ON unit_history (unit_id, version);

CREATE TABLE concepts (
  id         TEXT PRIMARY KEY,
  note       TEXT,
  subject    TEXT,
  version    INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE concept_terms (
  concept_id     TEXT NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
  ord            INTEGER NOT NULL,
  locale         TEXT NOT NULL,
  text           TEXT NOT NULL,
  status         TEXT NOT NULL,
  case_sensitive INTEGER NOT NULL DEFAULT 0,
  part_of_speech TEXT,
  note           TEXT,
  PRIMARY KEY (concept_id, ord)
);
CREATE INDEX concept_terms_text ON concept_terms (locale, text);

-- No foreign key: the history of a deleted concept outlives it.
CREATE TABLE concept_history (
  id         INTEGER PRIMARY KEY,
  concept_id TEXT NOT NULL,
  version    INTEGER NOT NULL,
  action     TEXT NOT NULL,
  snapshot   TEXT,  -- JSON Concept, NULL after delete
  by         TEXT NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX concept_history_concept ON concept_history (concept_id, version);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  token_hash    TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
-- Two users can never share an API token; an empty hash means "no token".
CREATE UNIQUE INDEX users_token_hash ON users (token_hash) WHERE token_hash <> '';

CREATE TABLE sessions (
  id_hash    TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE ui_strings (
  locale     TEXT PRIMARY KEY,
  strings    TEXT NOT NULL,  -- JSON
  updated_at TEXT NOT NULL
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'change log for other processes',
    // PostgreSQL tells other processes with LISTEN/NOTIFY; SQLite has no such channel, so a change
    // is a row here, committed with the transaction that made it, and readers poll for new rows.
    sql: `
CREATE TABLE store_changes (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  origin  TEXT NOT NULL,
  payload TEXT NOT NULL,  -- JSON StoreChange
  at      TEXT NOT NULL
);
CREATE INDEX store_changes_at ON store_changes (at);
`,
  },
];
