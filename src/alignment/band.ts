/**
 * Dynamic programming over beads inside a band of the (English × Chinese) sentence grid (bead
 * scores in bead-model.ts). The band follows the anchor chain (anchors.ts) or the length diagonal
 * for small inputs, and is re-centred and widened while the best path runs along its edge. Cost is
 * O(n · width); memory is one byte per band cell plus a few rows.
 */
import type { Prepared } from './features';
import { anchorCenters, lengthDiagonal, postingsOf } from './anchors';
import * as beadModel from './bead-model';
import {
  BeadModel, idMarks, markSentence, tokenWeights, unmarkSentence, type AlignParams, type IdMarks, type RawBead, type TokenWeights,
} from './bead-model';

// Hot loops read these as locals: under jest's vm context every global lookup (Math, Infinity)
// goes through an interceptor and made the DP eight times slower; imports are module-object reads.
const MAX_SPAN = beadModel.MAX_SPAN;
const SHAPES = beadModel.SHAPES;
const sumGains = beadModel.sumGains;
const BIT_LO = beadModel.BIT_LO;
const BIT_HI = beadModel.BIT_HI;
const levelOf = beadModel.levelOf;
const NEG_INF = -Infinity;
const NO_GAINS = new Float64Array(0);
const log = Math.log;
const RING = MAX_SPAN + 1;
const SHAPE_COUNT = SHAPES.length;
const SHAPE_A = Int32Array.from(SHAPES, (x) => x[0]);
const SHAPE_B = Int32Array.from(SHAPES, (x) => x[1]);
/** Grids up to this many cells are searched whole. */
const FULL_GRID = 20_000;

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

interface BandResult {
  beads: RawBead[];
  /** Rows where the best path ran along an edge of the band (it may want to go further). */
  touchedRows: number[];
  pathCenter: Int32Array;
}

/**
 * One pass of the DP over a band, row by row. Each step is its own small method: a fresh process
 * optimises small functions early, while one function holding every loop took the optimising
 * compiler longer (36 ms on a 500-sentence chapter) than the work it then did.
 */
class BandRun {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly rowOff: Float64Array;
  readonly back: Int8Array;
  /** How far the best way into each cell beat the second best: the bead's confidence. */
  readonly margin: Float32Array;
  private readonly maxWidth: number;
  /** Scores of the last RING rows. */
  private readonly ring: Float64Array[];
  // Span gains of the last MAX_SPAN English sentences: for sentence e, gains[(b-1)*width + (j - jLo)]
  // is its lexical score against Chinese [j-b, j), for every bead end j it can be part of.
  private readonly spanGain: Float64Array[];
  private readonly spanLo = new Int32Array(RING);
  private readonly spanWidth = new Int32Array(RING);
  // Chinese-side token masks of the last MAX_SPAN English sentences against each Chinese sentence.
  private readonly zmLo: Int32Array[];
  private readonly zmHi: Int32Array[];
  private readonly zmBase = new Int32Array(RING);
  private readonly marks: IdMarks;
  private readonly postStart: Int32Array;
  private readonly postList: Int32Array;
  // English tokens' gain table for a bead ending at Chinese j with bb Chinese sentences: the same
  // for every English sentence, so looked up once per (bb, j) rather than per sentence.
  private readonly gainsZ: Float64Array[];
  // A sentence's bead ends span several rows of the band, which can be wider than one row.
  // (Sized for the whole range once: a buffer grown late made the optimised code start over.)
  private readonly pairLo: Int32Array;
  private readonly pairHi: Int32Array;
  // Chinese-side scores for the current row: rowGainZ[(a-1)*rowZWidth + c - rowZLo] is Chinese
  // sentence c against English sentences [i-a, i).
  private rowGainZ = new Float64Array(0);
  private rowZLo = 0;
  private rowZWidth = 0;
  private readonly rowLevel = new Int32Array(MAX_SPAN + 1);
  // Each row shape by shape (the inner loop over the row's cells then has one shape's offsets and
  // English length), into vals[s * maxWidth + j - lo[i]], -Infinity where the shape cannot end;
  // then each cell takes the best of its shapes in SHAPES order, as a cell-by-cell loop did. A 0-1
  // bead starts in the same row, at the cell just decided: that shape is scored in the second loop.
  private readonly vals: Float64Array;
  private readonly spanOf: Float64Array[] = new Array<Float64Array>(MAX_SPAN).fill(NO_GAINS);
  private readonly spanAt = new Int32Array(MAX_SPAN);
  private readonly spanMiss = new Float64Array(MAX_SPAN);
  /** The cells [cellFrom, cellTo] of the current row that the shape being scored can end in (see shapeCells). */
  private cellFrom = 0;
  private cellTo = -1;

  constructor(private readonly model: BeadModel, private readonly nE: number, private readonly nZ: number, center: Int32Array, half: Int32Array) {
    const { p, w } = model;
    // Cell band per row i (English sentences consumed): Chinese sentences consumed in [lo[i], hi[i]].
    const lo = (this.lo = new Int32Array(nE + 1));
    const hi = (this.hi = new Int32Array(nE + 1));
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
    const rowOff = (this.rowOff = new Float64Array(nE + 2)); // may exceed 2^31 cells only in theory; doubles are exact
    for (let i = 0; i <= nE; i++) {
      if (hi[i] < lo[i]) hi[i] = lo[i];
      maxWidth = Math.max(maxWidth, hi[i] - lo[i] + 1);
      rowOff[i + 1] = rowOff[i] + (hi[i] - lo[i] + 1);
    }
    this.maxWidth = maxWidth;
    this.back = new Int8Array(rowOff[nE + 1]);
    this.margin = new Float32Array(rowOff[nE + 1]);
    this.ring = Array.from({ length: RING }, () => new Float64Array(maxWidth));
    this.spanGain = Array.from({ length: RING }, () => new Float64Array(0));
    this.zmLo = Array.from({ length: RING }, () => new Int32Array(0));
    this.zmHi = Array.from({ length: RING }, () => new Int32Array(0));
    this.marks = idMarks(p);
    const postings = postingsOf(p);
    this.postStart = postings.start;
    this.postList = postings.list;
    const gainsZ: Float64Array[] = new Array<Float64Array>(MAX_SPAN * (nZ + 1));
    for (let bb = 1; bb <= MAX_SPAN; bb++) {
      for (let j = 0; j <= nZ; j++) {
        gainsZ[(bb - 1) * (nZ + 1) + j] = j >= bb ? w.gainL(levelOf(bb, model.cumZ[j] - model.cumZ[j - bb], w.avgZ, w.sizeShare)) : NO_GAINS;
      }
    }
    this.gainsZ = gainsZ;
    this.pairLo = new Int32Array(nZ + 1);
    this.pairHi = new Int32Array(nZ + 1);
    this.vals = new Float64Array(SHAPES.length * maxWidth);
  }

  /** Row i: English sentence i − 1's span gains, the row's Chinese-side gains, then every cell. */
  row(i: number): void {
    if (i > 0) {
      this.fillSpan(i - 1);
      this.fillRowZ(i);
    }
    for (let s = 0; s < SHAPE_COUNT; s++) {
      const a = SHAPE_A[s];
      if (a === 0) continue;
      if (SHAPE_B[s] === 0) this.scoreNullShape(i, s);
      else this.scoreShape(i, s);
    }
    this.chooseCells(i);
  }

  /** English sentence e's span gains against every Chinese stretch a bead holding it can end with. */
  private fillSpan(e: number): void {
    const { p, w, e0, z0 } = this.model;
    const { lo, hi, nE, marks, postStart, postList, pairLo, pairHi } = this;
    const slot = e % RING;
    const jLo = lo[e + 1];
    const jHi = hi[Math.min(nE, e + MAX_SPAN)];
    const width = jHi - jLo + 1;
    let g = this.spanGain[slot];
    if (g.length < width * MAX_SPAN) g = this.spanGain[slot] = new Float64Array(Math.max(width * MAX_SPAN, g.length * 2));
    this.spanLo[slot] = jLo;
    this.spanWidth[slot] = width;
    const ge = e0 + e;
    const base = w.missSum[ge];
    const cLo = Math.max(0, jLo - MAX_SPAN);
    const pairs = jHi - cLo;
    if (this.zmLo[slot].length < pairs) {
      this.zmLo[slot] = new Int32Array(Math.max(pairs, 2 * this.zmLo[slot].length));
      this.zmHi[slot] = new Int32Array(this.zmLo[slot].length);
    }
    this.zmBase[slot] = cLo;
    const zl = this.zmLo[slot];
    const zh = this.zmHi[slot];
    // A sentence without tokens takes the same way (its masks stay 0, its gains `base`): a branch
    // of its own, first met late in a document, threw away the optimised code.
    markSentence(p, ge, marks);
    // English token masks against each Chinese sentence c in [cLo, jHi): from the postings of the
    // sentence's token ids inside the window (a few entries an id), not by reading every id of
    // every Chinese sentence in the window against the marks.
    pairLo.fill(0, 0, pairs);
    pairHi.fill(0, 0, pairs);
    const gLo = z0 + cLo;
    const gHi = z0 + jHi;
    const tokEnd = p.tokStart[ge + 1];
    for (let t = p.tokStart[ge]; t < tokEnd; t++) {
      const bit = t - p.tokStart[ge];
      const bitLo = BIT_LO[bit];
      const bitHi = BIT_HI[bit];
      for (let x = p.tokIdStart[t]; x < p.tokIdStart[t + 1]; x++) {
        const id = p.tokIds[x];
        const end = postStart[id + 1];
        let y = postStart[id];
        let top = end;
        while (y < top) {
          const mid = (y + top) >> 1;
          const next = mid + 1; // computed on both ways: the first sentences never go right
          if (postList[mid] < gLo) y = next;
          else top = mid;
        }
        for (; y < end && postList[y] < gHi; y++) {
          pairLo[postList[y] - gLo] |= bitLo;
          pairHi[postList[y] - gLo] |= bitHi;
        }
      }
    }
    // Chinese side: which of each Chinese sentence's tokens the English sentence's ids light.
    const stamp = marks.stamp;
    for (let c = cLo; c < jHi; c++) {
      const gc = z0 + c;
      const mLo = pairLo[c - cLo];
      const mHi = pairHi[c - cLo];
      let zLo = 0;
      let zHi = 0;
      if (mLo !== 0 || mHi !== 0) {
        const t0 = p.zTokStart[gc];
        const t1 = p.zTokStart[gc + 1];
        for (let x = t0; x < t1; x++) {
          if (stamp[p.zTokId[x]] !== ge) continue;
          const bit = x - t0;
          zLo |= BIT_LO[bit];
          zHi |= BIT_HI[bit];
        }
      }
      zl[c - cLo] = zLo;
      zh[c - cLo] = zHi;
    }
    unmarkSentence(p, ge, marks);
    const t0 = p.tokStart[ge];
    const gainsZ = this.gainsZ;
    const which = w.which;
    const stride = this.nZ + 1;
    for (let j = jLo; j <= jHi; j++) {
      let mLo = 0;
      let mHi = 0;
      for (let bb = 1; bb <= MAX_SPAN; bb++) {
        const c = j - bb;
        if (c >= cLo) {
          mLo |= pairLo[c - cLo];
          mHi |= pairHi[c - cLo];
        }
        g[(bb - 1) * width + (j - jLo)] = c >= 0 ? sumGains(gainsZ[(bb - 1) * stride + j], which, t0, base, mLo, mHi) : 0;
      }
    }
  }

  /** Row i's Chinese-side gains: each Chinese sentence of the row's reach against the last 1…MAX_SPAN English sentences. */
  private fillRowZ(i: number): void {
    const { p, w, z0, cumE } = this.model;
    const { lo, hi, rowLevel, zmLo, zmHi, zmBase } = this;
    const rowZLo = (this.rowZLo = Math.max(0, lo[i] - MAX_SPAN));
    const rowZWidth = (this.rowZWidth = Math.max(0, hi[i] - rowZLo));
    if (this.rowGainZ.length < rowZWidth * MAX_SPAN) this.rowGainZ = new Float64Array(2 * rowZWidth * MAX_SPAN);
    const rowGainZ = this.rowGainZ;
    const missSumZ = w.missSumZ;
    const whichZ = w.whichZ;
    const maxA = Math.min(i, MAX_SPAN);
    for (let a = 1; a <= maxA; a++) rowLevel[a] = levelOf(a, cumE[i] - cumE[i - a], w.avgE, w.sizeShare);
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
        rowGainZ[(a - 1) * rowZWidth + c - rowZLo] = sumGains(w.gainZL(rowLevel[a]), whichZ, t0, base, mLo, mHi);
      }
    }
  }

  /**
   * The cells of row i that shape s can end in: `out + j` for cell j, where its start (pi, j − bb)
   * lies in the band, as [cellFrom, cellTo]; -Infinity for the others. False when none can.
   */
  private shapeCells(i: number, s: number): boolean {
    const { lo, hi, vals } = this;
    const pi = i - SHAPE_A[s];
    const bb = SHAPE_B[s];
    const rowLo = lo[i];
    const rowHi = hi[i];
    const out = s * this.maxWidth - rowLo;
    const from = pi < 0 ? rowHi + 1 : Math.max(rowLo, lo[pi] + bb);
    const to = pi < 0 ? rowHi : Math.min(rowHi, hi[pi] + bb);
    for (let j = rowLo; j < from && j <= rowHi; j++) vals[out + j] = NEG_INF;
    for (let j = Math.max(from, to + 1); j <= rowHi; j++) vals[out + j] = NEG_INF;
    this.cellFrom = from;
    this.cellTo = to;
    return from <= to;
  }

  /** A 1-0 (or a-0) bead ending in each cell of row i: the prior alone. */
  private scoreNullShape(i: number, s: number): void {
    if (!this.shapeCells(i, s)) return;
    const { lo, vals, cellFrom: from, cellTo: to } = this;
    const pi = i - SHAPE_A[s];
    const out = s * this.maxWidth - lo[i];
    const prevRow = this.ring[pi % RING];
    const prevOff = lo[pi];
    const pr = this.model.params.prior[s];
    for (let j = from; j <= to; j++) {
      const prev = prevRow[j - prevOff];
      vals[out + j] = prev === NEG_INF ? NEG_INF : prev + pr;
    }
  }

  /** A bead of shape s (both sides non-empty) ending in each cell of row i. */
  private scoreShape(i: number, s: number): void {
    if (!this.shapeCells(i, s)) return;
    const { lo, vals, cellFrom: from, cellTo: to, spanOf, spanAt, spanMiss, spanGain, spanLo, spanWidth, rowGainZ } = this;
    const { w, params, cumE, cumZ, e0, z0, logRatio, sigma2, ratioSmooth } = this.model;
    const { lexWeight, lenWeight, lenShort } = params;
    const a = SHAPE_A[s];
    const bb = SHAPE_B[s];
    const pi = i - a;
    const out = s * this.maxWidth - lo[i];
    const prevRow = this.ring[pi % RING];
    const prevOff = bb + lo[pi];
    const pr = params.prior[s];
    const missSum = w.missSum;
    const missSumZ = w.missSumZ;
    const support = params.mergeSupport ?? 0;
    const supportZ = support * params.zhWeight;
    const mergePenalty = params.mergePenalty ?? 0;
    const leSmooth = cumE[i] - cumE[i - a] + ratioSmooth;
    const zBase = (a - 1) * this.rowZWidth - this.rowZLo;
    // The bead's English sentences' span gains for bb Chinese sentences, and their all-miss scores.
    for (let k = 0; k < a; k++) {
      const slot = (pi + k) % RING;
      spanOf[k] = spanGain[slot];
      spanAt[k] = (bb - 1) * spanWidth[slot] - spanLo[slot];
      spanMiss[k] = missSum[e0 + pi + k];
    }
    for (let j = from; j <= to; j++) {
      const prev = prevRow[j - prevOff];
      if (prev === NEG_INF) {
        vals[out + j] = NEG_INF;
        continue;
      }
      let v = prev + pr;
      let lex = 0;
      for (let k = 0; k < a; k++) {
        const g = spanOf[k][spanAt[k] + j];
        lex += g;
        // Subtracting 0 leaves v as it was: no branch for the rare merge (see BIT_LO).
        v -= a > 1 && g - spanMiss[k] < support ? mergePenalty : 0;
      }
      // Chinese side: each Chinese sentence's tokens found in any of the bead's English sentences.
      for (let c = j - bb; c < j; c++) {
        const g = rowGainZ[zBase + c];
        lex += g;
        v -= bb > 1 && g - missSumZ[z0 + c] < supportZ ? mergePenalty : 0;
      }
      // BeadModel.length, inline.
      const lz = cumZ[j] - cumZ[j - bb];
      const z = log(leSmooth / (lz + 2)) - logRatio;
      v += lenWeight * ((-0.5 * z * z) / (sigma2 + lenShort / (lz + 1))) + lexWeight * lex;
      vals[out + j] = v;
    }
  }

  /** Each cell of row i takes the best of its shapes (0-b beads from the cell just decided). */
  private chooseCells(i: number): void {
    const { lo, hi, vals, back, margin, maxWidth } = this;
    const prior = this.model.params.prior;
    const row = this.ring[i % RING];
    const rowLo = lo[i];
    const rowHi = hi[i];
    const off = this.rowOff[i];
    for (let j = rowLo; j <= rowHi; j++) {
      if (i === 0 && j === 0) {
        row[0] = 0;
        back[0] = -1;
        continue;
      }
      let best = NEG_INF;
      let second = NEG_INF;
      let bestShape = -1;
      for (let s = 0, x = j - rowLo; s < SHAPE_COUNT; s++, x += maxWidth) {
        let v = vals[x];
        if (SHAPE_A[s] === 0) {
          const pj = j - SHAPE_B[s];
          const prev = pj < rowLo ? NEG_INF : row[pj - rowLo];
          v = prev === NEG_INF ? NEG_INF : prev + prior[s];
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
}

function runBand(model: BeadModel, nE: number, nZ: number, center: Int32Array, half: Int32Array): BandResult {
  const run = new BandRun(model, nE, nZ, center, half);
  for (let i = 0; i <= nE; i++) run.row(i);
  return traceBack(model, nE, nZ, run.lo, run.hi, run.rowOff, run.back, run.margin);
}

/** The best path through the band, from the last cell back (its own function: see runBand's end). */
function traceBack(
  model: BeadModel, nE: number, nZ: number, lo: Int32Array, hi: Int32Array, rowOff: Float64Array, back: Int8Array, margin: Float32Array,
): BandResult {
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
    const bead = model.bead(i, a, j, bb);
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
