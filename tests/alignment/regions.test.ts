import { join } from 'node:path';
import { CORPORA, sharedPresent } from '../support/shared';
import { alignSentences, formatBead } from '../../src/alignment';
import { traceSentences } from '../../src/alignment/aligner';
import { beadStarts, detectLanguage, errorRegions, readCorpus, type IndexBead } from '../../src/alignment/evaluate';

const b = (source: number[], target: number[]): IndexBead => ({ source, target });

describe('errorRegions', () => {
  const gold = [b([0], [0]), b([1], [1, 2]), b([2], [3]), b([], [4]), b([3], [5])];

  it('finds nothing when the beads are the gold ones', () => {
    expect(errorRegions(gold, gold)).toEqual([]);
  });

  it('cuts the differences at the boundaries both sides share', () => {
    // A sentence moved across a boundary (beads 1-2) and a null bead merged (beads 3-4).
    const predicted = [b([0], [0]), b([1], [1]), b([2], [2, 3]), b([3], [4, 5])];
    expect(errorRegions(gold, predicted)).toEqual([
      { gold0: 1, gold1: 3, predicted0: 1, predicted1: 3 },
      { gold0: 3, gold1: 5, predicted0: 3, predicted1: 4 },
    ]);
  });

  it('places an empty side where the beads before it ended', () => {
    expect(beadStarts(gold)).toEqual([
      { source: 0, target: 0 },
      { source: 1, target: 1 },
      { source: 2, target: 3 },
      { source: 3, target: 4 },
      { source: 3, target: 5 },
    ]);
  });
});

describe('traceSentences on a dev chapter', () => {
  const dir = join(CORPORA, 'mac-dev');
  if (!sharedPresent(join(dir, 'src'), 'traceSentences against alignSentences')) return;
  it('gives alignSentences’ beads, a finite score to each, and -Infinity outside the model', () => {
    const doc = readCorpus(dir).find((d) => d.id === '001')!;
    const source = doc.source.slice(0, 60);
    const target = doc.target.slice(0, 66);
    const options = { sourceLanguage: detectLanguage(doc.source), targetLanguage: detectLanguage(doc.target) };
    const trace = traceSentences(source, target, options);
    expect(trace.beads.map(formatBead)).toEqual(alignSentences(source, target, options).map(formatBead));
    const at = beadStarts(trace.beads);
    for (const [k, bead] of trace.beads.entries()) expect(trace.score(bead, at[k])).toBeGreaterThan(-Infinity);
    // Not a run of consecutive sentences, and a shape the model lacks.
    expect(trace.score(b([0, 2], [0]), { source: 0, target: 0 })).toBe(-Infinity);
    expect(trace.score(b([0], [0, 1, 2, 3, 4, 5]), { source: 0, target: 0 })).toBe(-Infinity);
  });
});
