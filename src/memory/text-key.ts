/**
 * A 53-bit key of a text (two 32-bit multiply-xorshift lanes over its UTF-16 code units, after
 * bryc's cyrb53): cheap enough to compute for every unit of a million-unit import, and safe as a
 * JavaScript number. Not cryptographic, and it need not be: whoever uses it confirms a hit by
 * comparing the text. The store indexes source texts by it, so its values must never change.
 */
export function textKey53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
