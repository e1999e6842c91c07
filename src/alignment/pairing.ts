/**
 * Pairing the documents of an archive by content: which English document is the translation of
 * which Chinese one, when names and paths say nothing.
 *
 * Each document is reduced to a fingerprint as it is added (its text is not kept, so memory grows
 * with the number of documents, not their size): English content words (their CC-CEDICT
 * translations are looked up at scoring time), numbers, names (matched against the pinyin of the
 * Chinese text), termbase terms and the visible length; on the Chinese side the dictionary
 * headwords found in the text, its longest-match words, numbers, the pinyin of those names, terms.
 *
 * Candidates come from an inverted index over each Chinese document's rarest evidence, so an
 * English document is scored against a handful of Chinese ones, not all of them. A pair's score is
 * the log-likelihood ratio of its evidence (every English word either finds a translation in the
 * Chinese document or not; every Chinese word an English source), per token, with a length term;
 * one-to-one assignment is greedy, best score first, above a threshold.
 */
import { child, getDictionary, translationsOf, type Dictionary } from './dictionary';
import { STOPWORDS, scanEnglish } from './english';
import { chineseNumbers, namePrefixesOf, pinyinNamesAt } from './chinese';
import { hanAndLatin, isHanCode } from '../locale';

export type ArchiveSide = 'en' | 'zh';

export interface ArchivePair {
  en: string;
  zh: string;
  /** 0..1: how sure the pairing is (0.5 is the threshold). */
  score: number;
  /** Paired, but a competitor came close or the evidence is thin: a person should look. */
  lowConfidence: boolean;
}

export interface UnpairedDocument {
  side: ArchiveSide;
  key: string;
  /** Why it was left alone, in words for the report. */
  reason: string;
  /** The best candidate it had, when there was one. */
  best: { key: string; score: number } | null;
}

export interface PairingResult {
  pairs: ArchivePair[];
  unpaired: UnpairedDocument[];
}

export interface PairingOptions {
  /** Termbase pairs [english, chinese]: a term found on both sides is strong evidence. */
  termPairs?: ReadonlyArray<readonly [string, string]>;
  /** Chinese candidates scored per English document (default 12). */
  candidates?: number;
}

/**
 * Characters of a document scanned for evidence (the start says what a document is about), per
 * side: a translation into English runs 3.3–5 characters per Chinese one (dev sets), so the two
 * limits cover the same share of a long document and its translation. One limit for both compared
 * the first third of a 160,000-character English paper with the whole of its Chinese version.
 */
const SCAN_LIMIT_ZH = 60_000;
const SCAN_LIMIT_EN = 210_000;
/** Evidence a Chinese document is indexed under (its rarest ids). */
const INDEX_KEYS = 96;
/** Chance that a word's translation shows up in the translated document, by kind. */
const Q_WORD = 0.55;
const Q_NUMBER = 0.85;
const Q_NAME = 0.8;
const Q_TERM = 0.9;
/** Positions within this much (of 255) count as the same place; chance of that for a translation. */
const ORDER_WINDOW = 24;
const Q_ORDER = 0.75;
const ORDER_WEIGHT = 1;
/** Length: sd of log(English length / (ratio × Chinese length)) between a document and its translation. */
const LENGTH_SIGMA = 0.35;
const LENGTH_WEIGHT = 0.25;
/**
 * Pairing threshold on the per-token evidence (nats) and the logistic scale of the reported score:
 * on archives cut from the dev sets true pairs scored from -0.13 up, the best wrong candidate at
 * most -0.33 (parts of one chapter against each other included).
 */
const THRESHOLD = -0.25;
const SCALE = 0.08;
/** A pair whose runner-up comes within this much (nats per token) is low-confidence. */
const CLOSE_MARGIN = 0.15;

const NAME_KIND = 1;
const NUMBER_KIND = 2;
const TERM_KIND = 3;

interface EnglishPrint {
  key: string;
  /** Vocabulary ids of distinct content words the dictionary knows. */
  words: Int32Array;
  /** Where each word occurs first and last, as a share of the document (0..255). */
  wordFirst: Uint8Array;
  wordLast: Uint8Array;
  /** Extra ids (numbers, names, terms), with their positions likewise. */
  extras: Int32Array;
  extraFirst: Uint8Array;
  extraLast: Uint8Array;
  length: number;
}

interface ChinesePrint {
  key: string;
  /** Every id found in the text (headwords of every dictionary match, extras), sorted, distinct. */
  ids: Int32Array;
  /** Where each of `ids` occurs first and last, as a share of the document (0..255). */
  first: Uint8Array;
  last: Uint8Array;
  /** Its own words: longest-match headwords and extras, distinct. */
  tokens: Int32Array;
  length: number;
}

function visibleLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 32 && c !== 0x3000 && c !== 0xa0) n++;
  }
  return n;
}

/** 'zh' when Han characters make up most of the letters (one Han character ≈ four Latin letters); null when there are none. */
export function documentLanguage(text: string): ArchiveSide | null {
  const { han, latin } = hanAndLatin(text, SCAN_LIMIT_ZH);
  if (han === 0 && latin === 0) return null;
  return han * 4 > latin ? 'zh' : 'en';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Collects fingerprints (English documents first, then Chinese: the Chinese scan looks for the
 * pinyin of the names the English side has), then pairs them.
 */
/**
 * The first k of `items` in the order (votes descending, position ascending), as a stable sort
 * by votes would give them, in O(items · k) at worst and O(items) when few get in.
 */
export function topByVotes(items: readonly number[], votes: Float64Array, k: number, out: number[] = []): number[] {
  out.length = 0;
  if (k <= 0) return out;
  for (const z of items) {
    const v = votes[z];
    if (out.length === k && v <= votes[out[k - 1]]) continue;
    let i = out.length === k ? k - 1 : out.length;
    // Later items lose ties: move past only the strictly smaller.
    while (i > 0 && votes[out[i - 1]] < v) { out[i] = out[i - 1]; i--; }
    out[i] = z;
  }
  return out;
}

export class ArchivePairer {
  private readonly dict: Dictionary;
  private readonly H: number;
  private readonly extras = new Map<string, number>();
  private readonly extraKind: number[] = [];
  private readonly vocab = new Map<string, number>();
  private readonly vocabWords: string[] = [];
  private readonly english: EnglishPrint[] = [];
  private readonly chinese: ChinesePrint[] = [];
  private readonly unpaired: UnpairedDocument[] = [];
  private readonly names = new Set<string>();
  private readonly namePrefixes = new Set<string>();
  private readonly terms: Array<{ en: RegExp; zh: string; id: number }>;
  private readonly candidateCount: number;

  constructor(options: PairingOptions = {}) {
    this.dict = getDictionary();
    this.H = this.dict.headwords.length;
    this.candidateCount = options.candidates ?? 12;
    this.terms = (options.termPairs ?? [])
      .map(([en, zh]) => [en.trim().toLowerCase(), zh.trim()] as const)
      .filter(([en, zh]) => en.length > 1 && zh.length > 0)
      .map(([en, zh], i) => ({ en: new RegExp(`(?:^|[^a-z0-9])${escapeRegExp(en)}(?:$|[^a-z0-9])`), zh, id: this.extraId(`t${i}`, TERM_KIND) }));
  }

  private extraId(key: string, kind: number): number {
    let id = this.extras.get(key);
    if (id === undefined) {
      id = this.H + this.extras.size;
      this.extras.set(key, id);
      this.extraKind.push(kind);
    }
    return id;
  }

  /** A document that cannot take part (empty, binary, unreadable…), reported with the result. */
  reject(side: ArchiveSide, key: string, reason: string): void {
    this.unpaired.push({ side, key, reason, best: null });
  }

  /**
   * Adds a document's text, read from the `side` folder. A document in the other language (or with
   * no letters at all) is not paired and is reported. Returns the language found.
   */
  add(side: ArchiveSide, key: string, text: string): ArchiveSide | null {
    const language = documentLanguage(text);
    if (language === null) {
      this.reject(side, key, 'no English or Chinese text in it');
      return null;
    }
    if (language !== side) {
      this.reject(side, key, language === 'zh' ? 'a Chinese document in the English folder' : 'an English document in the Chinese folder');
      return language;
    }
    if (side === 'en') this.addEnglish(key, text);
    else this.addChinese(key, text);
    return language;
  }

  private addEnglish(key: string, full: string): void {
    if (this.chinese.length > 0) throw new Error('pairing: add every English document before the Chinese ones');
    const text = full.length > SCAN_LIMIT_EN ? full.slice(0, SCAN_LIMIT_EN) : full;
    const { words, numbers } = scanEnglish(text);
    const wordIds = new Map<number, [number, number]>();
    const extras = new Map<number, [number, number]>();
    const seen = (map: Map<number, [number, number]>, id: number, at: number): void => {
      const span = map.get(id);
      if (span) span[1] = at;
      else map.set(id, [at, at]);
    };
    const scale = 255 / Math.max(1, words.length - 1);
    for (let k = 0; k < words.length; k++) {
      const w = words[k];
      const at = Math.round(k * scale);
      if (w.lower.length < 2 || STOPWORDS.has(w.lower)) continue;
      const known = translationsOf(this.dict, w.lower);
      if (w.capitalised && !known && /^[a-z]+$/.test(w.lower)) {
        // A capitalised word inside a sentence may be a name: look for its pinyin on the Chinese side.
        this.names.add(w.lower);
        seen(extras, this.extraId(`p${w.lower}`, NAME_KIND), at);
      }
      if (!known) continue;
      let id = this.vocab.get(w.lower);
      if (id === undefined) {
        id = this.vocabWords.length;
        this.vocab.set(w.lower, id);
        this.vocabWords.push(w.lower);
      }
      seen(wordIds, id, at);
    }
    // Numbers and terms are evidence wherever they stand.
    for (const v of numbers) if (v >= 10 || !Number.isInteger(v)) extras.set(this.extraId(`n${v}`, NUMBER_KIND), [0, 255]);
    if (this.terms.length > 0) {
      const lower = text.toLowerCase();
      for (const t of this.terms) if (t.en.test(lower)) extras.set(t.id, [0, 255]);
    }
    this.english.push({
      key,
      words: Int32Array.from(wordIds.keys()),
      wordFirst: Uint8Array.from(wordIds.values(), (v) => v[0]),
      wordLast: Uint8Array.from(wordIds.values(), (v) => v[1]),
      extras: Int32Array.from(extras.keys()),
      extraFirst: Uint8Array.from(extras.values(), (v) => v[0]),
      extraLast: Uint8Array.from(extras.values(), (v) => v[1]),
      length: visibleLength(full),
    });
  }

  private addChinese(key: string, full: string): void {
    if (this.namePrefixes.size === 0 && this.names.size > 0) for (const prefix of namePrefixesOf(this.names)) this.namePrefixes.add(prefix);
    const text = full.length > SCAN_LIMIT_ZH ? full.slice(0, SCAN_LIMIT_ZH) : full;
    const trie = this.dict.trie;
    const ids = new Map<number, [number, number]>();
    const tokens = new Set<number>();
    const scale = 255 / Math.max(1, text.length - 1);
    let at = 0;
    const seen = (id: number): void => {
      const span = ids.get(id);
      if (span) span[1] = at;
      else ids.set(id, [at, at]);
    };
    const foundName = (name: string): void => {
      const id = this.extraId(`p${name}`, NAME_KIND);
      seen(id);
      tokens.add(id);
    };
    let segmentEnd = 0;
    for (let s = 0; s < text.length; s++) {
      const code = text.charCodeAt(s);
      if (!isHanCode(code)) continue;
      at = Math.round(s * scale);
      let node = 0;
      let longest = -1;
      let longestEnd = s;
      for (let k = s; k < text.length && k - s < 8; k++) {
        node = child(trie, node, text.charCodeAt(k));
        if (node === 0) break;
        const id = trie.terminal[node];
        if (id >= 0) {
          seen(id);
          longest = id;
          longestEnd = k + 1;
        }
      }
      if (s >= segmentEnd && longest >= 0) {
        tokens.add(longest);
        segmentEnd = longestEnd;
      }
      if (this.names.size > 0) pinyinNamesAt(text, s, this.namePrefixes, this.names, foundName);
    }
    for (const v of chineseNumbers(text)) {
      if (v < 10 && Number.isInteger(v)) continue;
      const id = this.extraId(`n${v}`, NUMBER_KIND);
      ids.set(id, [0, 255]);
      tokens.add(id);
    }
    for (const t of this.terms) {
      if (full.includes(t.zh)) {
        ids.set(t.id, [0, 255]);
        tokens.add(t.id);
      }
    }
    const sorted = Int32Array.from(ids.keys()).sort();
    this.chinese.push({
      key,
      ids: sorted,
      first: Uint8Array.from(sorted, (id) => ids.get(id)![0]),
      last: Uint8Array.from(sorted, (id) => ids.get(id)![1]),
      tokens: Int32Array.from(tokens),
      length: visibleLength(full),
    });
  }

  get counts(): { en: number; zh: number } {
    return { en: this.english.length, zh: this.chinese.length };
  }

  pair(): PairingResult {
    const E = this.english;
    const Z = this.chinese;
    const idSpace = this.H + this.extras.size;
    const NZ = Math.max(1, Z.length);
    const NE = Math.max(1, E.length);
    // Chinese document frequency of every id.
    const dfZ = new Int32Array(idSpace);
    for (const z of Z) for (const id of z.ids) dfZ[id]++;
    const presentZ = (id: number): boolean => dfZ[id] > 0;
    // Each English word's translations among the ids the Chinese side has, and its chance of a
    // hit in an unrelated Chinese document.
    const wordIds: Int32Array[] = this.vocabWords.map((w) => {
      const t = translationsOf(this.dict, w);
      return t ? t.filter(presentZ) : new Int32Array(0);
    });
    const wordP = new Float64Array(wordIds.length);
    wordIds.forEach((ids, w) => {
      let miss = 1;
      for (const id of ids) miss *= 1 - dfZ[id] / NZ;
      wordP[w] = Math.min(0.999, Math.max(0.5 / NZ, 1 - miss));
    });
    // English document frequency of ids, through each document's translations (for the Chinese side).
    const dfE = new Int32Array(idSpace);
    const stampE = new Int32Array(idSpace).fill(-1);
    const unionOf = (e: number, into: (id: number) => void): void => {
      const doc = E[e];
      for (const w of doc.words) for (const id of wordIds[w]) if (stampE[id] !== e) { stampE[id] = e; into(id); }
      for (const id of doc.extras) if (stampE[id] !== e) { stampE[id] = e; into(id); }
    };
    for (let e = 0; e < E.length; e++) unionOf(e, (id) => { dfE[id]++; });
    stampE.fill(-1);

    // Length ratio of the archive: the median of its documents' totals is robust to a few odd ones.
    const totalE = E.reduce((s, d) => s + d.length, 0);
    const totalZ = Z.reduce((s, d) => s + d.length, 0);
    const logRatio = totalE > 0 && totalZ > 0 ? Math.log(totalE / totalZ) : Math.log(3.5);

    // Inverted index: each Chinese document under its rarest ids.
    const postStart = new Int32Array(idSpace + 1);
    const keysOf: Int32Array[] = Z.map((z) => {
      const candidates = Array.from(z.ids).filter((id) => dfE[id] > 0);
      candidates.sort((a, b) => dfZ[a] - dfZ[b] || a - b);
      return Int32Array.from(candidates.slice(0, INDEX_KEYS));
    });
    for (const keys of keysOf) for (const id of keys) postStart[id + 1]++;
    for (let id = 0; id < idSpace; id++) postStart[id + 1] += postStart[id];
    const fill = postStart.slice(0, idSpace);
    const postings = new Int32Array(postStart[idSpace]);
    keysOf.forEach((keys, z) => { for (const id of keys) postings[fill[id]++] = z; });

    const kindQ = (id: number): number => {
      if (id < this.H) return Q_WORD;
      const kind = this.extraKind[id - this.H];
      return kind === NUMBER_KIND ? Q_NUMBER : kind === NAME_KIND ? Q_NAME : Q_TERM;
    };
    const llr = (hit: boolean, p: number, q: number): number => {
      const qq = Math.max(q, p);
      return hit ? Math.log(qq / p) : Math.log((1 - qq) / (1 - p));
    };

    const stampZ = new Int32Array(idSpace).fill(-1);
    const indexZ = new Int32Array(idSpace);
    // A hit at the same place in both documents (first or last occurrence) is evidence of a
    // translation rather than of a document on the same subject; chance is the share of the
    // document the two occurrences could coincide over.
    const order = (f: number, l: number, zd: ChinesePrint, k: number): number => {
      const F = zd.first[k];
      const L = zd.last[k];
      const placed = Math.abs(f - F) <= ORDER_WINDOW || Math.abs(l - L) <= ORDER_WINDOW;
      const chance = Math.min(0.95, (2 * ORDER_WINDOW + (l - f) + (L - F)) / 255);
      return llr(placed, chance, Q_ORDER);
    };
    const scorePair = (e: number, z: number, mark: number): number => {
      const ed = E[e];
      const zd = Z[z];
      for (let k = 0; k < zd.ids.length; k++) {
        stampZ[zd.ids[k]] = mark;
        indexZ[zd.ids[k]] = k;
      }
      let sumE = 0;
      let nE = 0;
      let sumOrder = 0;
      let nOrder = 0;
      for (let x = 0; x < ed.words.length; x++) {
        const w = ed.words[x];
        const ids = wordIds[w];
        if (ids.length === 0) continue;
        let hit = -1;
        for (const id of ids) if (stampZ[id] === mark) { hit = id; break; }
        sumE += llr(hit >= 0, wordP[w], Q_WORD);
        nE++;
        if (hit >= 0) {
          sumOrder += order(ed.wordFirst[x], ed.wordLast[x], zd, indexZ[hit]);
          nOrder++;
        }
      }
      for (let x = 0; x < ed.extras.length; x++) {
        const id = ed.extras[x];
        if (dfZ[id] === 0) continue;
        const hit = stampZ[id] === mark;
        sumE += llr(hit, Math.min(0.999, Math.max(0.5 / NZ, dfZ[id] / NZ)), kindQ(id));
        nE++;
        if (hit) {
          sumOrder += order(ed.extraFirst[x], ed.extraLast[x], zd, indexZ[id]);
          nOrder++;
        }
      }
      let sumZ = 0;
      let nZt = 0;
      for (const id of zd.tokens) {
        if (dfE[id] === 0) continue;
        sumZ += llr(stampE[id] === e, Math.min(0.999, Math.max(0.5 / NE, dfE[id] / NE)), kindQ(id));
        nZt++;
      }
      const lex = (nE > 0 ? sumE / nE : 0) * 0.5 + (nZt > 0 ? sumZ / nZt : 0) * 0.5;
      const ordered = nOrder > 0 ? (ORDER_WEIGHT * sumOrder) / Math.max(nOrder, nE * 0.5) : 0;
      const r = Math.log((ed.length + 1) / (zd.length + 1)) - logRatio;
      return lex + ordered - LENGTH_WEIGHT * (r * r) / (2 * LENGTH_SIGMA * LENGTH_SIGMA);
    };

    // Candidates and their scores.
    interface Scored { e: number; z: number; s: number }
    const scored: Scored[] = [];
    const votes = new Float64Array(Z.length);
    const touched: number[] = [];
    const bestOfE = new Float64Array(E.length).fill(-Infinity);
    const bestOfZ = new Float64Array(Z.length).fill(-Infinity);
    const argOfE = new Int32Array(E.length).fill(-1);
    const argOfZ = new Int32Array(Z.length).fill(-1);
    let mark = 0;
    const take0: number[] = [];
    for (let e = 0; e < E.length; e++) {
      // The English document's translation union, stamped for the Chinese side of the score.
      unionOf(e, (id) => {
        const s0 = postStart[id];
        const s1 = postStart[id + 1];
        if (s0 === s1) return;
        const idf = Math.log(NZ / dfZ[id]);
        for (let y = s0; y < s1; y++) {
          const z = postings[y];
          if (votes[z] === 0) touched.push(z);
          votes[z] += idf + 1e-9;
        }
      });
      // The best `candidateCount` by votes (ties: first touched first). Nearly every Chinese
      // document gets some vote in a large archive, so sorting them all made pairing grow with
      // N² log N; this keeps a short sorted list instead.
      const take = topByVotes(touched, votes, this.candidateCount, take0);
      for (const z of touched) votes[z] = 0;
      touched.length = 0;
      for (const z of take) {
        const s = scorePair(e, z, mark++);
        scored.push({ e, z, s });
        if (s > bestOfE[e]) { bestOfE[e] = s; argOfE[e] = z; }
        if (s > bestOfZ[z]) { bestOfZ[z] = s; argOfZ[z] = e; }
      }
    }

    // One-to-one, best first.
    scored.sort((a, b) => b.s - a.s || a.e - b.e || a.z - b.z);
    const takenE = new Int32Array(E.length).fill(-1);
    const takenZ = new Int32Array(Z.length).fill(-1);
    const second = (list: Scored[], pick: Scored): number => {
      let best = -Infinity;
      for (const x of list) if (x !== pick && (x.e === pick.e || x.z === pick.z) && x.s > best) best = x.s;
      return best;
    };
    const byE = new Map<number, Scored[]>();
    const byZ = new Map<number, Scored[]>();
    for (const x of scored) {
      (byE.get(x.e) ?? byE.set(x.e, []).get(x.e)!).push(x);
      (byZ.get(x.z) ?? byZ.set(x.z, []).get(x.z)!).push(x);
    }
    const pairs: ArchivePair[] = [];
    const toScore = (s: number): number => 1 / (1 + Math.exp(-(s - THRESHOLD) / SCALE));
    for (const x of scored) {
      if (x.s < THRESHOLD) break;
      if (takenE[x.e] >= 0 || takenZ[x.z] >= 0) continue;
      takenE[x.e] = x.z;
      takenZ[x.z] = x.e;
      const runnerUp = Math.max(second(byE.get(x.e) ?? [], x), second(byZ.get(x.z) ?? [], x));
      pairs.push({ en: E[x.e].key, zh: Z[x.z].key, score: toScore(x.s), lowConfidence: x.s - runnerUp < CLOSE_MARGIN || toScore(x.s) < 0.8 });
    }

    const unpaired = [...this.unpaired];
    const describe = (side: ArchiveSide, best: number, arg: number, taken: Int32Array): UnpairedDocument['reason'] => {
      if (arg < 0) return `no ${side === 'en' ? 'Chinese' : 'English'} document shares its evidence`;
      if (best < THRESHOLD) return `no ${side === 'en' ? 'Chinese' : 'English'} document is close enough`;
      void taken;
      return 'its best match is paired with another document that fits it better';
    };
    for (let e = 0; e < E.length; e++) {
      if (takenE[e] >= 0) continue;
      const arg = argOfE[e];
      unpaired.push({
        side: 'en', key: E[e].key, reason: describe('en', bestOfE[e], arg, takenZ),
        best: arg >= 0 ? { key: Z[arg].key, score: toScore(bestOfE[e]) } : null,
      });
    }
    for (let z = 0; z < Z.length; z++) {
      if (takenZ[z] >= 0) continue;
      const arg = argOfZ[z];
      unpaired.push({
        side: 'zh', key: Z[z].key, reason: describe('zh', bestOfZ[z], arg, takenE),
        best: arg >= 0 ? { key: E[arg].key, score: toScore(bestOfZ[z]) } : null,
      });
    }
    return { pairs, unpaired };
  }
}
