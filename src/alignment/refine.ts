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
import { MAX_SPAN, type BeadExtras, type BeadModel, type RawBead, type RefineOptions } from './bead-model';

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
  for (let k = 0; k < beads.length; k++) {
    const b = beads[k];
    onPath++;
    if (p.quoteE[b.e1] === p.quoteZ[b.z1]) agreeOnPath++;
    for (let n = 0; n < 4; n++) {
      const e = b.e1 + NEIGHBOUR_E[n];
      const z = b.z1 + NEIGHBOUR_Z[n];
      if (e < 0 || z < 0 || e > p.nE || z > p.nZ) continue;
      near++;
      if (p.quoteE[e] === p.quoteZ[z]) agreeNear++;
    }
  }
  const pa = (agreeOnPath + 1) / (onPath + 2);
  const na = (agreeNear + 1) / (near + 2);
  return { agree: scale * Math.log(pa / na), differ: scale * Math.log((1 - pa) / (1 - na)) };
}
function marked(only: Uint8Array, e0: number, e1: number): boolean {
  for (let e = e0; e < e1; e++) if (only[e]) return true;
  return false;
}

/** The cells next to a bead's end: (+1, 0), (-1, 0), (0, +1), (0, -1). */
const NEIGHBOUR_E = Int32Array.of(1, -1, 0, 0);
const NEIGHBOUR_Z = Int32Array.of(0, 0, 1, -1);

/**
 * The post-pass's bead score over a path: the model's score with the order term and the quotation
 * weights measured on `beads`, for the bead English [a0, a1) × Chinese [b0, b1) (absolute indices),
 * cached. -Infinity for a shape the model does not have.
 */
export function pathScorer(
  p: Prepared, model: BeadModel, beads: readonly RawBead[], options: RefineOptions,
): (a0: number, a1: number, b0: number, b1: number) => number {
  const q = quoteWeights(p, beads, options.quote ?? 0);
  const extras: BeadExtras = { order: options.order, quoteAgree: q.agree, quoteDiffer: q.differ };
  const cache = new Map<number, number>();
  const span = p.nZ + 1;
  return (a0: number, a1: number, b0: number, b1: number): number => {
    const a = a1 - a0;
    const b = b1 - b0;
    if (a > MAX_SPAN || b > MAX_SPAN) return -Infinity;
    const key = ((a0 * span + b0) * (MAX_SPAN + 1) + a) * (MAX_SPAN + 1) + b;
    let v = cache.get(key);
    if (v === undefined) {
      v = model.score(a0, a1, b0, b1, extras);
      cache.set(key, v);
    }
    return v;
  };
}

/**
 * `only`, when given, marks the English sentences whose evidence changed since the path was last
 * refined (a learnt table's words): other pairs of beads are left as they are.
 */
export function refinePath(p: Prepared, model: BeadModel, beads: RawBead[], options: RefineOptions, only?: Uint8Array): RawBead[] {
  const score = pathScorer(p, model, beads, options);
  const path = beads.slice();
  // A pair of neighbours left as it was is left again in the next pass while both beads are the
  // same (the re-cut reads nothing else): such pairs are skipped, not scored again.
  const settled = new WeakMap<RawBead, RawBead>();
  for (let pass = 0; pass < options.passes; pass++) {
    let changed = false;
    let k = 0;
    while (k + 1 < path.length) {
      const A = path[k];
      const B = path[k + 1];
      if (settled.get(A) === B || (only && !marked(only, A.e0, B.e1))) {
        k++;
        continue;
      }
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
      } else settled.set(A, B);
      k++;
    }
    if (!changed) break;
  }
  return path;
}
