/**
 * Block and sentence alignment on the HTML and Markdown test pairs of tests/fixtures/html (each
 * with a hand-checked gold.txt: one bead a line, `English  ||  Chinese`, an empty side for a
 * sentence with no counterpart). Prints precision and recall; the numbers go to the notes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { alignDocument, alignStructured, type StructuredBlock } from '../../src/alignment';
import { segmentDocument, type SegmentedDocument } from '../../src/segmentation';

const DIR = join(__dirname, '..', 'fixtures', 'html');
const blocks = (d: SegmentedDocument): StructuredBlock[] => d.paragraphs.map((p, i) => ({
  sentences: d.plain[i]!, role: p.markup?.attribute?.name ?? p.markup?.element?.tag ?? 'text', path: p.markup?.path ?? [],
}));

function score(predicted: Set<string>, gold: Set<string>): { precision: number; recall: number } {
  const hit = [...predicted].filter((p) => gold.has(p)).length;
  return { precision: predicted.size ? hit / predicted.size : 1, recall: gold.size ? hit / gold.size : 1 };
}

describe.each(readdirSync(DIR).filter((name) => readdirSync(join(DIR, name)).includes('gold.txt')))('%s', (name) => {
  it('aligns blocks and sentences as the gold says', () => {
    const files = readdirSync(join(DIR, name));
    const en = files.find((f) => f.startsWith('en.'))!;
    const zh = files.find((f) => f.startsWith('zh-Hans.'))!;
    const format = en.endsWith('.md') ? 'markdown' : 'html';
    const E = segmentDocument(readFileSync(join(DIR, name, en), 'utf8'), format, 'en', en);
    const Z = segmentDocument(readFileSync(join(DIR, name, zh), 'utf8'), format, 'zh-Hans', zh);
    const es = E.plain.flat();
    const zs = Z.plain.flat();
    const beads = alignStructured(blocks(E), blocks(Z), { sourceLanguage: 'en', targetLanguage: 'zh' });
    const predicted = new Set(beads.map((b) => `${b.source.map((i) => es[i]).join(' ')}  ||  ${b.target.map((i) => zs[i]).join('')}`));
    const goldLines = readFileSync(join(DIR, name, 'gold.txt'), 'utf8').split('\n').filter(Boolean);
    const gold = new Set(goldLines);
    // Block links: the blocks of each bead's sentences on both sides.
    const enBlock = E.plain.flatMap((list, b) => list.map(() => b));
    const zhBlock = Z.plain.flatMap((list, b) => list.map(() => b));
    const blockLinks = (pairs: Array<[number[], number[]]>): Set<string> => new Set(pairs.flatMap(([a, b]) => a.flatMap((x) => b.map((y) => `${x}-${y}`))));
    const predictedBlocks = blockLinks(beads.map((b) => [b.source.map((i) => enBlock[i]!), b.target.map((i) => zhBlock[i]!)]));
    // Gold beads cover the documents' sentences in order: each side is consumed sentence by sentence.
    let e = 0;
    let z = 0;
    const take = (text: string, all: string[], at: number, separator: string): number[] => {
      const taken: number[] = [];
      let joined = '';
      while (joined !== text && at + taken.length < all.length) {
        joined = [...taken.map((i) => all[i]!), all[at + taken.length]!].join(separator);
        taken.push(at + taken.length);
      }
      if (text !== '' && joined !== text) throw new Error(`gold line does not follow the document: ${text}`);
      return text === '' ? [] : taken;
    };
    const goldBlocks = blockLinks(goldLines.map((line) => {
      const [left, right] = line.split('  ||  ') as [string, string];
      const enTaken = take(left, es, e, ' ');
      const zhTaken = take(right, zs, z, '');
      e += enTaken.length;
      z += zhTaken.length;
      return [[...new Set(enTaken.map((i) => enBlock[i]!))], [...new Set(zhTaken.map((i) => zhBlock[i]!))]];
    }));
    const sentences = score(predicted, gold);
    // Baseline: the paragraph-then-sentence aligner over the same blocks, blind to structure.
    const flat = alignDocument(E.plain, Z.plain, { sourceLanguage: 'en', targetLanguage: 'zh' });
    const baseline = score(new Set(flat.map((b) => `${b.source.map((i) => es[i]).join(' ')}  ||  ${b.target.map((i) => zs[i]).join('')}`)), gold);
    process.stdout.write(`${name}: baseline (no structure) sentence beads P ${baseline.precision.toFixed(3)} R ${baseline.recall.toFixed(3)}\n`);
    const blockScore = score(predictedBlocks, goldBlocks);
    process.stdout.write(`${name}: sentence beads P ${sentences.precision.toFixed(3)} R ${sentences.recall.toFixed(3)} (${gold.size} gold); `
      + `block links P ${blockScore.precision.toFixed(3)} R ${blockScore.recall.toFixed(3)} (${goldBlocks.size} gold)\n`);
    expect(sentences.recall).toBeGreaterThanOrEqual(0.95);
    expect(blockScore.recall).toBeGreaterThanOrEqual(0.95);
    expect(blockScore.precision).toBeGreaterThanOrEqual(0.95);
  });
});
