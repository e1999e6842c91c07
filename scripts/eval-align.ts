/**
 * `npm run eval:align [-- DIR ...] [--drop RATE] [--seeds N] [--docs 001,002] [--half tune|held] [--summary]`: scores the
 * aligner on hand-aligned corpus folders in the shared format (src/NNN, tgt/NNN, gold/NNN.align; the
 * language of each side is detected from its text). Prints strict and lax precision / recall / F1
 * pooled over all beads, per document and per folder, the aligner's speed, and a plain Gale–Church
 * run on the same input for comparison.
 * With no DIR it scores ../shared/corpora/mac-dev and ../shared/corpora/aca-dev.
 *
 * `--drop RATE` adds the omission stress test: for each of N seeds (default 3) and each side, about
 * RATE of that side's lines are deleted and the gold rewritten (see dropLines), and the pooled
 * scores over the perturbed copies are printed per side. `--docs` keeps only the named documents
 * (to tune on one half and test on the other); `--half` keeps the tuning or the held-out half as
 * `corpusHalf` defines it (mac-dev 001-003 / 004-006, aca-dev cut at its middle bead);
 * `--summary` leaves out the per-document lines. `--errors` prints, per folder, the confusion of gold
 * and predicted bead types: for each gold type how many were found exactly, cut into several beads,
 * merged into a larger one or shifted, and which predicted types the misses were taken for.
 * `--regions` sorts the stretches where the predicted beads differ from the gold ones (between
 * boundaries both have) by what the aligner's own final bead score says of them: gold scoring
 * higher is a search error (a wider search could find it), gold scoring lower or the same a model
 * error (only better evidence can), and gold beads of a shape the model lacks (or not monotone)
 * are outside it; with the commonest patterns of each.
 * With no DIR, the corpora are looked for in $BITEXT_CORPORA, else ../shared/corpora.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { alignSentences, beadType, formatBead, galeChurch, loadDictionary } from '../src/alignment';
import { traceSentences } from '../src/alignment/aligner';
import {
  addConfusion,
  beadStarts,
  corpusHalf,
  countHits,
  detectLanguage,
  dropLines,
  emptyConfusion,
  emptyCounts,
  errorRegions,
  formatConfusion,
  readCorpus,
  scoresOf,
  type BeadConfusion,
  type CorpusDocument,
  type Counts,
  type IndexBead,
} from '../src/alignment/evaluate';

function line(label: string, c: Counts): string {
  const s = scoresOf(c);
  const f = (x: number): string => x.toFixed(3);
  return (
    `${label.padEnd(14)} strict P ${f(s.strict.precision)} R ${f(s.strict.recall)} F1 ${f(s.strict.f1)}` +
    ` | lax P ${f(s.lax.precision)} R ${f(s.lax.recall)} F1 ${f(s.lax.f1)}  (${c.gold} gold beads)`
  );
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Gold 1-0 / 0-1 beads and how many of them the aligner found exactly. */
interface NullCounts {
  gold: number;
  found: number;
}

/** Error regions by kind (see --regions), and the commonest gold → predicted patterns of each kind. */
interface RegionTally {
  search: number;
  model: number;
  outside: number;
  patterns: Map<string, number>;
}

function addRegions(doc: CorpusDocument, trace: ReturnType<typeof traceSentences>, into: RegionTally): void {
  const goldAt = beadStarts(doc.gold);
  const predictedAt = beadStarts(trace.beads);
  const sum = (beads: readonly IndexBead[], at: ReturnType<typeof beadStarts>, k0: number, k1: number): number => {
    let s = 0;
    for (let k = k0; k < k1; k++) s += trace.score(beads[k], at[k]);
    return s;
  };
  for (const r of errorRegions(doc.gold, trace.beads)) {
    const g = sum(doc.gold, goldAt, r.gold0, r.gold1);
    const p = sum(trace.beads, predictedAt, r.predicted0, r.predicted1);
    const kind = g === -Infinity ? 'outside' : g > p + 1e-9 ? 'search' : 'model';
    into[kind]++;
    const types = (beads: readonly IndexBead[], k0: number, k1: number): string => beads.slice(k0, k1).map(beadType).join('+');
    const key = `${kind}: gold ${types(doc.gold, r.gold0, r.gold1)} as ${types(trace.beads, r.predicted0, r.predicted1)}`;
    into.patterns.set(key, (into.patterns.get(key) ?? 0) + 1);
  }
}

function formatRegions(t: RegionTally, top = 8): string[] {
  const n = t.search + t.model + t.outside;
  const lines = [`error regions ${n}: search errors (gold scores higher) ${t.search}, model errors (gold scores lower) ${t.model}, gold outside the model ${t.outside}`];
  for (const [k, v] of [...t.patterns].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${k} ×${v}`);
  return lines;
}

function alignDoc(doc: CorpusDocument, nulls?: NullCounts, confusion?: BeadConfusion, regions?: RegionTally): { counts: Counts; ms: number; cpu: number } {
  const options = { sourceLanguage: detectLanguage(doc.source), targetLanguage: detectLanguage(doc.target) };
  const start = performance.now();
  const cpu = process.cpuUsage();
  const trace = regions ? traceSentences(doc.source, doc.target, options) : null;
  const beads = trace ? trace.beads : alignSentences(doc.source, doc.target, options);
  const used = process.cpuUsage(cpu);
  if (trace && regions) addRegions(doc, trace, regions);
  if (nulls) {
    const predicted = new Set(beads.map(formatBead));
    for (const g of doc.gold) {
      if (g.source.length > 0 && g.target.length > 0) continue;
      nulls.gold++;
      if (predicted.has(formatBead(g))) nulls.found++;
    }
  }
  if (confusion) addConfusion(doc.gold, beads, confusion);
  return { counts: countHits(doc.gold, beads), ms: performance.now() - start, cpu: (used.user + used.system) / 1000 };
}

function add(into: Counts, c: Counts): void {
  for (const k of Object.keys(into) as Array<keyof Counts>) into[k] += c[k];
}

function main(): void {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const valued = new Set(['--drop', '--seeds', '--docs', '--half']);
  const dirsGiven = argv.filter((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1]));
  const drop = Number(option(argv, 'drop') ?? 0);
  const seeds = Number(option(argv, 'seeds') ?? 3);
  const only = option(argv, 'docs')?.split(',');
  const half = option(argv, 'half');
  if (half !== undefined && half !== 'tune' && half !== 'held') {
    console.error('eval-align: --half: tune or held');
    process.exit(2);
  }
  const summary = argv.includes('--summary');
  const errors = argv.includes('--errors');
  const withRegions = argv.includes('--regions');
  const corpora = process.env.BITEXT_CORPORA ?? join(resolve(__dirname, '..'), '../shared/corpora');
  const dirs = dirsGiven.length > 0 ? dirsGiven : [join(corpora, 'mac-dev'), join(corpora, 'aca-dev')];
  const t0 = performance.now();
  loadDictionary();
  console.log(`dictionary loaded in ${(performance.now() - t0).toFixed(0)} ms`);
  let failed = false;
  for (const dir of dirs) {
    if (!existsSync(join(dir, 'src'))) {
      console.error(`eval-align: ${dir}: not a corpus folder (no src/)`);
      failed = true;
      continue;
    }
    const all = readCorpus(dir).filter((d) => !only || only.includes(d.id));
    const docs = half ? corpusHalf(all, half) : all;
    const total = emptyCounts();
    const baseline = emptyCounts();
    let sentences = 0;
    let ms = 0;
    let cpu = 0;
    const confusion = errors ? emptyConfusion() : undefined;
    const regions: RegionTally | undefined = withRegions ? { search: 0, model: 0, outside: 0, patterns: new Map() } : undefined;
    console.log(`\n== ${dir}`);
    for (const doc of docs) {
      const run = alignDoc(doc, undefined, confusion, regions);
      ms += run.ms;
      cpu += run.cpu;
      sentences += doc.source.length + doc.target.length;
      if (!summary) console.log(line(`${doc.id} ${detectLanguage(doc.source)}-${detectLanguage(doc.target)}`, run.counts));
      add(total, run.counts);
      countHits(doc.gold, galeChurch(doc.source, doc.target), baseline);
    }
    console.log(line('ALL', total));
    console.log(line('Gale-Church', baseline));
    if (confusion) for (const l of formatConfusion(confusion)) console.log(l);
    if (regions) for (const l of formatRegions(regions)) console.log(l);
    console.log(
      `speed: ${sentences} sentences in ${ms.toFixed(0)} ms (cpu ${cpu.toFixed(0)} ms) = ${Math.round((sentences / ms) * 1000)} sentences/s`,
    );
    if (drop > 0) {
      for (const side of ['source', 'target'] as const) {
        const perturbed = emptyCounts();
        const gc = emptyCounts();
        const nulls: NullCounts = { gold: 0, found: 0 };
        for (const doc of docs) {
          for (let seed = 1; seed <= seeds; seed++) {
            const p = dropLines(doc, drop, side, seed * 7919 + doc.id.length);
            add(perturbed, alignDoc(p, nulls).counts);
            countHits(p.gold, galeChurch(p.source, p.target), gc);
          }
        }
        console.log(line(`drop ${drop} ${side}`, perturbed) + `; null beads found ${nulls.found}/${nulls.gold}`);
        if (!summary) console.log(line(`  Gale-Church`, gc));
      }
    }
  }
  if (failed) process.exit(1);
}

main();
