import fc from 'fast-check';
import { WordIds } from '../../src/memory/word-ids';

/** The plain way: a Map from the lower-cased key to the next id. */
function reference(vocabulary: Map<string, number>, key: string): number {
  let id = vocabulary.get(key);
  if (id === undefined) { id = vocabulary.size; vocabulary.set(key, id); }
  return id;
}

const word = fc.stringMatching(/^[A-Za-z]{1,6}('[A-Za-z]{1,3})?$/);
const op = fc.oneof(
  fc.record({ word, pad: fc.nat({ max: 3 }) }),
  fc.record({ key: fc.constantFrom(',', '.', '{ph}', '{/bpt}', '\u0001#', 'abc', 'Abc', '中') }),
);

describe('WordIds (the vocabulary\'s fast way in)', () => {
  it('gives the ids a Map would, for words taken straight from a text and for keys, and keeps the Map in step', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 4000 }), (ops) => {
      const vocabulary = new Map<string, number>([['\u0001#', 0]]);
      const words = new WordIds(vocabulary);
      const expected = new Map<string, number>([['\u0001#', 0]]);
      for (const o of ops) {
        if ('word' in o) {
          const text = `${' '.repeat(o.pad)}${o.word}!`;
          expect(words.internWord(text, o.pad, o.pad + o.word.length)).toBe(reference(expected, o.word.toLowerCase()));
        } else {
          expect(words.intern(o.key)).toBe(reference(expected, o.key));
        }
      }
      expect([...vocabulary]).toEqual([...expected]);
    }), { numRuns: 60 });
  });

  it('grows past its first table and goes on from a vocabulary it is given (a loaded index)', () => {
    const vocabulary = new Map<string, number>();
    const first = new WordIds(vocabulary);
    for (let i = 0; i < 5000; i++) expect(first.intern(`w${i}`)).toBe(i);
    const again = new WordIds(vocabulary);
    for (let i = 0; i < 5000; i += 7) expect(again.internWord(`W${i}`, 0, `W${i}`.length)).toBe(i);
    expect(again.internWord('New', 0, 3)).toBe(5000);
    expect(vocabulary.get('new')).toBe(5000);
  });
});
