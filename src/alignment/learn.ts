/**
 * A translation table learnt from one document's own confident beads (IBM Model 1, a few EM
 * iterations, English words generating the Chinese dictionary words of their bead): word pairs the
 * dictionary lacks or whose sense it does not list, fed back into a second pass (features.ts
 * `prepare`, `learned`), à la Hunalign's realign and Bleualign's bootstrapping.
 */
import { getDictionary, translationLists, type Dictionary } from './dictionary';
import { contentWords, type DocumentScan, type Prepared } from './features';
import type { LearnOptions } from './bead-model';

/** Beads as English [e0, e1) × Chinese [z0, z1). */
export interface LearnBead {
  e0: number;
  e1: number;
  z0: number;
  z1: number;
}

/**
 * English word → Chinese dictionary-word ids that IBM Model 1, trained on `beads` (English words
 * and a NULL word generating each Chinese word of the bead), gives at least `minProb`, in at least
 * `minCount` shared beads. Chinese words common in the document (`maxShare`) are left out.
 */
export function learnTable(scan: DocumentScan, p: Prepared, beads: readonly LearnBead[], o: LearnOptions): Map<string, number[]> {
  const dict = getDictionary();
  const H = dict.headwords.length;
  // Chinese words by index here, with their document frequency; English words likewise (0: NULL).
  const { zhLocal, zhIds, zhDf } = chineseWords(p, H);
  const maxDf = Math.max(2, o.maxShare * p.nZ);
  const enIndex = new Map<string, number>();
  const enWords: string[] = [''];
  const enOf: Int32Array[] = contentWords(scan).sentenceKeys.map((words) => {
    const out: number[] = [];
    for (const w of words) {
      let i = enIndex.get(w);
      if (i === undefined) {
        i = enWords.length;
        enIndex.set(w, i);
        enWords.push(w);
      }
      out.push(i);
    }
    return Int32Array.from(out);
  });
  // Each bead's distinct English words (NULL first) and Chinese words.
  const enStamp = new Int32Array(enWords.length).fill(-1);
  const zhStamp = new Int32Array(zhIds.length).fill(-1);
  const beadEn: number[][] = [];
  const beadZh: number[][] = [];
  let size = 0;
  beads.forEach((b, k) => {
    if (b.e1 === b.e0 || b.z1 === b.z0) return;
    const en = [0];
    for (let e = b.e0; e < b.e1; e++) for (const i of enOf[e]) if (enStamp[i] !== k) {
      enStamp[i] = k;
      en.push(i);
    }
    const zh: number[] = [];
    for (let c = b.z0; c < b.z1; c++) for (let x = p.zStart[c]; x < p.zStart[c + 1]; x++) {
      const z = zhLocal[p.zIds[x]]; // -1 for extras (names, numbers, marks, terms)
      if (z >= 0 && zhDf[z] <= maxDf && zhStamp[z] !== k) {
        zhStamp[z] = k;
        zh.push(z);
      }
    }
    if (en.length > 1 && zh.length > 0) {
      beadEn.push(en);
      beadZh.push(zh);
      size += en.length * zh.length;
    }
  });
  const slots = slotsOfBeads(beadEn, beadZh, enWords.length, zhIds.length, size);
  const flat = slots.flat;
  const slotEn = slots.slotEn.subarray(0, slots.used);
  const slotZh = slots.slotZh.subarray(0, slots.used);
  const cooc = new Int32Array(slotEn.length);
  countSlots(flat, cooc);
  const beadNe = Int32Array.from(beadEn, (en) => en.length);
  const t = modelOne(flat, slots.beadStart, beadNe, slotEn, enWords.length, o.iterations);
  // Kept: pairs the dictionary does not already give (a word's own translations change nothing).
  const out = new Map<string, number[]>();
  keep(out, o, t, cooc, slotEn, slotZh, enWords, zhIds, p.globalOf, dict);
  return out;
}

// The loops below are functions of their own whose loop is their last statement: see modelOne.

/** The document's Chinese dictionary words (not names, numbers, marks, terms): index by id, ids, sentence counts. */
function chineseWords(p: Prepared, H: number): { zhLocal: Int32Array; zhIds: number[]; zhDf: number[] } {
  const zhLocal = new Int32Array(p.idSpace).fill(-1);
  const zhIds: number[] = [];
  const zhDf: number[] = [];
  for (let x = 0; x < p.zIds.length; x++) {
    const id = p.zIds[x];
    if (p.globalOf[id] >= H) continue;
    if (zhLocal[id] < 0) {
      zhLocal[id] = zhIds.length;
      zhIds.push(id);
      zhDf.push(0);
    }
    zhDf[zhLocal[id]]++;
  }
  return { zhLocal, zhIds, zhDf };
}

function countSlots(flat: Int32Array, cooc: Int32Array): void {
  for (let x = 0; x < flat.length; x++) cooc[flat[x]]++;
}

/** The learnt pairs onto `out`, English word → headword ids in slot order. */
function keep(
  out: Map<string, number[]>, o: LearnOptions, t: Float64Array, cooc: Int32Array, slotEn: Int32Array, slotZh: Int32Array,
  enWords: readonly string[], zhIds: readonly number[], globalOf: Int32Array, dict: Dictionary,
): void {
  for (let s = 0; s < slotEn.length; s++) {
    if (slotEn[s] === 0 || t[s] < o.minProb || cooc[s] < o.minCount) continue;
    const w = enWords[slotEn[s]];
    const id = globalOf[zhIds[slotZh[s]]];
    if (translationLists(dict, w).some((list) => list.includes(id))) continue;
    const list = out.get(w);
    if (list) list.push(id);
    else out.set(w, [id]);
  }
}

/**
 * IBM Model 1's EM over the beads' slots (bead b's slots flat[beadStart[b] ..], z-major in runs of
 * its beadNe[b] English words): t(slot), starting from 1 everywhere. Each loop is a function of
 * its own whose loop is its last statement: a fresh process optimises a hot loop while it runs,
 * and code after the loop that has not run yet threw that code away (four times per loop here).
 */
function modelOne(flat: Int32Array, beadStart: Int32Array, beadNe: Int32Array, slotEn: Int32Array, nEn: number, iterations: number): Float64Array {
  const nSlots = slotEn.length;
  const t = new Float64Array(nSlots).fill(1);
  const counts = new Float64Array(nSlots);
  const totals = new Float64Array(nEn);
  for (let it = 0; it < iterations; it++) {
    counts.fill(0);
    expectedCounts(flat, beadStart, beadNe, t, counts);
    totals.fill(0);
    sumBySlotWord(slotEn, counts, totals);
    normalise(slotEn, counts, totals, t);
  }
  return t;
}

/** Model 1's E step: each Chinese word's count shared among its bead's English words by t. */
function expectedCounts(flat: Int32Array, beadStart: Int32Array, beadNe: Int32Array, t: Float64Array, counts: Float64Array): void {
  for (let b = 0; b < beadNe.length; b++) {
    const ne = beadNe[b];
    const end = beadStart[b + 1];
    for (let base = beadStart[b]; base < end; base += ne) {
      let denom = 0;
      for (let k = 0; k < ne; k++) denom += t[flat[base + k]];
      for (let k = 0; k < ne; k++) counts[flat[base + k]] += t[flat[base + k]] / denom;
    }
  }
}

function sumBySlotWord(slotEn: Int32Array, counts: Float64Array, totals: Float64Array): void {
  for (let s = 0; s < slotEn.length; s++) totals[slotEn[s]] += counts[s];
}

function normalise(slotEn: Int32Array, counts: Float64Array, totals: Float64Array, t: Float64Array): void {
  for (let s = 0; s < slotEn.length; s++) t[s] = totals[slotEn[s]] > 0 ? counts[s] / totals[slotEn[s]] : 0;
}

/**
 * Slots: one per (English word, Chinese word) seen together, numbered in order of first sight;
 * every bead's slots z-major in one flat array, bead b's from beadStart[b]. Found English word by
 * English word (a dense map of the Chinese words, cleared after each), then renumbered in order of
 * first sight by one pass over the flat array: a hash over all pairs (megabytes, a cache miss a
 * probe) took 340 ms of a 2.4 s alignment of 20,000 sentences. Bead words are distinct.
 */
function slotsOfBeads(
  beadEn: readonly number[][], beadZh: readonly number[][], nEn: number, nZw: number, size: number,
): { flat: Int32Array; beadStart: Int32Array; slotEn: Int32Array; slotZh: Int32Array; used: number } {
  const beadStart = new Int32Array(beadEn.length + 1);
  for (let b = 0; b < beadEn.length; b++) beadStart[b + 1] = beadStart[b] + beadEn[b].length * beadZh[b].length;
  const { occStart, occBead, occAt } = occurrences(beadEn, nEn);
  const flat = new Int32Array(size);
  const firstEn = new Int32Array(size);
  const firstZh = new Int32Array(size);
  const slotOfZ = new Int32Array(nZw).fill(-1);
  const found = assignByWord(beadEn, beadZh, beadStart, occStart, occBead, occAt, slotOfZ, flat, firstEn, firstZh);
  const slotEn = new Int32Array(found);
  const slotZh = new Int32Array(found);
  const used = renumberBySight(flat, new Int32Array(found).fill(-1), firstEn, firstZh, slotEn, slotZh);
  return { flat, beadStart, slotEn, slotZh, used };
}

/** Where each English word occurs: bead and position, word by word (occStart[e] ..). */
function occurrences(beadEn: readonly number[][], nEn: number): { occStart: Int32Array; occBead: Int32Array; occAt: Int32Array } {
  const occStart = new Int32Array(nEn + 1);
  for (const en of beadEn) for (const e of en) occStart[e + 1]++;
  for (let e = 0; e < nEn; e++) occStart[e + 1] += occStart[e];
  const cursor = occStart.slice(0, nEn);
  const occBead = new Int32Array(occStart[nEn]);
  const occAt = new Int32Array(occStart[nEn]);
  fillOccurrences(beadEn, cursor, occBead, occAt);
  return { occStart, occBead, occAt };
}

function fillOccurrences(beadEn: readonly number[][], cursor: Int32Array, occBead: Int32Array, occAt: Int32Array): void {
  for (let b = 0; b < beadEn.length; b++) {
    const en = beadEn[b];
    for (let x = 0; x < en.length; x++) {
      const i = cursor[en[x]]++;
      occBead[i] = b;
      occAt[i] = x;
    }
  }
}

/** Provisional slots, English word by English word; returns how many. */
function assignByWord(
  beadEn: readonly number[][], beadZh: readonly number[][], beadStart: Int32Array, occStart: Int32Array, occBead: Int32Array, occAt: Int32Array,
  slotOfZ: Int32Array, flat: Int32Array, firstEn: Int32Array, firstZh: Int32Array,
): number {
  let found = 0;
  for (let e = 0; e + 1 < occStart.length; e++) {
    const from = found;
    for (let i = occStart[e]; i < occStart[e + 1]; i++) {
      const b = occBead[i];
      const ne = beadEn[b].length;
      const zh = beadZh[b];
      let at = beadStart[b] + occAt[i];
      for (let y = 0; y < zh.length; y++, at += ne) {
        const z = zh[y];
        let slot = slotOfZ[z];
        if (slot < 0) {
          slot = slotOfZ[z] = found;
          firstEn[found] = e;
          firstZh[found] = z;
          found++;
        }
        flat[at] = slot;
      }
    }
    // The word's slots are from..found: clear their Chinese words for the next English word.
    for (let s = from; s < found; s++) slotOfZ[firstZh[s]] = -1;
  }
  return found;
}

/** Slots renumbered in order of first sight in the flat array (bead by bead, z-major). */
function renumberBySight(
  flat: Int32Array, renumber: Int32Array, firstEn: Int32Array, firstZh: Int32Array, slotEn: Int32Array, slotZh: Int32Array,
): number {
  let used = 0;
  for (let k = 0; k < flat.length; k++) {
    const s = flat[k];
    let r = renumber[s];
    if (r < 0) {
      r = renumber[s] = used++;
      slotEn[r] = firstEn[s];
      slotZh[r] = firstZh[s];
    }
    flat[k] = r;
  }
  return used;
}
