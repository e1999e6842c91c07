/**
 * Where the band runs. Long inputs: an anchor pass links sentence pairs that share rare evidence
 * (numbers, names, rare words) through an inverted index and keeps the heaviest monotone chain of
 * them; between anchors, and for small inputs everywhere, the band follows the length diagonal.
 */
import type { Prepared } from './features';
import { LEVEL_STEPS, type TokenWeights } from './bead-model';

/** Chinese sentences holding each id (ascending), for the anchor pass and the band's token masks (built once per prepared document). */
export interface Postings {
  start: Int32Array;
  list: Int32Array;
}
const postingsCache = new WeakMap<Prepared, Postings>();

export function postingsOf(p: Prepared): Postings {
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
export function anchorCenters(p: Prepared, w: TokenWeights, e0: number, nE: number, z0: number, nZ: number, cumE: Float64Array, cumZ: Float64Array): Int32Array {
  const pairE: number[] = [];
  const pairC: number[] = [];
  const pairW: number[] = [];
  // Each step its own function, its loop its last statement: a fresh process optimises a hot loop
  // while it runs, and code after it that has not run yet threw that code away.
  anchorPairs(p, w, e0, nE, z0, nZ, pairE, pairC, pairW);
  const { best, prev } = chainWeights(pairE, pairC, pairW, nZ);
  return chainCenters(pairE, pairC, best, prev, nE, nZ, cumE, cumZ);
}

/** Candidate anchor pairs (English e, Chinese c, weight), in order of e. */
function anchorPairs(
  p: Prepared, w: TokenWeights, e0: number, nE: number, z0: number, nZ: number, pairE: number[], pairC: number[], pairW: number[],
): void {
  const post = postingsOf(p);
  const acc = new Float64Array(nZ);
  const lastToken = new Int32Array(nZ).fill(-1);
  const touched: number[] = [];
  const gain1 = w.gainL(LEVEL_STEPS); // one Chinese sentence of average size
  const which = w.which;
  for (let e = 0; e < nE; e++) {
    const ge = e0 + e;
    for (let t = p.tokStart[ge]; t < p.tokStart[ge + 1]; t++) {
      if (p.tokP0[t] * p.nZ > ANCHOR_MAX_DF) continue;
      const g = gain1[which[t]];
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
}

/** For each pair, the heaviest chain ending with it and the pair before it there. */
function chainWeights(pairE: number[], pairC: number[], pairW: number[], nZ: number): { best: Float64Array; prev: Int32Array } {
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
  return { best, prev };
}

/** The band's row centres along the heaviest chain: anchors, and the length diagonal between them. */
function chainCenters(
  pairE: number[], pairC: number[], best: Float64Array, prev: Int32Array, nE: number, nZ: number, cumE: Float64Array, cumZ: Float64Array,
): Int32Array {
  const P = pairE.length;
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

export function lengthDiagonal(nE: number, nZ: number, cumE: Float64Array, cumZ: Float64Array): Int32Array {
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
