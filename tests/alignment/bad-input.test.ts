import { growthRatio, LINEAR_GROWTH_LIMIT } from '../support/growth';
import { alignSentenceFiles, alignSentences, formatBead, parseBead, type Bead } from '../../src/alignment';

const enZh = { sourceLanguage: 'en', targetLanguage: 'zh' } as const;
const zhEn = { sourceLanguage: 'zh', targetLanguage: 'en' } as const;

const en = [
  'The museum reopened on Monday after two years of repairs.',
  'More than 5,000 visitors came on the first day.',
  'Tickets are free for students.',
];
const zh = ['博物馆经过两年的维修，于星期一重新开放。', '第一天就有五千多名参观者到来。', '学生免票。'];

function covered(beads: Bead[], side: 'source' | 'target'): number[] {
  return beads.flatMap((b) => b[side]);
}

describe('alignSentences on bad input', () => {
  it('returns nothing for two empty inputs', () => {
    expect(alignSentences([], [], enZh)).toEqual([]);
  });

  it('makes 1-0 beads when the target is empty, 0-1 when the source is', () => {
    expect(alignSentences(en, [], enZh).map(formatBead)).toEqual(['[0]:[]', '[1]:[]', '[2]:[]']);
    expect(alignSentences([], zh, enZh).map(formatBead)).toEqual(['[]:[0]', '[]:[1]', '[]:[2]']);
  });

  it('survives a tenfold difference in sentence counts', () => {
    const many = Array.from({ length: 300 }, (_, i) => `第${i + 1}行。`);
    const few = Array.from({ length: 30 }, (_, i) => `Line ${i * 10 + 1} of the long list, and the nine lines after it.`);
    const beads = alignSentences(few, many, enZh);
    expect(covered(beads, 'source')).toEqual(few.map((_, i) => i));
    expect(covered(beads, 'target')).toEqual(many.map((_, i) => i));
  });

  it('handles a sentence of 20,000 characters in time linear in its length', () => {
    const withLong = (clauses: number) => alignSentences([...en, 'A very long sentence. '.repeat(Math.round(clauses * 0.45))], [...zh, '这是一个很长的句子，'.repeat(clauses)], enZh);
    const beads = withLong(2000);
    expect(growthRatio(withLong, 2000)).toBeLessThan(LINEAR_GROWTH_LIMIT);
    expect(covered(beads, 'target')).toEqual([0, 1, 2, 3]);
    expect(beads[beads.length - 1].target).toContain(3);
  });

  it('keeps blank and whitespace-only sentences as sentences', () => {
    const beads = alignSentences([en[0], '', en[1], '   ', en[2]], zh, enZh);
    expect(covered(beads, 'source')).toEqual([0, 1, 2, 3, 4]);
    expect(covered(beads, 'target')).toEqual([0, 1, 2]);
  });

  it('aligns a text with itself as a fallback when both sides are the same language', () => {
    const beads = alignSentences(en, en, { sourceLanguage: 'en', targetLanguage: 'en' });
    expect(covered(beads, 'source')).toEqual([0, 1, 2]);
    expect(covered(beads, 'target')).toEqual([0, 1, 2]);
  });

  it('keeps memory bounded on a 100,000-line input', () => {
    const vocabulary = ['river', 'city', 'library', 'bridge', 'market', 'school', 'harbour', 'festival'];
    const han = ['河', '城市', '图书馆', '桥', '市场', '学校', '港口', '节日'];
    const n = 100_000;
    const source = Array.from({ length: n }, (_, i) => `The ${vocabulary[i % 8]} number ${i} is ${vocabulary[(i * 7) % 8]}.`);
    const target = Array.from({ length: n }, (_, i) => `第${i}号${han[i % 8]}是${han[(i * 7) % 8]}。`);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    const beads = alignSentences(source, target, enZh);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    expect(covered(beads, 'source')).toHaveLength(n);
    expect(covered(beads, 'target')).toHaveLength(n);
    // The numbers anchor every line: the result is the diagonal.
    expect(beads.filter((b) => b.source.length === 1 && b.target.length === 1 && b.source[0] === b.target[0]).length).toBeGreaterThan(0.99 * n);
    expect((peak - before) / 1e6).toBeLessThan(1500);
  }, 120_000);
});

describe('alignSentenceFiles', () => {
  it('reads CRLF, a BOM and a trailing newline; prints one bead a line, source first', () => {
    const out = alignSentenceFiles('\ufeff' + zh.join('\r\n') + '\r\n', en.join('\n') + '\n', zhEn);
    expect(out).toBe('[0]:[0]\n[1]:[1]\n[2]:[2]\n');
  });

  it('keeps empty lines so that indices are line numbers', () => {
    const out = alignSentenceFiles(`${en[0]}\n\n${en[1]}\n${en[2]}`, zh.join('\n'), enZh);
    const beads = out.trim().split('\n').map((l) => parseBead(l));
    expect(beads.every((b) => b !== null)).toBe(true);
    expect(beads.flatMap((b) => b?.source ?? [])).toEqual([0, 1, 2, 3]);
    expect(beads.flatMap((b) => b?.target ?? [])).toEqual([0, 1, 2]);
  });

  it('prints nothing for two empty files, and 1-0 beads against an empty file', () => {
    expect(alignSentenceFiles('', '', enZh)).toBe('');
    expect(alignSentenceFiles('\ufeff\r\n', '', enZh)).toBe('[0]:[]\n');
    // One empty target line: a sentence too, whether merged or left alone.
    const beads = alignSentenceFiles(en.join('\n'), '\n', enZh).trim().split('\n').map(parseBead);
    expect(beads.flatMap((b) => b?.source ?? [])).toEqual([0, 1, 2]);
    expect(beads.flatMap((b) => b?.target ?? [])).toEqual([0]);
  });
});
