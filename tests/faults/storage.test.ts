/**
 * The disk full and the SQLite file read-only: a clear error, nothing half-written, and the
 * store usable again once there is room (or write access) again.
 *
 * A real full disk and a real read-only file system are small tmpfs mounts (this needs root
 * and a kernel that lets us mount, as on CI); where mounting is not allowed those cases skip
 * and the store's `maxSizeBytes` (SQLite's max_page_count, which fails writes with the same
 * SQLITE_FULL) stands in for the full disk.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, StoreUnavailableError } from '../../src/store';
import { Workflow } from '../../src/workflow';
import type { ImportedUnit } from '../../src/formats';
import { REPO_ROOT } from '../support/stores';
import { LEAK, SLUG, addAccount, call, requireBuiltCli, runCli, serveInProcess } from '../scale/helpers';
import { storeOf, workflowOver } from '../support/workflow-store';

const dir = mkdtempSync(join(tmpdir(), 'bitext-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function units(n: number, tag: string): AsyncIterable<ImportedUnit> {
  return (async function* () {
    for (let i = 0; i < n; i++) {
      yield {
        sourceLocale: 'en' as const, sourceText: `Storage test ${tag} sentence number ${i}, long enough to take some room on disk.`,
        targetLocale: 'zh-Hans' as const, targetText: `存储测试${tag}第${i}句，长度足以占用一些磁盘空间。`,
        status: 'translated' as const, origin: 'human' as const, inlineCodes: [], note: null,
      };
    }
  })();
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe('a full store (maxSizeBytes)', () => {
  it('refuses an import with a clear error, keeps nothing of it, and takes small writes after', async () => {
    const file = join(dir, 'limited.db');
    const seeded = new Workflow(await openStore(file));
    await seeded.seed(REPO_ROOT);
    await seeded.close();
    const { size } = await import('node:fs').then((fs) => fs.statSync(file));
    const workflow = workflowOver(await openStore(file, { maxSizeBytes: size + 256 * 1024 }));
    try {
      const before = await storeOf(workflow).countUnits({});
      const error = await workflow.importMemory(units(20_000, 'A'), { by: 'test' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/is full/);
      expect(await storeOf(workflow).countUnits({})).toBe(before);
      expect((await workflow.lookup('Storage test A sentence number 5, long enough to take some room on disk.'))).toEqual([]);
      // Room for a small import still: the store is usable, not wedged.
      expect((await workflow.importMemory(units(10, 'B'), { by: 'test' })).added).toBe(10);
    } finally {
      await workflow.close();
    }
    expect(integrity(file)).toBe('ok');
  });

  it('answers a write that does not fit with 503 and no detail, and keeps serving reads', async () => {
    const file = join(dir, 'limited-http.db');
    const seeded = new Workflow(await openStore(file));
    await seeded.seed(REPO_ROOT);
    const account = await addAccount(seeded, 'tess', 'translator');
    await seeded.close();
    const { size } = await import('node:fs').then((fs) => fs.statSync(file));
    const workflow = new Workflow(await openStore(file, { maxSizeBytes: size }));
    const server = await serveInProcess(workflow);
    try {
      const unit = (await workflow.articleUnits(SLUG, { locale: 'zh-Hans' }))[0]!;
      const put = await call(`${server.url}/api/units/${unit.id}`, {
        method: 'PUT', token: account.token, headers: { 'if-match': `"${unit.version}"` }, body: { text: '满'.repeat(19_000) },
      });
      expect(put.status).toBe(503);
      expect(put.headers.get('retry-after')).toBe('5');
      expect(put.text).not.toMatch(LEAK);
      expect((await workflow.unit(unit.id)).version).toBe(unit.version); // nothing half-written
      expect((await call(`${server.url}/zh-Hans/articles/${SLUG}`)).status).toBe(200);
    } finally {
      await server.close();
      await workflow.close();
    }
  });
});

/** A tmpfs of `size` at a fresh folder, or null where mounting is not allowed. */
function tryMount(size: string): { path: string; readOnly(): void; unmount(): void } | null {
  const path = join(dir, `mnt-${Math.random().toString(36).slice(2)}`);
  mkdirSync(path);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return {
    path,
    // The kernel refuses this while a file is open for writing, so only with the store closed.
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', path], { stdio: 'ignore' }),
    unmount: () => execFileSync('umount', ['-l', path], { stdio: 'ignore' }),
  };
}

const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = tryMount('1m');
  probe?.unmount();
  return probe !== null;
})();

(canMount ? describe : describe.skip)('a real full disk and a read-only file system (tmpfs mounts)', () => {
  beforeAll(requireBuiltCli);

  it('tm import on a full disk: exit 1, a message that says so, nothing imported, the file intact', async () => {
    const mount = tryMount('3m')!;
    try {
      const database = join(mount.path, 'bitext.db');
      const env = { BITEXT_DATABASE: database };
      expect((await runCli(['seed'], env)).code).toBe(0);
      const tmx = join(dir, 'full.tmx');
      const tus: string[] = [];
      for (let i = 0; i < 30_000; i++) {
        tus.push(`<tu><tuv xml:lang="en"><seg>Disk full test sentence ${i} about the new ferry terminal.</seg></tuv>`
          + `<tuv xml:lang="zh-CN"><seg>磁盘满测试第${i}句，关于新客运码头。</seg></tuv></tu>`);
      }
      writeFileSync(tmx, `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>${tus.join('\n')}</body></tmx>`);
      const store = await openStore(database);
      const before = await store.countUnits({});
      await store.close();

      const result = await runCli(['tm', 'import', tmx], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/full/);
      expect(result.stderr).toMatch(/nothing was imported/);
      expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);

      const after = await openStore(database);
      try {
        expect(await after.countUnits({})).toBe(before);
      } finally {
        await after.close();
      }
      expect(integrity(database)).toBe('ok');
    } finally {
      mount.unmount();
    }
  });

  it('a command on a read-only file system: exit 1 and a message naming the file', async () => {
    const mount = tryMount('4m')!;
    try {
      const database = join(mount.path, 'bitext.db');
      expect((await runCli(['user', 'add', 'ann', '--role', 'editor'], { BITEXT_DATABASE: database })).code).toBe(0);
      mount.readOnly();
      const result = await runCli(['user', 'add', 'bob', '--role', 'editor'], { BITEXT_DATABASE: database });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(database);
      expect(result.stderr).toMatch(/not writable|read-only/);
    } finally {
      mount.unmount();
    }
  });
});
