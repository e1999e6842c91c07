/**
 * A translation table learnt from one document's own confident beads (IBM Model 1, a few EM
 * iterations, English words generating the Chinese dictionary words of their bead): word pairs the
 * dictionary lacks or whose sense it does not list, fed back into a second pass (features.ts
 * `prepare`, `learned`), à la Hunalign's realign and Bleualign's bootstrapping.
 */
import { getDictionary, translationLists } from './dictionary';
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
  // Chinese words by local index, with their document frequency; English words likewise (0: NULL).
  const zhLocal = new Int32Array(p.idSpace).fill(-1);
  const zhIds: number[] = [];
  const zhDf: number[] = [];
  const isWord = (id: number): boolean => p.globalOf[id] < H;
  for (let x = 0; x < p.zIds.length; x++) {
    const id = p.zIds[x];
    if (!isWord(id)) continue;
    if (zhLocal[id] < 0) {
      zhLocal[id] = zhIds.length;
      zhIds.push(id);
      zhDf.push(0);
    }
    zhDf[zhLocal[id]]++;
  }
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
  const { flat, beadStart, slotEn, slotZh } = slotsOfBeads(beadEn, beadZh, zhIds.length, size);
  const nSlots = slotEn.length;
  const cooc = new Int32Array(nSlots);
  for (let x = 0; x < flat.length; x++) cooc[flat[x]]++;
  const beadNe = Int32Array.from(beadEn, (en) => en.length);
  const t = modelOne(flat, beadStart, beadNe, slotEn, enWords.length, o.iterations);
  // Kept: pairs the dictionary does not already give (a word's own translations change nothing).
  const known = (w: string, id: number): boolean => translationLists(dict, w).some((list) => list.includes(id));
  const out = new Map<string, number[]>();
  for (let s = 0; s < nSlots; s++) {
    if (slotEn[s] === 0 || t[s] < o.minProb || cooc[s] < o.minCount) continue;
    const w = enWords[slotEn[s]];
    const id = p.globalOf[zhIds[slotZh[s]]];
    if (known(w, id)) continue;
    const list = out.get(w);
    if (list) list.push(id);
    else out.set(w, [id]);
  }
  return out;
}

/**
 * IBM Model 1's EM over the beads' slots (bead b's slots flat[beadStart[b] ..], z-major in runs of
 * its beadNe[b] English words): t(slot), starting from 1 everywhere. Its own small function so that
 * a fresh process optimises its loops early (inside learnTable they waited for the whole function).
 */
function modelOne(flat: Int32Array, beadStart: Int32Array, beadNe: Int32Array, slotEn: Int32Array, nEn: number, iterations: number): Float64Array {
  const nSlots = slotEn.length;
  const t = new Float64Array(nSlots).fill(1);
  const counts = new Float64Array(nSlots);
  const totals = new Float64Array(nEn);
  const nBeads = beadNe.length;
  for (let it = 0; it < iterations; it++) {
    counts.fill(0);
    for (let b = 0; b < nBeads; b++) {
      const ne = beadNe[b];
      const end = beadStart[b + 1];
      for (let base = beadStart[b]; base < end; base += ne) {
        let denom = 0;
        for (let k = 0; k < ne; k++) denom += t[flat[base + k]];
        for (let k = 0; k < ne; k++) counts[flat[base + k]] += t[flat[base + k]] / denom;
      }
    }
    totals.fill(0);
    for (let s = 0; s < nSlots; s++) totals[slotEn[s]] += counts[s];
    for (let s = 0; s < nSlots; s++) t[s] = totals[slotEn[s]] > 0 ? counts[s] / totals[slotEn[s]] : 0;
  }
  return t;
}

/**
 * Slots: one per (English word, Chinese word) seen together, numbered in order of first sight and
 * found through an open-addressing hash on e · (Chinese words) + z; every bead's slots z-major in
 * one flat array, bead b's from beadStart[b].
 */
function slotsOfBeads(
  beadEn: readonly number[][], beadZh: readonly number[][], nZw: number, size: number,
): { flat: Int32Array; beadStart: Int32Array; slotEn: Int32Array; slotZh: Int32Array } {
  let bits = 1;
  while (1 << bits < 2 * size) bits++;
  const mask = (1 << bits) - 1;
  const hashKey = new Int32Array(mask + 1).fill(-1);
  const hashSlot = new Int32Array(mask + 1);
  const slotEn = new Int32Array(size);
  const slotZh = new Int32Array(size);
  const flat = new Int32Array(size);
  const beadStart = new Int32Array(beadEn.length + 1);
  let used = 0;
  let k = 0;
  for (let b = 0; b < beadEn.length; b++) {
    const en = beadEn[b];
    const zh = beadZh[b];
    for (let y = 0; y < zh.length; y++) {
      const z = zh[y];
      for (let x = 0; x < en.length; x++) {
        const e = en[x];
        const key = e * nZw + z;
        let h = Math.imul(key, 0x9e3779b1) >>> (32 - bits);
        while (hashKey[h] >= 0 && hashKey[h] !== key) h = (h + 1) & mask;
        if (hashKey[h] < 0) {
          hashKey[h] = key;
          hashSlot[h] = used;
          slotEn[used] = e;
          slotZh[used] = z;
          used++;
        }
        flat[k++] = hashSlot[h];
      }
    }
    beadStart[b + 1] = k;
  }
  return { flat, beadStart, slotEn: slotEn.subarray(0, used), slotZh: slotZh.subarray(0, used) };
}
