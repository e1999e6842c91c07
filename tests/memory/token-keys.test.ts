import fc from 'fast-check';
import { tokenize } from '../../src/memory';
import { tokenKeys } from '../../src/memory/normalise';

/** What the index needs of `tokenize`: the keys and the numbers, in order. */
function viaTokenize(text: string): { keys: string[]; numbers: string[] } {
  const tokens = tokenize(text);
  return { keys: tokens.map((t) => t.key), numbers: tokens.flatMap((t) => (t.number === null ? [] : [t.number])) };
}

function viaTokenKeys(text: string): { keys: string[]; numbers: string[] } {
  const keys = ['stale'];
  const numbers = ['stale'];
  tokenKeys(text, keys, numbers);
  return { keys, numbers };
}

// Characters where the ASCII scanner's rules have edges: inline codes, numbers, apostrophes, case.
const PIECES = [
  '{', '}', '/', ':', 'ph', 'bpt', 'ept', 'it', 'hi', 'x', 'bx', 'ex', 'g', 'pc', 'sc', 'ec', 'PH', 'pq', '{ph:1}', '{/bpt:2}',
  '{x:a}b}', '0', '12', '3.5', '1,000', ',', '.', "'", "don't", "'s", 'A', 'Zebra', 'mIxEd', ' ', '  ', '\t', '\n', '\r',
  '\u000b', '\f', '\u0001', '\u007f', '-', '"', '#', '~', '中', '’', 'É', '１２', '\u00a0', '\u3000', '。',
];

describe('tokenKeys (the index\'s tokeniser)', () => {
  it('gives exactly the keys and numbers of tokenize, on texts built from the rules\' edge cases', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (parts) => {
      const text = parts.join('');
      expect(viaTokenKeys(text)).toEqual(viaTokenize(text));
    }), { numRuns: 3000 });
  });

  it('gives exactly the keys and numbers of tokenize on any ASCII text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 60 }), (text) => {
      expect(viaTokenKeys(text)).toEqual(viaTokenize(text));
    }), { numRuns: 3000 });
  });

  it('falls back to tokenize for text beyond ASCII', () => {
    for (const text of ['Café au lait 12', '中文 {ph:1} 3,5', 'Saul’s sons', 'ＡＢＣ１２３']) {
      expect(viaTokenKeys(text)).toEqual(viaTokenize(text));
    }
  });
});
