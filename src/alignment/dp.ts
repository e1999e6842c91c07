/**
 * Dynamic programming over beads inside a band of the (English × Chinese) sentence grid.
 * Bead score = log prior of the bead type + a Gale–Church-style log-normal length term + the
 * log-likelihood ratio of the lexical evidence (each English token matched or not in the Chinese
 * side of the bead; see `tokenWeights`). The band follows the length diagonal first, and is
 * re-centred on the found path and widened while the path runs along its edge, so long documents
 * cost O(n · width) rather than O(n · m).
 */
import { TOKEN_CLASSES, type Prepared } from './features';

/** Bead shapes as [English sentences, Chinese sentences]. */
export const SHAPES: ReadonlyArray<readonly [number, number]> = [
  [1, 1], [1, 0], [0, 1], [2, 1], [1, 2], [3, 1], [1, 3], [2, 2], [4, 1], [1, 4], [3, 2], [2, 3],
];
const MAX_SPAN = 4;

export interface AlignParams {
  /** Chance that a token's translation shows up in the aligned Chinese text, by token class. */
  q: readonly number[];
  lexWeight: number;
  lenWeight: number;
  /** Standard deviation of log(English length / (ratio × Chinese length)) in a bead. */
  lenSigma: number;
  /** Extra variance for short beads: sigma² + lenShort / (Chinese characters + 1). */
  lenShort: number;
  /** English characters per Chinese character when the texts are too short to measure it. */
  defaultRatio: number;
  /** Log prior of each shape in SHAPES order. */
  prior: readonly number[];
  /** Half-width of the first band, in sentences. */
  band: number;
}

export interface RawBead {
  /** English sentence range [e0, e1) and Chinese range [z0, z1), absolute indices. */
  e0: number;
  e1: number;
  z0: number;
  z1: number;
  /** The bead's own DP score, and the part of it that came from the lexical evidence. */
  score: number;
  lex: number;
}

/** Per-token gains: a match with k Chinese sentences in the bead adds gain[k][t]; every token costs miss[t]. */
interface TokenWeights {
  gain: Float64Array[]; // index k = 1..MAX_SPAN
  missSum: Float64Array; // per English sentence
}

function tokenWeights(p: Prepared, params: AlignParams): TokenWeights {
  const nT = p.tokClass.length;
  const gain: Float64Array[] = [new Float64Array(0)];
  const logMiss = new Float64Array(TOKEN_CLASSES);
  for (let c = 0; c < TOKEN_CLASSES; c++) logMiss[c] = Math.log(1 - params.q[c]);
  for (let k = 1; k <= MAX_SPAN; k++) {
    const g = new Float64Array(nT);
    for (let t = 0; t < nT; t++) {
      const q = params.q[p.tokClass[t]];
      const p0 = 1 - Math.pow(1 - p.tokP0[t], k);
      const p1 = 1 - (1 - p0) * (1 - q);
      // log(p1/p0) for a match, log(1-q) for a miss; store the difference so a bead adds gains only.
      g[t] = Math.max(0, Math.log(p1 / p0)) - logMiss[p.tokClass[t]];
    }
    gain.push(g);
  }
  const missSum = new Float64Array(p.nE);
  for (let e = 0; e < p.nE; e++) {
    let s = 0;
    for (let t = p.tokStart[e]; t < p.tokStart[e + 1]; t++) s += logMiss[p.tokClass[t]];
    missSum[e] = s;
  }
  return { gain, missSum };
}

/** Reusable scratch over the id space: which token bits of the current English sentence an id lights. */
class IdMarks {
  stamp: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
  constructor(size: number) {
    this.stamp = new Int32Array(size).fill(-1);
    this.lo = new Int32Array(size);
    this.hi = new Int32Array(size);
  }
}
const marksCache = new WeakMap<Prepared, IdMarks>();

export function alignRange(
  p: Prepared,
  e0: number,
  e1: number,
  z0: number,
  z1: number,
  params: AlignParams,
  weights?: TokenWeights,
): RawBead[] {
  const nE = e1 - e0;
  const nZ = z1 - z0;
  if (nE === 0 || nZ === 0) {
    const beads: RawBead[] = [];
    for (let e = e0; e < e1; e++) beads.push({ e0: e, e1: e + 1, z0, z1: z0, score: params.prior[1], lex: 0 });
    for (let z = z0; z < z1; z++) beads.push({ e0: e1, e1: e1, z0: z, z1: z + 1, score: params.prior[2], lex: 0 });
    return beads;
  }
  const w = weights ?? tokenWeights(p, params);
  let marks = marksCache.get(p);
  if (!marks) marksCache.set(p, (marks = new IdMarks(p.idSpace)));

  // Length model: the document's own English/Chinese ratio when there is enough text to measure it.
  const cumE = new Float64Array(nE + 1);
  const cumZ = new Float64Array(nZ + 1);
  for (let i = 0; i < nE; i++) cumE[i + 1] = cumE[i] + p.lenE[e0 + i];
  for (let j = 0; j < nZ; j++) cumZ[j + 1] = cumZ[j] + p.lenZ[z0 + j];
  const weight = Math.min(1, cumZ[nZ] / 2000);
  const measured = cumZ[nZ] > 0 && cumE[nE] > 0 ? Math.log(cumE[nE] / cumZ[nZ]) : Math.log(params.defaultRatio);
  const logRatio = weight * measured + (1 - weight) * Math.log(params.defaultRatio);
  const sigma2 = params.lenSigma * params.lenSigma;

  // First band: the length diagonal.
  let center: Int32Array = new Int32Array(nE + 1);
  {
    let j = 0;
    for (let i = 0; i <= nE; i++) {
      const target = cumE[nE] > 0 ? (cumE[i] / cumE[nE]) * cumZ[nZ] : (i / nE) * cumZ[nZ];
      while (j < nZ && cumZ[j + 1] <= target) j++;
      center[i] = j;
    }
    center[nE] = nZ;
  }
  let half = Math.max(params.band, 4);
  if ((nE + 1) * (nZ + 1) <= 250_000) half = nE + nZ; // small inputs: the whole grid
  for (let attempt = 0; ; attempt++) {
    const result = runBand(p, e0, z0, nE, nZ, center, half, params, w, marks, cumE, cumZ, logRatio, sigma2);
    if (!result.touched || half >= nE + nZ || attempt >= 5) return result.beads;
    // The path ran along the band edge: re-centre on it and widen.
    center = result.pathCenter;
    half *= 2;
  }
}

interface BandResult {
  beads: RawBead[];
  touched: boolean;
  pathCenter: Int32Array;
}

function runBand(
  p: Prepared,
  e0: number,
  z0: number,
  nE: number,
  nZ: number,
  center: Int32Array,
  half: number,
  params: AlignParams,
  w: TokenWeights,
  marks: IdMarks,
  cumE: Float64Array,
  cumZ: Float64Array,
  logRatio: number,
  sigma2: number,
): BandResult {
  // Cell band per row i (English sentences consumed): [lo[i], hi[i]] Chinese sentences consumed.
  const lo = new Int32Array(nE + 1);
  const hi = new Int32Array(nE + 1);
  for (let i = 0; i <= nE; i++) {
    lo[i] = Math.max(0, center[i] - half);
    hi[i] = Math.min(nZ, center[i] + half);
  }
  lo[0] = 0;
  hi[nE] = nZ;
  // Monotone edges that overlap from row to row keep the band connected.
  for (let i = 1; i <= nE; i++) lo[i] = Math.max(lo[i], lo[i - 1]);
  for (let i = nE - 1; i >= 0; i--) hi[i] = Math.min(Math.max(hi[i], lo[i]), hi[i + 1]);
  for (let i = 1; i <= nE; i++) if (lo[i] > hi[i - 1]) lo[i] = hi[i - 1];
  for (let i = 0; i <= nE; i++) if (hi[i] < lo[i]) hi[i] = lo[i];
  const rowOff = new Int32Array(nE + 2);
  for (let i = 0; i <= nE; i++) rowOff[i + 1] = rowOff[i] + (hi[i] - lo[i] + 1);

  // Token masks for each (English sentence, Chinese sentence) pair the beads can touch.
  const pLo = new Int32Array(nE);
  const pHi = new Int32Array(nE);
  const pOff = new Int32Array(nE + 1);
  for (let e = 0; e < nE; e++) {
    const last = Math.min(nE, e + MAX_SPAN);
    pLo[e] = Math.max(0, lo[e + 1] - MAX_SPAN);
    pHi[e] = Math.max(pLo[e], hi[last]);
    pOff[e + 1] = pOff[e] + (pHi[e] - pLo[e]);
  }
  const maskLo = new Int32Array(pOff[nE]);
  const maskHi = new Int32Array(pOff[nE]);
  const { stamp, lo: idLo, hi: idHi } = marks;
  for (let e = 0; e < nE; e++) {
    const ge = e0 + e;
    const t0 = p.tokStart[ge];
    const t1 = p.tokStart[ge + 1];
    if (t0 === t1) continue;
    const tag = ge; // unique per sentence; cleared after the pass
    for (let t = t0; t < t1; t++) {
      const bit = t - t0;
      for (let x = p.tokIdStart[t]; x < p.tokIdStart[t + 1]; x++) {
        const id = p.tokIds[x];
        if (stamp[id] !== tag) {
          stamp[id] = tag;
          idLo[id] = 0;
          idHi[id] = 0;
        }
        if (bit < 31) idLo[id] |= 1 << bit;
        else idHi[id] |= 1 << (bit - 31);
      }
    }
    for (let c = pLo[e]; c < pHi[e]; c++) {
      let mLo = 0;
      let mHi = 0;
      const gc = z0 + c;
      for (let x = p.zStart[gc]; x < p.zStart[gc + 1]; x++) {
        const id = p.zIds[x];
        if (stamp[id] === tag) {
          mLo |= idLo[id];
          mHi |= idHi[id];
        }
      }
      maskLo[pOff[e] + c - pLo[e]] = mLo;
      maskHi[pOff[e] + c - pLo[e]] = mHi;
    }
  }
  // Stamps are tagged by global sentence index; clear them so a later call cannot mistake old marks.
  for (let e = 0; e < nE; e++) {
    const ge = e0 + e;
    for (let x = p.tokIdStart[p.tokStart[ge]]; x < p.tokIdStart[p.tokStart[ge + 1]]; x++) stamp[p.tokIds[x]] = -1;
  }

  const lexOf = (i: number, a: number, j: number, b: number): number => {
    // English sentences [i-a, i), Chinese [j-b, j), local indices.
    let total = 0;
    const gain = w.gain[b];
    for (let e = i - a; e < i; e++) {
      const ge = e0 + e;
      const t0 = p.tokStart[ge];
      if (t0 === p.tokStart[ge + 1]) continue;
      let mLo = 0;
      let mHi = 0;
      for (let c = j - b; c < j; c++) {
        if (c < pLo[e] || c >= pHi[e]) continue;
        const k = pOff[e] + c - pLo[e];
        mLo |= maskLo[k];
        mHi |= maskHi[k];
      }
      let s = w.missSum[ge];
      while (mLo !== 0) {
        const low = mLo & -mLo;
        s += gain[t0 + 31 - Math.clz32(low)];
        mLo ^= low;
      }
      while (mHi !== 0) {
        const low = mHi & -mHi;
        s += gain[t0 + 31 + 31 - Math.clz32(low)];
        mHi ^= low;
      }
      total += s;
    }
    return total;
  };
  const lengthOf = (i: number, a: number, j: number, b: number): number => {
    const le = cumE[i] - cumE[i - a];
    const lz = cumZ[j] - cumZ[j - b];
    const z = Math.log((le + 2 * Math.exp(logRatio)) / (lz + 2)) - logRatio;
    return (-0.5 * z * z) / (sigma2 + params.lenShort / (lz + 1));
  };

  const total = rowOff[nE + 1];
  const score = new Float64Array(total).fill(-Infinity);
  const back = new Int8Array(total).fill(-1);
  score[0] = 0;
  const nShapes = SHAPES.length;
  for (let i = 0; i <= nE; i++) {
    for (let j = lo[i]; j <= hi[i]; j++) {
      if (i === 0 && j === 0) continue;
      let best = -Infinity;
      let bestShape = -1;
      for (let s = 0; s < nShapes; s++) {
        const a = SHAPES[s][0];
        const b = SHAPES[s][1];
        const pi = i - a;
        const pj = j - b;
        if (pi < 0 || pj < 0 || pj < lo[pi] || pj > hi[pi]) continue;
        const prev = score[rowOff[pi] + pj - lo[pi]];
        if (prev === -Infinity) continue;
        let v = prev + params.prior[s];
        if (a > 0 && b > 0) v += params.lenWeight * lengthOf(i, a, j, b) + params.lexWeight * lexOf(i, a, j, b);
        if (v > best) {
          best = v;
          bestShape = s;
        }
      }
      const k = rowOff[i] + j - lo[i];
      score[k] = best;
      back[k] = bestShape;
    }
  }

  // Trace back.
  const beads: RawBead[] = [];
  const pathCenter = new Int32Array(nE + 1);
  let touched = false;
  let i = nE;
  let j = nZ;
  pathCenter[nE] = nZ;
  while (i > 0 || j > 0) {
    const k = rowOff[i] + j - lo[i];
    const s = back[k];
    if (s < 0) throw new Error('alignment: band lost the path'); // cannot happen: the band is connected
    if ((j - lo[i] < 2 && lo[i] > 0) || (hi[i] - j < 2 && hi[i] < nZ)) touched = true;
    const a = SHAPES[s][0];
    const b = SHAPES[s][1];
    const lex = a > 0 && b > 0 ? lexOf(i, a, j, b) : 0;
    const own = params.prior[s] + (a > 0 && b > 0 ? params.lenWeight * lengthOf(i, a, j, b) + params.lexWeight * lex : 0);
    beads.push({ e0: e0 + i - a, e1: e0 + i, z0: z0 + j - b, z1: z0 + j, score: own, lex });
    for (let r = i - a; r < i; r++) pathCenter[r] = j - b;
    i -= a;
    j -= b;
  }
  beads.reverse();
  return { beads, touched, pathCenter };
}

export { tokenWeights };
export type { TokenWeights };
