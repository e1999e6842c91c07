import { foldCode, fullTables, normalizeTerm, normalizeText } from '../../src/termbase/normalize';

describe('term normalisation tables', () => {
  it('a text normalises the same before and after every block is filled', () => {
    // Filled on demand first (only the blocks these texts touch), then compared with full tables.
    const texts = ['Hong-Kong  Σίσυφος ΣΑΣ İstanbul', '根据ＣＥＰＡ协议 ‘quoted’ “double” Rongchuan•Yongchun', 'x\u2003\u2010y\u00a0z'];
    const before = texts.map((t) => Array.from(normalizeText(t).folded));
    const terms = texts.map((t) => normalizeTerm(t));
    fullTables();
    expect(texts.map((t) => Array.from(normalizeText(t).folded))).toEqual(before);
    expect(texts.map((t) => normalizeTerm(t))).toEqual(terms);
  });

  it('fold every code unit as lower-casing it alone does', () => {
    const { cased, folded } = fullTables();
    const differ: string[] = [];
    for (let c = 0; c < 65536; c++) if (folded[c] !== foldCode(cased[c]!)) differ.push(c.toString(16));
    expect(differ).toEqual([]);
    // The cases that make a block fall back or that depend on context.
    expect(folded[0x130]).toBe(0x130); // İ: its lower case is two code units
    expect(folded[0x3a3]).toBe(0x3c3); // Σ: σ, never the final ς
    expect(folded[0x41]).toBe(0x61);
    expect(folded[0xff21]).toBe(0x61); // full-width Ａ: a
    expect(folded[0xd800]).toBe(0xd800);
  });
});
