/**
 * The index's vocabulary (token key → id) with a second way in: an ASCII word straight from the
 * text it stands in, lower-cased as it is hashed, so adding a unit makes no substring, no
 * lower-cased copy and no string hash per word (those were ~40 % of building a 1,000,000-unit
 * index). The Map stays the vocabulary everyone reads; this table only finds ids faster, and
 * every new key goes through `intern`/`internWord` so that the two never disagree.
 */
const EMPTY = 0;

/** FNV-1a over char codes, as one 32-bit step per code. */
function mix(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}
const SEED = 0x811c9dc5 | 0;

function hashKey(key: string): number {
  let h = SEED;
  for (let i = 0; i < key.length; i++) h = mix(h, key.charCodeAt(i));
  return h;
}

export class WordIds {
  /** Open addressing: id + 1 per bucket (0: empty); size a power of two, at most half full. */
  private table = new Int32Array(0);
  private mask = -1;
  /** Key of each id, in id order (the Map's insertion order). */
  private readonly keys: string[] = [];

  constructor(readonly vocabulary: Map<string, number>) {
    for (const [key, id] of vocabulary) this.keys[id] = key;
    this.rehash(Math.max(1024, vocabulary.size * 2));
  }

  /** The id of a token key, added when new. */
  intern(key: string): number {
    const h = hashKey(key);
    const mask = this.mask;
    const table = this.table;
    for (let b = h & mask; ; b = (b + 1) & mask) {
      const e = table[b];
      if (e === EMPTY) return this.add(key, b);
      if (this.keys[e - 1] === key) return e - 1;
    }
  }

  /** The id of text[start, end) lower-cased: ASCII letters and apostrophes only (tokenKeys' words). */
  internWord(text: string, start: number, end: number): number {
    let h = SEED;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      h = mix(h, c >= 65 && c <= 90 ? c + 32 : c);
    }
    const mask = this.mask;
    const table = this.table;
    const len = end - start;
    for (let b = h & mask; ; b = (b + 1) & mask) {
      const e = table[b];
      if (e === EMPTY) return this.add(text.slice(start, end).toLowerCase(), b);
      const key = this.keys[e - 1]!;
      if (key.length === len && sameLower(key, text, start)) return e - 1;
    }
  }

  private add(key: string, bucket: number): number {
    const id = this.vocabulary.size;
    this.vocabulary.set(key, id);
    this.keys[id] = key;
    this.table[bucket] = id + 1;
    if (2 * this.keys.length > this.table.length) this.rehash(this.table.length * 2);
    return id;
  }

  private rehash(size: number): void {
    let cap = 1024;
    while (cap < size) cap *= 2;
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
    for (let id = 0; id < this.keys.length; id++) {
      let b = hashKey(this.keys[id]!) & this.mask;
      while (this.table[b] !== EMPTY) b = (b + 1) & this.mask;
      this.table[b] = id + 1;
    }
  }
}

/** Whether key equals text[start, start + key.length) with A–Z lower-cased. */
function sameLower(key: string, text: string, start: number): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = text.charCodeAt(start + i);
    if (key.charCodeAt(i) !== (c >= 65 && c <= 90 ? c + 32 : c)) return false;
  }
  return true;
}
