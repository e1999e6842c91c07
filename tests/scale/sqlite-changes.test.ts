/**
 * SQLite has no LISTEN/NOTIFY: changes go through a change log committed with the transaction
 * that made them, and other processes poll it. What a CLI command changes (an import, an
 * approval) reaches a running server on the same file without a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store, type StoreChange } from '../../src/store';
import { Workflow } from '../../src/workflow';
import { REPO_ROOT } from '../support/stores';

const dir = mkdtempSync(join(tmpdir(), 'bitext-sqlite-changes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(predicate: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('SQLite change log', () => {
  let a: Store;
  let b: Store;
  beforeEach(async () => {
    const file = join(dir, `changes-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
    a = await openStore(file);
    b = await openStore(file);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('delivers another store object’s changes, never its own, and none of a rolled-back transaction', async () => {
    const heardByB: StoreChange[] = [];
    const heardByA: StoreChange[] = [];
    const stopB = await b.listen((c) => heardByB.push(c));
    const stopA = await a.listen((c) => heardByA.push(c));
    await a.notify({ kind: 'article', slug: 'one' });
    await expect(a.transaction(async () => {
      await a.notify({ kind: 'article', slug: 'rolled-back' });
      throw new Error('undo');
    })).rejects.toThrow('undo');
    await a.transaction(async () => { await a.notify({ kind: 'units', ids: [7, 8] }); });
    await until(() => heardByB.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(heardByB).toEqual([{ kind: 'article', slug: 'one' }, { kind: 'units', ids: [7, 8] }]);
    expect(heardByA).toEqual([]);
    stopA();
    stopB();
  });
});

describe('two workflows on one SQLite file (a server and a CLI command)', () => {
  it('an approval made by one invalidates the other’s published pages and memory', async () => {
    const file = join(dir, 'workflows.db');
    const server = new Workflow(await openStore(file));
    const cli = new Workflow(await openStore(file));
    try {
      await cli.seed(REPO_ROOT);
      await Promise.all([server.ready(), cli.ready()]);
      const changed: string[] = [];
      const stop = server.site.onArticleChanged((slug) => changed.push(slug));
      const [unit] = await cli.articleUnits('jiangmen-achievements', { locale: 'zh-Hans' });
      expect(await server.lookup(unit!.sourceText)).toEqual([expect.objectContaining({ target: unit!.targetText })]);
      const edited = await cli.editTarget({ id: unit!.id, version: unit!.version, text: '江门的发展成就', by: 'cli' });
      await until(() => changed.includes('jiangmen-achievements'));
      await until(async () => (await server.lookup(unit!.sourceText))[0]?.target === edited.targetText);
      stop();
    } finally {
      await server.close();
      await cli.close();
    }
  });
});
