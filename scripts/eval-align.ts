/**
 * `npm run eval:align [-- DIR ...]`: scores the aligner on hand-aligned corpus folders in the shared
 * format (src/NNN, tgt/NNN, gold/NNN.align; the language of each side is detected from its text).
 * Prints strict and lax precision / recall / F1 pooled over all beads, per document and per folder,
 * the aligner's speed, and a plain Gale–Church run on the same input for comparison.
 * With no DIR it scores ../shared/corpora/mac-dev and ../shared/corpora/aca-dev.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { alignSentences, galeChurch, loadDictionary } from '../src/alignment';
import { countHits, detectLanguage, emptyCounts, readCorpus, scoresOf, type Counts } from '../src/alignment/evaluate';

function line(label: string, c: Counts): string {
  const s = scoresOf(c);
  const f = (x: number): string => x.toFixed(3);
  return (
    `${label.padEnd(14)} strict P ${f(s.strict.precision)} R ${f(s.strict.recall)} F1 ${f(s.strict.f1)}` +
    ` | lax P ${f(s.lax.precision)} R ${f(s.lax.recall)} F1 ${f(s.lax.f1)}  (${c.gold} gold beads)`
  );
}

function main(): void {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const root = resolve(__dirname, '..');
  const dirs = args.length > 0 ? args : [join(root, '../shared/corpora/mac-dev'), join(root, '../shared/corpora/aca-dev')];
  const t0 = performance.now();
  loadDictionary();
  console.log(`dictionary loaded in ${(performance.now() - t0).toFixed(0)} ms`);
  let failed = false;
  for (const dir of dirs) {
    if (!existsSync(join(dir, 'src'))) {
      console.error(`eval-align: ${dir}: not a corpus folder (no src/)`);
      failed = true;
      continue;
    }
    const docs = readCorpus(dir);
    const total = emptyCounts();
    const baseline = emptyCounts();
    let sentences = 0;
    let ms = 0;
    console.log(`\n== ${dir}`);
    for (const doc of docs) {
      const options = { sourceLanguage: detectLanguage(doc.source), targetLanguage: detectLanguage(doc.target) };
      const start = performance.now();
      const beads = alignSentences(doc.source, doc.target, options);
      ms += performance.now() - start;
      sentences += doc.source.length + doc.target.length;
      console.log(line(`${doc.id} ${options.sourceLanguage}-${options.targetLanguage}`, countHits(doc.gold, beads)));
      countHits(doc.gold, beads, total);
      countHits(doc.gold, galeChurch(doc.source, doc.target), baseline);
    }
    console.log(line('ALL', total));
    console.log(line('Gale-Church', baseline));
    console.log(`speed: ${sentences} sentences in ${ms.toFixed(0)} ms = ${Math.round((sentences / ms) * 1000)} sentences/s`);
  }
  if (failed) process.exit(1);
}

main();
