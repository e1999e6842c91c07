import { SingleBar, Presets } from 'cli-progress';
import { stat } from 'node:fs/promises';

/**
 * A progress bar on stderr when it is a terminal, nothing otherwise (pipes and CI stay clean).
 * Progress is measured in bytes read, since a streamed file's unit count is unknown up front.
 */
export async function fileProgress(path: string, label: string): Promise<{ update(bytes: number, units: number): void; stop(): void }> {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const total = (await stat(path)).size;
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {units} units | {eta_formatted} left`,
    stream: process.stderr,
    hideCursor: true,
  }, Presets.shades_classic);
  bar.start(total, 0, { units: 0 });
  return {
    update(bytes, units) { bar.update(Math.min(bytes, total), { units }); },
    stop() { bar.update(total); bar.stop(); },
  };
}
