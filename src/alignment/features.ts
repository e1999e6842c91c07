/**
 * Evidence prepared once per document pair: for every English sentence a short list of tokens
 * (dictionary words, names, numbers, marks, termbase terms), each with the ids it may appear as on
 * the Chinese side and its chance p0 of appearing in an unrelated Chinese sentence; for every Chinese
 * sentence the sorted ids it contains. Matching a token in a sentence is then a typed-array lookup.
 */
import { child, getDictionary, knowsWord, translationLists, type Trie } from './dictionary';
import { STOPWORDS, englishQuoteStates, scanEnglish } from './english';
import { chineseNumbers, chineseQuoteStates, namePrefixesOf, pinyinNamesAt } from './chinese';
import { isHanCode } from '../locale';

export const WORD = 0;
export const NAME = 1;
export const NUMBER = 2;
export const MARK = 3;
export const TERM = 4;
export const TOKEN_CLASSES = 5;

/** Tokens kept per English sentence: two 31-bit masks. */
export const MAX_TOKENS = 62;

export interface Prepared {
  readonly nE: number;
  readonly nZ: number;
  /** Character lengths (whitespace excluded). */
  readonly lenE: Float64Array;
  readonly lenZ: Float64Array;
  /** English sentence e owns tokens tokStart[e] .. tokStart[e+1]-1. */
  readonly tokStart: Int32Array;
  readonly tokClass: Uint8Array;
  readonly tokP0: Float64Array;
  /** Token t may appear as ids tokIds[tokIdStart[t] .. tokIdStart[t+1]-1]. */
  readonly tokIdStart: Int32Array;
  readonly tokIds: Int32Array;
  /** Chinese sentence c contains ids zIds[zStart[c] .. zStart[c+1]-1] (sorted, distinct). */
  readonly zStart: Int32Array;
  readonly zIds: Int32Array;
  /**
   * Where in its sentence each of zIds first occurs, in 254ths of the sentence's length; 255 when
   * not known (numbers, marks, terms). The post-pass (refine.ts) reads it.
   */
  readonly zPos: Uint8Array;
  /**
   * Ids are local to the document: the dictionary and extra ids that occur in some Chinese sentence,
   * numbered 0 .. idSpace-1 in the order of their global ids (so sorted lists stay sorted), which
   * keeps every table over the ids a few thousand entries long rather than the dictionary's 160,000.
   * `globalOf` gives an id's global one (dictionary headword ids below DocumentScan.H).
   */
  readonly idSpace: number;
  readonly globalOf: Int32Array;
  /**
   * Words the dictionary knows whose translations occur nowhere on the other side (and that are
   * not common on their own side), per sentence: evidence that a sentence is untranslated.
   */
  readonly absentE: Float64Array;
  readonly absentZ: Float64Array;
  /** Chinese sentence c owns tokens zTokStart[c] .. zTokStart[c+1]-1, each a single id. */
  readonly zTokStart: Int32Array;
  readonly zTokId: Int32Array;
  readonly zTokClass: Uint8Array;
  readonly zTokP0: Float64Array;
  /** Whether a quotation is open after each sentence (index k + 1 after sentence k), per side. */
  readonly quoteE: Uint8Array;
  readonly quoteZ: Uint8Array;
}

const EN_MARKS: Array<[RegExp, string]> = [
  [/\?/, '#?'],
  [/!/, '#!'],
  [/["“”]/, '#q'],
];
const ZH_MARKS: Array<[RegExp, string]> = [
  [/[？?]/, '#?'],
  [/[！!]/, '#!'],
  [/[“”「」『』"]/, '#q'],
];

/** A word's token: its candidate ids, 'absent' (the dictionary knows it, the other side has none of its translations), or null. */
type WordToken = Candidate | 'absent' | null;

interface Candidate {
  cls: number;
  ids: number[];
  p0: number;
}

/**
 * A sentence's length without its spaces. In a Chinese sentence each Latin letter, digit, `@` and
 * `.` may count `latin` (see AlignOptions.latinInChinese): an e-mail or phone number is as long in
 * the Chinese as in the English, where a Chinese character stands for about three English ones.
 */
function visibleLength(s: string, latin = 1): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 0x3000 || c === 0xa0) continue;
    n += latin !== 1 && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x40 || c === 0x2e) ? latin : 1;
  }
  return n;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** zPos of an id whose place in the sentence is not known. */
export const UNKNOWN_POS = 255;

/** A word in more than this share of its side's sentences is common (see absentE). */
const COMMON_SHARE = 0.05;

/** Long sentences are scanned only up to this many characters for evidence (length still counts whole). */
const SCAN_LIMIT = 2000;

export function prepare(
  english: readonly string[],
  chinese: readonly string[],
  termPairs: ReadonlyArray<readonly [string, string]> = [],
  learned?: ReadonlyMap<string, readonly number[]>,
  latinInChinese = 1,
): Prepared {
  return prepareTokens(scanDocument(english, chinese, termPairs, latinInChinese), learned);
}

/**
 * The scan of a document pair that does not depend on learnt translations: English words and
 * names, and every id each Chinese sentence holds. A second pass with a learnt table (learn.ts)
 * builds its tokens from the same scan.
 */
export interface DocumentScan {
  readonly english: readonly string[];
  readonly chinese: readonly string[];
  readonly H: number;
  readonly extras: ReadonlyMap<string, number>;
  readonly extraClass: readonly number[];
  readonly terms: ReadonlyArray<{ en: RegExp; zh: string; id: number }>;
  readonly scanned: ReadonlyArray<ReturnType<typeof scanEnglish>>;
  readonly names: ReadonlySet<string>;
  readonly zStart: Int32Array;
  /** Local ids (see Prepared.idSpace) of each Chinese sentence, and their sentence counts. */
  readonly zIdList: readonly number[];
  readonly zPosList: readonly number[];
  readonly df: Int32Array;
  readonly segments: readonly number[][];
  /** Global id → local id, -1 for ids in no Chinese sentence; and back. */
  readonly localOf: Int32Array;
  readonly globalOf: Int32Array;
  /** Tokens of the words no learnt table touches, built once for every pass over the scan. */
  readonly wordTokens: Map<string, WordToken>;
  /** Each English sentence's content words and their sentence counts, kept by the first token build. */
  keys?: { readonly sentenceKeys: ReadonlyArray<ReadonlySet<string>>; readonly wordDf: ReadonlyMap<string, number> };
  /** What a Latin letter or digit of a Chinese sentence counts in its length (AlignOptions.latinInChinese). */
  readonly latinInChinese: number;
}

/**
 * The scan of one Chinese sentence at a time, in small methods: a fresh process optimises each
 * loop on its own, where the whole document loop (one function with every step inline) took the
 * optimising compiler as long as the scan itself.
 */
class ChineseScanner {
  /** Ids seen in the current sentence, as id · 256 + position (UNKNOWN_POS for none): sorting gives each id's first occurrence first. */
  private readonly seen: number[] = [];
  private segment: number[] = [];

  constructor(
    private readonly trie: Trie,
    private readonly names: ReadonlySet<string>,
    private readonly namePrefixes: ReadonlySet<string>,
    private readonly extraId: (key: string) => number,
  ) {}

  /** Scans a sentence; returns its segment (greedy longest-match words, names, numbers, marks, terms). */
  sentence(full: string, terms: ReadonlyArray<{ zh: string; id: number }>): number[] {
    const text = full.length > SCAN_LIMIT ? full.slice(0, SCAN_LIMIT) : full;
    const seen = this.seen;
    seen.length = 0;
    this.segment = [];
    let segmentEnd = 0;
    const scale = (UNKNOWN_POS - 1) / Math.max(1, text.length);
    const withNames = this.names.size > 0;
    for (let s = 0; s < text.length; s++) {
      const here = Math.floor(s * scale);
      segmentEnd = this.words(text, s, here, segmentEnd);
      if (withNames && isHanCode(text.charCodeAt(s))) this.pinyin(text, s, here);
    }
    const before = seen.length;
    for (const v of chineseNumbers(text)) seen.push(this.extraId(`#n${v}`) * 256 + UNKNOWN_POS);
    for (const [re, key] of ZH_MARKS) if (re.test(text)) seen.push(this.extraId(key) * 256 + UNKNOWN_POS);
    for (const t of terms) if (full.includes(t.zh)) seen.push(t.id * 256 + UNKNOWN_POS);
    for (let k = before; k < seen.length; k++) this.segment.push(seen[k] >> 8);
    return this.segment;
  }

  /** Dictionary words starting at s (a trie walk); the longest is a segment word when s is past the last one. Returns the segment's end. */
  private words(text: string, s: number, here: number, segmentEnd: number): number {
    const trie = this.trie;
    let node = 0;
    let longest = -1;
    let longestEnd = s;
    for (let k = s; k < text.length && k - s < 8; k++) {
      node = child(trie, node, text.charCodeAt(k));
      if (node === 0) break;
      const id = trie.terminal[node];
      if (id >= 0) {
        this.seen.push(id * 256 + here);
        longest = id;
        longestEnd = k + 1;
      }
    }
    // Greedy longest-match words are the Chinese side's own tokens (no segmenter needed).
    if (s >= segmentEnd && longest >= 0) {
      this.segment.push(longest);
      return longestEnd;
    }
    return segmentEnd;
  }

  /** Names spelt in pinyin from s (pinyinNamesAt), recorded at `here`. */
  private pinyin(text: string, s: number, here: number): void {
    this.nameHere = here;
    pinyinNamesAt(text, s, this.namePrefixes, this.names, this.foundName);
  }

  private nameHere = 0;
  /** Made once per scanner: the walk calls it only when it finds a name. */
  private readonly foundName = (name: string): void => {
    const id = this.extraId(`#p${name}`);
    this.seen.push(id * 256 + this.nameHere);
    this.segment.push(id);
  };

  /** The current sentence's distinct ids, each with its first place, onto the document's lists. */
  collect(zIdList: number[], zPosList: number[]): void {
    const seen = this.seen;
    seen.sort((a, b) => a - b);
    let last = -1;
    for (let k = 0; k < seen.length; k++) {
      const id = seen[k] >> 8;
      if (id === last) continue;
      last = id;
      zIdList.push(id);
      zPosList.push(seen[k] & 255);
    }
  }
}

export function scanDocument(
  english: readonly string[], chinese: readonly string[], termPairs: ReadonlyArray<readonly [string, string]> = [], latinInChinese = 1,
): DocumentScan {
  const dict = getDictionary();
  const H = dict.headwords.length;
  const extras = new Map<string, number>();
  const extraClass: number[] = [];
  const extraId = (key: string): number => {
    let id = extras.get(key);
    if (id === undefined) {
      id = H + extras.size;
      extras.set(key, id);
      extraClass.push(key[1] === 'n' ? NUMBER : key[1] === 'p' ? NAME : key[1] === 't' ? TERM : MARK);
    }
    return id;
  };
  const terms = termPairs
    .map(([en, zh]) => [en.trim().toLowerCase(), zh.trim()] as const)
    .filter(([en, zh]) => en && zh)
    .map(([en, zh], i) => ({ en: new RegExp(`(?:^|[^a-z0-9])${escapeRegExp(en)}(?:$|[^a-z0-9])`), zh, id: extraId(`#t${i}`) }));

  // 1. English words and numbers; candidate names decide which pinyin the Chinese scan looks for.
  const scanned = english.map((s) => scanEnglish(s.length > SCAN_LIMIT ? s.slice(0, SCAN_LIMIT) : s));
  const names = new Set<string>();
  for (const { words } of scanned) {
    for (const w of words) {
      if (w.lower.length < 2 || STOPWORDS.has(w.lower) || !/^[a-z]+$/.test(w.lower)) continue;
      if (w.capitalised || (w.first && !knowsWord(dict, w.lower))) names.add(w.lower);
    }
  }

  const namePrefixes = namePrefixesOf(names);

  // 2. Chinese sentences: dictionary headwords found by a trie walk, pinyin of names, numbers, marks, terms.
  const nZ = chinese.length;
  const zStart = new Int32Array(nZ + 1);
  const zIdList: number[] = [];
  const zPosList: number[] = [];
  const segments: number[][] = [];
  const scanner = new ChineseScanner(dict.trie, names, namePrefixes, extraId);
  for (let c = 0; c < nZ; c++) {
    segments.push(scanner.sentence(chinese[c], terms));
    scanner.collect(zIdList, zPosList);
    zStart[c + 1] = zIdList.length;
  }

  // Local ids: the ids present, numbered in the order of their global ids. Each sentence's list
  // holds an id once, so counting the lists gives the ids' sentence counts.
  const localOf = new Int32Array(H + extras.size).fill(-1);
  const present: number[] = [];
  for (const id of zIdList) {
    if (localOf[id] < 0) {
      localOf[id] = 0;
      present.push(id);
    }
  }
  const globalOf = Int32Array.from(present).sort();
  for (let k = 0; k < globalOf.length; k++) localOf[globalOf[k]] = k;
  const df = new Int32Array(globalOf.length);
  for (let x = 0; x < zIdList.length; x++) df[(zIdList[x] = localOf[zIdList[x]])]++;
  for (const segment of segments) for (let x = 0; x < segment.length; x++) segment[x] = localOf[segment[x]];
  return {
    english, chinese, H, extras, extraClass, terms, scanned, names, zStart, zIdList, zPosList, df, segments, localOf, globalOf,
    wordTokens: new Map(), latinInChinese,
  };
}

const NO_LEARNT: ReadonlyMap<string, readonly number[]> = new Map();

/**
 * Builds the English tokens sentence by sentence (see prepareTokens), in methods small enough for a
 * fresh process to optimise early: one function with every step inline took the optimising
 * compiler far longer than the work.
 */
class EnglishTokens {
  readonly tokStart: Int32Array;
  readonly tokClass: number[] = [];
  readonly tokP0: number[] = [];
  readonly tokIdStart: number[] = [0];
  readonly tokIds: number[] = [];
  readonly absentE: Float64Array;
  private readonly dict = getDictionary();
  private readonly nZ: number;
  private readonly nE: number;
  /** A word's token is the same wherever it occurs in the document: built once (learnt words apart). */
  private readonly learntTokens = new Map<string, WordToken>();
  /** Dedupes a word's ids across its base forms' lists (the same order as their union). */
  private readonly idStamp: Int32Array;
  private idTick = 0;
  private readonly sentenceKeys: ReadonlyArray<ReadonlySet<string>>;
  private readonly wordDf: ReadonlyMap<string, number>;

  /** The learnt table, an empty one on the first pass (one type at every call site, see prepareTokens). */
  private readonly learned: ReadonlyMap<string, readonly number[]>;

  constructor(
    private readonly scan: DocumentScan,
    learned: ReadonlyMap<string, readonly number[]> | undefined,
  ) {
    this.learned = learned ?? NO_LEARNT;
    this.nE = scan.english.length;
    this.nZ = scan.chinese.length;
    this.tokStart = new Int32Array(this.nE + 1);
    this.absentE = new Float64Array(this.nE);
    this.idStamp = new Int32Array(scan.globalOf.length);
    // English words that occur in many sentences say little when they find nothing.
    const { sentenceKeys, wordDf } = contentWords(scan);
    this.sentenceKeys = sentenceKeys;
    this.wordDf = wordDf;
  }

  /** The local id of a global one, -1 when no Chinese sentence holds it. */
  private local(id: number | undefined): number {
    const localOf = this.scan.localOf;
    return id === undefined || id >= localOf.length ? -1 : localOf[id];
  }

  private p0Of(ids: number[]): number {
    const { df } = this.scan;
    let miss = 1;
    for (const id of ids) miss *= 1 - df[id] / this.nZ;
    return Math.min(0.999, Math.max(0.5 / Math.max(1, this.nZ), 1 - miss));
  }

  private wordToken(lower: string): WordToken {
    const cache = this.learned.has(lower) ? this.learntTokens : this.scan.wordTokens;
    let token = cache.get(lower);
    if (token !== undefined) return token;
    const ids: number[] = [];
    const lists = translationLists(this.dict, lower);
    const translations = lists.length > 0;
    const tick = ++this.idTick;
    for (const list of lists) this.addIds(list, tick, ids);
    const extra = this.learned.get(lower);
    if (extra) {
      for (const global of extra) {
        const id = this.local(global);
        if (id >= 0 && this.idStamp[id] !== tick) {
          this.idStamp[id] = tick;
          ids.push(id);
        }
      }
    }
    let cls = WORD;
    if (this.scan.names.has(lower)) {
      const id = this.local(this.scan.extras.get(`#p${lower}`));
      if (id >= 0) {
        ids.push(id);
        cls = NAME;
      }
    }
    token = ids.length > 0 ? { cls, ids, p0: this.p0Of(ids) } : translations ? 'absent' : null;
    cache.set(lower, token);
    return token;
  }

  /** The local ids of a headword list not stamped yet with `tick`, onto `ids`. */
  private addIds(list: Int32Array, tick: number, ids: number[]): void {
    const { localOf } = this.scan;
    const idStamp = this.idStamp;
    for (let x = 0; x < list.length; x++) {
      const id = localOf[list[x]];
      if (id >= 0 && idStamp[id] !== tick) {
        idStamp[id] = tick;
        ids.push(id);
      }
    }
  }

  /** English sentence e's tokens as an earlier build over the same scan made them. */
  copy(first: Prepared, e: number): void {
    this.absentE[e] = first.absentE[e];
    for (let t = first.tokStart[e]; t < first.tokStart[e + 1]; t++) {
      this.tokClass.push(first.tokClass[t]);
      this.tokP0.push(first.tokP0[t]);
      for (let x = first.tokIdStart[t]; x < first.tokIdStart[t + 1]; x++) this.tokIds.push(first.tokIds[x]);
      this.tokIdStart.push(this.tokIds.length);
    }
    this.tokStart[e + 1] = this.tokClass.length;
  }

  /** English sentence e's tokens: its words', numbers', marks' and terms'. */
  sentence(e: number): void {
    const { english, extras, terms, scanned } = this.scan;
    const candidates: Candidate[] = [];
    for (const key of this.sentenceKeys[e]) {
      const token = this.wordToken(key);
      if (token === 'absent') {
        if ((this.wordDf.get(key) ?? 0) <= Math.max(2, COMMON_SHARE * this.nE)) this.absentE[e]++;
      } else if (token) candidates.push(token);
    }
    for (const v of new Set(scanned[e].numbers)) {
      const id = this.local(extras.get(`#n${v}`));
      if (id >= 0) candidates.push({ cls: NUMBER, ids: [id], p0: this.p0Of([id]) });
    }
    for (const [re, key] of EN_MARKS) {
      const id = this.local(extras.get(key));
      if (id >= 0 && re.test(english[e])) candidates.push({ cls: MARK, ids: [id], p0: this.p0Of([id]) });
    }
    if (terms.length > 0) {
      const lower = english[e].toLowerCase();
      for (const t of terms) {
        const id = this.local(t.id);
        if (id >= 0 && t.en.test(lower)) candidates.push({ cls: TERM, ids: [id], p0: this.p0Of([id]) });
      }
    }
    // Keep the most informative tokens when a sentence has more than the masks can hold.
    if (candidates.length > MAX_TOKENS) candidates.sort((a, b) => a.p0 - b.p0).length = MAX_TOKENS;
    for (const t of candidates) {
      this.tokClass.push(t.cls);
      this.tokP0.push(t.p0);
      for (const id of t.ids) this.tokIds.push(id);
      this.tokIdStart.push(this.tokIds.length);
    }
    this.tokStart[e + 1] = this.tokClass.length;
  }
}

/**
 * Tokens of a scanned document pair, with learnt translations (English word → Chinese ids) added to
 * the dictionary's. Given the tokens built without them (`first`, same scan), the English sentences
 * without a learnt word keep theirs: their ids, chance and local rate are what they were (the Chinese
 * ids the local rates count do not change), so only the others and the Chinese side are rebuilt.
 */
export function prepareTokens(scan: DocumentScan, learned?: ReadonlyMap<string, readonly number[]>, first?: Prepared): Prepared {
  const { english, chinese, H, extraClass, zStart, zIdList, zPosList, df, segments, globalOf } = scan;
  const nZ = chinese.length;
  // 3. English tokens: ids present somewhere on the Chinese side, with their chance of a random hit.
  const nE = english.length;
  const idSpace = globalOf.length;
  const reuse = first !== undefined && learned !== undefined && first.nE === nE;
  const build = new EnglishTokens(scan, learned);
  const { sentenceKeys } = contentWords(scan);
  for (let e = 0; e < nE; e++) {
    if (reuse && !hasAny(sentenceKeys[e], learned)) build.copy(first, e);
    else build.sentence(e);
  }
  const { tokStart, tokClass, tokP0, tokIdStart, tokIds, absentE } = build;

  // 4. Chinese tokens: its longest-match words, names, numbers, marks and terms that some English
  // sentence could account for; p0 is the share of English sentences that would.
  const dfE = englishCounts(nE, idSpace, tokStart, tokIdStart, tokIds);
  const { zTokStart, zTokId, zTokClass, zTokP0, absentZ } = chineseTokens(segments, dfE, df, globalOf, H, extraClass, nE);

  const lenE = reuse ? first.lenE : Float64Array.from(english, (e) => visibleLength(e));
  const lenZ = reuse ? first.lenZ : Float64Array.from(chinese, (z) => visibleLength(z, scan.latinInChinese));
  const tokP0Arr = Float64Array.from(tokP0);
  const zTokP0Arr = Float64Array.from(zTokP0);
  const tokIdStartArr = Int32Array.from(tokIdStart);
  const tokIdsArr = Int32Array.from(tokIds);
  const zIds = reuse ? first.zIds : Int32Array.from(zIdList);
  const zTokIdArr = Int32Array.from(zTokId);
  localRates(lenE, lenZ, tokStart, tokIdStartArr, tokIdsArr, tokP0Arr, zStart, zIds, zTokStart, zTokIdArr, zTokP0Arr, idSpace);

  return {
    absentE,
    absentZ,
    zTokStart,
    zTokId: zTokIdArr,
    zTokClass: Uint8Array.from(zTokClass),
    zTokP0: zTokP0Arr,
    nE,
    nZ,
    lenE,
    lenZ,
    tokStart,
    tokClass: Uint8Array.from(tokClass),
    tokP0: tokP0Arr,
    tokIdStart: tokIdStartArr,
    tokIds: tokIdsArr,
    zStart,
    zIds,
    zPos: reuse ? first.zPos : Uint8Array.from(zPosList),
    idSpace,
    globalOf,
    quoteE: reuse ? first.quoteE : englishQuoteStates(english),
    quoteZ: reuse ? first.quoteZ : chineseQuoteStates(chinese),
  };
}

/** How many English sentences have some token with each id. */
function englishCounts(nE: number, idSpace: number, tokStart: Int32Array, tokIdStart: readonly number[], tokIds: readonly number[]): Int32Array {
  const dfE = new Int32Array(idSpace);
  const lastE = new Int32Array(idSpace).fill(-1);
  for (let e = 0; e < nE; e++) {
    for (let x = tokIdStart[tokStart[e]]; x < tokIdStart[tokStart[e + 1]]; x++) {
      const id = tokIds[x];
      if (lastE[id] !== e) {
        lastE[id] = e;
        dfE[id]++;
      }
    }
  }
  return dfE;
}

/** Each Chinese sentence's tokens: its segment's distinct ids that some English sentence could account for. */
function chineseTokens(
  segments: readonly number[][], dfE: Int32Array, df: Int32Array, globalOf: Int32Array, H: number, extraClass: readonly number[], nE: number,
): { zTokStart: Int32Array; zTokId: number[]; zTokClass: number[]; zTokP0: number[]; absentZ: Float64Array } {
  const nZ = segments.length;
  const zTokStart = new Int32Array(nZ + 1);
  const zTokId: number[] = [];
  const zTokClass: number[] = [];
  const zTokP0: number[] = [];
  const absentZ = new Float64Array(nZ);
  // A segment's distinct ids in the order they first occur (a stamp per sentence, not a Set).
  const stamp = new Int32Array(dfE.length).fill(-1);
  const ids: number[] = [];
  const common = Math.max(2, COMMON_SHARE * nZ);
  for (let c = 0; c < nZ; c++) {
    const segment = segments[c];
    ids.length = 0;
    for (let x = 0; x < segment.length; x++) {
      const id = segment[x];
      if (stamp[id] === c) continue;
      stamp[id] = c;
      if (dfE[id] > 0) ids.push(id);
      else if (df[id] <= common) absentZ[c]++;
    }
    if (ids.length > MAX_TOKENS) ids.sort((a, b) => dfE[a] - dfE[b]).length = MAX_TOKENS;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k];
      zTokId.push(id);
      zTokClass.push(globalOf[id] < H ? WORD : extraClass[globalOf[id] - H]);
      zTokP0.push(Math.min(0.999, Math.max(0.5 / Math.max(1, nE), dfE[id] / nE)));
    }
    zTokStart[c + 1] = zTokId.length;
  }
  return { zTokStart, zTokId, zTokClass, zTokP0, absentZ };
}

/**
 * Each English sentence's content words (two letters or more, not a stopword; distinct, in the
 * order they first occur) and how many sentences hold each: made once per scan, read by every
 * token build and by the learner (learn.ts).
 */
export function contentWords(scan: DocumentScan): NonNullable<DocumentScan['keys']> {
  if (!scan.keys) {
    const wordDf = new Map<string, number>();
    const sentenceKeys = scan.scanned.map(({ words }) => {
      const keys = new Set<string>();
      for (const w of words) if (w.lower.length >= 2 && !STOPWORDS.has(w.lower)) keys.add(w.lower);
      for (const k of keys) wordDf.set(k, (wordDf.get(k) ?? 0) + 1);
      return keys;
    });
    scan.keys = { sentenceKeys, wordDf };
  }
  return scan.keys;
}

function hasAny(keys: ReadonlySet<string>, table: ReadonlyMap<string, unknown>): boolean {
  for (const k of keys) if (table.has(k)) return true;
  return false;
}

/**
 * Sentences either side of a sentence's expected position that local rates look at (40 chosen on
 * the tuning halves, clean and with 7% of one side's lines deleted; 20 and 60 do about as well).
 */
const LOCAL_WINDOW = 40;

/**
 * Counts, per id, the sentences of one side inside a window that only moves forward: add and drop
 * whole sentences (each id once per sentence). Linear in the ids, whatever the window's size.
 */
class SlidingCounts {
  readonly count: Int32Array;
  private readonly stamp: Int32Array;
  private lo = 0;
  private hi = -1;
  private tick = 0;
  constructor(
    idSpace: number,
    private readonly start: Int32Array,
    private readonly ids: Int32Array,
  ) {
    this.count = new Int32Array(idSpace);
    this.stamp = new Int32Array(idSpace).fill(-1);
  }

  private apply(s: number, delta: number): void {
    const t = ++this.tick;
    for (let x = this.start[s]; x < this.start[s + 1]; x++) {
      const id = this.ids[x];
      if (this.stamp[id] === t) continue;
      this.stamp[id] = t;
      this.count[id] += delta;
    }
  }

  /** Moves the window to sentences [lo, hi] (both never smaller than before). */
  moveTo(lo: number, hi: number): void {
    while (this.hi < hi) this.apply(++this.hi, 1);
    while (this.lo < lo) {
      if (this.lo <= this.hi) this.apply(this.lo, -1);
      this.lo++;
    }
  }
}

/**
 * Raises a token's chance of an accidental match to its rate in the neighbourhood: a topic word that
 * recurs in the sentences around its expected position matches a wrong neighbour as easily as the
 * right one, which the document-wide rate hides. One occurrence nearby is the expected partner and
 * is not counted.
 */
function localRates(
  lenE: Float64Array,
  lenZ: Float64Array,
  tokStart: Int32Array,
  tokIdStart: Int32Array,
  tokIds: Int32Array,
  tokP0: Float64Array,
  zStart: Int32Array,
  zIds: Int32Array,
  zTokStart: Int32Array,
  zTokId: Int32Array,
  zTokP0: Float64Array,
  idSpace: number,
): void {
  const nE = lenE.length;
  const nZ = lenZ.length;
  const W = LOCAL_WINDOW;
  if (W <= 0 || nE === 0 || nZ === 0) return;
  // Expected position of each sentence on the other side, by cumulative length.
  let totE = 0;
  let totZ = 0;
  for (let e = 0; e < nE; e++) totE += lenE[e];
  for (let c = 0; c < nZ; c++) totZ += lenZ[c];
  const posE = new Int32Array(nE); // Chinese index for English sentence e
  const posZ = new Int32Array(nZ); // English index for Chinese sentence c
  {
    let c = 0;
    let accZ = 0;
    let accE = 0;
    for (let e = 0; e < nE; e++) {
      const target = totE > 0 ? ((accE + lenE[e] / 2) / totE) * totZ : ((e + 0.5) / nE) * totZ;
      while (c < nZ - 1 && accZ + lenZ[c] < target) accZ += lenZ[c++];
      posE[e] = c;
      accE += lenE[e];
    }
    let e = 0;
    accE = 0;
    accZ = 0;
    for (let k = 0; k < nZ; k++) {
      const target = totZ > 0 ? ((accZ + lenZ[k] / 2) / totZ) * totE : ((k + 0.5) / nZ) * totE;
      while (e < nE - 1 && accE + lenE[e] < target) accE += lenE[e++];
      posZ[k] = e;
      accZ += lenZ[k];
    }
  }
  raiseEnglish(posE, nZ, tokStart, tokIdStart, tokIds, tokP0, new SlidingCounts(idSpace, zStart, zIds));
  // English sentences per id through their tokens.
  const eIdStart = new Int32Array(nE + 1);
  for (let e = 0; e < nE; e++) eIdStart[e + 1] = tokIdStart[tokStart[e + 1]];
  raiseChinese(posZ, nE, zTokStart, zTokId, zTokP0, new SlidingCounts(idSpace, eIdStart, tokIds));
}


// localRates' two passes, each its own function: a fresh process optimises each loop alone.

/** English tokens' p0 raised to their rate in the Chinese sentences around each sentence's expected place. */
function raiseEnglish(
  posE: Int32Array, nZ: number, tokStart: Int32Array, tokIdStart: Int32Array, tokIds: Int32Array, tokP0: Float64Array, zWindow: SlidingCounts,
): void {
  const W = LOCAL_WINDOW;
  const count = zWindow.count;
  for (let e = 0; e < posE.length; e++) {
    const lo = Math.max(0, posE[e] - W);
    const hi = Math.min(nZ - 1, posE[e] + W);
    zWindow.moveTo(lo, hi);
    const span = hi - lo + 1;
    if (span < 4) continue;
    for (let t = tokStart[e]; t < tokStart[e + 1]; t++) {
      let k = 0;
      for (let x = tokIdStart[t]; x < tokIdStart[t + 1]; x++) k += count[tokIds[x]];
      const local = Math.min(0.999, Math.max(0, k - 1) / (span - 1));
      if (local > tokP0[t]) tokP0[t] = local;
    }
  }
}

/** The same for Chinese tokens, over the English sentences around each Chinese sentence's place. */
function raiseChinese(posZ: Int32Array, nE: number, zTokStart: Int32Array, zTokId: Int32Array, zTokP0: Float64Array, eWindow: SlidingCounts): void {
  const W = LOCAL_WINDOW;
  const count = eWindow.count;
  for (let c = 0; c < posZ.length; c++) {
    const lo = Math.max(0, posZ[c] - W);
    const hi = Math.min(nE - 1, posZ[c] + W);
    eWindow.moveTo(lo, hi);
    const span = hi - lo + 1;
    if (span < 4) continue;
    for (let x = zTokStart[c]; x < zTokStart[c + 1]; x++) {
      const k = count[zTokId[x]];
      const local = Math.min(0.999, Math.max(0, k - 1) / (span - 1));
      if (local > zTokP0[x]) zTokP0[x] = local;
    }
  }
}
