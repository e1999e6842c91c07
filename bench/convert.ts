/**
 * zh-Hans → zh-Hant throughput with termbase terms protected, against plain opencc-js on the same
 * text in the same run. Target: ≥ 0.8× plain.
 *
 * Text: ~1 MB (UTF-8) of Simplified Chinese from ../shared/corpora/mac-dev/src, with one or two
 * Greater Bay Area terms woven into every line. Termbase: 2,000 concepts, those terms plus
 * fillers (see `buildWorkload`), giving a term every ~20 characters, as thick as in a
 * term-heavy Greater Bay Area article (content/jiangmen-achievements). `--dense` makes every
 * filler one of the corpus's commonest strings: a term every few characters, far beyond real
 * text, to show the worst case.
 *
 *   npm run bench -- convert [--mb 1] [--rounds 7] [--variant hk|tw|twp] [--concepts 2000] [--dense]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Converter } from 'opencc-js';
import { createTraditionalConverter, isTraditionalVariant, openccConverter, TraditionalVariant } from '../src/conversion';
import { buildTermRecognizer, Concept } from '../src/termbase';
import { seededRandom } from '../src/alignment/evaluate';

const CORPUS = join(process.env.BITEXT_CORPORA ?? join(__dirname, '../../shared/corpora'), 'mac-dev', 'src');

const NAMED_TERMS: Array<[string, string]> = [
  ['粤港澳大湾区', '粵港澳大灣區'],
  ['江门', '江門'],
  ['珠江三角洲', '珠江三角洲'],
  ['港珠澳大桥', '港珠澳大橋'],
  ['香港特别行政区', '香港特別行政區'],
  ['澳门特别行政区', '澳門特別行政區'],
  ['横琴粤澳深度合作区', '橫琴粵澳深度合作區'],
  ['前海深港现代服务业合作区', '前海深港現代服務業合作區'],
  ['南沙', '南沙'],
  ['信息科技', '資訊科技'],
  ['人工智能', '人工智能'],
  ['数字经济', '數碼經濟'],
  ['创新科技', '創新科技'],
  ['侨乡', '僑鄉'],
  ['开平碉楼', '開平碉樓'],
  ['台山', '台山'],
  ['新会陈皮', '新會陳皮'],
  ['轨道交通', '軌道交通'],
  ['跨境电商', '跨境電商'],
  ['高新技术企业', '高新技術企業'],
];

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

/** Deterministic PRNG (mulberry32) so every run converts the same text. */
const prng = seededRandom;

function concept(id: string, hans: string, hant: string): Concept {
  const term = (locale: 'zh-Hans' | 'zh-Hant', text: string) => ({
    locale,
    text,
    status: 'preferred' as const,
    caseSensitive: false,
    partOfSpeech: null,
    note: null,
  });
  return { id, note: null, subject: null, terms: [term('zh-Hans', hans), term('zh-Hant', hant)], version: 1, updatedBy: 'bench', updatedAt: '' };
}

/**
 * Han n-grams of the lines as filler concepts: `count` of them, drawn (deterministically) from
 * those seen at least twice, leaving out the `skipTop` commonest, which are function words
 * (我们, 一个) no termbase holds. With `skipTop` 0 and the commonest first, hits get very dense.
 */
function corpusNgrams(lines: string[], count: number, skipTop: number, maxFrequency: number, random: () => number): string[] {
  const freq = new Map<string, number>();
  for (const line of lines) {
    for (let n = 2; n <= 4; n++) {
      for (let i = 0; i + n <= line.length; i++) {
        const s = line.slice(i, i + n);
        if (!/^\p{Script=Han}+$/u.test(s)) continue;
        freq.set(s, (freq.get(s) ?? 0) + 1);
      }
    }
  }
  const ranked = Array.from(freq)
    .filter(([, f]) => f >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (skipTop === 0) return ranked.slice(0, count).map(([s]) => s);
  // Below the commonest, strings seen a handful of times: what domain terms look like in text.
  const pool = ranked.slice(skipTop).filter(([, f]) => f <= maxFrequency).map(([s]) => s);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export interface ConvertWorkload {
  text: string;
  concepts: Concept[];
  variant: TraditionalVariant;
  dense: boolean;
}

/** The text and termbase described at the top of this file; null without the corpus. */
export function buildWorkload(args: string[]): ConvertWorkload | null {
  if (!existsSync(CORPUS)) return null;
  const targetBytes = Number(arg(args, 'mb', '1')) * 1024 * 1024;
  const conceptCount = Number(arg(args, 'concepts', '2000'));
  const variantArg = arg(args, 'variant', 'hk');
  if (!isTraditionalVariant(variantArg)) throw new Error(`--variant must be hk, tw or twp, not ${variantArg}`);
  const variant: TraditionalVariant = variantArg;
  const dense = args.includes('--dense');

  const lines = readdirSync(CORPUS)
    .sort()
    .flatMap((f) => readFileSync(join(CORPUS, f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '');
  const random = prng(2024);
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    let line = lines[i % lines.length];
    // Weave one or two named terms into each line at a random character position.
    for (let k = random() < 0.5 ? 1 : 2; k > 0; k--) {
      const at = Math.floor(random() * line.length);
      line = line.slice(0, at) + NAMED_TERMS[Math.floor(random() * NAMED_TERMS.length)][0] + line.slice(at);
    }
    parts.push(line);
    bytes += Buffer.byteLength(line, 'utf8') + 1;
  }
  const text = parts.join('\n');

  const plain = openccConverter(variant);
  const concepts: Concept[] = NAMED_TERMS.map(([hans, hant], i) => concept(`named-${i}`, hans, hant));
  // Filler concepts carry their plain conversion as zh-Hant. As in a real termbase, most never
  // occur in a given text: a tenth are strings of the corpus, the rest made-up words from its
  // characters (they load the automaton but seldom match). --dense: all from the corpus's commonest.
  const fillerCount = Math.max(0, conceptCount - NAMED_TERMS.length);
  const fromCorpus = dense ? fillerCount : Math.round(fillerCount / 10);
  const fillers = corpusNgrams(lines, fromCorpus, dense ? 0 : 300, 6, random);
  const chars = Array.from(new Set(lines.join('').match(/\p{Script=Han}/gu) ?? []));
  while (fillers.length < fillerCount) {
    const length = 2 + Math.floor(random() * 3);
    fillers.push(Array.from({ length }, () => chars[Math.floor(random() * chars.length)]).join(''));
  }
  for (const [i, gram] of fillers.entries()) concepts.push(concept(`filler-${i}`, gram, plain(gram)));
  return { text, concepts, variant, dense };
}

export default async function (args: string[]): Promise<void> {
  const workload = buildWorkload(args);
  if (!workload) {
    console.log(`convert: skipped, corpus not found at ${CORPUS}`);
    return;
  }
  const { text, concepts, variant, dense } = workload;
  const rounds = Number(arg(args, 'rounds', '7'));
  const mb = Buffer.byteLength(text, 'utf8') / (1024 * 1024);
  // The baseline: a plain opencc-js converter of its own.
  const plain = Converter({ from: 'cn', to: variant });

  const buildStart = performance.now();
  const protectedConverter = createTraditionalConverter({ variant, concepts });
  protectedConverter.convert('粤港澳大湾区'); // builds the recogniser's zh-Hans index
  const buildMs = performance.now() - buildStart;

  // Warm both paths, then alternate them so drift affects both alike.
  plain(text);
  const { findings } = protectedConverter.convert(text);
  // The recogniser's share, timed on its own (a second instance, warmed alike).
  const recognizer = buildTermRecognizer(concepts);
  const hits = recognizer.recognize(text, 'zh-Hans').length;
  const plainMs: number[] = [];
  const protectedMs: number[] = [];
  const recognizeMs: number[] = [];
  let out = '';
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    plain(text);
    plainMs.push(performance.now() - t);
    t = performance.now();
    out = protectedConverter.convert(text).text;
    protectedMs.push(performance.now() - t);
    t = performance.now();
    recognizer.recognize(text, 'zh-Hans');
    recognizeMs.push(performance.now() - t);
  }
  if (out.length === 0) throw new Error('convert: empty output');

  const plainRate = mb / (median(plainMs) / 1000);
  const protectedRate = mb / (median(protectedMs) / 1000);
  const ratio = protectedRate / plainRate;
  console.log(
    `text: ${mb.toFixed(2)} MB (${text.length} UTF-16 units), ${concepts.length} concepts, ${hits} term hits ` +
      `(one per ${(text.length / hits).toFixed(1)} characters), variant ${variant}${dense ? ', dense' : ''}`,
  );
  console.log(`termbase converter built in ${buildMs.toFixed(0)} ms; ${findings.length} findings`);
  console.log(`plain opencc-js:      ${plainRate.toFixed(2)} MB/s (median ${median(plainMs).toFixed(1)} ms)`);
  console.log(
    `with term protection: ${protectedRate.toFixed(2)} MB/s (median ${median(protectedMs).toFixed(1)} ms, ` +
      `of which term recognition ${median(recognizeMs).toFixed(1)} ms)`,
  );
  console.log(`ratio: ${ratio.toFixed(2)}× plain (target ≥ 0.80×) ${ratio >= 0.8 ? 'OK' : 'BELOW TARGET'}`);
}
