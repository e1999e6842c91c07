/**
 * Plain Gale & Church (1993) length-based alignment: the baseline the benchmark and the evaluation
 * compare against. Character lengths, the document's own length ratio, their variance 6.8 and bead
 * priors from the paper; banded around the length diagonal for long inputs.
 */
export interface LengthBead {
  source: number[];
  target: number[];
}

const SHAPES: ReadonlyArray<readonly [number, number, number]> = [
  // [source, target, prior]
  [1, 1, 0.89],
  [1, 0, 0.0099 / 2],
  [0, 1, 0.0099 / 2],
  [2, 1, 0.089 / 2],
  [1, 2, 0.089 / 2],
  [2, 2, 0.011],
];

/** Two-sided tail probability of a standard normal, by the Abramowitz–Stegun approximation. */
function tail(z: number): number {
  const t = 1 / (1 + 0.2316419 * z);
  const d = 0.3989423 * Math.exp((-z * z) / 2);
  const p = d * t * (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))));
  return 2 * p;
}

export function galeChurch(source: readonly string[], target: readonly string[], band = 50): LengthBead[] {
  const n = source.length;
  const m = target.length;
  const ls = source.map((s) => s.length);
  const lt = target.map((s) => s.length);
  const cs = new Float64Array(n + 1);
  const ct = new Float64Array(m + 1);
  for (let i = 0; i < n; i++) cs[i + 1] = cs[i] + ls[i];
  for (let j = 0; j < m; j++) ct[j + 1] = ct[j] + lt[j];
  const c = cs[n] > 0 ? ct[m] / cs[n] : 1;
  const s2 = 6.8;
  const costs = SHAPES.map(([, , prior]) => -Math.log(prior));
  const full = (n + 1) * (m + 1) <= 250_000;
  const lo = new Int32Array(n + 1);
  const hi = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) {
    const center = n > 0 ? Math.round((i / n) * m) : 0;
    lo[i] = full ? 0 : Math.max(0, center - band);
    hi[i] = full ? m : Math.min(m, center + band);
  }
  const off = new Int32Array(n + 2);
  for (let i = 0; i <= n; i++) off[i + 1] = off[i] + hi[i] - lo[i] + 1;
  const cost = new Float64Array(off[n + 1]).fill(Infinity);
  const back = new Int8Array(off[n + 1]).fill(-1);
  cost[0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = lo[i]; j <= hi[i]; j++) {
      if (i === 0 && j === 0) continue;
      let best = Infinity;
      let arg = -1;
      for (let s = 0; s < SHAPES.length; s++) {
        const [a, b] = SHAPES[s];
        const pi = i - a;
        const pj = j - b;
        if (pi < 0 || pj < 0 || pj < lo[pi] || pj > hi[pi]) continue;
        const prev = cost[off[pi] + pj - lo[pi]];
        if (prev === Infinity) continue;
        const l1 = cs[i] - cs[pi];
        const l2 = ct[j] - ct[pj];
        const mean = (l1 + l2 / c) / 2;
        const delta = mean > 0 ? (l2 - l1 * c) / Math.sqrt(mean * s2) : 0;
        const v = prev + costs[s] - Math.log(Math.max(1e-300, tail(Math.abs(delta))));
        if (v < best) {
          best = v;
          arg = s;
        }
      }
      cost[off[i] + j - lo[i]] = best;
      back[off[i] + j - lo[i]] = arg;
    }
  }
  const beads: LengthBead[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const s = back[off[i] + j - lo[i]];
    if (s < 0) break; // the fixed band lost the path: the baseline simply stops here
    const [a, b] = SHAPES[s];
    beads.push({
      source: Array.from({ length: a }, (_, k) => i - a + k),
      target: Array.from({ length: b }, (_, k) => j - b + k),
    });
    i -= a;
    j -= b;
  }
  return beads.reverse();
}
