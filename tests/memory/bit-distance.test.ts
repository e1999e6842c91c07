/**
 * The bit-vector character distance gives the banded table's answer for every pair and bound:
 * lengths across the 32-character block edges, small alphabets (many matches), characters
 * outside the Basic Multilingual Plane, and the same pattern reused against many texts.
 */
import fc from 'fast-check';
import { bitDistance } from '../../src/memory/bit-distance';
import { boundedDistance } from '../../src/memory/score';

const codes = fc.array(fc.oneof(
  fc.constantFrom(97, 98, 99, 32),
  fc.integer({ min: 0x4e00, max: 0x4e08 }),
  fc.constantFrom(0x1f600, 0x20000),
), { maxLength: 140 }).map((a) => Int32Array.from(a));

const banded = (a: Int32Array, b: Int32Array, k: number): number => boundedDistance(a, 0, a.length, b, 0, b.length, k);

describe('bitDistance', () => {
  it('equals the banded Levenshtein table for every bound', () => {
    fc.assert(fc.property(codes, codes, fc.integer({ min: -1, max: 150 }), (a, b, k) => {
      expect(bitDistance(a, b, k)).toBe(banded(a, b, k));
    }), { numRuns: 3000 });
  });

  it('keeps answering right when one pattern meets many texts, then another pattern', () => {
    fc.assert(fc.property(codes, fc.array(codes, { minLength: 1, maxLength: 6 }), codes, (a, texts, other) => {
      for (const b of texts) expect(bitDistance(a, b, 200)).toBe(banded(a, b, 200));
      for (const b of texts) expect(bitDistance(other, b, 200)).toBe(banded(other, b, 200));
    }), { numRuns: 500 });
  });

  it('counts block edges exactly', () => {
    for (const n of [31, 32, 33, 63, 64, 65, 96, 97]) {
      const a = Int32Array.from({ length: n }, (_, i) => 97 + (i % 3));
      const b = a.slice();
      b[n - 1] = 122;
      expect(bitDistance(a, b, n)).toBe(1);
      expect(bitDistance(a, b.subarray(0, n - 1), n)).toBe(1);
      expect(bitDistance(a, a.slice(), 0)).toBe(0);
      expect(bitDistance(a, new Int32Array(0), n)).toBe(n);
      expect(bitDistance(a, b, 0)).toBe(-1);
    }
  });
});
