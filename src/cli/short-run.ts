import { setFlagsFromString } from 'node:v8';

/**
 * Cheaper optimising compiles for a command that does one heavy computation and exits (`align`).
 * In a fresh process most of the aligner's hot functions are still in baseline code when a
 * 500-sentence chapter is done: TurboFan's compile jobs (about 90 of them) compete with the main
 * thread for this machine's two cores. Without inlining and loop peeling each job is much smaller,
 * the functions reach optimised code sooner, and the chapter takes 385–390 ms instead of 446–449
 * (median of 11, interleaved; `bench cold`); a warm process is as fast as before (≈ 90 ms a
 * chapter). Not for `serve` or the memory's lookups, whose long runs want the best code; `check`
 * was 10 ms slower with it. Only functions optimised after the call are affected.
 */
export function compileForShortRun(): void {
  setFlagsFromString('--no-turbo-inlining');
  setFlagsFromString('--no-turbo-loop-peeling');
}
