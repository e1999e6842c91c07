/**
 * Dynamic programming over beads inside a band of the (English × Chinese) sentence grid.
 *
 * Bead score = log prior of the bead shape + a Gale–Church-style log-normal length term + the
 * log-likelihood ratio of the lexical evidence: every English token of the bead either finds one of
 * its Chinese forms in the bead's Chinese sentences or not (see `tokenWeights`).
 *
 * Long inputs: an anchor pass first links sentence pairs that share rare evidence (numbers, names,
 * rare words) through an inverted index and keeps the heaviest monotone chain of them; the band
 * follows that chain (or the length diagonal for small inputs), and is re-centred and widened while
 * the best path runs along its edge. Cost is O(n · width); memory is one byte per band cell plus a
 * few rows.
 */
import { TOKEN_CLASSES, type Prepared } from './features';

/** Bead shapes as [English sentences, Chinese sentences]. */
export const SHAPES: ReadonlyArray<readonly [number, number]> = [
  [1, 1], [1, 0], [0, 1], [2, 1], [1, 2], [3, 1], [1, 3], [2, 2], [4, 1], [1, 4], [3, 2], [2, 3], [5, 1], [4, 2], [3, 3],
];
const MAX_SPAN = 5;
// Hot loops read these as locals: under jest's vm context every global lookup (Math, Infinity)
// goes through an interceptor and made the DP eight times slower.
const clz32 = Math.clz32;
const log = Math.log;
const NEG_INF = -Infinity;
const RING = MAX_SPAN + 1;
/** Grids up to this many cells are searched whole. */
const FULL_GRID = 20_000;

export interface AlignParams {
  /** Chance that a token's translation shows up in the aligned Chinese text, by token class. */
  q: readonly number[];
  /** The same for Chinese tokens found in the English side. */
  qZ: readonly number[];
  /** Miss rate for words whose translations occur nowhere on the other side. */
  qAbsent: number;
  /** Weight of the Chinese-side evidence relative to the English side (they overlap). */
  zhWeight: number;
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
  /** Half-width of the band around the anchor chain, in sentences. */
  band: number;
  /**
   * A sentence merged into a bead with others on its side must bring its own evidence: when its
   * matches against the bead's other side gain less than `mergeSupport` nats, the bead pays
   * `mergePenalty`. Without this an untranslated sentence next to a real pair is merged into it,
   * since the per-token miss rate alone costs less than a 1-0 / 0-1 bead.
   */
  mergeSupport?: number;
  mergePenalty?: number;
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
  /** Score lead of this bead's boundaries over the nearest alternatives (nats, capped at 50). */
  margin: number;
}

/** Per-token gains: a match with k Chinese sentences in the bead adds gain[k][t]; missSum[e] is the all-miss score. */
export interface TokenWeights {
  gain: Float64Array[]; // index k = 1..MAX_SPAN
  missSum: Float64Array; // per English sentence
  /** The same for Chinese tokens, k = number of English sentences in the bead. */
  gainZ: Float64Array[];
  missSumZ: Float64Array; // per Chinese sentence
}

function sideWeights(
  classes: Uint8Array,
  p0s: Float64Array,
  start: Int32Array,
  q: readonly number[],
  scale: number,
): { gain: Float64Array[]; missSum: Float64Array } {
  const nT = classes.length;
  const gain: Float64Array[] = [new Float64Array(0)];
  const logMiss = new Float64Array(TOKEN_CLASSES);
  for (let c = 0; c < TOKEN_CLASSES; c++) logMiss[c] = Math.log(1 - q[c]);
  for (let k = 1; k <= MAX_SPAN; k++) {
    const g = new Float64Array(nT);
    for (let t = 0; t < nT; t++) {
      const qt = q[classes[t]];
      // Chance of a hit by accident grows with the number of sentences on the other side.
      const p0 = 1 - Math.pow(1 - p0s[t], k);
      const p1 = 1 - (1 - p0) * (1 - qt);
      // A match scores log(p1/p0), a miss log(1-q); store the difference so a bead adds gains only.
      g[t] = scale * (Math.max(0, Math.log(p1 / p0)) - logMiss[classes[t]]);
    }
    gain.push(g);
  }
  const n = start.length - 1;
  const missSum = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    let s = 0;
    for (let t = start[e]; t < start[e + 1]; t++) s += logMiss[classes[t]];
    missSum[e] = scale * s;
  }
  return { gain, missSum };
}

export function tokenWeights(p: Prepared, params: AlignParams): TokenWeights {
  const en = sideWeights(p.tokClass, p.tokP0, p.tokStart, params.q, 1);
  const zh = sideWeights(p.zTokClass, p.zTokP0, p.zTokStart, params.qZ, params.zhWeight);
  // Words with no possible counterpart count as misses with their own rate.
  for (let e = 0; e < p.nE; e++) en.missSum[e] += p.absentE[e] * Math.log(1 - params.qAbsent);
  for (let c = 0; c < p.nZ; c++) zh.missSum[c] += params.zhWeight * p.absentZ[c] * Math.log(1 - params.qAbsent);
  return { gain: en.gain, missSum: en.missSum, gainZ: zh.gain, missSumZ: zh.missSum };
}

/** Scratch over the id space: which token bits of the current English sentence an id lights. */
interface IdMarks {
  stamp: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
}
const marksCache = new WeakMap<Prepared, IdMarks>();

function idMarks(p: Prepared): IdMarks {
  let marks = marksCache.get(p);
  if (!marks) {
    marks = { stamp: new Int32Array(p.idSpace).fill(-1), lo: new Int32Array(p.idSpace), hi: new Int32Array(p.idSpace) };
    marksCache.set(p, marks);
  }
  return marks;
}

/** Marks the ids of English sentence ge's tokens; returns false when it has no tokens. */
function markSentence(p: Prepared, ge: number, marks: IdMarks): boolean {
  const t0 = p.tokStart[ge];
  const t1 = p.tokStart[ge + 1];
  if (t0 === t1) return false;
  const { stamp, lo, hi } = marks;
  for (let t = t0; t < t1; t++) {
    const bit = t - t0;
    for (let x = p.tokIdStart[t]; x < p.tokIdStart[t + 1]; x++) {
      const id = p.tokIds[x];
      if (stamp[id] !== ge) {
        stamp[id] = ge;
        lo[id] = 0;
        hi[id] = 0;
      }
      if (bit < 31) lo[id] |= 1 << bit;
      else hi[id] |= 1 << (bit - 31);
    }
  }
  return true;
}

function unmarkSentence(p: Prepared, ge: number, marks: IdMarks): void {
  for (let x = p.tokIdStart[p.tokStart[ge]]; x < p.tokIdStart[p.tokStart[ge + 1]]; x++) marks.stamp[p.tokIds[x]] = -1;
}

/** Lexical score of English sentences [ge0, ge1) against Chinese sentences [gc0, gc1), both sides. */
function lexicalScore(p: Prepared, w: TokenWeights, ge0: number, ge1: number, gc0: number, gc1: number, marks: IdMarks): number {
  const a = ge1 - ge0;
  const b = gc1 - gc0;
  if (a === 0 || b === 0) return 0;
  const zLo = new Int32Array(b);
  const zHi = new Int32Array(b);
  let total = 0;
  for (let ge = ge0; ge < ge1; ge++) {
    const marked = markSentence(p, ge, marks);
    let mLo = 0;
    let mHi = 0;
    for (let c = gc0; c < gc1; c++) {
      if (!marked) continue;
      for (let x = p.zStart[c]; x < p.zStart[c + 1]; x++) {
        const id = p.zIds[x];
        if (marks.stamp[id] === ge) {
          mLo |= marks.lo[id];
          mHi |= marks.hi[id];
        }
      }
      const t0 = p.zTokStart[c];
      for (let x = t0; x < p.zTokStart[c + 1]; x++) {
        if (marks.stamp[p.zTokId[x]] !== ge) continue;
        const bit = x - t0;
        if (bit < 31) zLo[c - gc0] |= 1 << bit;
        else zHi[c - gc0] |= 1 << (bit - 31);
      }
    }
    if (marked) unmarkSentence(p, ge, marks);
    total += sumGains(w.gain[Math.min(MAX_SPAN, b)], p.tokStart[ge], w.missSum[ge], mLo, mHi);
  }
  for (let c = gc0; c < gc1; c++) {
    total += sumGains(w.gainZ[Math.min(MAX_SPAN, a)], p.zTokStart[c], w.missSumZ[c], zLo[c - gc0], zHi[c - gc0]);
  }
  return total;
}

function sumGains(gain: Float64Array, t0: number, base: number, mLo: number, mHi: number): number {
  let s = base;
  while (mLo !== 0) {
    const low = mLo & -mLo;
    s += gain[t0 + 31 - clz32(low)];
    mLo ^= low;
  }
  while (mHi !== 0) {
    const low = mHi & -mHi;
    s += gain[t0 + 62 - clz32(low)];
    mHi ^= low;
  }
  return s;
}

/** Chinese sentences holding each id, for the anchor pass (built once per prepared document). */
interface Postings {
  start: Int32Array;
  list: Int32Array;
}
const postingsCache = new WeakMap<Prepared, Postings>();

function postingsOf(p: Prepared): Postings {
  let post = postingsCache.get(p);
  if (post) return post;
  const count = new Int32Array(p.idSpace + 1);
  for (let x = 0; x < p.zIds.length; x++) count[p.zIds[x] + 1]++;
  for (let id = 0; id < p.idSpace; id++) count[id + 1] += count[id];
  const fill = count.slice(0, p.idSpace);
  const list = new Int32Array(p.zIds.length);
  for (let c = 0; c < p.nZ; c++) for (let x = p.zStart[c]; x < p.zStart[c + 1]; x++) list[fill[p.zIds[x]]++] = c;
  post = { start: count, list };
  postingsCache.set(p, post);
  return post;
}

/** Ids seen in more Chinese sentences than this are too common to anchor anything. */
const ANCHOR_MAX_DF = 64;
/** A pair needs at least this much rare evidence (nats) to become an anchor candidate. */
const ANCHOR_MIN_GAIN = 6;

/**
 * Heaviest strictly monotone chain of sentence pairs that share rare evidence: a rough path that
 * the band then follows. Returns cell-row centres (Chinese sentences consumed after i English ones).
 */
function anchorCenters(p: Prepared, w: TokenWeights, e0: number, nE: number, z0: number, nZ: number, cumE: Float64Array, cumZ: Float64Array): Int32Array {
  const post = postingsOf(p);
  const pairE: number[] = [];
  const pairC: number[] = [];
  const pairW: number[] = [];
  const acc = new Float64Array(nZ);
  const lastToken = new Int32Array(nZ).fill(-1);
  const touched: number[] = [];
  const gain1 = w.gain[1];
  for (let e = 0; e < nE; e++) {
    const ge = e0 + e;
    for (let t = p.tokStart[ge]; t < p.tokStart[ge + 1]; t++) {
      if (p.tokP0[t] * p.nZ > ANCHOR_MAX_DF) continue;
      const g = gain1[t];
      for (let x = p.tokIdStart[t]; x < p.tokIdStart[t + 1]; x++) {
        const id = p.tokIds[x];
        const s0 = post.start[id];
        const s1 = post.start[id + 1];
        for (let y = s0; y < s1; y++) {
          const c = post.list[y] - z0;
          // One vote per Chinese sentence per token, however many of its forms appear there.
          if (c < 0 || c >= nZ || lastToken[c] === t) continue;
          lastToken[c] = t;
          if (acc[c] === 0) touched.push(c);
          acc[c] += g;
        }
      }
    }
    for (const c of touched) {
      if (acc[c] >= ANCHOR_MIN_GAIN) {
        pairE.push(e);
        pairC.push(c);
        pairW.push(acc[c]);
      }
      acc[c] = 0;
    }
    touched.length = 0;
  }
  // Weighted longest chain, strictly increasing in both coordinates: Fenwick tree of best chain
  // weight ending below each Chinese index; pairs of one English sentence are queried before any is added.
  const P = pairE.length;
  const tree = new Float64Array(nZ + 1);
  const treeArg = new Int32Array(nZ + 1).fill(-1);
  const best = new Float64Array(P);
  const prev = new Int32Array(P).fill(-1);
  let start = 0;
  while (start < P) {
    let end = start;
    while (end < P && pairE[end] === pairE[start]) end++;
    for (let k = start; k < end; k++) {
      let v = 0;
      let arg = -1;
      for (let x = pairC[k]; x > 0; x -= x & -x) {
        if (tree[x] > v) {
          v = tree[x];
          arg = treeArg[x];
        }
      }
      best[k] = v + pairW[k];
      prev[k] = arg;
    }
    for (let k = start; k < end; k++) {
      for (let x = pairC[k] + 1; x <= nZ; x += x & -x) {
        if (best[k] > tree[x]) {
          tree[x] = best[k];
          treeArg[x] = k;
        }
      }
    }
    start = end;
  }
  let top = -1;
  for (let k = 0; k < P; k++) if (top < 0 || best[k] > best[top]) top = k;
  const chain: Array<[number, number]> = [[nE, nZ]];
  for (let k = top; k >= 0; k = prev[k]) chain.push([pairE[k], pairC[k]]);
  chain.push([0, 0]);
  chain.reverse();
  // Between anchors, follow the length diagonal of that stretch.
  const center = new Int32Array(nE + 1);
  for (let a = 0; a + 1 < chain.length; a++) {
    const [ea, ca] = chain[a];
    const [eb, cb] = chain[a + 1];
    let c = ca;
    for (let i = ea; i <= eb; i++) {
      const spanE = cumE[eb] - cumE[ea];
      const frac = spanE > 0 ? (cumE[i] - cumE[ea]) / spanE : eb > ea ? (i - ea) / (eb - ea) : 1;
      const target = cumZ[ca] + frac * (cumZ[cb] - cumZ[ca]);
      while (c < cb && cumZ[c + 1] <= target) c++;
      center[i] = c;
    }
  }
  return center;
}

function lengthDiagonal(nE: number, nZ: number, cumE: Float64Array, cumZ: Float64Array): Int32Array {
  const center = new Int32Array(nE + 1);
  let j = 0;
  for (let i = 0; i <= nE; i++) {
    const target = cumE[nE] > 0 ? (cumE[i] / cumE[nE]) * cumZ[nZ] : (i / Math.max(1, nE)) * cumZ[nZ];
    while (j < nZ && cumZ[j + 1] <= target) j++;
    center[i] = j;
  }
  center[nE] = nZ;
  return center;
}

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
    for (let e = e0; e < e1; e++) beads.push({ e0: e, e1: e + 1, z0, z1: z0, score: params.prior[1], lex: 0, margin: 50 });
    for (let z = z0; z < z1; z++) beads.push({ e0: e1, e1: e1, z0: z, z1: z + 1, score: params.prior[2], lex: 0, margin: 50 });
    return beads;
  }
  const w = weights ?? tokenWeights(p, params);
  const cumE = new Float64Array(nE + 1);
  const cumZ = new Float64Array(nZ + 1);
  for (let i = 0; i < nE; i++) cumE[i + 1] = cumE[i] + p.lenE[e0 + i];
  for (let j = 0; j < nZ; j++) cumZ[j + 1] = cumZ[j] + p.lenZ[z0 + j];
  const full = (nE + 1) * (nZ + 1) <= FULL_GRID;
  const center: Int32Array = full ? lengthDiagonal(nE, nZ, cumE, cumZ) : anchorCenters(p, w, e0, nE, z0, nZ, cumE, cumZ);
  // Half-width per row; widened only around the rows where the path ran along the band's edge.
  const half = new Int32Array(nE + 1).fill(full ? nE + nZ : Math.max(params.band, MAX_SPAN));
  const model = new BeadModel(p, w, params, e0, z0, cumE, cumZ);
  const first = runBand(model, nE, nZ, center, half);
  if (first.touchedRows.length === 0 || full) return first.beads;
  if (params.band >= MAX_LOCAL_BAND) return widenWhole(model, nE, nZ, first, half);
  return refineNearEdges(p, e0, z0, first, Math.max(params.band, MAX_SPAN), params, w);
}

/** Bands wider than this are not widened further around a few rows: the whole band is widened. */
const MAX_LOCAL_BAND = 96;

/**
 * Where the path ran along the band's edge, re-aligns only the stretch around those rows with a
 * band twice as wide, between path points well away from them (the path elsewhere did not feel the
 * band, so it stays). Much cheaper than a second pass over the whole band.
 */
function refineNearEdges(p: Prepared, e0: number, z0: number, first: BandResult, band: number, params: AlignParams, w: TokenWeights): RawBead[] {
  const beads = first.beads;
  const rows = first.touchedRows.slice().sort((x, y) => x - y);
  const reach = 4 * band + 8;
  const out: RawBead[] = [];
  let k = 0; // next bead of the first pass to copy
  let r = 0;
  while (r < rows.length) {
    // Rows within reach of each other form one stretch.
    let last = rows[r];
    let end = r + 1;
    while (end < rows.length && rows[end] - last <= 2 * reach) last = rows[end++];
    const from = e0 + rows[r] - reach;
    const to = e0 + last + reach;
    // Copy beads that end before the stretch; the stretch starts at the next bead boundary.
    while (k < beads.length && beads[k].e1 <= from) out.push(beads[k++]);
    const startBead = k;
    while (k < beads.length && (beads[k].e0 < to || beads[k].e1 === beads[k].e0)) k++;
    if (k === startBead) {
      r = end;
      continue;
    }
    const a = beads[startBead];
    const b = beads[k - 1];
    out.push(...alignRange(p, a.e0, b.e1, a.z0, b.z1, { ...params, band: 2 * band }, w));
    r = end;
  }
  while (k < beads.length) out.push(beads[k++]);
  return out;
}

function widenWhole(model: BeadModel, nE: number, nZ: number, first: BandResult, half: Int32Array): RawBead[] {
  let result = first;
  for (let attempt = 1; attempt <= 4 && result.touchedRows.length > 0; attempt++) {
    const old = Int32Array.from(half);
    for (const r of result.touchedRows) {
      const reach = 4 * old[r] + 8;
      for (let i = Math.max(0, r - reach); i <= Math.min(nE, r + reach); i++) half[i] = Math.max(half[i], 2 * old[r]);
    }
    result = runBand(model, nE, nZ, result.pathCenter, half);
  }
  return result.beads;
}

/** Scores of candidate beads over one aligned range. */
class BeadModel {
  readonly logRatio: number;
  readonly ratioSmooth: number;
  readonly sigma2: number;
  constructor(
    readonly p: Prepared,
    readonly w: TokenWeights,
    readonly params: AlignParams,
    readonly e0: number,
    readonly z0: number,
    readonly cumE: Float64Array,
    readonly cumZ: Float64Array,
  ) {
    // The length ratio is the document's own when there is enough text to measure it.
    const nE = cumE.length - 1;
    const nZ = cumZ.length - 1;
    const weight = Math.min(1, cumZ[nZ] / 2000);
    const measured = cumZ[nZ] > 0 && cumE[nE] > 0 ? Math.log(cumE[nE] / cumZ[nZ]) : Math.log(params.defaultRatio);
    this.logRatio = weight * measured + (1 - weight) * Math.log(params.defaultRatio);
    this.ratioSmooth = 2 * Math.exp(this.logRatio);
    this.sigma2 = params.lenSigma * params.lenSigma;
  }

  /** Length log-likelihood of English cells [i-a, i) against Chinese [j-b, j). */
  length(i: number, a: number, j: number, b: number): number {
    const le = this.cumE[i] - this.cumE[i - a];
    const lz = this.cumZ[j] - this.cumZ[j - b];
    const z = log((le + this.ratioSmooth) / (lz + 2)) - this.logRatio;
    return (-0.5 * z * z) / (this.sigma2 + this.params.lenShort / (lz + 1));
  }

  /** Own score of a bead (used on the final path only). */
  bead(i: number, a: number, j: number, b: number, shape: number, marks: IdMarks): RawBead {
    const lex = lexicalScore(this.p, this.w, this.e0 + i - a, this.e0 + i, this.z0 + j - b, this.z0 + j, marks);
    const score =
      this.params.prior[shape] + (a > 0 && b > 0 ? this.params.lenWeight * this.length(i, a, j, b) + this.params.lexWeight * lex : 0);
    return { e0: this.e0 + i - a, e1: this.e0 + i, z0: this.z0 + j - b, z1: this.z0 + j, score, lex, margin: 50 };
  }
}

interface BandResult {
  beads: RawBead[];
  /** Rows where the best path ran along an edge of the band (it may want to go further). */
  touchedRows: number[];
  pathCenter: Int32Array;
}

function runBand(model: BeadModel, nE: number, nZ: number, center: Int32Array, half: Int32Array): BandResult {
  const { p, w, params, e0, z0 } = model;
  // Cell band per row i (English sentences consumed): Chinese sentences consumed in [lo[i], hi[i]].
  const lo = new Int32Array(nE + 1);
  const hi = new Int32Array(nE + 1);
  for (let i = 0; i <= nE; i++) {
    lo[i] = Math.max(0, center[i] - half[i]);
    hi[i] = Math.min(nZ, center[i] + half[i]);
  }
  lo[0] = 0;
  hi[nE] = nZ;
  // Monotone edges that overlap from row to row keep the band connected.
  for (let i = 1; i <= nE; i++) lo[i] = Math.max(lo[i], lo[i - 1]);
  for (let i = nE - 1; i >= 0; i--) hi[i] = Math.min(Math.max(hi[i], lo[i]), hi[i + 1]);
  for (let i = 1; i <= nE; i++) if (lo[i] > hi[i - 1]) lo[i] = hi[i - 1];
  let maxWidth = 0;
  const rowOff = new Float64Array(nE + 2); // may exceed 2^31 cells only in theory; doubles are exact
  for (let i = 0; i <= nE; i++) {
    if (hi[i] < lo[i]) hi[i] = lo[i];
    maxWidth = Math.max(maxWidth, hi[i] - lo[i] + 1);
    rowOff[i + 1] = rowOff[i] + (hi[i] - lo[i] + 1);
  }
  const back = new Int8Array(rowOff[nE + 1]);
  // How far the best way into each cell beat the second best: the bead's confidence.
  const margin = new Float32Array(rowOff[nE + 1]);
  // Scores of the last RING rows.
  const ring: Float64Array[] = Array.from({ length: RING }, () => new Float64Array(maxWidth));
  // Span gains of the last MAX_SPAN English sentences: for sentence e, gains[(b-1)*width + (j - jLo)]
  // is its lexical score against Chinese [j-b, j), for every bead end j it can be part of.
  const spanGain: Float64Array[] = Array.from({ length: RING }, () => new Float64Array(0));
  const spanLo = new Int32Array(RING);
  const spanWidth = new Int32Array(RING);
  // Chinese-side token masks of the last MAX_SPAN English sentences against each Chinese sentence.
  const zmLo: Int32Array[] = Array.from({ length: RING }, () => new Int32Array(0));
  const zmHi: Int32Array[] = Array.from({ length: RING }, () => new Int32Array(0));
  const zmBase = new Int32Array(RING);
  const marks = idMarks(p);
  // A sentence's bead ends span several rows of the band, which can be wider than one row.
  let pairLo = new Int32Array(maxWidth + 2 * MAX_SPAN);
  let pairHi = new Int32Array(maxWidth + 2 * MAX_SPAN);

  const fillSpan = (e: number): void => {
    const slot = e % RING;
    const jLo = lo[e + 1];
    const jHi = hi[Math.min(nE, e + MAX_SPAN)];
    const width = jHi - jLo + 1;
    let g = spanGain[slot];
    if (g.length < width * MAX_SPAN) g = spanGain[slot] = new Float64Array(Math.max(width * MAX_SPAN, g.length * 2));
    spanLo[slot] = jLo;
    spanWidth[slot] = width;
    const ge = e0 + e;
    const base = w.missSum[ge];
    const cLo = Math.max(0, jLo - MAX_SPAN);
    const pairs = jHi - cLo;
    if (pairLo.length < pairs) {
      pairLo = new Int32Array(2 * pairs);
      pairHi = new Int32Array(2 * pairs);
    }
    if (zmLo[slot].length < pairs) {
      zmLo[slot] = new Int32Array(Math.max(pairs, 2 * zmLo[slot].length));
      zmHi[slot] = new Int32Array(zmLo[slot].length);
    }
    zmBase[slot] = cLo;
    const zl = zmLo[slot];
    const zh = zmHi[slot];
    if (!markSentence(p, ge, marks)) {
      g.fill(base, 0, width * MAX_SPAN);
      zl.fill(0, 0, pairs);
      zh.fill(0, 0, pairs);
      return;
    }
    // Token masks against each Chinese sentence c in [cLo, jHi), English side and Chinese side.
    const { stamp, lo: idLo, hi: idHi } = marks;
    for (let c = cLo; c < jHi; c++) {
      let mLo = 0;
      let mHi = 0;
      const gc = z0 + c;
      for (let x = p.zStart[gc]; x < p.zStart[gc + 1]; x++) {
        const id = p.zIds[x];
        if (stamp[id] === ge) {
          mLo |= idLo[id];
          mHi |= idHi[id];
        }
      }
      pairLo[c - cLo] = mLo;
      pairHi[c - cLo] = mHi;
      let zLo = 0;
      let zHi = 0;
      if (mLo !== 0 || mHi !== 0) {
        const t0 = p.zTokStart[gc];
        const t1 = p.zTokStart[gc + 1];
        for (let x = t0; x < t1; x++) {
          if (stamp[p.zTokId[x]] !== ge) continue;
          const bit = x - t0;
          if (bit < 31) zLo |= 1 << bit;
          else zHi |= 1 << (bit - 31);
        }
      }
      zl[c - cLo] = zLo;
      zh[c - cLo] = zHi;
    }
    unmarkSentence(p, ge, marks);
    const t0 = p.tokStart[ge];
    for (let j = jLo; j <= jHi; j++) {
      let mLo = 0;
      let mHi = 0;
      for (let bb = 1; bb <= MAX_SPAN; bb++) {
        const c = j - bb;
        if (c >= cLo) {
          mLo |= pairLo[c - cLo];
          mHi |= pairHi[c - cLo];
        }
        g[(bb - 1) * width + (j - jLo)] = c >= 0 ? sumGains(w.gain[bb], t0, base, mLo, mHi) : 0;
      }
    }
  };

  const nShapes = SHAPES.length;
  const prior = params.prior;
  const lexWeight = params.lexWeight;
  const lenWeight = params.lenWeight;
  const gainZ = w.gainZ;
  const missSumZ = w.missSumZ;
  const missSum = w.missSum;
  const support = params.mergeSupport ?? 0;
  const supportZ = support * params.zhWeight;
  const mergePenalty = params.mergePenalty ?? 0;
  // Chinese-side scores for the current row: rowGainZ[(a-1)*rowZWidth + c - rowZLo] is Chinese
  // sentence c against English sentences [i-a, i).
  let rowGainZ = new Float64Array(0);
  let rowZLo = 0;
  let rowZWidth = 0;
  const fillRowZ = (i: number): void => {
    rowZLo = Math.max(0, lo[i] - MAX_SPAN);
    rowZWidth = Math.max(0, hi[i] - rowZLo);
    if (rowGainZ.length < rowZWidth * MAX_SPAN) rowGainZ = new Float64Array(2 * rowZWidth * MAX_SPAN);
    const maxA = Math.min(i, MAX_SPAN);
    for (let c = rowZLo; c < rowZLo + rowZWidth; c++) {
      const gc = z0 + c;
      const t0 = p.zTokStart[gc];
      const base = missSumZ[gc];
      let mLo = 0;
      let mHi = 0;
      for (let a = 1; a <= maxA; a++) {
        const slot = (i - a) % RING;
        const k = c - zmBase[slot];
        mLo |= zmLo[slot][k];
        mHi |= zmHi[slot][k];
        rowGainZ[(a - 1) * rowZWidth + c - rowZLo] = sumGains(gainZ[a], t0, base, mLo, mHi);
      }
    }
  };
  for (let i = 0; i <= nE; i++) {
    if (i > 0) {
      fillSpan(i - 1);
      fillRowZ(i);
    }
    const row = ring[i % RING];
    const rowLo = lo[i];
    const off = rowOff[i];
    for (let j = rowLo; j <= hi[i]; j++) {
      if (i === 0 && j === 0) {
        row[0] = 0;
        back[0] = -1;
        continue;
      }
      let best = NEG_INF;
      let second = NEG_INF;
      let bestShape = -1;
      for (let s = 0; s < nShapes; s++) {
        const a = SHAPES[s][0];
        const bb = SHAPES[s][1];
        const pi = i - a;
        const pj = j - bb;
        if (pi < 0 || pj < lo[pi] || pj > hi[pi]) continue;
        const prev = ring[pi % RING][pj - lo[pi]];
        if (prev === NEG_INF) continue;
        let v = prev + prior[s];
        if (a > 0 && bb > 0) {
          let lex = 0;
          for (let e = pi; e < i; e++) {
            const slot = e % RING;
            const g = spanGain[slot][(bb - 1) * spanWidth[slot] + (j - spanLo[slot])];
            lex += g;
            if (a > 1 && g - missSum[e0 + e] < support) v -= mergePenalty;
          }
          // Chinese side: each Chinese sentence's tokens found in any of the bead's English sentences.
          const zBase = (a - 1) * rowZWidth - rowZLo;
          for (let c = pj; c < j; c++) {
            const g = rowGainZ[zBase + c];
            lex += g;
            if (bb > 1 && g - missSumZ[z0 + c] < supportZ) v -= mergePenalty;
          }
          v += lenWeight * model.length(i, a, j, bb) + lexWeight * lex;
        }
        if (v > best) {
          second = best;
          best = v;
          bestShape = s;
        } else if (v > second) second = v;
      }
      row[j - rowLo] = best;
      back[off + j - rowLo] = bestShape;
      margin[off + j - rowLo] = second === NEG_INF ? 50 : Math.min(50, best - second);
    }
  }

  // Trace back.
  const beads: RawBead[] = [];
  const pathCenter = new Int32Array(nE + 1);
  const touchedRows: number[] = [];
  let i = nE;
  let j = nZ;
  pathCenter[nE] = nZ;
  while (i > 0 || j > 0) {
    const s = back[rowOff[i] + j - lo[i]];
    if (s < 0) throw new Error('alignment: band lost the path'); // cannot happen: the band is connected
    if ((j - lo[i] < 2 && lo[i] > 0) || (hi[i] - j < 2 && hi[i] < nZ)) touchedRows.push(i);
    const a = SHAPES[s][0];
    const bb = SHAPES[s][1];
    const bead = model.bead(i, a, j, bb, s, marks);
    bead.margin = margin[rowOff[i] + j - lo[i]];
    beads.push(bead);
    for (let r = i - a; r < i; r++) pathCenter[r] = j - bb;
    i -= a;
    j -= bb;
  }
  beads.reverse();
  // A bead is as uncertain as its less certain boundary: its own start (its margin) and its end
  // (the margin of the bead after it, whose alternatives move that boundary).
  for (let k = 0; k < beads.length; k++) beads[k].margin = Math.min(beads[k].margin, k + 1 < beads.length ? beads[k + 1].margin : 50);
  return { beads, touchedRows, pathCenter };
}

/** Score of one bead in isolation, parts separated (for calibration and diagnostics). */
export function scoreBead(
  p: Prepared,
  params: AlignParams,
  e0: number,
  e1: number,
  z0: number,
  z1: number,
  weights?: TokenWeights,
): { prior: number; length: number; lex: number; total: number } {
  const w = weights ?? tokenWeights(p, params);
  const cumE = new Float64Array(p.nE + 1);
  const cumZ = new Float64Array(p.nZ + 1);
  for (let i = 0; i < p.nE; i++) cumE[i + 1] = cumE[i] + p.lenE[i];
  for (let j = 0; j < p.nZ; j++) cumZ[j + 1] = cumZ[j] + p.lenZ[j];
  const model = new BeadModel(p, w, params, 0, 0, cumE, cumZ);
  const a = e1 - e0;
  const b = z1 - z0;
  const shape = SHAPES.findIndex(([x, y]) => x === a && y === b);
  const raw = model.bead(e1, a, z1, b, shape, idMarks(p));
  const length = a > 0 && b > 0 ? model.length(e1, a, z1, b) : 0;
  return { prior: params.prior[shape], length, lex: raw.lex, total: raw.score };
}
