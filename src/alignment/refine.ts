/**
 * A post-pass over the banded search's path with a richer bead score than the search can afford:
 * the same prior, length and lexical terms, plus the order of the evidence inside a bead. When a
 * Chinese sentence is translated by several English sentences, each English sentence's matches
 * should lie in its own stretch of the Chinese text (the first English sentence near its start,
 * the last near its end); an English sentence whose matches sit at the far end of the bead belongs
 * to the neighbouring bead. Each pair of neighbouring beads is re-cut (every split of their
 * sentences into one or two beads) under that score, until nothing changes.
 */
import type { Prepared } from './features';
import { UNKNOWN_POS } from './features';
import * as beadModel from './bead-model';
import type { AlignParams, BeadModel, RawBead, RefineOptions, TokenWeights } from './bead-model';

const SHAPES = beadModel.SHAPES;
const MAX_SPAN = beadModel.MAX_SPAN;
const levelOf = beadModel.levelOf;


function shapeIndex(a: number, b: number): number {
  for (let s = 0; s < SHAPES.length; s++) if (SHAPES[s][0] === a && SHAPES[s][1] === b) return s;
  return -1;
}

/**
 * Log-odds of a bead ending where both sides are (or are not) inside a quotation, against the cells
 * next to it: measured on the first pass's own path, so a translation that quotes differently (or
 * a text with no dialogue) gets weights near zero. `scale` weighs them.
 */
function quoteWeights(p: Prepared, beads: readonly RawBead[], scale: number): { agree: number; differ: number } {
  if (scale === 0) return { agree: 0, differ: 0 };
  let onPath = 0;
  let agreeOnPath = 0;
  let near = 0;
  let agreeNear = 0;
  for (const b of beads) {
    onPath++;
    if (p.quoteE[b.e1] === p.quoteZ[b.z1]) agreeOnPath++;
    for (const [de, dz] of NEIGHBOURS) {
      const e = b.e1 + de;
      const z = b.z1 + dz;
      if (e < 0 || z < 0 || e > p.nE || z > p.nZ) continue;
      near++;
      if (p.quoteE[e] === p.quoteZ[z]) agreeNear++;
    }
  }
  const pa = (agreeOnPath + 1) / (onPath + 2);
  const na = (agreeNear + 1) / (near + 2);
  return { agree: scale * Math.log(pa / na), differ: scale * Math.log((1 - pa) / (1 - na)) };
}
const NEIGHBOURS: ReadonlyArray<readonly [number, number]> = [[1, 0], [-1, 0], [0, 1], [0, -1]];

export function refinePath(
  p: Prepared,
  w: TokenWeights,
  params: AlignParams,
  model: BeadModel,
  beads: RawBead[],
  options: RefineOptions,
): RawBead[] {
  const e0 = model.e0;
  const z0 = model.z0;
  const cumE = model.cumE;
  const cumZ = model.cumZ;
  const support = params.mergeSupport ?? 0;
  const supportZ = support * params.zhWeight;
  const mergePenalty = params.mergePenalty ?? 0;
  const cache = new Map<number, number>();
  const span = p.nZ + 1;
  // Per score call (tick): the ids of the bead's English tokens, and for the k-th Chinese sentence
  // of the bead the ids it holds with their first place (zPos). Stamped typed arrays rather than a
  // Set and a binary search per id and sentence: the same answers, several times faster.
  let tick = 0;
  const enSeen = new Int32Array(p.idSpace);
  const zSeen = Array.from({ length: MAX_SPAN }, () => new Int32Array(p.idSpace));
  const zAt = Array.from({ length: MAX_SPAN }, () => new Uint8Array(p.idSpace));

  /** Score of the bead English [a0, a1) × Chinese [b0, b1) (absolute indices). */
  const score = (a0: number, a1: number, b0: number, b1: number): number => {
    const a = a1 - a0;
    const b = b1 - b0;
    const s = shapeIndex(a, b);
    if (s < 0) return -Infinity;
    if (a === 0 || b === 0) return params.prior[s];
    const key = ((a0 * span + b0) * (MAX_SPAN + 1) + a) * (MAX_SPAN + 1) + b;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const i = a1 - e0;
    const j = b1 - z0;
    let v = params.prior[s] + params.lenWeight * model.length(i, a, j, b);
    const lenE = cumE[i] - cumE[i - a];
    const lenZ = cumZ[j] - cumZ[j - b];
    const gainE = w.gainL[levelOf(b, lenZ, w.avgZ, w.sizeShare)];
    const gainZ = w.gainZL[levelOf(a, lenE, w.avgE, w.sizeShare)];
    let lex = 0;
    let order = 0;
    let before = 0; // English characters before sentence e in the bead
    const now = ++tick;
    for (let c = b0; c < b1; c++) {
      const seenK = zSeen[c - b0];
      const atK = zAt[c - b0];
      for (let x = p.zStart[c]; x < p.zStart[c + 1]; x++) {
        seenK[p.zIds[x]] = now;
        atK[p.zIds[x]] = p.zPos[x];
      }
    }
    for (let e = a0; e < a1; e++) {
      let g = w.missSum[e];
      const u0 = before / lenE;
      before += p.lenE[e];
      const u1 = before / lenE;
      for (let t = p.tokStart[e]; t < p.tokStart[e + 1]; t++) {
        let matched = false;
        let dist = Infinity;
        for (let x = p.tokIdStart[t]; x < p.tokIdStart[t + 1]; x++) {
          const id = p.tokIds[x];
          enSeen[id] = now;
          for (let c = b0; c < b1; c++) {
            if (zSeen[c - b0][id] === now) {
              const at = zAt[c - b0][id];
              matched = true;
              if (at !== UNKNOWN_POS && a > 1) {
                const vz = (cumZ[c - z0] - cumZ[b0 - z0] + (at / (UNKNOWN_POS - 1)) * p.lenZ[c]) / lenZ;
                const d = vz < u0 ? u0 - vz : vz > u1 ? vz - u1 : 0;
                if (d < dist) dist = d;
              } else dist = 0;
            }
          }
        }
        if (matched) {
          g += gainE[t];
          if (dist !== Infinity) order += dist;
        }
      }
      lex += g;
      if (a > 1 && g - w.missSum[e] < support) v -= mergePenalty;
    }
    for (let c = b0; c < b1; c++) {
      let g = w.missSumZ[c];
      for (let x = p.zTokStart[c]; x < p.zTokStart[c + 1]; x++) if (enSeen[p.zTokId[x]] === now) g += gainZ[x];
      lex += g;
      if (b > 1 && g - w.missSumZ[c] < supportZ) v -= mergePenalty;
    }
    v += params.lexWeight * lex - options.order * order + (p.quoteE[a1] === p.quoteZ[b1] ? quote.agree : quote.differ);
    cache.set(key, v);
    return v;
  };

  const quote = quoteWeights(p, beads, options.quote ?? 0);
  const path = beads.slice();
  for (let pass = 0; pass < options.passes; pass++) {
    let changed = false;
    let k = 0;
    while (k + 1 < path.length) {
      const A = path[k];
      const B = path[k + 1];
      const ae = A.e0;
      const be = B.e1;
      const az = A.z0;
      const bz = B.z1;
      let best = score(A.e0, A.e1, A.z0, A.z1) + score(B.e0, B.e1, B.z0, B.z1);
      let cut = -1;
      let cutZ = -1;
      for (let me = ae; me <= be; me++) {
        for (let mz = az; mz <= bz; mz++) {
          if ((me === ae && mz === az) || (me === be && mz === bz)) continue;
          const v = score(ae, me, az, mz) + score(me, be, mz, bz);
          if (v > best + 1e-9) {
            best = v;
            cut = me;
            cutZ = mz;
          }
        }
      }
      const margin = Math.min(A.margin, B.margin);
      if (score(ae, be, az, bz) > best + 1e-9) {
        // Merged: the new bead is paired with the next one.
        path.splice(k, 2, { e0: ae, e1: be, z0: az, z1: bz, score: score(ae, be, az, bz), lex: 0, margin });
        changed = true;
        continue;
      }
      if (cut >= 0) {
        path[k] = { e0: ae, e1: cut, z0: az, z1: cutZ, score: score(ae, cut, az, cutZ), lex: 0, margin };
        path[k + 1] = { e0: cut, e1: be, z0: cutZ, z1: bz, score: score(cut, be, cutZ, bz), lex: 0, margin };
        changed = true;
      }
      k++;
    }
    if (!changed) break;
  }
  return path;
}
