/**
 * Scoring an alignment against a hand-aligned one, and reading corpus folders in the shared format
 * (`src/NNN`, `tgt/NNN`, `gold/NNN.align`). Strict: a predicted bead counts only if the gold has the
 * identical bead (null beads included on both sides). Lax, as in Vecalign's scorer (Sennrich &
 * Volk 2010): a predicted bead also counts when it overlaps a gold bead on both sides; recall leaves
 * out the 1-0 and 0-1 beads.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hanAndLatin } from '../locale';
import { splitLines } from './files';
import { formatBead, parseBead } from './format';
import type { AlignLanguage } from './types';

export interface IndexBead {
  source: number[];
  target: number[];
}

export interface Counts {
  gold: number;
  predicted: number;
  strictHits: number;
  laxPrecisionHits: number;
  laxRecallHits: number;
  laxRecallTotal: number;
}

export function emptyCounts(): Counts {
  return { gold: 0, predicted: 0, strictHits: 0, laxPrecisionHits: 0, laxRecallHits: 0, laxRecallTotal: 0 };
}

function overlaps(a: IndexBead, b: IndexBead): boolean {
  return a.source.some((x) => b.source.includes(x)) && a.target.some((x) => b.target.includes(x));
}

export function countHits(gold: readonly IndexBead[], predicted: readonly IndexBead[], into = emptyCounts()): Counts {
  const goldSet = new Set(gold.map(formatBead));
  const predSet = new Set(predicted.map(formatBead));
  into.gold += gold.length;
  into.predicted += predicted.length;
  for (const p of predicted) {
    if (goldSet.has(formatBead(p))) {
      into.strictHits++;
      into.laxPrecisionHits++;
    } else if (gold.some((g) => overlaps(p, g))) into.laxPrecisionHits++;
  }
  for (const g of gold) {
    if (g.source.length === 0 || g.target.length === 0) continue;
    into.laxRecallTotal++;
    if (predSet.has(formatBead(g)) || predicted.some((p) => overlaps(p, g))) into.laxRecallHits++;
  }
  return into;
}

export interface Scores {
  strict: { precision: number; recall: number; f1: number };
  lax: { precision: number; recall: number; f1: number };
}

function prf(hitsP: number, totalP: number, hitsR: number, totalR: number): { precision: number; recall: number; f1: number } {
  const precision = totalP ? hitsP / totalP : 0;
  const recall = totalR ? hitsR / totalR : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

export function scoresOf(c: Counts): Scores {
  return {
    strict: prf(c.strictHits, c.predicted, c.strictHits, c.gold),
    lax: prf(c.laxPrecisionHits, c.predicted, c.laxRecallHits, c.laxRecallTotal),
  };
}

/** 'zh' when Han characters make up most of the letters. */
export function detectLanguage(lines: readonly string[]): AlignLanguage {
  let han = 0;
  let latin = 0;
  for (const line of lines) {
    const counts = hanAndLatin(line);
    han += counts.han;
    latin += counts.latin;
  }
  // One Han character carries about as much as four Latin letters.
  return han * 4 > latin ? 'zh' : 'en';
}

export interface CorpusDocument {
  id: string;
  source: string[];
  target: string[];
  gold: IndexBead[];
}

export function readCorpus(dir: string): CorpusDocument[] {
  const srcDir = join(dir, 'src');
  if (!existsSync(srcDir)) throw new Error(`${dir}: no src/ folder`);
  return readdirSync(srcDir)
    .filter((f) => !f.startsWith('.'))
    .sort()
    .map((id) => {
      const goldFile = join(dir, 'gold', `${id}.align`);
      const gold = existsSync(goldFile)
        ? splitLines(readFileSync(goldFile, 'utf8'))
            .map(parseBead)
            .filter((b): b is IndexBead => b !== null)
        : [];
      return {
        id,
        source: splitLines(readFileSync(join(srcDir, id), 'utf8')),
        target: splitLines(readFileSync(join(dir, 'tgt', id), 'utf8')),
        gold,
      };
    });
}

/** Deterministic PRNG (mulberry32): the same seed deletes the same lines on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Stress test for omissions: deletes about `rate` of the lines of one side (each line independently,
 * seeded) and rewrites the gold to match. A bead that loses all its sentences on that side leaves
 * its other-side sentences as 1-0 / 0-1 beads (what a translator's omission looks like); a bead that
 * loses some just shrinks; a null bead whose only sentence is deleted disappears.
 */
export function dropLines(doc: CorpusDocument, rate: number, side: 'source' | 'target', seed: number): CorpusDocument {
  const random = seededRandom(seed);
  const lines = doc[side];
  const newIndex = new Int32Array(lines.length);
  const kept: string[] = [];
  for (let k = 0; k < lines.length; k++) {
    if (random() < rate) newIndex[k] = -1;
    else {
      newIndex[k] = kept.length;
      kept.push(lines[k]);
    }
  }
  const shrink = (bead: IndexBead): number[] => bead[side].filter((k) => newIndex[k] >= 0).map((k) => newIndex[k]);
  const make = (changed: number[], unchanged: number[]): IndexBead =>
    side === 'source' ? { source: changed, target: unchanged } : { source: unchanged, target: changed };
  const gold: IndexBead[] = [];
  for (const bead of doc.gold) {
    const unchanged = side === 'source' ? bead.target : bead.source;
    const remaining = shrink(bead);
    if (remaining.length > 0) gold.push(make(remaining, unchanged));
    else if (bead[side].length === 0) gold.push(make([], unchanged));
    else for (const k of unchanged) gold.push(make([], [k]));
  }
  return {
    id: `${doc.id}-${side}${rate}s${seed}`,
    source: side === 'source' ? kept : doc.source,
    target: side === 'target' ? kept : doc.target,
    gold,
  };
}

/**
 * The tuning and held-out halves of a corpus folder, the split every figure in the notes uses:
 * with several documents, the first half of them (mac-dev 001-003 tune, 004-006 held out); a folder
 * of one document (aca-dev) is cut at its middle gold bead into two documents of their own.
 */
export function corpusHalf(docs: readonly CorpusDocument[], half: 'tune' | 'held'): CorpusDocument[] {
  if (docs.length >= 2) {
    const cut = Math.ceil(docs.length / 2);
    return half === 'tune' ? docs.slice(0, cut) : docs.slice(cut);
  }
  return docs.map((doc) => cutDocument(doc, Math.floor(doc.gold.length / 2))[half === 'tune' ? 0 : 1]);
}

/**
 * A document cut between gold beads k-1 and k: lines before the cut on both sides go to the first
 * part. The cut moves forward past beads that are not monotone, so that no bead straddles it.
 */
export function cutDocument(doc: CorpusDocument, k: number): [CorpusDocument, CorpusDocument] {
  const maxOf = (xs: number[], d: number): number => (xs.length ? Math.max(...xs) : d);
  const minOf = (xs: number[], d: number): number => (xs.length ? Math.min(...xs) : d);
  for (let at = Math.max(1, k); at < doc.gold.length; at++) {
    const head = doc.gold.slice(0, at);
    const tail = doc.gold.slice(at);
    const s = maxOf(head.flatMap((b) => b.source), -1) + 1;
    const t = maxOf(head.flatMap((b) => b.target), -1) + 1;
    if (minOf(tail.flatMap((b) => b.source), s) < s || minOf(tail.flatMap((b) => b.target), t) < t) continue;
    const shift = (b: IndexBead): IndexBead => ({ source: b.source.map((x) => x - s), target: b.target.map((x) => x - t) });
    return [
      { id: `${doc.id}a`, source: doc.source.slice(0, s), target: doc.target.slice(0, t), gold: head },
      { id: `${doc.id}b`, source: doc.source.slice(s), target: doc.target.slice(t), gold: tail.map(shift) },
    ];
  }
  return [doc, { id: `${doc.id}b`, source: [], target: [], gold: [] }];
}

/** Per bead type, how the aligner did on it (error analysis; types source side first, `2-1`). */
export interface BeadConfusion {
  /** Gold type → counts: exact, split (cut into several predicted beads inside it), merged (inside one larger predicted bead), shifted (a boundary elsewhere). */
  gold: Map<string, { total: number; exact: number; split: number; merged: number; shifted: number; as: Map<string, number> }>;
  /** Predicted type → how many predicted, how many exactly right. */
  predicted: Map<string, { total: number; exact: number }>;
}

export function emptyConfusion(): BeadConfusion {
  return { gold: new Map(), predicted: new Map() };
}

const typeOf = (b: IndexBead): string => `${b.source.length}-${b.target.length}`;

/**
 * Adds one document to the confusion: for each gold bead missed, the types of the predicted beads
 * that share a sentence with it ("1-1+0-1": cut into a 1-1 and a 0-1), and what kind of miss it is.
 */
export function addConfusion(gold: readonly IndexBead[], predicted: readonly IndexBead[], into: BeadConfusion): BeadConfusion {
  const predSet = new Set(predicted.map(formatBead));
  const goldSet = new Set(gold.map(formatBead));
  const bySource = new Map<number, IndexBead>();
  const byTarget = new Map<number, IndexBead>();
  for (const p of predicted) {
    for (const s of p.source) bySource.set(s, p);
    for (const t of p.target) byTarget.set(t, p);
  }
  for (const g of gold) {
    const t = typeOf(g);
    let row = into.gold.get(t);
    if (!row) into.gold.set(t, (row = { total: 0, exact: 0, split: 0, merged: 0, shifted: 0, as: new Map() }));
    row.total++;
    if (predSet.has(formatBead(g))) {
      row.exact++;
      continue;
    }
    const touching = new Set<IndexBead>();
    for (const s of g.source) if (bySource.has(s)) touching.add(bySource.get(s)!);
    for (const x of g.target) if (byTarget.has(x)) touching.add(byTarget.get(x)!);
    const inside = (p: IndexBead): boolean => p.source.every((s) => g.source.includes(s)) && p.target.every((x) => g.target.includes(x));
    const covers = (p: IndexBead): boolean => g.source.every((s) => p.source.includes(s)) && g.target.every((x) => p.target.includes(x));
    const list = [...touching];
    if (list.length > 1 && list.every(inside)) row.split++;
    else if (list.length === 1 && covers(list[0])) row.merged++;
    else row.shifted++;
    const pattern = list
      .sort((a, b) => (a.source[0] ?? a.target[0] ?? 0) - (b.source[0] ?? b.target[0] ?? 0))
      .map(typeOf)
      .join('+');
    row.as.set(pattern, (row.as.get(pattern) ?? 0) + 1);
  }
  for (const p of predicted) {
    const t = typeOf(p);
    let row = into.predicted.get(t);
    if (!row) into.predicted.set(t, (row = { total: 0, exact: 0 }));
    row.total++;
    if (goldSet.has(formatBead(p))) row.exact++;
  }
  return into;
}

/** The confusion as text lines, most frequent types first. */
export function formatConfusion(c: BeadConfusion, top = 4): string[] {
  const lines = ['gold type   n   exact split merged shifted  missed as (predicted beads touching it)'];
  for (const [t, r] of [...c.gold].sort((a, b) => b[1].total - a[1].total)) {
    const as = [...r.as].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${k} ×${v}`).join(', ');
    lines.push(`${t.padEnd(7)} ${String(r.total).padStart(5)} ${String(r.exact).padStart(7)} ${String(r.split).padStart(5)} ${String(r.merged).padStart(6)} ${String(r.shifted).padStart(7)}  ${as}`);
  }
  lines.push('predicted type   n   exact');
  for (const [t, r] of [...c.predicted].sort((a, b) => b[1].total - a[1].total)) {
    lines.push(`${t.padEnd(12)} ${String(r.total).padStart(5)} ${String(r.exact).padStart(7)}`);
  }
  return lines;
}

/** The points between beads on each side: one past the highest sentence of the beads before each (n + 1 for n beads). */
function boundaries(beads: readonly IndexBead[]): Array<{ source: number; target: number }> {
  let source = 0;
  let target = 0;
  const out = [{ source, target }];
  for (const b of beads) {
    for (const x of b.source) source = Math.max(source, x + 1);
    for (const x of b.target) target = Math.max(target, x + 1);
    out.push({ source, target });
  }
  return out;
}

/** Where each bead starts on each side: one past the highest sentence of the beads before it. */
export function beadStarts(beads: readonly IndexBead[]): Array<{ source: number; target: number }> {
  return boundaries(beads).slice(0, -1);
}

/** A stretch of gold beads [gold0, gold1) and of predicted ones [predicted0, predicted1) that differ between two boundaries both have. */
export interface ErrorRegion {
  gold0: number;
  gold1: number;
  predicted0: number;
  predicted1: number;
}

/**
 * The stretches where the predicted beads differ from the gold ones: between consecutive bead
 * boundaries (points past a bead on both sides) that both have. Each walk's points grow in
 * source + target, so advancing the one behind never steps over a point they share.
 */
export function errorRegions(gold: readonly IndexBead[], predicted: readonly IndexBead[]): ErrorRegion[] {
  // Points past each bead.
  const g = boundaries(gold).slice(1);
  const p = boundaries(predicted).slice(1);
  const out: ErrorRegion[] = [];
  let i = 0;
  let j = 0;
  let gold0 = 0;
  let predicted0 = 0;
  while (i < gold.length && j < predicted.length) {
    if (g[i].source === p[j].source && g[i].target === p[j].target) {
      const same = i - gold0 === j - predicted0 && gold.slice(gold0, i + 1).every((b, k) => formatBead(b) === formatBead(predicted[predicted0 + k]));
      if (!same) out.push({ gold0, gold1: i + 1, predicted0, predicted1: j + 1 });
      gold0 = ++i;
      predicted0 = ++j;
    } else if (g[i].source + g[i].target <= p[j].source + p[j].target) i++;
    else j++;
  }
  if (gold0 < gold.length || predicted0 < predicted.length) out.push({ gold0, gold1: gold.length, predicted0, predicted1: predicted.length });
  return out;
}
