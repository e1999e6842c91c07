/**
 * The shared store suite on PostgreSQL at BITEXT_TEST_PG_URL (see .ci/pg-setup.sh), each test in
 * a fresh schema that is dropped afterwards; plus what only PostgreSQL has: connection failures
 * and several processes migrating at once.
 */
import { Client } from 'pg';
import { openStore, StoreUnavailableError } from '../../src/store';
import type { Store } from '../../src/store';
import { PostgresStore } from '../../src/store/postgres/postgres-store';
import { storeSuite } from './store-suite';
import { MIGRATIONS } from '../../src/store/sql/migrations';

/** Every migration's version, in order: each helper adds its own. */
const VERSIONS = MIGRATIONS.map((m) => m.version);

const url = process.env.BITEXT_TEST_PG_URL;

if (!url) {
  if (process.env.CI) {
    test('BITEXT_TEST_PG_URL is set (CI must test the PostgreSQL store)', () => {
      throw new Error('BITEXT_TEST_PG_URL is not set: run .ci/pg-setup.sh and export '
        + 'BITEXT_TEST_PG_URL=postgres://bitext:bitext@127.0.0.1:5432/bitext_test');
    });
  } else {
    console.warn('BITEXT_TEST_PG_URL is not set: skipping the PostgreSQL store tests (run .ci/pg-setup.sh to enable them)');
    test.skip('PostgreSQL store (BITEXT_TEST_PG_URL not set)', () => undefined);
  }
} else {
  const pgUrl = url;
  const schemas: string[] = [];
  const prefix = `bitext_t${process.pid}_${Date.now().toString(36)}`;
  const freshSchema = () => {
    const schema = `${prefix}_${schemas.length}`;
    schemas.push(schema);
    return schema;
  };

  afterAll(async () => {
    const client = new Client({ connectionString: pgUrl });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  });

  storeSuite('PostgreSQL', () => openStore(pgUrl, { schema: freshSchema() }));

  describe('PostgreSQL store', () => {
    it('migrates once when several processes start together', async () => {
      const schema = freshSchema();
      const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open(pgUrl, { schema, poolSize: 2 })));
      try {
        for (const store of stores) expect(await store.schemaVersions()).toEqual(VERSIONS);
        await stores[0].setSetting('shared', 'yes');
        expect(await stores[3].getSetting('shared')).toBe('yes');
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
      // Reopening applies nothing new and keeps the data.
      const again = await PostgresStore.open(pgUrl, { schema });
      expect(await again.getSetting('shared')).toBe('yes');
      expect(await again.schemaVersions()).toEqual(VERSIONS);
      await again.close();
    });

    it('keeps two transactions on one store object apart', async () => {
      const store = await openStore(pgUrl, { schema: freshSchema() });
      try {
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        let wrote!: () => void;
        const aWrote = new Promise<void>((r) => (wrote = r));
        const a = store.transaction(async (tx) => {
          await tx.setSetting('a', 'from-a');
          wrote();
          await gate;
          return tx.getSetting('b');
        });
        await aWrote;
        // b runs and commits while a is open, and does not see a's uncommitted write.
        const seenByB = await store.transaction(async (tx) => {
          await tx.setSetting('b', 'from-b');
          return tx.getSetting('a');
        });
        expect(seenByB).toBeNull();
        release();
        expect(await a).toBe('from-b'); // READ COMMITTED: b had committed by then
        expect(await store.getSetting('a')).toBe('from-a');
      } finally {
        await store.close();
      }
    });

    const failsQuickly = async (badUrl: string, pattern: RegExp) => {
      const started = Date.now();
      const error = await openStore(badUrl, { connectionTimeoutMs: 5000 }).then(
        async (s: Store) => { await s.close(); return null; },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreUnavailableError);
      const message = (error as Error).message;
      expect(message).toMatch(pattern);
      expect(message).not.toContain('s3cret');
      // Within the 5 s connection time-out and some, not the minutes of an unbounded TCP connect.
      expect(Date.now() - started).toBeLessThan(15_000);
      return message;
    };

    it('reports an unreachable server as StoreUnavailableError, without the password', async () => {
      const message = await failsQuickly('postgres://bitext:s3cret@127.0.0.1:1/bitext_test', /ECONNREFUSED/);
      expect(message).toContain('postgres://bitext@127.0.0.1:1/bitext_test');
    });

    it('reports a wrong password as StoreUnavailableError', async () => {
      const wrong = new URL(pgUrl);
      wrong.password = 's3cret';
      await failsQuickly(wrong.toString(), /password authentication failed/);
    });

    it('reports an unknown database as StoreUnavailableError', async () => {
      const wrong = new URL(pgUrl);
      wrong.pathname = '/bitext_no_such_database';
      await failsQuickly(wrong.toString(), /does not exist/);
    });

    it('reports a connection the server ends mid-transaction as StoreUnavailableError, and recovers', async () => {
      // A unique application_name, so only this test's connections are terminated.
      const appName = `bitext_kill_${process.pid}_${Date.now()}`;
      const named = new URL(pgUrl);
      named.searchParams.set('application_name', appName);
      const store = await openStore(named.toString(), { schema: freshSchema(), poolSize: 2 });
      const admin = new Client({ connectionString: pgUrl });
      await admin.connect();
      try {
        let inside!: () => void;
        const started = new Promise<void>((r) => (inside = r));
        const work = store.transaction(async (tx) => {
          await tx.setSetting('lost', 'yes');
          inside();
          await new Promise((r) => setTimeout(r, 300));
          return tx.getSetting('lost');
        });
        await started;
        // Terminating needs the same role or pg_signal_backend; the test role owns these sessions.
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [appName]);
        const error = await work.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect((error as Error).message).not.toContain(':bitext@');
        // The pool drops the dead connection; the next call connects afresh, and nothing was committed.
        expect(await store.getSetting('lost')).toBeNull();
      } finally {
        await admin.end();
        await store.close();
      }
    });

    it('reports use after close as StoreUnavailableError', async () => {
      const store = await openStore(pgUrl, { schema: freshSchema() });
      await store.close();
      await expect(store.getSetting('x')).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });
}
