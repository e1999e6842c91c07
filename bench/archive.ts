/**
 * Archive pairing at scale, and align-archive end to end.
 *
 * 1. `--docs` (default 10,000) documents a side built from the dev corpora (../shared/corpora,
 *    read in place): each document is two to four runs of 3–8 consecutive gold beads taken from
 *    random places of the dev texts (so documents share a sentence now and then), with
 *    about 4% of its sentences dropped on one side; 3% of the documents on each side have no
 *    counterpart. Prints the pairing time (fingerprints, candidates, assignment) and accuracy
 *    (true pairs found, wrong pairs, lone documents left alone), against the count of pairs an
 *    all-pairs comparison would have to score.
 * 2. The done-when archive (25 + 25 documents, 23 true pairs) through `bitext align-archive` in
 *    one process into a fresh SQLite store: sentences per second overall, process start
 *    included (needs `npm run build`).
 *
 *   npm run bench -- archive [--docs 10000] [--seed 1]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ArchivePairer, loadDictionary } from '../src/alignment';
import { buildSmallArchive, corporaPresent, devTexts, seededRandom, type BeadText } from '../tests/support/archive-corpus';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
}

interface Spec {
  runs: Array<{ text: number; start: number; length: number }>;
  dropSide: 'en' | 'zh';
  dropSeed: number;
}

function render(texts: BeadText[][], spec: Spec, side: 'en' | 'zh'): string {
  const random = seededRandom(spec.dropSeed);
  const paragraphs: string[] = [];
  for (const run of spec.runs) {
    const sentences: string[] = [];
    for (const bead of texts[run.text].slice(run.start, run.start + run.length)) {
      for (const s of bead[side]) if (side !== spec.dropSide || random() >= 0.04) sentences.push(s);
    }
    paragraphs.push(sentences.join(side === 'zh' ? '' : ' '));
  }
  return paragraphs.join('\n\n');
}

async function pairingAtScale(count: number, seed: number): Promise<void> {
  const texts = devTexts().map((t) => t.beads);
  const random = seededRandom(seed);
  const specs: Spec[] = [];
  // Runs are drawn from anywhere in the dev sets, in proportion to their size, so two documents
  // share a sentence now and then (as pages of one site do) but not most of their text.
  const total = texts.reduce((n, t) => n + t.length, 0);
  const pick = (): number => {
    let x = Math.floor(random() * total);
    let t = 0;
    while (x >= texts[t].length) x -= texts[t++].length;
    return t;
  };
  for (let d = 0; d < count; d++) {
    const runs: Spec['runs'] = [];
    const nRuns = 2 + Math.floor(random() * 3);
    for (let r = 0; r < nRuns; r++) {
      const text = pick();
      const length = 3 + Math.floor(random() * 6);
      runs.push({ text, start: Math.floor(random() * (texts[text].length - length)), length });
    }
    specs.push({ runs, dropSide: random() < 0.5 ? 'en' : 'zh', dropSeed: Math.floor(random() * 1e9) });
  }
  // 3% of each side lose their counterpart.
  const noZh = new Set<number>();
  const noEn = new Set<number>();
  for (let d = 0; d < count; d++) {
    const x = random();
    if (x < 0.03) noZh.add(d);
    else if (x < 0.06) noEn.add(d);
  }
  const enKeys: number[] = [];
  const zhKeys: number[] = [];
  for (let d = 0; d < count; d++) {
    if (!noEn.has(d)) enKeys.push(d);
    if (!noZh.has(d)) zhKeys.push(d);
  }
  // Names carry no information: shuffle the Chinese side's order.
  zhKeys.sort(() => random() - 0.5);

  const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const c0 = cpu();
  const t0 = performance.now();
  const rss0 = process.memoryUsage().rss;
  const pairer = new ArchivePairer();
  let sentences = 0;
  for (const d of enKeys) pairer.add('en', `e${d}`, render(texts, specs[d], 'en'));
  for (const d of zhKeys) pairer.add('zh', `z${d}`, render(texts, specs[d], 'zh'));
  for (const s of specs) for (const r of s.runs) for (const b of texts[r.text].slice(r.start, r.start + r.length)) sentences += b.en.length + b.zh.length;
  const t1 = performance.now();
  const c1 = cpu();
  const result = pairer.pair();
  const t2 = performance.now();
  const c2 = cpu();
  const rss = process.memoryUsage().rss;

  let right = 0;
  let wrong = 0;
  for (const p of result.pairs) {
    if (p.en.slice(1) === p.zh.slice(1)) right++;
    else wrong++;
  }
  const truePairs = count - noEn.size - noZh.size;
  const loneLeft = result.unpaired.filter((u) => (u.side === 'en' ? noZh : noEn).has(Number(u.key.slice(1)))).length;
  const low = result.pairs.filter((p) => p.lowConfidence).length;
  console.log(
    `pairing ${enKeys.length.toLocaleString('en')} English × ${zhKeys.length.toLocaleString('en')} Chinese documents ` +
      `(${sentences.toLocaleString('en')} sentences, ${truePairs.toLocaleString('en')} true pairs, ${noEn.size + noZh.size} lone documents)\n` +
      `  fingerprints ${(t1 - t0).toFixed(0)} ms (cpu ${(c1 - c0).toFixed(0)}), candidates + scoring + assignment ${(t2 - t1).toFixed(0)} ms (cpu ${(c2 - c1).toFixed(0)}), ` +
      `total ${((t2 - t0) / 1000).toFixed(1)} s (cpu ${((c2 - c0) / 1000).toFixed(1)} s); ` +
      `RSS +${((rss - rss0) / 1024 / 1024).toFixed(0)} MB\n` +
      `  accuracy: ${right.toLocaleString('en')} / ${truePairs.toLocaleString('en')} true pairs found (${((100 * right) / truePairs).toFixed(2)}%), ` +
      `${wrong} wrong pairs, ${loneLeft} / ${noEn.size + noZh.size} lone documents left unpaired, ${low} pairs flagged low-confidence\n` +
      `  scored ${(enKeys.length * 12).toLocaleString('en')} candidate pairs at most, against ${(enKeys.length * zhKeys.length).toLocaleString('en')} for all pairs ` +
      `(${((enKeys.length * zhKeys.length) / (enKeys.length * 12)).toFixed(0)}× fewer)`,
  );
}

function endToEnd(): void {
  const cli = join(__dirname, '..', 'dist', 'cli', 'main.js');
  if (!existsSync(cli)) {
    console.log('align-archive end to end: run `npm run build` first (dist/cli/main.js not found); skipped');
    return;
  }
  const archive = buildSmallArchive();
  const root = mkdtempSync(join(tmpdir(), 'bitext-bench-archive-'));
  try {
    for (const side of ['en', 'zh'] as const) {
      for (const [name, text] of archive[side]) {
        const path = join(root, side, name);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
      }
    }
    const env = { ...process.env, BITEXT_DATABASE: join(root, 'bench.db'), LOG_LEVEL: 'silent' };
    const t0 = performance.now();
    execFileSync(process.execPath, [cli, 'align-archive', join(root, 'en'), join(root, 'zh'), '--json'], { env, stdio: ['ignore', 'ignore', 'ignore'] });
    const ms = performance.now() - t0;
    const b0 = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    const bare = performance.now() - b0;
    console.log(
      `align-archive, 25 + 25 documents (23 pairs, ${archive.sentences.toLocaleString('en')} sentences in pairs), one process, into a fresh SQLite store: ` +
        `${(ms / 1000).toFixed(1)} s = ${Math.round((archive.sentences / ms) * 1000).toLocaleString('en')} sentences/s (bare node start ${bare.toFixed(0)} ms)`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export default async function (args: string[]): Promise<void> {
  if (!corporaPresent()) {
    console.log('bench archive: ../shared/corpora/mac-dev and aca-dev are needed (not found); skipped');
    return;
  }
  loadDictionary();
  await pairingAtScale(arg(args, 'docs', 10_000), arg(args, 'seed', 1));
  endToEnd();
}
