/**
 * Sentence segmentation throughput (paragraphs, then sentences) against a naive
 * `split(/(?<=[.!?。！？])\s*\/)` over the same paragraphs in the same run. The naive split is
 * wrong (it splits "U.S.", "5.1", "。”"), so it is a floor for the cost, not a rival: the ratio
 * shows what the rules cost. Goal: a 1 MB document in well under a second.
 *
 * Text: ~2 MB (UTF-8) each of English (../shared/corpora/aca-dev/src) and Chinese
 * (../shared/corpora/mac-dev/src), five corpus lines to a paragraph, blank lines between; the
 * seed article repeated when the corpora are absent.
 *
 *   npm run bench -- segment [--mb 2] [--rounds 5]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { segmentDocument, splitParagraphs, splitSentences } from '../src/segmentation';

const SHARED = join(__dirname, '..', '..', 'shared');

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

function corpusLines(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function seedLines(): string[] {
  const seed = join(SHARED, 'seed', 'jiangmen-achievements.en.txt');
  if (existsSync(seed)) return readFileSync(seed, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return ['Jiangmen held the first batch of major projects. Sixty-three projects have been centralized, with a total investment of nearly 30 billion yuan.'];
}

/** A document of about `bytes` UTF-8 bytes: `perParagraph` lines a paragraph. */
function buildDocument(lines: string[], joiner: string, bytes: number, perParagraph = 5): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const paragraph = Array.from({ length: perParagraph }, (_, k) => lines[(i * perParagraph + k) % lines.length]!).join(joiner);
    parts.push(paragraph);
    size += Buffer.byteLength(paragraph) + 2;
  }
  return parts.join('\n\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(rounds: number, run: () => number): { ms: number; count: number } {
  let count = 0;
  const times: number[] = [];
  run(); // warm-up
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    count = run();
    times.push(performance.now() - start);
  }
  return { ms: median(times), count };
}

const NAIVE = /(?<=[.!?。！？])\s*/;

export default async function (args: string[]): Promise<void> {
  const megabytes = Number(arg(args, 'mb', '2'));
  const rounds = Number(arg(args, 'rounds', '5'));
  const english = corpusLines(join(SHARED, 'corpora', 'aca-dev', 'src'));
  const chinese = corpusLines(join(SHARED, 'corpora', 'mac-dev', 'src'));
  if (english.length === 0 || chinese.length === 0) console.log('corpora absent: using the seed article for both languages');

  const workloads = [
    { name: 'en', locale: 'en' as const, text: buildDocument(english.length ? english : seedLines(), ' ', megabytes * 1e6) },
    { name: 'zh', locale: 'zh-Hans' as const, text: buildDocument(chinese.length ? chinese : seedLines(), '', megabytes * 1e6) },
  ];

  for (const { name, locale, text } of workloads) {
    const mb = Buffer.byteLength(text) / 1e6;
    const paragraphs = splitParagraphs(text, 'text').map((p) => p.text);
    const ours = time(rounds, () => paragraphs.reduce((n, p) => n + splitSentences(p, locale).length, 0));
    const naive = time(rounds, () => paragraphs.reduce((n, p) => n + p.split(NAIVE).filter((s) => s.trim() !== '').length, 0));
    const whole = time(rounds, () => segmentDocument(text, 'text', locale).sentences.reduce((n, s) => n + s.length, 0));
    const oursRate = mb / (ours.ms / 1000);
    const naiveRate = mb / (naive.ms / 1000);
    console.log(
      `${name}: ${mb.toFixed(2)} MB, ${paragraphs.length} paragraphs\n` +
        `  splitSentences  ${oursRate.toFixed(1).padStart(7)} MB/s  (${ours.count} sentences, ${ours.ms.toFixed(0)} ms)\n` +
        `  naive split     ${naiveRate.toFixed(1).padStart(7)} MB/s  (${naive.count} sentences, ${naive.ms.toFixed(0)} ms)\n` +
        `  ratio           ${(oursRate / naiveRate).toFixed(3)}× the naive split's throughput\n` +
        `  segmentDocument ${(mb / (whole.ms / 1000)).toFixed(1).padStart(7)} MB/s  (paragraphs and sentences; ${(whole.ms / mb).toFixed(0)} ms per MB)`,
    );
  }

  // One 1 MB paragraph with no blank lines: ICU's sentence iterator is superlinear on long
  // strings, which the chunking in english.ts must keep in check.
  const source = english.length ? english : seedLines();
  const pieces: string[] = [];
  for (let i = 0, size = 0; size < 1e6; i++) {
    pieces.push(source[i % source.length]!);
    size += Buffer.byteLength(pieces[pieces.length - 1]!) + 1;
  }
  const long = pieces.join(' ');
  const single = time(Math.min(rounds, 3), () => splitSentences(long, 'en').length);
  console.log(`en, one 1 MB paragraph: ${single.ms.toFixed(0)} ms (${single.count} sentences)`);
  // The worst case for the chunking: no place where a cut is provably safe.
  const abbreviations = 'Dr. '.repeat(250_000);
  const worst = time(1, () => splitSentences(abbreviations, 'en').length);
  console.log(`en, 1 MB of "Dr. Dr. …" (no safe cut): ${worst.ms.toFixed(0)} ms`);
}
