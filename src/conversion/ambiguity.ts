import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as OpenCCModule from 'opencc-js';
import type { TraditionalVariant } from './opencc';

/**
 * Where the Simplified → Traditional conversion had to choose between several Traditional
 * characters (发 → 發 or 髮, 后 → 後 or 后, 里 → 裏 or 里 …) and chose by its character table
 * rather than by a phrase it knows: those are the spans a reviewer should look at.
 *
 * The candidates come from OpenCC's own dictionaries as opencc-js ships them. Its STCharacters
 * keeps only the first candidate of each character, so the others are read off STPhrases: a
 * character has several candidates when its phrases convert it, position by position, to
 * another character at least MIN_PHRASES times (后 stays 后 in 皇后, 太后 …). Which characters
 * the converter decides by table is read off the same segmentation the converter uses: longest
 * phrase of STPhrases (with its regionally generated phrases) from the left; a character no
 * phrase covers is converted by the character table.
 */

/** A candidate counts when at least this many phrases choose it (drops one-off readings). */
const MIN_PHRASES = 3;

export interface AmbiguousChar {
  /** UTF-16 offsets into the Simplified text. */
  start: number;
  end: number;
  /** The Simplified character. */
  char: string;
  /** Its Traditional candidates in the variant's spelling, the table's choice first. */
  candidates: string[];
}

interface Tables {
  phrases: PhraseSet;
  /** Per first two UTF-16 code units, the longest phrase starting with them: the lengths a position needs to try. */
  longestFrom: PairLengths;
  /** Phrases of one code unit. */
  single: Uint8Array;
  /** Candidates by Simplified character, in OpenCC's Traditional (before the variant's own forms). */
  candidates: Map<string, string[]>;
}

/**
 * A map from two code units (as one 32-bit key) to a length, by open addressing in typed arrays:
 * looked up at every character of a text, so no key is boxed and no string is made.
 */
class PairLengths {
  private keys: Int32Array;
  private lengths: Uint8Array;
  private size = 0;
  constructor(capacity = 1 << 16) {
    this.keys = new Int32Array(capacity);
    this.lengths = new Uint8Array(capacity);
  }
  private static key(a: number, b: number): number {
    return ((a << 16) | b) | 0;
  }
  private slot(key: number): number {
    const mask = this.keys.length - 1;
    let h = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    // Length 0 marks an empty slot (every stored length is at least 2).
    while (this.lengths[h] !== 0 && this.keys[h] !== key) h = (h + 1) & mask;
    return h;
  }
  raise(a: number, b: number, length: number): void {
    if (2 * (this.size + 1) > this.keys.length) this.grow();
    const key = PairLengths.key(a, b);
    const h = this.slot(key);
    if (this.lengths[h] === 0) { this.size++; this.keys[h] = key; }
    if (length > this.lengths[h]!) this.lengths[h] = length;
  }
  get(a: number, b: number): number {
    return this.lengths[this.slot(PairLengths.key(a, b))]!;
  }
  private grow(): void {
    const { keys, lengths } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.lengths = new Uint8Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      if (lengths[i] === 0) continue;
      const h = this.slot(keys[i]!);
      this.keys[h] = keys[i]!;
      this.lengths[h] = lengths[i]!;
    }
  }
}

/**
 * The phrases, looked up by a span of a text without making the span a string: a 32-bit
 * polynomial hash of the span finds candidates by open addressing, compared code unit by code
 * unit. A scan asks at every character, so a string per question was most of its time and garbage.
 */
class PhraseSet {
  private hashes = new Int32Array(1 << 17);
  private entries = new Int32Array(1 << 17).fill(-1);
  private readonly phrases: string[] = [];

  static hash(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h;
  }

  add(phrase: string): void {
    if (this.has(phrase, 0, phrase.length)) return;
    if (2 * (this.phrases.length + 1) > this.entries.length) this.grow();
    this.place(PhraseSet.hash(phrase, 0, phrase.length), this.phrases.length);
    this.phrases.push(phrase);
  }

  has(text: string, start: number, end: number): boolean {
    return this.hasHashed(PhraseSet.hash(text, start, end), text, start, end);
  }

  hasHashed(h: number, text: string, start: number, end: number): boolean {
    const mask = this.entries.length - 1;
    for (let slot = (h >>> 0) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.entries[slot]!;
      if (entry < 0) return false;
      if (this.hashes[slot] === h && this.equals(this.phrases[entry]!, text, start, end)) return true;
    }
  }

  private equals(phrase: string, text: string, start: number, end: number): boolean {
    if (phrase.length !== end - start) return false;
    for (let i = 0; i < phrase.length; i++) if (phrase.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
    return true;
  }

  private place(h: number, entry: number): void {
    const mask = this.entries.length - 1;
    let slot = (h >>> 0) & mask;
    while (this.entries[slot]! >= 0) slot = (slot + 1) & mask;
    this.hashes[slot] = h;
    this.entries[slot] = entry;
  }

  private grow(): void {
    this.hashes = new Int32Array(this.entries.length * 2);
    this.entries = new Int32Array(this.entries.length * 2).fill(-1);
    this.phrases.forEach((phrase, entry) => this.place(PhraseSet.hash(phrase, 0, phrase.length), entry));
  }
}

let tables: Tables | null = null;
/** A span's hash for each length from one position (at most 255 code units): scratch, reused by every call. */
const spanHashes = new Int32Array(256);
const variantForms = new Map<TraditionalVariant, (ch: string, found: readonly string[]) => string[]>();

function dictionaryDir(): string {
  // The package's main entry is dist/umd/full.js; the dictionaries are dist/esm-lib/dict/*.js.
  return join(dirname(require.resolve('opencc-js')), '..', 'esm-lib', 'dict');
}

/** One dictionary's entries: each file is `export default "key value|key value|…"`. */
function readDictionary(name: string): string[][] {
  const source = readFileSync(join(dictionaryDir(), `${name}.js`), 'utf8');
  const literal = source.slice(source.indexOf('"'), source.lastIndexOf('"') + 1);
  return (JSON.parse(literal) as string).split('|').map((entry) => entry.split(' '));
}

/** Loaded on first use (~0.2 s): only converting to zh-Hant needs them. */
function load(): Tables {
  if (tables) return tables;
  const table = new Map(readDictionary('STCharacters').map(([s, t]) => [s!, t!]));
  const seen = new Map<string, Map<string, number>>();
  const phrases = new PhraseSet();
  const longestFrom = new PairLengths();
  const single = new Uint8Array(0x10000);
  for (const name of ['STPhrases', 'STPhrases_GeneratedFromRegionalPhrases']) {
    for (const [key, value] of readDictionary(name)) {
      if (!key || !value) continue;
      phrases.add(key);
      if (key.length === 1) single[key.charCodeAt(0)] = 1;
      else longestFrom.raise(key.charCodeAt(0), key.charCodeAt(1), Math.min(255, key.length));
      const from = Array.from(key);
      const to = Array.from(value);
      if (from.length !== to.length) continue;
      from.forEach((ch, i) => {
        let counts = seen.get(ch);
        if (!counts) seen.set(ch, (counts = new Map()));
        counts.set(to[i]!, (counts.get(to[i]!) ?? 0) + 1);
      });
    }
  }
  const candidates = new Map<string, string[]>();
  for (const [ch, counts] of seen) {
    const chosen = table.get(ch) ?? ch;
    const all = [chosen];
    for (const [t, n] of counts) if (n >= MIN_PHRASES && !all.includes(t)) all.push(t);
    if (all.length > 1) candidates.set(ch, all);
  }
  tables = { phrases, longestFrom, single, candidates };
  return tables;
}

/**
 * A Simplified character's Traditional candidates as the variant writes them (臺 → 台 in Hong
 * Kong, 裏 → 裡 in Taiwan), distinct, the table's choice first; worked out once per character.
 */
function spelledCandidates(variant: TraditionalVariant): (ch: string, found: readonly string[]) => string[] {
  let spelled = variantForms.get(variant);
  if (!spelled) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: start-up stays fast
    const forms = (require('opencc-js') as typeof OpenCCModule).Converter({ from: 't', to: variant });
    const known = new Map<string, string[]>();
    spelled = (ch, found) => {
      let out = known.get(ch);
      if (!out) known.set(ch, (out = Array.from(new Set(found.map((c) => forms(c))))));
      return out;
    };
    variantForms.set(variant, spelled);
  }
  return spelled;
}

/** The characters of `simplified` that the converter decides by its character table among several candidates. */
export function ambiguousCharacters(simplified: string, variant: TraditionalVariant): AmbiguousChar[] {
  const { phrases, longestFrom, single, candidates } = load();
  const out: AmbiguousChar[] = [];
  const spelledOf = spelledCandidates(variant);
  const n = simplified.length;
  let i = 0;
  while (i < n) {
    // The longest phrase here: only lengths a phrase starting with these two units can have.
    let matched = 0;
    const first = simplified.charCodeAt(i);
    const longest = i + 1 < n ? longestFrom.get(first, simplified.charCodeAt(i + 1)) : 0;
    const most = Math.min(longest, n - i);
    if (most >= 2) {
      // The span's hash for every length, then the longest that is a phrase.
      let h = 0x811c9dc5;
      for (let k = 0; k < most; k++) spanHashes[k] = h = Math.imul(h ^ simplified.charCodeAt(i + k), 0x01000193);
      for (let length = most; length >= 2; length--) {
        if (phrases.hasHashed(spanHashes[length - 1]!, simplified, i, i + length)) {
          matched = length;
          break;
        }
      }
    }
    if (matched === 0 && single[first] === 1) matched = 1;
    if (matched > 0) {
      i += matched;
      continue;
    }
    const code = simplified.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const ch = simplified.slice(i, i + width);
    const found = candidates.get(ch);
    if (found) {
      const spelled = spelledOf(ch, found);
      if (spelled.length > 1) out.push({ start: i, end: i + width, char: ch, candidates: [...spelled] });
    }
    i += width;
  }
  return out;
}
