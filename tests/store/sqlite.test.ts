/**
 * The shared store suite on SQLite (a fresh temp file per test), plus what only the embedded
 * store has: the default location, WAL, re-opening, and files that cannot be written.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, resolveStoreLocation, StoreUnavailableError } from '../../src/store';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store';
import { newUnit, storeSuite } from './store-suite';
import { MIGRATIONS } from '../../src/store/sql/migrations';

/** Every migration's version, in order: each helper adds its own. */
const VERSIONS = MIGRATIONS.map((m) => m.version);

const dir = mkdtempSync(join(tmpdir(), 'bitext-store-'));
let counter = 0;
const freshFile = () => join(dir, `test-${++counter}.db`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeSuite('SQLite', () => openStore(freshFile()));

describe('SQLite store', () => {
  const savedEnv = process.env.BITEXT_DATABASE;
  afterEach(() => {
    if (savedEnv === undefined) delete process.env.BITEXT_DATABASE;
    else process.env.BITEXT_DATABASE = savedEnv;
  });

  it('opens BITEXT_DATABASE when no location is given, creating its folder', async () => {
    const file = join(dir, 'nested', 'deeper', 'env.db');
    process.env.BITEXT_DATABASE = file;
    const store = await openStore(undefined);
    expect(store.kind).toBe('sqlite');
    await store.setSetting('k', 'v');
    await store.close();
    expect(existsSync(file)).toBe(true);
    delete process.env.BITEXT_DATABASE;
    expect(resolveStoreLocation(undefined)).toBe(resolve('data/bitext.db'));
    expect(resolveStoreLocation('postgresql://u:p@h/db')).toBe('postgresql://u:p@h/db');
  });

  it('uses WAL, enforces foreign keys, and keeps data and migrations across re-opening', async () => {
    const file = freshFile();
    const store = await openStore(file);
    // Matched by message, not `toThrow`: better-sqlite3's native addon keeps the SqliteError class
    // of the first jest module registry that loaded it, so after another test file that error is
    // not `instanceof Error` in this file's realm, and `toThrow` would say nothing was thrown.
    await expect(store.insertUnits([newUnit({ sourceText: 'ok' }), newUnit({ documentId: 4242, position: 0, paragraph: 0 })]))
      .rejects.toMatchObject({ message: expect.stringMatching(/FOREIGN KEY/) });
    expect(await store.countUnits({})).toBe(0); // the whole batch or nothing
    await store.setSetting('kept', 'yes');
    await store.close();
    await store.close(); // closing twice is harmless

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT version FROM schema_migrations').all()).toEqual(VERSIONS.map((version) => ({ version })));
    raw.close();

    const again = await SqliteStore.open(file);
    expect(await again.getSetting('kept')).toBe('yes');
    expect(await again.schemaVersions()).toEqual(VERSIONS);
    await again.close();
    await expect(again.getSetting('kept')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('makes calls outside a transaction wait for it to finish', async () => {
    const store = await openStore(freshFile());
    try {
      const order: string[] = [];
      const tx = store.transaction(async (t) => {
        await t.setSetting('x', 'inside');
        await sleep(40);
        order.push('commit');
      });
      await sleep(5);
      const outside = store.setSetting('x', 'outside').then(() => order.push('outside'));
      await Promise.all([tx, outside]);
      expect(order).toEqual(['commit', 'outside']);
      expect(await store.getSetting('x')).toBe('outside');
    } finally {
      await store.close();
    }
  });

  it('lets two connections to one file (two processes) write in turn', async () => {
    const file = freshFile();
    const [a, b] = [await openStore(file), await openStore(file)];
    try {
      await Promise.all([
        a.transaction(async (tx) => { await tx.insertUnits([newUnit({ sourceText: 'from a' })]); await sleep(20); }),
        b.transaction(async (tx) => { await tx.insertUnits([newUnit({ sourceText: 'from b' })]); }),
      ]);
      expect(await a.countUnits({})).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('reports a full disk as StoreUnavailableError and keeps nothing of the failed write', async () => {
    const store = await SqliteStore.open(freshFile(), { maxSizeBytes: 512 * 1024 });
    try {
      await store.insertUnits([newUnit({ sourceText: 'kept' })]);
      const big = Array.from({ length: 5000 }, (_, i) => newUnit({ sourceText: `unit ${i} ${'padding '.repeat(20)}` }));
      const error = await store.insertUnits(big).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/SQLITE_FULL/);
      const inTx = await store.transaction(async (tx) => {
        await tx.setSetting('before', 'x');
        await tx.insertUnits(big);
      }).catch((e: unknown) => e);
      expect(inTx).toBeInstanceOf(StoreUnavailableError);
      expect(await store.getSetting('before')).toBeNull();
      expect(await store.countUnits({})).toBe(1);
      await store.setSetting('small', 'still fits');
      expect(await store.getSetting('small')).toBe('still fits');
    } finally {
      await store.close();
    }
  });

  it('opens independent in-memory stores for ":memory:"', async () => {
    const [a, b] = [await openStore(':memory:'), await openStore(':memory:')];
    await a.setSetting('k', 'a');
    expect(await b.getSetting('k')).toBeNull();
    expect(await a.getSetting('k')).toBe('a');
    await a.close();
    await b.close();
  });

  it('reports a folder that cannot be created as StoreUnavailableError', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const error = await openStore(join(blocker, 'sub', 'bitext.db')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(blocker);
  });

  it('reports a file that is not a database as StoreUnavailableError', async () => {
    const file = join(dir, 'garbage.db');
    writeFileSync(file, 'this is not a SQLite database, just text that is long enough to have a header'.repeat(20));
    const error = await openStore(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/not a usable SQLite database/);
  });

  it('reports a read-only database file as StoreUnavailableError', async () => {
    const roDir = join(dir, 'readonly');
    mkdirSync(roDir);
    const file = join(roDir, 'bitext.db');
    const setup = await openStore(file);
    await setup.setSetting('k', 'v');
    await setup.close();
    chmodSync(file, 0o444);
    chmodSync(roDir, 0o555);
    try {
      if (process.getuid?.() !== 0) {
        const error = await openStore(file).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect((error as Error).message).toMatch(/not writable/);
        return;
      }
      // Root writes through file modes; without CAP_DAC_OVERRIDE it is held to them like anyone.
      const root = resolve(__dirname, '../..');
      const script = `
        const { openStore } = require(${JSON.stringify(join(root, 'src/store/index.ts'))});
        openStore(process.argv[1]).then(
          async (s) => { await s.setSetting('k', 'changed'); console.log(JSON.stringify({ opened: true })); await s.close(); },
          (e) => console.log(JSON.stringify({ name: e.name, message: e.message })));`;
      const child = spawnSync('setpriv', ['--bounding-set=-dac_override,-dac_read_search', '--',
        process.execPath, '--import', 'tsx', '-e', script, file], { cwd: root, encoding: 'utf8', timeout: 30_000 });
      expect(child.error).toBeUndefined();
      const result = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
      expect(result.name).toBe('StoreUnavailableError');
      expect(result.message).toMatch(/not writable/);
    } finally {
      chmodSync(roDir, 0o755);
      chmodSync(file, 0o644);
    }
    const check = await openStore(file);
    expect(await check.getSetting('k')).toBe('v');
    await check.close();
  });
});
