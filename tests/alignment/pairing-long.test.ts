/**
 * Pairing long documents: a 160,000-character English paper and its 50,000-character Chinese
 * version are read over the same share of their text, so they pair, whatever else the archive
 * holds. With one scan limit for both sides, the paper's first third was compared with the whole
 * Chinese text and the pair was left unpaired beside three literary chapters (0.43).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArchivePairer } from '../../src/alignment';
import { CORPORA, describeWithShared } from '../support/shared';

const ACA = join(CORPORA, 'aca-dev');
const MAC = join(CORPORA, 'mac-dev');
const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');

describeWithShared('pairing long documents', [ACA, MAC], () => {
  const paper = read(ACA, 'src', '001');
  const lunwen = read(ACA, 'tgt', '001');

  function pair(english: Array<[string, string]>, chinese: Array<[string, string]>) {
    const pairer = new ArchivePairer();
    for (const [key, text] of english) pairer.add('en', key, text);
    for (const [key, text] of chinese) pairer.add('zh', key, text);
    return pairer.pair();
  }

  it('pairs the paper with its translation beside literary chapters, with a chapter left alone', () => {
    expect(paper.length).toBeGreaterThan(150_000); // longer than the Chinese side's scan limit, in characters
    const result = pair(
      [['paper', paper], ...['001', '002', '003'].map((d) => [`chapter-${d}`, read(MAC, 'tgt', d)] as [string, string]), ['lonely', read(MAC, 'tgt', '005')]],
      [['lunwen', lunwen], ...['001', '002', '003'].map((d) => [`zhang-${d}`, read(MAC, 'src', d)] as [string, string])],
    );
    const paperPair = result.pairs.find((p) => p.en === 'paper');
    expect(paperPair?.zh).toBe('lunwen');
    expect(paperPair!.score).toBeGreaterThan(0.9);
    expect(paperPair!.lowConfidence).toBe(false);
    expect(result.pairs.map((p) => `${p.en}=${p.zh}`).sort()).toEqual(['chapter-001=zhang-001', 'chapter-002=zhang-002', 'chapter-003=zhang-003', 'paper=lunwen']);
    expect(result.unpaired.map((u) => u.key)).toEqual(['lonely']);
  });

  it('pairs documents longer than both scan limits by the same share of each', () => {
    const result = pair([['long', paper.repeat(3)], ['paper', paper]], [['long-zh', lunwen.repeat(3)], ['lunwen', lunwen]]);
    expect(result.pairs.map((p) => `${p.en}=${p.zh}`).sort()).toEqual(['long=long-zh', 'paper=lunwen']);
  });
});
