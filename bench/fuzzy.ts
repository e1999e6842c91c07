/**
 * `npm run build && npm run bench -- fuzzy [--quick] [--units N] [--queries N] [--scan-queries N] [--full-scan] [--src]`
 *
 * (--units N: that one size instead of 100,000 and 1,000,000; --quick: 100,000 only.)
 *
 * Builds translation memories of 100,000 and 1,000,000 English→Chinese units from real sentences
 * (../shared/corpora, English sides) with word-level variations, runs 1,000 queries against the
 * candidate index and against a length-filtered Levenshtein scan over all units (same scoring,
 * same run), and prints p50/p99 lookup times, the speed ratio, and whether the top-5 agree.
 * The scan takes about a quarter of a second a query at 1,000,000 units, so there it runs on an
 * even sample of 200 queries unless `--full-scan` (all 1,000, ~5 min) or `--scan-queries N` says
 * otherwise. CPU time is printed beside wall time: the machine is shared and wall time is noisy.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FuzzyMatch, IndexedUnit } from '../src/memory';
import { seededRandom } from '../src/alignment/evaluate';
import { shippedModule } from './_shipped';

// $BITEXT_CORPORA as in the other benches (a worktree has no ../shared beside it).
const CORPORA = process.env.BITEXT_CORPORA ?? join(__dirname, '..', '..', 'shared', 'corpora');

type Memory = typeof import('../src/memory');

/** Deterministic PRNG so runs are comparable (mulberry32, shared with the aligner's evaluation). */
export const mulberry32 = seededRandom;

function readLines(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) if (line.trim()) out.push(line.trim());
  }
  return out;
}

interface Corpus { english: string[]; chinese: string[] }

export function loadCorpus(): Corpus {
  // ACA: English source, Chinese target; MAC: Chinese source, English target.
  const english = [...readLines(join(CORPORA, 'aca-dev', 'src')), ...readLines(join(CORPORA, 'mac-dev', 'tgt'))];
  const chinese = [...readLines(join(CORPORA, 'aca-dev', 'tgt')), ...readLines(join(CORPORA, 'mac-dev', 'src'))];
  return { english: english.filter((s) => s.split(/\s+/).length >= 4), chinese };
}

export class Generator {
  private readonly words: string[];
  constructor(private readonly corpus: Corpus, private readonly random: () => number) {
    // Replacement words drawn by corpus frequency, like real edits.
    this.words = corpus.english.flatMap((s) => s.split(/\s+/)).filter((w) => /^[A-Za-z]+$/.test(w));
  }
  private pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.random() * a.length)];
  }
  /** A corpus sentence, sometimes spliced with another, with 0–4 word edits (numbers change too). */
  sentence(): string {
    let words = this.pick(this.corpus.english).split(/\s+/);
    if (this.random() < 0.3) {
      const other = this.pick(this.corpus.english).split(/\s+/);
      const cut = 1 + Math.floor(this.random() * (words.length - 1));
      words = [...words.slice(0, cut), ...other.slice(Math.floor(this.random() * other.length * 0.5))];
    }
    return this.vary(words.join(' '), Math.floor(this.random() * 5));
  }
  vary(sentence: string, edits: number): string {
    const words = sentence.split(/\s+/);
    for (let e = 0; e < edits; e++) {
      const i = Math.floor(this.random() * words.length);
      const r = this.random();
      if (/^\d/.test(words[i] ?? '')) words[i] = String(Math.floor(this.random() * 1000));
      else if (r < 0.5) words[i] = this.pick(this.words);
      else if (r < 0.7 && words.length > 3) words.splice(i, 1);
      else if (r < 0.85) words.splice(i, 0, this.pick(this.words));
      else words.splice(i, 0, String(Math.floor(this.random() * 100)));
    }
    return words.join(' ');
  }
  unit(id: number): IndexedUnit {
    const r = this.random();
    return {
      id,
      sourceLocale: 'en',
      targetLocale: 'zh-Hans',
      sourceText: this.sentence(),
      targetText: this.pick(this.corpus.chinese),
      status: r < 0.6 ? 'approved' : 'translated',
      origin: r < 0.85 ? (r < 0.6 ? 'human' : 'aligned') : 'mt:deepl',
      previousSource: null,
      nextSource: null,
    };
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function gcNow(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const key = (ms: FuzzyMatch[]): string => ms.map((m) => `${m.unitId}:${m.score}`).join(',');

async function runSize(memory: Memory, size: number, corpus: Corpus, queriesCount: number, scanQueries: number): Promise<void> {
  const { TranslationMemoryIndex, prepareScan } = memory;
  const gen = new Generator(corpus, mulberry32(size));
  const units: IndexedUnit[] = [];
  for (let i = 1; i <= size; i++) units.push(gen.unit(i));

  gcNow();
  const before = process.memoryUsage();
  let t0 = performance.now();
  const index = new TranslationMemoryIndex();
  for (const u of units) index.add(u);
  // The first lookup sorts the posting lists: part of building, not of a lookup.
  index.lookup('warm up', { sourceLocale: 'en', targetLocale: 'zh-Hans' });
  const buildMs = performance.now() - t0;
  gcNow();
  const after = process.memoryUsage();
  // Typed arrays live outside the JS heap: both parts are the index's.
  const heapObjects = after.heapUsed - before.heapUsed;
  const heapArrays = after.arrayBuffers - before.arrayBuffers;
  const heapIndex = heapObjects + heapArrays;

  // Queries: half new variations of corpus sentences, half edits of units in the memory.
  const queries: string[] = [];
  for (let q = 0; q < queriesCount; q++) {
    queries.push(q % 2 === 0 ? gen.sentence() : gen.vary(units[Math.floor((q * 7919) % size)].sourceText, q % 4));
  }
  const options = { sourceLocale: 'en' as const, targetLocale: 'zh-Hans' as const, min: 70, limit: 5 };

  for (let q = 0; q < Math.min(50, queries.length); q++) index.lookup(queries[q], options); // warm-up
  const times: number[] = [];
  const results: FuzzyMatch[][] = [];
  let matched = 0;
  const indexCpu0 = process.cpuUsage();
  for (const q of queries) {
    t0 = performance.now();
    const r = index.lookup(q, options);
    times.push(performance.now() - t0);
    results.push(r);
    if (r.length > 0) matched++;
  }
  const indexCpu = cpuMs(process.cpuUsage(indexCpu0));
  const sorted = [...times].sort((a, b) => a - b);
  const indexTotal = times.reduce((a, b) => a + b, 0);

  const scan = prepareScan(units);
  const scanCount = Math.min(scanQueries, queries.length);
  let scanTotal = 0;
  let agree = 0;
  const disagreements: string[] = [];
  const step = queries.length / scanCount;
  const scanCpu0 = process.cpuUsage();
  for (let s = 0; s < scanCount; s++) {
    const q = Math.floor(s * step);
    t0 = performance.now();
    const r = scan.lookup(queries[q], options);
    scanTotal += performance.now() - t0;
    if (key(r) === key(results[q])) agree++;
    else if (disagreements.length < 3) disagreements.push(`  query ${q}: index ${key(results[q])} scan ${key(r)}`);
  }
  const scanCpu = cpuMs(process.cpuUsage(scanCpu0));
  const indexMean = indexTotal / queries.length;
  const scanMean = scanTotal / scanCount;
  const indexCpuMean = indexCpu / queries.length;
  const scanCpuMean = scanCpu / scanCount;
  console.log(`-- ${size.toLocaleString('en')} units (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  console.log(`   index build ${(buildMs / 1000).toFixed(1)} s (adds and the first lookup, which sorts the lists), index heap ≈ ${(heapIndex / 1e6).toFixed(0)} MB (objects ${(heapObjects / 1e6).toFixed(0)}, typed arrays ${(heapArrays / 1e6).toFixed(0)}), RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  console.log(`   index lookup: p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, mean ${indexMean.toFixed(2)} ms (CPU ${indexCpuMean.toFixed(2)} ms) over ${queries.length} queries (${matched} with matches ≥ 70)`);
  console.log(`   scan: mean ${scanMean.toFixed(1)} ms (CPU ${scanCpuMean.toFixed(1)} ms) over ${scanCount} queries`);
  console.log(`   ratio (scan mean / index mean): ${(scanMean / indexMean).toFixed(0)}× wall, ${(scanCpuMean / indexCpuMean).toFixed(0)}× CPU`);
  console.log(`   top-5 agree: ${agree}/${scanCount}${agree === scanCount ? ' (identical)' : ''}`);
  for (const d of disagreements) console.log(d);
}

export default async function (args: string[]): Promise<void> {
  const corpus = loadCorpus();
  if (corpus.english.length === 0) {
    console.log(`fuzzy: corpora not found under ${CORPORA}; skipping`);
    return;
  }
  const value = (name: string, fallback: number): number => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
  };
  const quick = args.includes('--quick');
  const queries = value('--queries', 1000);
  const full = args.includes('--full-scan');
  const { module: memory, what } = shippedModule<Memory>('memory', args);
  console.log(`fuzzy: ${corpus.english.length} English corpus sentences; ${queries} queries, min 70, top 5; measuring ${what}`);
  const only = value('--units', 0);
  for (const size of only > 0 ? [only] : quick ? [100_000] : [100_000, 1_000_000]) {
    const scanQueries = value('--scan-queries', full || size <= 100_000 ? queries : Math.min(200, queries));
    await runSize(memory, size, corpus, queries, scanQueries);
  }
}
