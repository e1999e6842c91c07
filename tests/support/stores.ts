/**
 * Fresh stores of both kinds for integration tests: a temp SQLite file, and a fresh schema on the
 * PostgreSQL at BITEXT_TEST_PG_URL (dropped after the file's tests). Without that URL the
 * PostgreSQL half is skipped, or fails under CI, exactly like the store suite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { openStore, type Store } from '../../src/store';
import type { Workflow } from '../../src/workflow';
import { workflowOver } from './workflow-store';

export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface StoreKind {
  name: 'SQLite' | 'PostgreSQL';
  /** Where a fresh store lives (a file path, or a URL + schema via open). */
  open(): Promise<Store>;
}

const dir = mkdtempSync(join(tmpdir(), 'bitext-it-'));
let counter = 0;
const schemas: string[] = [];
const prefix = `bitext_it${process.pid}_${Date.now().toString(36)}`;

export const sqliteKind: StoreKind = {
  name: 'SQLite',
  open: () => openStore(join(dir, `store-${++counter}.db`)),
};

const pgUrl = process.env.BITEXT_TEST_PG_URL;
export const postgresKind: StoreKind | null = pgUrl
  ? {
    name: 'PostgreSQL',
    open: () => {
      const schema = `${prefix}_${schemas.length}`;
      schemas.push(schema);
      return openStore(pgUrl, { schema });
    },
  }
  : null;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!pgUrl || schemas.length === 0) return;
  const client = new Client({ connectionString: pgUrl });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
});

/** Runs `body` once per store kind, as a describe block named after it. */
export function describeEachStore(title: string, body: (kind: StoreKind) => void): void {
  describe(`${title} (SQLite)`, () => body(sqliteKind));
  if (postgresKind) {
    describe(`${title} (PostgreSQL)`, () => body(postgresKind));
  } else if (process.env.CI) {
    test(`${title} (PostgreSQL): BITEXT_TEST_PG_URL is set`, () => {
      throw new Error('BITEXT_TEST_PG_URL is not set: CI must run the PostgreSQL suites');
    });
  } else {
    test.skip(`${title} (PostgreSQL): BITEXT_TEST_PG_URL not set`, () => undefined);
  }
}

export async function openTestWorkflow(kind: StoreKind): Promise<Workflow> {
  return workflowOver(await kind.open());
}
