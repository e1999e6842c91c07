/**
 * Sentence alignment speed on long inputs, against a plain Gale–Church run (length only, same
 * band idea) on the same input in the same process.
 *
 * Input: the dev sets' sentences (../shared/corpora/mac-dev and aca-dev, Chinese and English
 * sides gathered separately) concatenated `--copies` times, so the long document is a real
 * translation of itself repeated: by default about 36,000 Chinese × 43,000 English lines. A
 * 10,000-pair run checks the speed target (10,000 sentence pairs ≤ 2 s). The corpora are needed;
 * without them the bench says so and stops.
 *
 *   npm run build && npm run bench -- align [--copies 14] [--rounds 1] [--src]
 *
 * The aligner measured is the build that ships (dist/) unless --src (see _shipped.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { detectLanguage, readCorpus } from '../src/alignment/evaluate';
import { shippedModule } from './_shipped';

const CORPORA = process.env.BITEXT_CORPORA ?? join(__dirname, '..', '..', 'shared', 'corpora');

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
}

function devSentences(): { zh: string[]; en: string[] } | null {
  const zh: string[] = [];
  const en: string[] = [];
  for (const set of ['mac-dev', 'aca-dev']) {
    const dir = join(CORPORA, set);
    if (!existsSync(dir)) return null;
    for (const doc of readCorpus(dir)) {
      const zhFirst = detectLanguage(doc.source) === 'zh';
      zh.push(...(zhFirst ? doc.source : doc.target));
      en.push(...(zhFirst ? doc.target : doc.source));
    }
  }
  return { zh, en };
}

function time(run: () => unknown): { ms: number; cpu: number } {
  const t = performance.now();
  const cpu = process.cpuUsage();
  run();
  return { ms: performance.now() - t, cpu: process.cpuUsage(cpu).user / 1000 };
}

export default async function (args: string[]): Promise<void> {
  const source = devSentences();
  if (!source) {
    console.log(`bench align: ${CORPORA}/mac-dev and aca-dev are needed (not found); skipped`);
    return;
  }
  const { module: alignment, what } = shippedModule<typeof import('../src/alignment')>('alignment', args);
  const { alignSentences, galeChurch, loadDictionary } = alignment;
  console.log(`measuring ${what}`);
  const copies = arg(args, 'copies', 14);
  const rounds = arg(args, 'rounds', 1);
  const t0 = performance.now();
  loadDictionary();
  console.log(`dictionary: ${(performance.now() - t0).toFixed(0)} ms`);

  const report = (label: string, zh: string[], en: string[]): void => {
    const n = zh.length + en.length;
    for (let r = 0; r < rounds; r++) {
      const ours = time(() => alignSentences(zh, en, { sourceLanguage: 'zh', targetLanguage: 'en' }));
      const base = time(() => galeChurch(zh, en));
      const rate = (ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en')} sentences/s`;
      console.log(
        `${label}: ${zh.length.toLocaleString('en')} zh × ${en.length.toLocaleString('en')} en\n` +
          `  aligner      ${ours.ms.toFixed(0)} ms (cpu ${ours.cpu.toFixed(0)} ms)  ${rate(ours.ms)}\n` +
          `  Gale–Church  ${base.ms.toFixed(0)} ms (cpu ${base.cpu.toFixed(0)} ms)  ${rate(base.ms)}\n` +
          `  ratio aligner/Gale–Church time: ${(ours.ms / base.ms).toFixed(2)}×`,
      );
    }
  };

  // About 10,000 sentence pairs (20,000 sentences, both sides covering the same text): the speed target (≤ 2 s).
  const scale = 20_000 / (source.zh.length + source.en.length);
  const cycle = (list: string[], k: number): string[] => Array.from({ length: k }, (_, i) => list[i % list.length]);
  report('≈10,000 pairs', cycle(source.zh, Math.round(scale * source.zh.length)), cycle(source.en, Math.round(scale * source.en.length)));

  const zh = Array.from({ length: copies }, () => source.zh).flat();
  const en = Array.from({ length: copies }, () => source.en).flat();
  report(`long document (${copies} copies)`, zh, en);
}
