import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkflow } from '../src/workflow';

/**
 * `npm run bench -- release [--rounds 15]`: the cost of a release. Over the seed article in a
 * temporary SQLite store, each round edits two zh-Hans units and approves them: the first
 * approval makes no release (the locale is not complete), the second completes zh-Hans and its
 * derived zh-Hant and releases both in the same transaction. Prints the median of each.
 */
export default async function releaseBench(args: string[]): Promise<void> {
  const i = args.indexOf('--rounds');
  const rounds = i >= 0 ? Number(args[i + 1]) : 15;
  const dir = mkdtempSync(join(tmpdir(), 'relbench-'));
  const w = await openWorkflow({ database: join(dir, 'b.db') });
  await w.seed(join(__dirname, '..'));
  const slug = 'jiangmen-achievements';
  const without: number[] = [];
  const withRelease: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const units = await w.articleUnits(slug, { locale: 'zh-Hans' });
    const [a, b] = [units[1]!, units[2]!];
    // Two edits; approving the first makes no release (b still translated), the second completes zh-Hans (and zh-Hant).
    const ea = await w.editTarget({ id: a.id, version: a.version, text: `${a.targetText.replace(/（改+）$/, '')}（${'改'.repeat(round + 1)}）`, by: 'tina' });
    const eb = await w.editTarget({ id: b.id, version: b.version, text: `${b.targetText.replace(/（改+）$/, '')}（${'改'.repeat(round + 1)}）`, by: 'tina' });
    let t = process.hrtime.bigint();
    await w.approveUnit({ id: ea.id, by: 'rita', role: 'reviewer' });
    without.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    await w.approveUnit({ id: eb.id, by: 'rita', role: 'reviewer' });
    withRelease.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const releases = await w.articleReleases(slug, 'zh-Hans');
  const median = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
  console.log(`approval without a release: median ${median(without).toFixed(1)} ms; approval that releases zh-Hans + zh-Hant: median ${median(withRelease).toFixed(1)} ms; releases made: ${releases.length}`);
  await w.close();
  rmSync(dir, { recursive: true, force: true });
}
