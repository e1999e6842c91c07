/**
 * How a run's time grows with the size of its input, for tests that guard against quadratic work.
 *
 * A wall-clock budget fails on a slow or busy machine (CI has run the same parse 5× slower than a
 * quiet one) or, made generous enough for that, stops telling linear from quadratic. A ratio of
 * two sizes measured back to back on the same machine does neither: quadrupling the input gives
 * about 4 for linear work and 16 for quadratic, whatever the machine's speed. The least of a few
 * interleaved timings per size keeps one descheduled run from deciding.
 */

/** Below this, between 4 (linear) and 16 (quadratic) for a fourfold input. */
export const LINEAR_GROWTH_LIMIT = 9;

export function growthRatio(run: (size: number) => void, size: number, tries = 3): number {
  run(size); // warm-up: the first run also compiles
  let small = Infinity;
  let large = Infinity;
  for (let i = 0; i < tries; i++) {
    small = Math.min(small, timed(() => run(size)));
    large = Math.min(large, timed(() => run(size * 4)));
  }
  // A floor of a millisecond: below it the ratio is timer noise, and work that small is not quadratic.
  return Math.max(large, 1) / Math.max(small, 1);
}

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}
