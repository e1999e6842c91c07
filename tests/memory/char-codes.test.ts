/** charCodes' fast paths (ASCII, a table for the BMP) give what lowering each code point gives. */
import fc from 'fast-check';
import { charCodes } from '../../src/memory/score';

function reference(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const lower = ch.toLowerCase();
    out.push((lower.length === ch.length ? lower : ch).codePointAt(0)!);
  }
  return out;
}

describe('charCodes', () => {
  it('lowers each code point as toLowerCase does, keeping lengths', () => {
    const text = fc.array(fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.string({ unit: 'binary', maxLength: 6 }), // lone surrogates too
      fc.constantFrom('İstanbul', 'ΣΑΣ', 'ǅ', 'Ⅻ', '𐐀𐐨', 'ẞ', 'ﬀ', '粤港澳大湾区', 'ＡＢＣ'),
    )).map((parts) => parts.join(''));
    fc.assert(fc.property(text, (t) => {
      expect([...charCodes(t)]).toEqual(reference(t));
    }), { numRuns: 3000 });
  });
});
