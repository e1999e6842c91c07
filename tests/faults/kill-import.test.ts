/**
 * `kill -9` of `bitext tm import big.tmx` half-way through a 100,000-unit file, on both stores,
 * with the real CLI. The import runs under a pseudo-terminal (`script`) so that its progress bar
 * shows, and the process is killed once the bar says it is between a quarter and three quarters
 * through. Afterwards the store holds what it held before and none of the import, is intact,
 * and the same import run again succeeds.
 *
 * About 45 s for both stores, so it runs in the fault profile (BITEXT_FAULT_TESTS=1, as .ci/run's
 * fault step sets), not in every `npm test`.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../../src/store';
import { REPO_ROOT } from '../support/stores';
import { CLI, PG_URL, dropSchemas, freshSchemaUrl, requireBuiltCli, runCli } from '../scale/helpers';

const UNITS = 100_000;
const dir = mkdtempSync(join(tmpdir(), 'bitext-kill-'));
const big = join(dir, 'big.tmx');

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchemas();
});

async function writeBigTmx(): Promise<void> {
  const out = createWriteStream(big);
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())));
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="fault-test" creationtoolversion="1" '
    + 'segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>\n');
  for (let i = 0; i < UNITS; i++) {
    await write(`<tu><tuv xml:lang="en"><seg>Ferry number ${i} leaves the Jiangmen terminal at gate ${i % 97}.</seg></tuv>`
      + `<tuv xml:lang="zh-CN"><seg>第${i}班渡轮从江门客运站${i % 97}号闸口开出。</seg></tuv></tu>\n`);
  }
  await write('</body></tmx>\n');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** Pids of `root` and all its descendants, from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return out;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Starts the import on a pseudo-terminal and SIGKILLs the node process once progress is mid-way. */
function importAndKill(database: string): Promise<{ percent: number; output: string }> {
  return new Promise((resolve, reject) => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} tm import ${JSON.stringify(big)}`;
    const wrapper = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: REPO_ROOT, env: { ...process.env, BITEXT_DATABASE: database, COLUMNS: '120' }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let killed = false;
    const timer = setTimeout(() => {
      for (const pid of descendants(wrapper.pid!).reverse()) process.kill(pid, 'SIGKILL');
      reject(new Error(`no mid-way progress within 50 s: ${output.slice(-500)}`));
    }, 50_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      if (killed) return;
      const percents = [...output.matchAll(/(\d+)%/g)].map((m) => Number(m[1]));
      const percent = percents[percents.length - 1] ?? 0;
      if (percent < 25 || percent > 75) return;
      const importer = descendants(wrapper.pid!).find((pid) => cmdline(pid).includes('tm import'));
      if (!importer) return;
      killed = true;
      process.kill(importer, 'SIGKILL');
      wrapper.once('close', () => {
        clearTimeout(timer);
        resolve({ percent, output });
      });
    };
    wrapper.stdout.on('data', onData);
    wrapper.stderr.on('data', onData);
    wrapper.once('close', (code) => {
      if (killed) return;
      clearTimeout(timer);
      reject(new Error(`the import ended (${code}) before it could be killed mid-way: ${output.slice(-500)}`));
    });
  });
}

interface Kind { name: string; database: () => Promise<string>; check: (database: string) => void }

const kinds: Kind[] = [
  {
    name: 'SQLite',
    database: async () => join(dir, 'store.db'),
    check: (database) => {
      const db = new Database(database);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
    },
  },
];
if (PG_URL) kinds.push({ name: 'PostgreSQL', database: async () => (await freshSchemaUrl(PG_URL!)).url, check: () => undefined });

const faultProfile = process.env.BITEXT_FAULT_TESTS === '1';

if (!faultProfile) test.skip('kill -9 mid-import (set BITEXT_FAULT_TESTS=1 to run)', () => undefined);

beforeAll(async () => {
  if (!faultProfile) return;
  requireBuiltCli();
  await writeBigTmx();
}, 60_000);

(faultProfile ? describe.each(kinds) : describe.skip.each(kinds))('kill -9 in the middle of a 100,000-unit import ($name)', (kind) => {
  it('leaves the store as it was, and the import runs again', async () => {
    const database = await kind.database();
    const env = { BITEXT_DATABASE: database };
    expect((await runCli(['seed'], env)).code).toBe(0);
    const count = async (): Promise<{ units: number; memory: number; concepts: number }> => {
      const store: Store = await openStore(database);
      try {
        return { units: await store.countUnits({}), memory: await store.countUnits({ scope: 'memory' }), concepts: (await store.listConcepts()).length };
      } finally {
        await store.close();
      }
    };
    const before = await count();
    expect(before.units).toBeGreaterThan(0);

    const { percent } = await importAndKill(database);
    expect(percent).toBeGreaterThanOrEqual(25);
    if (database.endsWith('.db')) expect(existsSync(`${database}-wal`)).toBe(true); // it was writing

    kind.check(database);
    expect(await count()).toEqual(before);

    const again = await runCli(['tm', 'import', big], env, 55_000);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    expect(again.stdout).toContain(`${UNITS} added`);
    expect(await count()).toEqual({ ...before, units: before.units + UNITS, memory: before.memory + UNITS });
    kind.check(database);
  }, 120_000);
});
