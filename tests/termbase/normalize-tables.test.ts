import { foldAll, foldCode } from '../../src/termbase/normalize';

describe('term normalisation tables', () => {
  it('fold every code unit as lower-casing it alone does', () => {
    const cased = new Uint16Array(65536);
    for (let c = 0; c < 65536; c++) cased[c] = c;
    const folded = new Uint16Array(65536);
    foldAll(cased, folded);
    const differ: string[] = [];
    for (let c = 0; c < 65536; c++) if (folded[c] !== foldCode(c)) differ.push(c.toString(16));
    expect(differ).toEqual([]);
    // The cases that make a block fall back or that depend on context.
    expect(folded[0x130]).toBe(0x130); // İ: its lower case is two code units
    expect(folded[0x3a3]).toBe(0x3c3); // Σ: σ, never the final ς
    expect(folded[0x41]).toBe(0x61);
    expect(folded[0xd800]).toBe(0xd800);
  });
});
