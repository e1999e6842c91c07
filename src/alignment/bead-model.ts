/**
 * Bead scores: log prior of the bead's shape + a Gale–Church-style log-normal length term + the
 * log-likelihood ratio of the lexical evidence: every English token of the bead either finds one of
 * its Chinese forms in the bead's Chinese sentences or not, and every Chinese token one of its
 * English sources (see `tokenWeights`). `BeadModel.score` is the one scalar form of that score; the
 * banded search (band.ts) adds the same terms through its own incremental per-row tables (a test
 * checks they agree), and the post-pass (refine.ts) calls it with its extra terms.
 */
import { TOKEN_CLASSES, UNKNOWN_POS, type Prepared } from './features';

/** Bead shapes as [English sentences, Chinese sentences]. */
export const SHAPES: ReadonlyArray<readonly [number, number]> = [
  [1, 1], [1, 0], [0, 1], [2, 1], [1, 2], [3, 1], [1, 3], [2, 2], [4, 1], [1, 4], [3, 2], [2, 3], [5, 1], [4, 2], [3, 3],
];
/** Most sentences on one side of a bead. */
export const MAX_SPAN = 5;
// Hot loops read these as locals: under jest's vm context every global lookup (Math, Infinity)
// goes through an interceptor and made the DP eight times slower.
const clz32 = Math.clz32;
const log = Math.log;

/** The post-pass over the path (refine.ts). */
export interface RefineOptions {
  /** Nats per matched token whose place is a whole bead away from where its sentence lies. */
  order: number;
  /** Passes over the path at most. */
  passes: number;
  /** Weight of the quotation states at a bead's end (see refine.ts quoteWeights); 0 leaves them out. */
  quote?: number;
}

/** The second pass with a translation table learnt from the first pass's beads (learn.ts). */
export interface LearnOptions {
  /** EM iterations of IBM Model 1. */
  iterations: number;
  /** Least t(Chinese word | English word) kept. */
  minProb: number;
  /** Least beads an English word and a Chinese word share. */
  minCount: number;
  /** Chinese words in more than this share of the document's sentences are left out. */
  maxShare: number;
  /** Passes of the second post-pass over the bead pairs with a learnt word. */
  passes: number;
}

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
  /** How much the size of a bead side is its length rather than its sentence count (0..1; see levelOf). */
  sizeShare?: number;
  /** The post-pass with the order of the evidence inside beads (refine.ts). */
  refine?: RefineOptions;
  /** A second post-pass with a translation table learnt from the first one's beads (learn.ts). */
  learn?: LearnOptions;
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

/**
 * Token gains: a matched English token t adds gainL(level)[which[t]] to its sentence's all-miss
 * score missSum[e]. The chance of an accidental match grows with how much text the other side of
 * the bead holds: `gainL(level)` is the table for that side being level / LEVEL_STEPS average
 * sentences long (see `levelOf`), so a short sentence joining a bead dilutes its matches less than
 * a long one. A token's gain depends only on its class and chance p0, so the tables are indexed by
 * the distinct (class, p0) pairs (`which`), about a tenth as many as the tokens.
 */
export interface TokenWeights {
  which: Int32Array; // English token → its (class, p0) entry
  missSum: Float64Array; // per English sentence
  /** The same for Chinese tokens, the level being the English side's size. */
  whichZ: Int32Array;
  missSumZ: Float64Array; // per Chinese sentence
  /** Gains by level (1..LEVELS) of the other side's size, each level's table made on first use. */
  gainL: (level: number) => Float64Array;
  gainZL: (level: number) => Float64Array;
  /** Average sentence length (visible characters) of each side, and how much size counts (params.sizeShare). */
  avgE: number;
  avgZ: number;
  sizeShare: number;
  /** The entries and level tables, which a second pass over the same document extends (tokenWeights' `from`). */
  readonly tables: { readonly en: GainTable; readonly zh: GainTable };
}

/** Size levels per average sentence, and the most levels tabulated. */
export const LEVEL_STEPS = 4;
export const LEVELS = LEVEL_STEPS * 3 * MAX_SPAN;

/**
 * Table level for a bead side of `count` sentences and `len` characters: its size in average
 * sentences, a blend of the count and the length (share `sizeShare` for the length).
 */
export function levelOf(count: number, len: number, avg: number, sizeShare: number): number {
  const k = (1 - sizeShare) * count + sizeShare * (len / avg);
  const level = round(k * LEVEL_STEPS);
  return level < 1 ? 1 : level > LEVELS ? LEVELS : level;
}
const round = Math.round;

/**
 * One side's distinct (class, p0) pairs and their gains by level (a pow and a log each entry, made
 * on first use of a level). The learnt pass keeps most tokens' p0: it adds its new pairs here and
 * computes only theirs, where it used to redo every level table.
 */
export class GainTable {
  private readonly seen: Array<Map<number, number>> = Array.from({ length: TOKEN_CLASSES }, () => new Map());
  private uClass = new Uint8Array(256);
  private uP0 = new Float64Array(256);
  private size = 0;
  private readonly levels: Array<Float64Array | undefined> = new Array<Float64Array | undefined>(LEVELS + 1).fill(undefined);
  readonly logMiss = new Float64Array(TOKEN_CLASSES);

  constructor(
    readonly q: readonly number[],
    readonly scale: number,
  ) {
    for (let c = 0; c < TOKEN_CLASSES; c++) this.logMiss[c] = Math.log(1 - q[c]);
  }

  /** Each token's entry, adding the pairs not seen yet. */
  entries(classes: Uint8Array, p0s: Float64Array): Int32Array {
    const which = new Int32Array(classes.length);
    for (let t = 0; t < classes.length; t++) {
      const byP0 = this.seen[classes[t]];
      let u = byP0.get(p0s[t]);
      if (u === undefined) {
        u = this.size++;
        if (u === this.uClass.length) {
          const c = new Uint8Array(2 * u);
          c.set(this.uClass);
          this.uClass = c;
          const p = new Float64Array(2 * u);
          p.set(this.uP0);
          this.uP0 = p;
        }
        byP0.set(p0s[t], u);
        this.uClass[u] = classes[t];
        this.uP0[u] = p0s[t];
      }
      which[t] = u;
    }
    return which;
  }

  /** Gains of every entry at this level. */
  at(level: number): Float64Array {
    const old = this.levels[level];
    if (old && old.length === this.size) return old;
    const g = new Float64Array(this.size);
    const from = old ? old.length : 0;
    if (old) g.set(old);
    const k = level / LEVEL_STEPS;
    const { q, logMiss, scale, uClass, uP0 } = this;
    for (let u = from; u < g.length; u++) {
      const qt = q[uClass[u]];
      // Chance of a hit by accident grows with the size of the other side.
      const p0 = 1 - Math.pow(1 - uP0[u], k);
      const p1 = 1 - (1 - p0) * (1 - qt);
      // A match scores log(p1/p0), a miss log(1-q); store the difference so a bead adds gains only.
      g[u] = scale * (Math.max(0, Math.log(p1 / p0)) - logMiss[uClass[u]]);
    }
    this.levels[level] = g;
    return g;
  }
}

function missSums(table: GainTable, classes: Uint8Array, start: Int32Array): Float64Array {
  const n = start.length - 1;
  const missSum = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    let s = 0;
    for (let t = start[e]; t < start[e + 1]; t++) s += table.logMiss[classes[t]];
    missSum[e] = table.scale * s;
  }
  return missSum;
}

/**
 * The weights of a prepared document's tokens. `from`, the weights of an earlier pass over the
 * same document with the same parameters, lends its tables.
 */
export function tokenWeights(p: Prepared, params: AlignParams, from?: TokenWeights): TokenWeights {
  const reuse = from !== undefined && from.tables.en.q === params.q && from.tables.zh.q === params.qZ && from.tables.zh.scale === params.zhWeight;
  const en = reuse ? from.tables.en : new GainTable(params.q, 1);
  const zh = reuse ? from.tables.zh : new GainTable(params.qZ, params.zhWeight);
  const missSum = missSums(en, p.tokClass, p.tokStart);
  const missSumZ = missSums(zh, p.zTokClass, p.zTokStart);
  // Words with no possible counterpart count as misses with their own rate.
  for (let e = 0; e < p.nE; e++) missSum[e] += p.absentE[e] * Math.log(1 - params.qAbsent);
  for (let c = 0; c < p.nZ; c++) missSumZ[c] += params.zhWeight * p.absentZ[c] * Math.log(1 - params.qAbsent);
  let totE = 0;
  let totZ = 0;
  for (let e = 0; e < p.nE; e++) totE += p.lenE[e];
  for (let c = 0; c < p.nZ; c++) totZ += p.lenZ[c];
  return {
    which: en.entries(p.tokClass, p.tokP0),
    missSum,
    whichZ: zh.entries(p.zTokClass, p.zTokP0),
    missSumZ,
    gainL: (level) => en.at(level),
    gainZL: (level) => zh.at(level),
    avgE: Math.max(1, totE / Math.max(1, p.nE)),
    avgZ: Math.max(1, totZ / Math.max(1, p.nZ)),
    sizeShare: params.sizeShare ?? 0,
    tables: { en, zh },
  };
}

/** Scratch over the id space: which ids the current English sentence's tokens have (stamped with its index). */
export interface IdMarks {
  stamp: Int32Array;
}
const marksCache = new WeakMap<Prepared, IdMarks>();

export function idMarks(p: Prepared): IdMarks {
  let marks = marksCache.get(p);
  if (!marks) {
    marks = { stamp: new Int32Array(p.idSpace).fill(-1) };
    marksCache.set(p, marks);
  }
  return marks;
}

/** Marks the ids of English sentence ge's tokens; returns false when it has no tokens. */
export function markSentence(p: Prepared, ge: number, marks: IdMarks): boolean {
  const x0 = p.tokIdStart[p.tokStart[ge]];
  const x1 = p.tokIdStart[p.tokStart[ge + 1]];
  if (p.tokStart[ge] === p.tokStart[ge + 1]) return false;
  const stamp = marks.stamp;
  for (let x = x0; x < x1; x++) stamp[p.tokIds[x]] = ge;
  return true;
}

/**
 * Token bit b of a sentence as its two 31-bit mask words (one of them 0): tables, so that the
 * loops setting bits have no branch a fresh process has not yet run when it optimises them (the
 * high word is met only in long sentences, and its first use threw the optimised code away).
 */
export const BIT_LO = Int32Array.from({ length: 62 }, (_, b) => (b < 31 ? 1 << b : 0));
export const BIT_HI = Int32Array.from({ length: 62 }, (_, b) => (b < 31 ? 0 : 1 << (b - 31)));

export function unmarkSentence(p: Prepared, ge: number, marks: IdMarks): void {
  for (let x = p.tokIdStart[p.tokStart[ge]]; x < p.tokIdStart[p.tokStart[ge + 1]]; x++) marks.stamp[p.tokIds[x]] = -1;
}

/** base plus the gains (entries `which[t0 + bit]` of `gain`) of the tokens whose bits are set, in token order. */
export function sumGains(gain: Float64Array, which: Int32Array, t0: number, base: number, mLo: number, mHi: number): number {
  let s = base;
  // Both words through the same loop (low word first): see BIT_LO.
  let m = mLo;
  let top = t0 + 31;
  for (let word = 0; word < 2; word++) {
    while (m !== 0) {
      const low = m & -m;
      s += gain[which[top - clz32(low)]];
      m ^= low;
    }
    m = mHi;
    top = t0 + 62;
  }
  return s;
}

/** Scores of candidate beads over one aligned range. */
export class BeadModel {
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

  /**
   * Score of the bead English [a0, a1) × Chinese [b0, b1) (absolute indices): what the banded search
   * adds for it, plus the post-pass's `extras` when given. -Infinity for a shape not in SHAPES.
   */
  score(a0: number, a1: number, b0: number, b1: number, extras: BeadExtras = NO_EXTRAS): number {
    return this.parts(a0, a1, b0, b1, extras);
  }

  /** A bead of the final path, scored as the search scored it. */
  bead(i: number, a: number, j: number, b: number): RawBead {
    const e0 = this.e0 + i - a;
    const z0 = this.z0 + j - b;
    const score = this.parts(e0, this.e0 + i, z0, this.z0 + j, NO_EXTRAS);
    return { e0, e1: this.e0 + i, z0, z1: this.z0 + j, score, lex: this.lastLex, margin: 50 };
  }

  /**
   * The lexical part of the last bead `parts` scored (no object per call: refine scores thousands).
   * The doubles start as NaN, not 0, so that their fields are doubles from the first (a field made
   * a small integer and then given a double changes the object's shape under optimised code).
   */
  private lastLex = NaN;
  private evMerges = 0;
  private evOrder = NaN;

  /** (Extras always given, NO_EXTRAS for none, which adds exactly 0: one shape at every call.) */
  private parts(a0: number, a1: number, b0: number, b1: number, extras: BeadExtras): number {
    const a = a1 - a0;
    const b = b1 - b0;
    this.lastLex = 0;
    const shape = shapeIndex(a, b);
    if (shape < 0) return -Infinity;
    const quote = this.p.quoteE[a1] === this.p.quoteZ[b1] ? extras.quoteAgree : extras.quoteDiffer;
    if (a === 0 || b === 0) return this.params.prior[shape] + quote;
    const lex = this.evidence(a0, a1, b0, b1, extras.order !== 0 && a > 1);
    this.lastLex = lex;
    return (
      this.params.prior[shape] +
      this.params.lenWeight * this.length(a1 - this.e0, a, b1 - this.z0, b) +
      this.params.lexWeight * lex -
      this.evMerges * (this.params.mergePenalty ?? 0) -
      extras.order * this.evOrder +
      quote
    );
  }

  /**
   * Lexical evidence of a bead with both sides non-empty: the log-likelihood ratio of its tokens'
   * matches (returned), the sentences merged into it without `mergeSupport` nats of their own
   * (evMerges), and (when asked) how far each English sentence's matches lie from its own stretch of
   * the Chinese side, in bead lengths summed over matched tokens (evOrder). Read from the pair table:
   * a bead's matches are the union of its sentence pairs' matches.
   */
  private evidence(a0: number, a1: number, b0: number, b1: number, withOrder: boolean): number {
    const { p, w, cumE, cumZ } = this;
    const a = a1 - a0;
    const b = b1 - b0;
    const i = a1 - this.e0;
    const j = b1 - this.z0;
    const support = this.params.mergeSupport ?? 0;
    const supportZ = support * this.params.zhWeight;
    const lenE = cumE[i] - cumE[i - a];
    const lenZ = cumZ[j] - cumZ[j - b];
    const gainE = w.gainL(levelOf(b, lenZ, w.avgZ, w.sizeShare));
    const gainZ = w.gainZL(levelOf(a, lenE, w.avgE, w.sizeShare));
    const pairs = pairTable(p);
    const slots = pairs.slotsOf(a0, a1, b0, b1);
    const { eLo, eHi, zLo, zHi } = pairs;
    let lex = 0;
    let merges = 0;
    let order = 0;
    let before = 0; // English characters before sentence e in the bead
    for (let e = a0; e < a1; e++) {
      const row = (e - a0) * b;
      let mLo = 0;
      let mHi = 0;
      for (let k = 0; k < b; k++) {
        mLo |= eLo[slots[row + k]];
        mHi |= eHi[slots[row + k]];
      }
      const g = sumGains(gainE, w.which, p.tokStart[e], w.missSum[e], mLo, mHi);
      if (withOrder && (mLo !== 0 || mHi !== 0)) {
        const u0 = before / lenE;
        const u1 = (before + p.lenE[e]) / lenE;
        order = pairs.addOrder(order, slots, row, b, b0, this.z0, cumZ, lenZ, u0, u1, mLo, mHi);
      }
      before += p.lenE[e];
      lex += g;
      merges += a > 1 && g - w.missSum[e] < support ? 1 : 0;
    }
    for (let c = b0; c < b1; c++) {
      let mLo = 0;
      let mHi = 0;
      for (let k = c - b0; k < a * b; k += b) {
        mLo |= zLo[slots[k]];
        mHi |= zHi[slots[k]];
      }
      const g = sumGains(gainZ, w.whichZ, p.zTokStart[c], w.missSumZ[c], mLo, mHi);
      lex += g;
      merges += b > 1 && g - w.missSumZ[c] < supportZ ? 1 : 0;
    }
    this.evMerges = merges;
    this.evOrder = order;
    return lex;
  }
}

/** The post-pass's terms on top of the search's score (refine.ts). */
export interface BeadExtras {
  /** Nats per matched token a whole bead away from its English sentence's stretch. */
  order: number;
  /** Added where the bead ends with both sides' quotation states equal, or different. */
  quoteAgree: number;
  quoteDiffer: number;
}

/** No post-pass terms: the search's own score. */
export const NO_EXTRAS: BeadExtras = { order: 0, quoteAgree: 0, quoteDiffer: 0 };

export function shapeIndex(a: number, b: number): number {
  for (let s = 0; s < SHAPES.length; s++) if (SHAPES[s][0] === a && SHAPES[s][1] === b) return s;
  return -1;
}

/**
 * What one English sentence and one Chinese sentence share, made on first use and read by every
 * candidate bead over the pair (the post-pass scores each pair in a dozen beads): the English token
 * bits found in the Chinese sentence, the Chinese token bits the English sentence's ids light, and
 * for the order term each match's place, as (English token bit, zPos of the id) entries.
 */
class PairTable {
  private readonly slotOf = new Map<number, number>();
  private used = 0;
  // Sized for what the post-pass meets (about two pairs a sentence, three or four entries a pair):
  // a buffer replaced while the scoring code is being optimised throws that work away.
  eLo: Int32Array;
  eHi: Int32Array;
  zLo: Int32Array;
  zHi: Int32Array;
  private entStart: Int32Array;
  private entBit: Uint8Array;
  private entAt: Uint8Array;
  private entries = 0;
  /** The Chinese sentence marked in `cStamp` (its ids, their zPos, and its token bits + 1). */
  private marked = -1;
  private readonly cStamp: Int32Array;
  private readonly cAt: Uint8Array;
  private readonly cBit: Uint8Array;
  private readonly span: number;
  private slots = new Int32Array(MAX_SPAN * MAX_SPAN);
  private readonly dist = new Float64Array(62);

  constructor(private readonly p: Prepared) {
    const pairs = 4 * (p.nE + p.nZ) + 64;
    this.eLo = new Int32Array(pairs);
    this.eHi = new Int32Array(pairs);
    this.zLo = new Int32Array(pairs);
    this.zHi = new Int32Array(pairs);
    this.entStart = new Int32Array(pairs + 1);
    this.entBit = new Uint8Array(4 * pairs);
    this.entAt = new Uint8Array(4 * pairs);
    this.cStamp = new Int32Array(p.idSpace).fill(-1);
    this.cAt = new Uint8Array(p.idSpace);
    this.cBit = new Uint8Array(p.idSpace);
    this.span = p.nZ + 1;
  }

  /** Slots of the pairs of a bead, English-major: slots[(e - a0) * (b1 - b0) + c - b0]. */
  slotsOf(a0: number, a1: number, b0: number, b1: number): Int32Array {
    const b = b1 - b0;
    const slots = this.slots;
    for (let c = b0; c < b1; c++) {
      for (let e = a0; e < a1; e++) {
        const key = e * this.span + c;
        let s = this.slotOf.get(key);
        if (s === undefined) {
          s = this.make(e, c);
          this.slotOf.set(key, s);
        }
        slots[(e - a0) * b + c - b0] = s;
      }
    }
    return slots;
  }

  private make(e: number, c: number): number {
    const p = this.p;
    const { cStamp, cAt, cBit } = this;
    if (this.marked !== c) {
      this.marked = c;
      for (let x = p.zStart[c]; x < p.zStart[c + 1]; x++) {
        cStamp[p.zIds[x]] = c;
        cAt[p.zIds[x]] = p.zPos[x];
        cBit[p.zIds[x]] = 0;
      }
      const z0 = p.zTokStart[c];
      for (let x = z0; x < p.zTokStart[c + 1]; x++) cBit[p.zTokId[x]] = x - z0 + 1;
    }
    const s = this.used++;
    this.reserve(s, this.entries + p.tokIdStart[p.tokStart[e + 1]] - p.tokIdStart[p.tokStart[e]]);
    let eLo = 0;
    let eHi = 0;
    let zLo = 0;
    let zHi = 0;
    let n = this.entries;
    const t0 = p.tokStart[e];
    for (let t = t0; t < p.tokStart[e + 1]; t++) {
      const bit = t - t0;
      for (let x = p.tokIdStart[t]; x < p.tokIdStart[t + 1]; x++) {
        const id = p.tokIds[x];
        if (cStamp[id] !== c) continue;
        eLo |= BIT_LO[bit];
        eHi |= BIT_HI[bit];
        this.entBit[n] = bit;
        this.entAt[n++] = cAt[id];
        const zb = cBit[id] - 1;
        if (zb < 0) continue;
        zLo |= BIT_LO[zb];
        zHi |= BIT_HI[zb];
      }
    }
    this.eLo[s] = eLo;
    this.eHi[s] = eHi;
    this.zLo[s] = zLo;
    this.zHi[s] = zHi;
    this.entStart[s] = this.entries;
    this.entStart[s + 1] = n;
    this.entries = n;
    return s;
  }

  /**
   * `order` plus, for each matched token of an English sentence (bits mLo / mHi) in token order,
   * its least distance over its matches in the bead's Chinese sentences (the pairs' slots at
   * slots[row .. row + b)) from the sentence's stretch [u0, u1] of the bead.
   */
  addOrder(
    order: number, slots: Int32Array, row: number, b: number, b0: number, z0: number,
    cumZ: Float64Array, lenZ: number, u0: number, u1: number, mLo: number, mHi: number,
  ): number {
    const p = this.p;
    const dist = this.dist;
    const { entStart, entBit, entAt } = this;
    dist.fill(Infinity);
    for (let k = 0; k < b; k++) {
      const c = b0 + k;
      const s = slots[row + k];
      for (let x = entStart[s]; x < entStart[s + 1]; x++) {
        const bit = entBit[x];
        const at = entAt[x];
        if (at !== UNKNOWN_POS) {
          const vz = (cumZ[c - z0] - cumZ[b0 - z0] + (at / (UNKNOWN_POS - 1)) * p.lenZ[c]) / lenZ;
          const d = vz < u0 ? u0 - vz : vz > u1 ? vz - u1 : 0;
          if (d < dist[bit]) dist[bit] = d;
        } else dist[bit] = 0;
      }
    }
    let m = mLo;
    let top = 31;
    for (let word = 0; word < 2; word++) {
      while (m !== 0) {
        const low = m & -m;
        order += dist[top - clz32(low)];
        m ^= low;
      }
      m = mHi;
      top = 62;
    }
    return order;
  }

  /** Room for slot s and `need` entries (the test inside, so that every call site has run before it is optimised). */
  private reserve(s: number, need: number): void {
    if (s === this.eLo.length) this.grow();
    if (need > this.entBit.length) this.growEntries(need);
  }

  private grow(): void {
    const n = 2 * this.eLo.length;
    const more = (a: Int32Array, size: number): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.eLo = more(this.eLo, n);
    this.eHi = more(this.eHi, n);
    this.zLo = more(this.zLo, n);
    this.zHi = more(this.zHi, n);
    this.entStart = more(this.entStart, n + 1);
  }

  private growEntries(need: number): void {
    const n = Math.max(need, 2 * this.entBit.length);
    const bit = new Uint8Array(n);
    bit.set(this.entBit);
    this.entBit = bit;
    const at = new Uint8Array(n);
    at.set(this.entAt);
    this.entAt = at;
  }
}
const pairCache = new WeakMap<Prepared, PairTable>();

/** The pair table of a prepared document (made on first use, kept while the document is). */
function pairTable(p: Prepared): PairTable {
  let table = pairCache.get(p);
  if (!table) {
    table = new PairTable(p);
    pairCache.set(p, table);
  }
  return table;
}
