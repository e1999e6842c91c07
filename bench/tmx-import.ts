/**
 * `npm run bench -- tmx-import [--units N]`
 *
 * Writes a TMX of 1,000,000 English→Chinese units (default) to a temporary file with our own
 * writer, then times parsing it back with the streaming reader: units/s and peak RSS. The
 * baseline in the same run is a plain read of the same file's bytes (the floor for any parser).
 * `--store` also runs the real import, `bitext tm import` (built dist/), into a fresh SQLite
 * store (or BITEXT_BENCH_DATABASE, e.g. a postgres:// URL) and reports its wall time and the
 * child process's peak RSS (targets: 1,000,000 units ≤ 60 s, peak RSS ≤ 400 MB).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmxAdapter, type ImportedUnit } from '../src/formats';

const WORDS = ['the', 'report', 'shows', 'that', 'revenue', 'grew', 'in', 'quarter', 'market', 'new', 'product', 'team', 'users', 'data'];
const HAN = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经';

function* generate(count: number): Generator<ImportedUnit> {
  let s = 12345;
  const random = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  for (let i = 0; i < count; i++) {
    const n = 8 + Math.floor(random() * 20);
    const words: string[] = [];
    for (let w = 0; w < n; w++) words.push(WORDS[Math.floor(random() * WORDS.length)]);
    let zh = '';
    for (let c = 0; c < n * 1.5; c++) zh += HAN[Math.floor(random() * HAN.length)];
    yield {
      sourceLocale: 'en', sourceText: `${words.join(' ')} ${i} & <b>.`, targetLocale: 'zh-Hans', targetText: `${zh}${i}。`,
      status: 'translated', origin: 'aligned', inlineCodes: [], note: null, createdBy: 'bench', createdAt: '2024-01-15T09:30:00Z',
    };
  }
}

export default async function (args: string[]): Promise<void> {
  const i = args.indexOf('--units');
  const count = i >= 0 ? Number(args[i + 1]) : 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'bitext-tmx-'));
  const file = join(dir, 'memory.tmx');
  try {
    let t0 = performance.now();
    const out = createWriteStream(file);
    await tmxAdapter.write(generate(count), out);
    out.end();
    await once(out, 'finish');
    const bytes = statSync(file).size;
    console.log(`tmx-import: wrote ${count.toLocaleString('en')} units, ${(bytes / 1e6).toFixed(0)} MB, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    t0 = performance.now();
    for await (const chunk of createReadStream(file)) void chunk;
    const rawMs = performance.now() - t0;

    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
    t0 = performance.now();
    let units = 0;
    for await (const u of tmxAdapter.read(createReadStream(file), { fileName: file })) {
      if (u.sourceText.length > 0) units++;
      if ((units & 0xffff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    const parseMs = performance.now() - t0;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (units !== count) throw new Error(`parsed ${units} units, expected ${count}`);
    console.log(`   parse: ${(parseMs / 1000).toFixed(1)} s, ${Math.round(units / (parseMs / 1000)).toLocaleString('en')} units/s, peak RSS ${(peak / 1e6).toFixed(0)} MB`);
    console.log(`   baseline (reading the bytes only): ${(rawMs / 1000).toFixed(2)} s; parse is ${(parseMs / rawMs).toFixed(0)}× the raw read`);
    if (args.includes('--store')) await importIntoStore(file, join(dir, 'bench.db'), count);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `bitext tm import FILE` as a child and samples its RSS from /proc until it exits. */
async function importIntoStore(file: string, database: string, count: number): Promise<void> {
  const cli = join(__dirname, '..', 'dist', 'cli', 'main.js');
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, 'tm', 'import', file], {
    env: { ...process.env, BITEXT_DATABASE: process.env.BITEXT_BENCH_DATABASE ?? database },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakKb = 0;
  const sample = (): void => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+)/.exec(status);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // the process has exited between samples
    }
  };
  const timer = setInterval(sample, 100);
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(timer);
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`tm import exited ${code}`);
  console.log(`   store import (bitext tm import, ${process.env.BITEXT_BENCH_DATABASE ? 'BITEXT_BENCH_DATABASE' : 'SQLite'}): ${seconds.toFixed(1)} s,`
    + ` ${Math.round(count / seconds).toLocaleString('en')} units/s, peak RSS ≥ ${(peakKb / 1024).toFixed(0)} MB (sampled every 100 ms)`);
  console.log(`   ${output.trim()}`);
  console.log(`   targets at 1,000,000 units: ≤ 60 s ${seconds <= 60 * count / 1e6 ? 'met' : 'MISSED'}, peak RSS ≤ 400 MB ${peakKb / 1024 <= 400 ? 'met' : 'MISSED'}`);
}
