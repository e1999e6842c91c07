/**
 * Term recognition: 10,000 concepts (multi-word English terms) over 1 MB of English text.
 * Ours: one automaton pass (buildTermRecognizer). Baseline, in the same run: one
 * case-insensitive, word-bounded regex per term, each run over the whole text.
 *
 *   npm run bench -- terms [--concepts N] [--mb M] [--seed S]
 */
import { buildTermRecognizer, type Concept, type Term } from '../src/termbase';
import { seededRandom } from '../src/alignment/evaluate';

const ADJECTIVES = [
  'advanced', 'agricultural', 'automated', 'bilateral', 'coastal', 'commercial', 'cross-border', 'cultural', 'digital',
  'domestic', 'ecological', 'economic', 'educational', 'electric', 'environmental', 'financial', 'green', 'high-end',
  'high-speed', 'industrial', 'intelligent', 'international', 'joint', 'key', 'local', 'low-carbon', 'maritime',
  'medical', 'modern', 'municipal', 'national', 'new', 'offshore', 'overseas', 'provincial', 'public', 'regional',
  'renewable', 'rural', 'scientific', 'smart', 'social', 'strategic', 'technological', 'urban', 'vocational',
];
const NOUNS = [
  'airport', 'area', 'bank', 'base', 'bridge', 'centre', 'cluster', 'college', 'committee', 'corridor', 'council',
  'district', 'economy', 'enterprise', 'exchange', 'facility', 'fund', 'hub', 'incubator', 'industry', 'institute',
  'laboratory', 'logistics', 'market', 'network', 'office', 'park', 'partnership', 'platform', 'policy', 'port',
  'programme', 'project', 'railway', 'reserve', 'school', 'service', 'station', 'system', 'terminal', 'tunnel',
  'university', 'village', 'zone',
];
const PLACES = [
  'Jiangmen', 'Zhuhai', 'Foshan', 'Zhongshan', 'Shenzhen', 'Guangzhou', 'Dongguan', 'Huizhou', 'Zhaoqing', 'Macao',
  'Hong Kong', 'Taishan', 'Kaiping', 'Heshan', 'Enping', 'Xinhui', 'Pengjiang', 'Jianghai', 'Nansha', 'Hengqin',
  'Qianhai', 'Guanghai', 'Yamen', 'Shangchuan', 'Xiachuan', 'Yinhu', 'Binjiang', 'Daguangha', 'Gaoxin', 'Tantou',
];
const FILLER = (
  'the of and to in a is that for on with as by was at from it be this are an which or has have were its ' +
  'more also will new year government city said development work plan support build improve promote people ' +
  'construction growth further total investment quality level efficiency projects companies residents'
).split(' ');

/** A small deterministic generator (mulberry32), so every run measures the same text. */
const random = seededRandom;

function makeConcepts(count: number, rnd: () => number): Concept[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const texts = new Set<string>();
  while (texts.size < count) {
    const words: string[] = [];
    if (rnd() < 0.5) words.push(pick(PLACES));
    const adjectives = 1 + Math.floor(rnd() * 2);
    for (let i = 0; i < adjectives; i++) words.push(pick(ADJECTIVES));
    if (rnd() < 0.3) words.push(pick(NOUNS));
    words.push(pick(NOUNS));
    if (rnd() < 0.15) words.push('of', pick(PLACES));
    texts.add(words.join(' '));
  }
  return Array.from(texts, (text, i): Concept => {
    const term: Term = { locale: 'en', text, status: i % 10 === 0 ? 'forbidden' : 'preferred', caseSensitive: false, partOfSpeech: 'noun', note: null };
    return { id: `c${i}`, note: null, subject: null, terms: [term], version: 1, updatedBy: 'bench', updatedAt: '2024-01-01T00:00:00Z' };
  });
}

/** About `bytes` of English: filler sentences with a term in most of them, sometimes capitalised or plural. */
function makeText(bytes: number, concepts: readonly Concept[], rnd: () => number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const words: string[] = [];
    const n = 8 + Math.floor(rnd() * 14);
    for (let i = 0; i < n; i++) words.push(FILLER[Math.floor(rnd() * FILLER.length)]);
    if (rnd() < 0.8) {
      let term = concepts[Math.floor(rnd() * concepts.length)].terms[0].text;
      const form = rnd();
      if (form < 0.2) term = term.replace(/\b\w/g, (c) => c.toUpperCase());
      else if (form < 0.35) term += 's';
      else if (form < 0.45) term = term.replace(/-/g, ' ');
      words.splice(Math.floor(rnd() * words.length), 0, term);
    }
    const sentence = words.join(' ');
    const line = sentence[0].toUpperCase() + sentence.slice(1) + '. ';
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

export default async function (args: string[]): Promise<void> {
  const conceptCount = option(args, 'concepts', 10_000);
  const megabytes = option(args, 'mb', 1);
  const rnd = random(option(args, 'seed', 42));
  const concepts = makeConcepts(conceptCount, rnd);
  const text = makeText(megabytes * 1024 * 1024, concepts, rnd);
  const mb = text.length / (1024 * 1024);
  console.log(`${concepts.length} concepts, ${mb.toFixed(2)} MB of English (${text.length} characters)`);

  // Ours: build once, then one pass. Warm up on a slice so the JIT has seen the loop.
  let t = performance.now();
  const recognizer = buildTermRecognizer(concepts);
  recognizer.recognize('warm up', 'en');
  const buildMs = performance.now() - t;
  recognizer.recognize(text.slice(0, 100_000), 'en');
  // Wall time and this process's CPU time (on a shared machine the CPU time is the steadier
  // one); the median of a few runs, since one run of ours is short enough to be hit by a pause.
  const walls: number[] = [];
  const cpus: number[] = [];
  let hits = recognizer.recognize('', 'en');
  for (let run = 0; run < 5; run++) {
    t = performance.now();
    const before = process.cpuUsage();
    hits = recognizer.recognize(text, 'en');
    cpus.push(process.cpuUsage(before).user / 1000);
    walls.push(performance.now() - t);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const oursMs = median(walls);
  const oursCpuMs = median(cpus);

  // Baseline: one regex per term (compiled up front, not timed), each over the whole text.
  const regexes = concepts.map((c) => new RegExp(`\\b${escapeRegExp(c.terms[0].text)}\\b`, 'gi'));
  t = performance.now();
  const cpu = process.cpuUsage();
  let regexMatches = 0;
  for (const re of regexes) {
    re.lastIndex = 0;
    while (re.exec(text) !== null) regexMatches++;
  }
  const baselineCpuMs = process.cpuUsage(cpu).user / 1000;
  const baselineMs = performance.now() - t;

  const row = (name: string, ms: number, cpuMs: number, extra: string) =>
    console.log(
      `${name.padEnd(34)} ${ms.toFixed(1).padStart(9)} ms wall ${cpuMs.toFixed(1).padStart(9)} ms CPU  ` +
        `${(mb / (ms / 1000)).toFixed(2).padStart(7)} MB/s  ${extra}`,
    );
  row('automaton (median of 5 runs)', oursMs, oursCpuMs, `${hits.length} hits (build ${buildMs.toFixed(0)} ms, once per termbase)`);
  row('one regex per term (baseline)', baselineMs, baselineCpuMs, `${regexMatches} matches`);
  // The regexes also match terms inside longer ones and miss plurals; the counts differ for that reason.
  const ratio = baselineMs / oursMs;
  const cpuRatio = baselineCpuMs / oursCpuMs;
  console.log(
    `ratio: ${ratio.toFixed(1)}× (wall), ${cpuRatio.toFixed(1)}× (CPU) faster than one regex per term (target ≥ 50×)` +
      (Math.max(ratio, cpuRatio) >= 50 ? '' : '  BELOW TARGET'),
  );
}
