/**
 * The memory index kept across processes (issue #20), on both stores: saved after a build,
 * loaded (not rebuilt) by the next process and caught up from the store's unit change log, so a
 * lookup right after an import, an edit or a removal made by another process sees it. A missing,
 * truncated, damaged, foreign or stale saved index is rebuilt, never trusted; two processes
 * saving at once leave a whole file; a saved index that cannot be written again still loads.
 * "Processes" here are separate store objects on one file or schema (as separate processes are:
 * nothing is shared but the store); tests/cli/memory-index.test.ts runs real processes.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { ImportedUnit } from '../../src/formats';
import { scanLookup } from '../../src/memory';
import { openStore, type Store } from '../../src/store';
import type { Workflow } from '../../src/workflow';
import { pruneChangeLog } from '../../src/workflow/memory-index';
import { workflowOver } from '../support/workflow-store';

const dir = mkdtempSync(join(tmpdir(), 'bitext-tmindex-'));
const pgUrl = process.env.BITEXT_TEST_PG_URL;
const schemas: string[] = [];
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

/** A place for one store that several store objects ("processes") open. */
interface Place { open(): Promise<Store>; sidecar: string | null }
let counter = 0;
const sqlitePlace = (): Place => {
  const file = join(dir, `store-${++counter}.db`);
  return { open: () => openStore(file), sidecar: `${file}.tmindex` };
};
const pgPlace = (): Place => {
  const schema = `bitext_tmi${process.pid}_${++counter}`;
  schemas.push(schema);
  return { open: () => openStore(pgUrl!, { schema }), sidecar: null };
};

const SENTENCES = [
  'The city of Jiangmen grew quickly in the last ten years.',
  'Sales of new cars fell in the second half of the year.',
  'The report was published by the provincial government.',
  'Visitors from Hong Kong and Macao came to the festival.',
  'A new bridge links the two banks of the river.',
];

function unit(i: number, overrides: Partial<ImportedUnit> = {}): ImportedUnit {
  return {
    sourceLocale: 'en', sourceText: `${SENTENCES[i % SENTENCES.length]!.replace('.', '')} number ${i}.`, targetLocale: 'zh-Hans',
    targetText: `第${i}句。`, status: 'translated', origin: 'imported', inlineCodes: [], note: null, ...overrides,
  };
}

async function* stream(units: Iterable<ImportedUnit>): AsyncIterable<ImportedUnit> {
  for (const u of units) yield u;
}

const QUERIES = [
  'The city of Jiangmen grew quickly in the last ten years number 3.',
  'Sales of new cars fell in the first half of the year number 11.',
  'A new bridge links the banks of the river number 4.',
  'Visitors from Macao came to the festival.',
];
// As the workflow asks: no neighbours, so a memory unit (which has none either) is a context match at 100.
const OPTIONS = { sourceLocale: 'en', targetLocale: 'zh-Hans', min: 60, limit: 5, previousSource: null, nextSource: null } as const;

/** What a lookup must give: the scan over the store's units as they are now. */
async function expected(store: Store, query: string): Promise<string[]> {
  const units = (await store.listUnits({})).filter((u) => u.status !== 'new' && u.targetText.trim() !== '');
  return scanLookup(units, query, OPTIONS).map((m) => `${m.unitId}:${m.score}:${m.target}`);
}

async function lookups(workflow: Workflow): Promise<string[][]> {
  const out: string[][] = [];
  for (const q of QUERIES) out.push((await workflow.lookup(q, OPTIONS)).map((m) => `${m.unitId}:${m.score}:${m.target}`));
  return out;
}

async function agrees(workflow: Workflow, store: Store): Promise<void> {
  const want: string[][] = [];
  for (const q of QUERIES) want.push(await expected(store, q));
  expect(await lookups(workflow)).toEqual(want);
}

async function until(predicate: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const kinds: Array<[string, () => Place]> = [['SQLite', sqlitePlace]];
if (pgUrl) kinds.push(['PostgreSQL', pgPlace]);
else if (process.env.CI) test('PostgreSQL: BITEXT_TEST_PG_URL is set', () => { throw new Error('BITEXT_TEST_PG_URL is not set: CI must run the PostgreSQL suites'); });

describe.each(kinds)('the saved memory index (%s)', (_name, makePlace) => {
  let place: Place;
  const open: Workflow[] = [];
  /** A new "process": its own store object and workflow. */
  const processOn = async (): Promise<{ workflow: Workflow; store: Store }> => {
    const store = await place.open();
    const workflow = workflowOver(store);
    open.push(workflow);
    await workflow.ready();
    return { workflow, store };
  };
  beforeEach(() => { place = makePlace(); });
  afterEach(async () => {
    for (const w of open.splice(0)) await w.close();
  });

  it('is built and saved by the first process, loaded by the next, and equal to the scan', async () => {
    const first = await processOn();
    await first.workflow.importMemory(stream(Array.from({ length: 300 }, (_, i) => unit(i))), { by: 't' });
    await agrees(first.workflow, first.store);
    expect(first.workflow.memoryIndexStatus()).toMatchObject({ source: 'built', rejected: 'no saved index' });
    expect(await first.workflow.saveMemoryIndex()).toMatchObject({ bytes: expect.any(Number) });
    const second = await processOn();
    await agrees(second.workflow, second.store);
    expect(second.workflow.memoryIndexStatus()).toMatchObject({ source: 'file', rejected: null, caughtUp: 0 });
  });

  it('catches up on what other processes imported, edited and removed since it was saved', async () => {
    const first = await processOn();
    await first.workflow.importMemory(stream(Array.from({ length: 200 }, (_, i) => unit(i))), { by: 't' });
    await first.workflow.prepareMemoryIndex();
    await first.workflow.saveMemoryIndex();
    // Another process imports, and edits and removes units without telling anyone (the log knows).
    const other = await processOn();
    await other.workflow.importMemory(stream(Array.from({ length: 150 }, (_, i) => unit(1000 + i))), { by: 't' });
    const [a, b, c] = await other.store.listUnitsPage({}, 0, 3);
    await other.store.updateUnit(a!.id, a!.version, { targetText: '改过的译文。' }, { action: 'edit', by: 't' });
    await other.store.updateUnit(b!.id, b!.version, { sourceText: 'A new bridge links the banks of the river number 4.' }, { action: 'source-edit', by: 't' });
    await other.store.deleteUnits([c!.id]);
    // (A workflow tells the running processes of each change; done here by hand, once, for all three.)
    await other.store.notify!({ kind: 'memory' });
    // A process started now sees all of it at its first lookup.
    const next = await processOn();
    await agrees(next.workflow, next.store);
    expect(next.workflow.memoryIndexStatus()).toMatchObject({ source: 'file', caughtUp: 153 });
    expect((await next.workflow.lookup('A new bridge links the banks of the river number 4.', OPTIONS))[0]).toMatchObject({ unitId: b!.id, score: 101 - 2 });
    // The running first process hears of the import and catches up too.
    await until(async () => (await first.workflow.lookup(unit(1149).sourceText, OPTIONS))[0]?.target === unit(1149).targetText);
    await until(async () => JSON.stringify(await lookups(first.workflow)) === JSON.stringify(await lookups(next.workflow)));
    await agrees(first.workflow, first.store);
  });

  it('refuses a saved index that belongs to another store or is ahead of this one, and rebuilds it', async () => {
    const first = await processOn();
    await first.workflow.importMemory(stream(Array.from({ length: 50 }, (_, i) => unit(i))), { by: 't' });
    await first.workflow.prepareMemoryIndex();
    await first.workflow.saveMemoryIndex();
    // Ahead: the store's log says fewer changes than the saved index was made at.
    const reader = (await first.store.readIndexFile!())!;
    const bytes = Buffer.from(reader.read(0, reader.size));
    reader.close();
    const header = bytes.toString('utf8', 20, 20 + bytes.readUInt32LE(12));
    const meta = JSON.parse(header).meta as { changeSeq: number };
    const { crc32 } = await import('node:zlib');
    const rewrite = async (replaced: string): Promise<void> => {
      expect(replaced.length).toBe(header.length);
      const changed = Buffer.from(bytes);
      changed.write(replaced, 20, 'utf8');
      changed.writeInt32LE(crc32(Buffer.from(replaced, 'utf8')) | 0, 16);
      await first.store.writeIndexFile!([changed]);
    };
    const nines = '9'.repeat(String(meta.changeSeq).length);
    expect(String(meta.changeSeq)).not.toBe(nines);
    await rewrite(header.replace(`"changeSeq":${meta.changeSeq}`, `"changeSeq":${nines}`));
    const ahead = await processOn();
    await agrees(ahead.workflow, ahead.store);
    expect(ahead.workflow.memoryIndexStatus()).toMatchObject({ source: 'built', rejected: expect.stringMatching(/ahead of the store/) });
    await ahead.workflow.saveMemoryIndex(); // its own background save done before the next rewrite
    // Another store's index (same length of id, other id).
    const storeId = JSON.parse(header).meta.storeId as string;
    await rewrite(header.replace(storeId, storeId.split('').reverse().join('') === storeId ? `x${storeId.slice(1)}` : storeId.split('').reverse().join('')));
    const foreign = await processOn();
    await agrees(foreign.workflow, foreign.store);
    expect(foreign.workflow.memoryIndexStatus()).toMatchObject({ source: 'built', rejected: 'the saved index belongs to another store' });
  });

  it('prunes the change log; a saved index or a running process older than the pruned point rebuilds, a current one loads', async () => {
    const first = await processOn();
    await first.workflow.importMemory(stream(Array.from({ length: 120 }, (_, i) => unit(i))), { by: 't' });
    await first.workflow.prepareMemoryIndex();
    await first.workflow.saveMemoryIndex();
    // Another process edits units (logged), then prunes the log through its newest entry.
    const other = await processOn();
    const [a, b] = await other.store.listUnitsPage({}, 0, 2);
    await other.store.updateUnit(a!.id, a!.version, { targetText: '剪枝后的译文。' }, { action: 'edit', by: 't' });
    await other.store.updateUnit(b!.id, b!.version, { sourceText: 'Visitors from Macao came to the festival.' }, { action: 'source-edit', by: 't' });
    const mark = (await other.store.unitChangeMark())!;
    expect(await other.store.unitChangesSince(0, 100)).toHaveLength(2);
    // Keeping entries behind the mark: nothing of these two goes.
    expect(await pruneChangeLog(other.store, mark)).toBe(0);
    expect(await pruneChangeLog(other.store, mark, 0)).toBe(2);
    expect(await other.store.unitChangesSince(0, 100)).toEqual([]);
    // The pruned point only rises (a second, older prune does not lower it).
    expect(await pruneChangeLog(other.store, { changeSeq: mark.changeSeq - 1, maxUnitId: mark.maxUnitId }, 0)).toBe(0);
    expect(Number(await other.store.getSetting('unit-changes.pruned-through'))).toBe(mark.changeSeq);
    // A new process does not trust the saved index (its mark is before the pruned point).
    const next = await processOn();
    await agrees(next.workflow, next.store);
    expect(next.workflow.memoryIndexStatus()).toMatchObject({ source: 'built', rejected: 'the change log was pruned past the saved index' });
    // The running first process hears of the change, cannot catch up from the log, rebuilds: still right.
    await other.store.notify!({ kind: 'memory' });
    await until(async () => first.workflow.memoryIndexStatus()?.rejected === 'the change log could not bring the index up to date');
    await agrees(first.workflow, first.store);
    expect((await first.workflow.lookup(unit(a!.id - 1).sourceText, OPTIONS)).find((m) => m.unitId === a!.id)?.target).toBe('剪枝后的译文。');
    // Saved at the current mark, the index loads again.
    await next.workflow.saveMemoryIndex();
    const last = await processOn();
    await agrees(last.workflow, last.store);
    expect(last.workflow.memoryIndexStatus()).toMatchObject({ source: 'file', rejected: null, caughtUp: 0 });
    // The log goes on after the pruned point: a later edit is caught up from it.
    const c = (await other.store.listUnitsPage({}, 10, 1))[0]!;
    await other.store.updateUnit(c.id, c.version, { targetText: '剪枝之后再改。' }, { action: 'edit', by: 't' });
    await other.store.notify!({ kind: 'memory' });
    await until(async () => (await last.workflow.lookup(c.sourceText, OPTIONS))[0]?.target === '剪枝之后再改。');
    await agrees(last.workflow, last.store);
    expect(last.workflow.memoryIndexStatus()).toMatchObject({ source: 'file', caughtUp: 1 });
  });

  it('two processes building and saving at once leave one whole saved index', async () => {
    const first = await processOn();
    await first.workflow.importMemory(stream(Array.from({ length: 400 }, (_, i) => unit(i))), { by: 't' });
    const a = await processOn();
    const b = await processOn();
    await Promise.all([a.workflow.prepareMemoryIndex(), b.workflow.prepareMemoryIndex()]);
    const saved = await Promise.all([a.workflow.saveMemoryIndex(), b.workflow.saveMemoryIndex(), a.workflow.saveMemoryIndex()]);
    for (const s of saved) expect(s).toMatchObject({ bytes: expect.any(Number) });
    const next = await processOn();
    await agrees(next.workflow, next.store);
    expect(next.workflow.memoryIndexStatus()).toMatchObject({ source: 'file' });
  });
});

describe('the SQLite sidecar file', () => {
  let file: string;
  const open: Workflow[] = [];
  const processOn = async (): Promise<{ workflow: Workflow; store: Store }> => {
    const store = await openStore(file);
    const workflow = workflowOver(store);
    open.push(workflow);
    return { workflow, store };
  };
  beforeEach(async () => {
    file = join(dir, `sidecar-${++counter}.db`);
    const { workflow } = await processOn();
    await workflow.importMemory(stream(Array.from({ length: 120 }, (_, i) => unit(i))), { by: 't' });
    await workflow.prepareMemoryIndex();
    await workflow.saveMemoryIndex();
    expect(existsSync(`${file}.tmindex`)).toBe(true);
  });
  afterEach(async () => {
    for (const w of open.splice(0)) await w.close();
  });

  it('missing: built and saved again', async () => {
    rmSync(`${file}.tmindex`);
    const { workflow, store } = await processOn();
    await agrees(workflow, store);
    expect(workflow.memoryIndexStatus()).toMatchObject({ source: 'built', rejected: 'no saved index' });
    await until(async () => existsSync(`${file}.tmindex`));
  });

  it('truncated or damaged: refused, built, and replaced by a whole one', async () => {
    const size = statSync(`${file}.tmindex`).size;
    truncateSync(`${file}.tmindex`, size - 100);
    const first = await processOn();
    await agrees(first.workflow, first.store);
    expect(first.workflow.memoryIndexStatus()).toMatchObject({ source: 'built', rejected: expect.stringMatching(/truncated/) });
    await first.workflow.saveMemoryIndex();
    const bytes = readFileSync(`${file}.tmindex`);
    bytes[bytes.length - 200] ^= 0xff; // inside the index part or the texts: a checksum catches either
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(`${file}.tmindex`, bytes);
    const second = await processOn();
    await agrees(second.workflow, second.store);
    expect(second.workflow.memoryIndexStatus()).toMatchObject({ source: 'built', rejected: expect.stringMatching(/checksum/) });
    writeFileSync(`${file}.tmindex`, 'not an index at all');
    const third = await processOn();
    await agrees(third.workflow, third.store);
    expect(third.workflow.memoryIndexStatus()).toMatchObject({ source: 'built', rejected: expect.stringMatching(/too short|not an index/) });
  });

  it('a saved index copied from another store is refused', async () => {
    const otherFile = join(dir, `other-${++counter}.db`);
    const other = workflowOver(await openStore(otherFile));
    open.push(other);
    await other.importMemory(stream([unit(7), unit(8)]), { by: 't' });
    copyFileSync(`${file}.tmindex`, `${otherFile}.tmindex`);
    await expect(other.lookup(unit(7).sourceText, OPTIONS)).resolves.toHaveLength(1);
    expect(other.memoryIndexStatus()).toMatchObject({ source: 'built', rejected: 'the saved index belongs to another store' });
  });

  it('a read-only saved index still loads; one that cannot be written again leaves lookups right', async () => {
    chmodSync(`${file}.tmindex`, 0o444);
    const reader = await processOn();
    await agrees(reader.workflow, reader.store);
    expect(reader.workflow.memoryIndexStatus()).toMatchObject({ source: 'file' });
    // The sidecar's name taken by a folder: nothing can be renamed over it.
    rmSync(`${file}.tmindex`);
    mkdirSync(`${file}.tmindex`);
    writeFileSync(join(`${file}.tmindex`, 'keep'), '');
    const writer = await processOn();
    await agrees(writer.workflow, writer.store);
    expect(writer.workflow.memoryIndexStatus()).toMatchObject({ source: 'built' });
    expect(await writer.workflow.saveMemoryIndex()).toMatchObject({ error: expect.any(String) });
    await agrees(writer.workflow, writer.store);
  });
});

/**
 * As root, a file's mode does not stop a write, so the test above cannot tell whether loading needs
 * write access. Here the sidecar is bind-mounted read-only onto itself: every write, and a rename
 * over it, fails as on a read-only medium, for root too. Needs root and a kernel that lets us mount
 * (as on CI, and as tests/faults/storage.test.ts needs); elsewhere it skips.
 */
const canBindReadOnly = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = join(dir, 'bind-probe');
  writeFileSync(probe, '');
  try {
    execFileSync('mount', ['--bind', probe, probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

(canBindReadOnly ? describe : describe.skip)('a sidecar on a read-only medium (bind mount)', () => {
  it('loads and answers as the scan does; saving again fails and leaves lookups right', async () => {
    const file = join(dir, `ro-${++counter}.db`);
    const sidecar = `${file}.tmindex`;
    const maker = workflowOver(await openStore(file));
    await maker.importMemory(stream(Array.from({ length: 120 }, (_, i) => unit(i))), { by: 't' });
    await maker.prepareMemoryIndex();
    await maker.saveMemoryIndex();
    await maker.close();
    const saved = readFileSync(sidecar);
    execFileSync('mount', ['--bind', sidecar, sidecar], { stdio: 'ignore' });
    try {
      execFileSync('mount', ['-o', 'remount,ro,bind', sidecar], { stdio: 'ignore' });
      expect(() => writeFileSync(sidecar, 'x')).toThrow(/read-only|EROFS/i); // read-only for root too
      const store = await openStore(file);
      const workflow = workflowOver(store);
      try {
        await agrees(workflow, store);
        expect(workflow.memoryIndexStatus()).toMatchObject({ source: 'file', rejected: null });
        // A change, then a save that cannot replace the file: an error, the same answers.
        const [first] = await store.listUnits({});
        await store.updateUnit(first!.id, first!.version, { targetText: '只读介质上的译文。' }, { action: 'edit', by: 't' });
        expect(await workflow.saveMemoryIndex()).toMatchObject({ error: expect.any(String) });
        await agrees(workflow, store);
      } finally {
        await workflow.close();
      }
      expect(readFileSync(sidecar).equals(saved)).toBe(true);
    } finally {
      execFileSync('umount', ['-l', sidecar], { stdio: 'ignore' });
    }
  });
});
