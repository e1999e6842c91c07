/**
 * `npm run build && npm run bench -- cold [--units 200000] [--runs 5]`
 *
 * What a translator waits for in a fresh process, against a bare `node -e 0` measured in the
 * same run: `bitext --help`, a one-pair `bitext check`, `bitext align --sentences` of a
 * 500-sentence chapter (mac-dev), the first `bitext tm lookup` on a memory
 * of --units English→Chinese units (bench/fuzzy's generator; 200,000 by default, --units 1000000
 * only on a quiet machine) with its saved index in place, the same with no saved index (a build:
 * what every process paid before), and `bitext serve`'s first lookup after a restart. Each figure
 * is the median of --runs fresh processes, printed with the load average at the time (the
 * machine is shared; CPU time of the children is printed too). The memory is made once and kept
 * in the system's temp folder (`--keep` leaves it there; it is reused by the next run).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NewTranslationUnit } from '../src/memory';
import { openStore } from '../src/store';
import { Generator, loadCorpus, mulberry32 } from './fuzzy';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
}

const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall milliseconds of one process run to its end (and its stdout). */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}): { ms: number; stdout: string; code: number | null } {
  const t0 = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent', ...env }, maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { ms, stdout: r.stdout, code: r.status };
}

async function makeMemory(file: string, size: number): Promise<void> {
  const corpus = loadCorpus();
  if (corpus.english.length === 0) throw new Error('bench cold needs ../shared/corpora (English sentences for the memory)');
  const gen = new Generator(corpus, mulberry32(size));
  const store = await openStore(file);
  try {
    if ((await store.countUnits({})) === size) return;
    if ((await store.countUnits({})) > 0) throw new Error(`${file} holds another memory: remove it`);
    const t0 = performance.now();
    for (let i = 1; i <= size; i += 10_000) {
      const batch: NewTranslationUnit[] = [];
      for (let id = i; id < Math.min(size + 1, i + 10_000); id++) {
        const u = gen.unit(id);
        batch.push({
          documentId: null, position: null, paragraph: null, sourceLocale: 'en', sourceText: u.sourceText, targetLocale: 'zh-Hans',
          targetText: u.targetText, status: u.status, origin: u.origin, bead: null, matchScore: null,
          previousSource: null, nextSource: null, inlineCodes: [], findings: [], overrides: [], createdBy: 'bench',
        });
      }
      await store.insertUnits(batch);
    }
    console.log(`   (made the ${size.toLocaleString('en')}-unit memory in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${file})`);
  } finally {
    await store.close();
  }
}

const MAC = join(process.env.BITEXT_CORPORA ?? join(ROOT, '..', 'shared', 'corpora'), 'mac-dev');

/**
 * A 500-sentence chapter: mac-dev's chapter 001 and the start of 002, cut where a gold bead ends
 * (after 002's source sentence 207 and target sentence 343): 500 Chinese, 657 English sentences.
 */
function chapter500(): { src: string; tgt: string; lines: string } | null {
  if (!existsSync(join(MAC, 'src', '001'))) return null;
  const first = (file: string, n: number): string => readFileSync(file, 'utf8').split('\n').slice(0, n).join('\n');
  const whole = (file: string): string => readFileSync(file, 'utf8').replace(/\n$/, '');
  const src = join(tmpdir(), 'bitext-bench-chapter500.zh');
  const tgt = join(tmpdir(), 'bitext-bench-chapter500.en');
  writeFileSync(src, `${whole(join(MAC, 'src', '001'))}\n${first(join(MAC, 'src', '002'), 207)}\n`);
  writeFileSync(tgt, `${whole(join(MAC, 'tgt', '001'))}\n${first(join(MAC, 'tgt', '002'), 343)}\n`);
  const count = (file: string): number => readFileSync(file, 'utf8').split('\n').length - 1;
  return { src, tgt, lines: `${count(src)}/${count(tgt)} sentences` };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `bitext serve`, returns ms to listening and ms of the first lookup (from start and its own). */
async function serverFirstLookup(db: string, token: string, query: string): Promise<{ listening: number; firstLookup: number; own: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], {
    env: { ...process.env, BITEXT_DATABASE: db, LOG_LEVEL: 'silent' }, stdio: 'ignore',
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    let listening = NaN;
    for (;;) {
      try {
        await fetch(`${url}/robots.txt`);
        listening = performance.now() - t0;
        break;
      } catch {
        if (performance.now() - t0 > 120_000) throw new Error('bitext serve did not start in 2 minutes');
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const t1 = performance.now();
    const res = await fetch(`${url}/api/tm/lookup?q=${encodeURIComponent(query)}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`lookup answered ${res.status}: ${await res.text()}`);
    await res.json();
    const own = performance.now() - t1;
    return { listening, firstLookup: performance.now() - t0, own };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export default async function cold(args: string[]): Promise<void> {
  if (!existsSync(CLI)) {
    console.log('bench cold: run `npm run build` first (dist/cli/main.js not found)');
    return;
  }
  const size = arg(args, 'units', 200_000);
  const runs = arg(args, 'runs', 5);
  const db = join(tmpdir(), `bitext-bench-cold-${size}.db`);
  console.log(`cold: fresh processes, median of ${runs}; memory of ${size.toLocaleString('en')} units; load average (1, 5, 15 min) beside each figure`);
  await makeMemory(db, size);
  const env = { BITEXT_DATABASE: db };
  const gen = new Generator(loadCorpus(), mulberry32(size + 1));
  const queries = Array.from({ length: runs }, () => gen.sentence());

  const report = (name: string, ms: number[], base: number, extra = ''): void => {
    const m = median(ms);
    console.log(`   ${name.padEnd(42)} ${m.toFixed(0).padStart(6)} ms  ${(m / base).toFixed(1).padStart(5)}× node${extra}   load ${load()}`);
  };

  const node: number[] = [];
  for (let i = 0; i < runs; i++) node.push(timed(process.execPath, ['-e', '0']).ms);
  const base = median(node);
  console.log(`   ${'node -e 0'.padEnd(42)} ${base.toFixed(0).padStart(6)} ms   1.0× node   load ${load()}`);

  const help: number[] = [];
  for (let i = 0; i < runs; i++) help.push(timed(process.execPath, [CLI, '--help'], env).ms);
  report('bitext --help', help, base, '  (target ≤ 2×)');

  const check: number[] = [];
  for (let i = 0; i < runs; i++) {
    check.push(timed(process.execPath, [CLI, 'check', '--source', 'The report has 5 pages.', '--target', '报告有5页。', '--target-locale', 'zh-Hans'], env).ms);
  }
  report('bitext check (one pair)', check, base, '  (target ≤ 3×)');

  // A 500-sentence chapter aligned in a fresh process (dictionary and start-up included).
  const chapter = chapter500();
  if (chapter) {
    const align: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = timed(process.execPath, [CLI, 'align', '--sentences', chapter.src, chapter.tgt, '--source-locale', 'zh', '--target-locale', 'en']);
      if (r.code !== 0) throw new Error('align --sentences failed');
      align.push(r.ms);
    }
    report(`align --sentences, ${chapter.lines} (mac-dev)`, align, base, '  (target ≤ 400 ms)');
  } else {
    console.log('   align --sentences: ../shared/corpora/mac-dev not found; skipped');
  }

  // With no saved index: the build every process paid before (once; it also saves the index).
  rmSync(`${db}.tmindex`, { force: true });
  const build = timed(process.execPath, [CLI, 'tm', 'lookup', queries[0]!, '--json'], env);
  if (build.code !== 0) throw new Error(`tm lookup failed: ${build.stdout}`);
  report(`first tm lookup, no saved index (build)`, [build.ms], base);
  if (!existsSync(`${db}.tmindex`)) throw new Error('the lookup saved no index');

  const first: number[] = [];
  const own: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = timed(process.execPath, [CLI, 'tm', 'lookup', queries[i]!, '--json'], env);
    if (r.code !== 0) throw new Error(`tm lookup failed: ${r.stdout}`);
    first.push(r.ms);
    own.push((JSON.parse(r.stdout.trim()) as { ms: number }).ms);
  }
  report(`first tm lookup, saved index (${(size / 1000).toFixed(0)}k units)`, first, base, `  (its own lookup ${median(own).toFixed(1)} ms; target ≤ 1.5 s at 200k, 3 s at 1M)`);

  // The server: a user to ask with, then restarts.
  const added = execFileSync(process.execPath, [CLI, 'user', 'add', `bench${Date.now().toString(36)}`, '--role', 'translator'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, encoding: 'utf8',
  });
  const token = /api token: (\S+)/.exec(added)?.[1];
  if (!token) throw new Error(`no token in: ${added}`);
  const listening: number[] = [];
  const firstLookup: number[] = [];
  const serverOwn: number[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const r = await serverFirstLookup(db, token, queries[i]!);
    listening.push(r.listening);
    firstLookup.push(r.firstLookup);
    serverOwn.push(r.own);
  }
  report('bitext serve: start to listening', listening, base);
  report('bitext serve: start to first lookup answered', firstLookup, base, `  (the request itself ${median(serverOwn).toFixed(0)} ms)`);
  console.log(`   (memory kept for the next run: ${db}; remove it and ${db}.tmindex to start over)`);
}
