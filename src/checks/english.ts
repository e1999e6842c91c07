import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type NSpell from 'nspell';
import type { Concept } from '../termbase';
import type { CheckContext } from './types';
import { termbaseOf } from './context';
import { maskInlineCodes } from './text';

/**
 * What the English source checks share: the Hunspell dictionary of dictionary-en read with nspell
 * (built on first use, ~0.6 s, so commands that check nothing never pay for it), the termbase's
 * English words added to it, and the words of a text as spans.
 */

/** What the checks ask of the dictionary (nspell's `correct`, read from the build's snapshot or parsed). */
export interface Speller {
  correct(word: string): boolean;
}
let speller: Speller | null = null;

/** dictionary-en is ESM only and exports no files: read index.aff / index.dic from where it is installed. */
function dictionaryDir(): string {
  for (const dir of require.resolve.paths('dictionary-en') ?? []) {
    const candidate = join(dir, 'dictionary-en');
    if (existsSync(join(candidate, 'index.aff'))) return candidate;
  }
  throw new Error('the English dictionary (dictionary-en) is not installed');
}

function english(): Speller {
  speller ??= readSpellingSnapshot() ?? parsedSpeller();
  return speller;
}

/** nspell over dictionary-en's own files (exported for the snapshot's test). */
export function parsedSpeller(dir: string = dictionaryDir()): NSpell {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: start-up stays fast
  const nspell = require('nspell') as typeof NSpell;
  return nspell({ aff: readFileSync(join(dir, 'index.aff')), dic: readFileSync(join(dir, 'index.dic')) });
}

/**
 * The dictionary as `npm run build` precomputes it (dist/data/spelling-en.txt): nspell's table
 * of every affixed form (word → its flags) after parsing index.dic, which costs a process
 * ~150 ms and 40 ms of garbage collection; the snapshot is searched in place instead.
 * Layout: a JSON header line (version, the dictionary's and nspell's stamp, the compound rules
 * as nspell compiled them), then one `word\tflags` line per form, sorted by code units.
 */
export const SPELLING_SNAPSHOT = join(__dirname, '..', 'data', 'spelling-en.txt');
const SPELLING_VERSION = 2; // 2: sorted by UTF-8 bytes, length in bytes
const NEWLINE = 0x0a;
const TAB = 0x09;

interface SpellingHeader {
  version: number;
  stamp: string;
  compoundRules: string[];
  /** Lines after the header, and bytes of the whole file (a truncated snapshot is not used). */
  forms: number;
  length: number;
}

/** What the snapshot was made from: dictionary-en's files (size, mtime) and nspell's version. */
function spellingStamp(dir: string): string {
  const file = (name: string): string => {
    const s = statSync(join(dir, name));
    return `${s.size}:${Math.floor(s.mtimeMs)}`;
  };
  let nspellVersion = '?';
  try {
    for (let at = dirname(require.resolve('nspell')); at !== dirname(at); at = dirname(at)) {
      if (!existsSync(join(at, 'package.json'))) continue;
      const pkg = JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'nspell') {
        nspellVersion = pkg.version ?? '?';
        break;
      }
    }
  } catch {
    // not resolvable: no snapshot matches
  }
  return `aff ${file('index.aff')} dic ${file('index.dic')} nspell ${nspellVersion}`;
}

/** Writes the spelling snapshot (the build step calls this); returns the number of forms. */
export function writeSpellingSnapshot(path: string = SPELLING_SNAPSHOT): number {
  const dir = dictionaryDir();
  const parsed = parsedSpeller(dir) as unknown as { data: Record<string, string[]>; compoundRules: RegExp[] };
  // Sorted by their UTF-8 bytes: the reader compares bytes in place without decoding the file.
  const words = Object.keys(parsed.data).map((word) => Buffer.from(word)).sort(Buffer.compare).map((bytes) => bytes.toString());
  for (const word of words) {
    if (/[\t\n]/.test(word) || parsed.data[word]!.some((flag) => /[\t\n]/.test(flag))) throw new Error(`spelling snapshot: "${word}" holds a tab or newline`);
  }
  const header: SpellingHeader = {
    version: SPELLING_VERSION, stamp: spellingStamp(dir),
    compoundRules: parsed.compoundRules.map((rule) => rule.source),
    forms: words.length, length: 0,
  };
  // Flags joined by U+0001: a dictionary may have FLAG long or num (flags of several characters).
  const lines = words.map((word) => `${word}\t${parsed.data[word]!.join('\u0001')}`);
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  const body = `${lines.join('\n')}\n`;
  const bodyBytes = Buffer.byteLength(body);
  // The header holds the file's length in bytes, which counts the header's own digits: settle it.
  let head = JSON.stringify(header);
  for (let i = 0; i < 3; i++) {
    header.length = Buffer.byteLength(head) + 1 + bodyBytes;
    head = JSON.stringify(header);
  }
  if (Buffer.byteLength(head) + 1 + bodyBytes !== header.length) throw new Error('spelling snapshot: the length did not settle');
  writeFileSync(temp, `${head}\n${body}`);
  renameSync(temp, path);
  return words.length;
}

/** nspell over the snapshot: its own `correct` (casing, ICONV, flags, compound rules), its table searched in place. */
export function readSpellingSnapshot(path: string = SPELLING_SNAPSHOT): Speller | null {
  let bytes: Buffer;
  let header: SpellingHeader;
  let dir: string;
  try {
    bytes = readFileSync(path);
    const first = bytes.indexOf(NEWLINE);
    header = JSON.parse(bytes.toString('utf8', 0, first)) as SpellingHeader;
    dir = dictionaryDir();
    if (header.version !== SPELLING_VERSION || header.stamp !== spellingStamp(dir) || !Array.isArray(header.compoundRules)) return null;
    if (header.length !== bytes.length || bytes[bytes.length - 1] !== NEWLINE) return null;
  } catch {
    return null; // missing or unreadable: parse the dictionary
  }
  const bodyStart = bytes.indexOf(NEWLINE) + 1;
  const cache = new Map<string, string[] | undefined>();
  // Binary search over the bytes, neither decoded nor indexed by lines: a one-pair check asks a
  // few words and should not pay for 1.4 MB of text or 120,000 line starts. lo and hi are always
  // line starts.
  const find = (word: string): string[] | undefined => {
    if (cache.has(word)) return cache.get(word);
    const target = Buffer.from(word);
    let lo = bodyStart;
    let hi = bytes.length;
    let found: string[] | undefined;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = bytes.lastIndexOf(NEWLINE, mid - 1) + 1;
      const end = bytes.indexOf(NEWLINE, start);
      const tab = bytes.indexOf(TAB, start);
      const order = bytes.compare(target, 0, target.length, start, tab); // the line's word against `word`
      if (order === 0) {
        const flags = bytes.toString('utf8', tab + 1, end);
        found = flags === '' ? [] : flags.split('\u0001');
        break;
      }
      if (order < 0) lo = end + 1;
      else hi = start;
    }
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(word, found);
    return found;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: start-up stays fast
  const nspell = require('nspell') as typeof NSpell;
  const spell = nspell({ aff: readFileSync(join(dir, 'index.aff')) }) as unknown as { data: unknown; compoundRules: RegExp[] } & Speller;
  // nspell reads its table only as `data[word]` (a word's flags, or undefined): a proxy answers from the snapshot.
  spell.data = new Proxy(Object.create(null) as object, {
    get: (_target, key) => (typeof key === 'string' ? find(key) : undefined),
  });
  spell.compoundRules = header.compoundRules.map((source) => new RegExp(source, 'i'));
  return spell;
}

/** Words of the termbase's English terms (not forbidden ones: those are errors of their own), lower-cased. */
const termWords = new WeakMap<readonly Concept[], Set<string>>();

function wordsOfTermbase(concepts: readonly Concept[]): Set<string> {
  let words = termWords.get(concepts);
  if (!words) {
    words = new Set();
    for (const concept of concepts) {
      for (const term of concept.terms) {
        if (term.locale !== 'en' || term.status === 'forbidden') continue;
        for (const word of term.text.match(WORD) ?? []) words.add(word.toLowerCase());
      }
    }
    termWords.set(concepts, words);
  }
  return words;
}

/** Longer runs of letters are not words to spell (the longest English words are shorter). */
export const LONGEST_WORD = 45;

/** Letters with inner apostrophes (don't, Macao's); one run, no nesting that could backtrack. */
const WORD = /[A-Za-z]+(?:['’][A-Za-z]+)*/g;

/** British spellings whose American form is in the dictionary (centre, organise, colour, analyse, catalogue, programme, travelled). */
const BRITISH: ReadonlyArray<[RegExp, string]> = [
  [/our(s?)$/, 'or$1'], [/ise(s|d)?$/, 'ize$1'], [/ising$/, 'izing'], [/isation(s?)$/, 'ization$1'],
  [/tre(s?)$/, 'ter$1'], [/yse(s|d)?$/, 'yze$1'], [/ogue(s?)$/, 'og$1'], [/ence$/, 'ense'],
  [/mme(s?)$/, 'm$1'], [/ll(ed|ing|er|ers)$/, 'l$1'],
];

export interface Lexicon {
  /** Whether a word is English as the site writes it: in the dictionary (any case it allows), the termbase, or British. */
  knows(word: string): boolean;
}

/**
 * One lexicon per termbase, its answers remembered: every unit's check asks about the same words
 * again (and a name's run-together splits ask nspell once per cut), which made the source checks
 * cost as much as aligning an archive.
 */
const lexicons = new WeakMap<Set<string>, Lexicon>();
const MEMO_LIMIT = 100_000;

export function lexiconOf(context: CheckContext): Lexicon {
  const termbase = wordsOfTermbase(context.concepts);
  let lexicon = lexicons.get(termbase);
  if (!lexicon) {
    const knows = knowsWith(english(), termbase);
    const memo = new Map<string, boolean>();
    lexicon = {
      knows(word) {
        let known = memo.get(word);
        if (known === undefined) {
          known = knows(word);
          if (memo.size >= MEMO_LIMIT) memo.clear();
          memo.set(word, known);
        }
        return known;
      },
    };
    lexicons.set(termbase, lexicon);
  }
  return lexicon;
}

function knowsWith(dictionary: Speller, termbase: Set<string>): (word: string) => boolean {
  return (word: string): boolean => {
    if (termbase.has(word.toLowerCase())) return true;
    if (dictionary.correct(word)) return true;
    // Possessives: Jiangmen's, the Philippines' (the apostrophe itself is not in the word run).
    const bare = word.replace(/['’]s$/i, '');
    if (bare !== word && (termbase.has(bare.toLowerCase()) || dictionary.correct(bare))) return true;
    for (const [pattern, american] of BRITISH) {
      if (pattern.test(bare) && dictionary.correct(bare.replace(pattern, american))) return true;
    }
    return false;
  };
}

export interface WordSpan {
  text: string;
  start: number;
  end: number;
}

/**
 * The words of an English text worth spelling: not inside inline codes, URLs or e-mail
 * addresses, not acronyms in capitals (GDP), not joined to digits (5G), and not inside a
 * termbase term (a forbidden term is `term-forbidden`'s; a term is spelled as the termbase has it).
 */
export function wordsToSpell(text: string, context: CheckContext): WordSpan[] {
  const masked = maskUrls(maskInlineCodes(text));
  const covered = new Uint8Array(text.length);
  for (const hit of termbaseOf(context).recognizer.recognize(text, 'en')) covered.fill(1, hit.start, hit.end);
  const words: WordSpan[] = [];
  for (const match of masked.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    const word = match[0];
    if (covered[start]) continue;
    if (isDigitCode(masked.charCodeAt(start - 1)) || isDigitCode(masked.charCodeAt(end))) continue;
    if (word.length > 1 && word === word.toUpperCase()) continue;
    if (word.length > LONGEST_WORD) continue;
    words.push({ text: word, start, end });
  }
  return words;
}

/** Blanks out URLs and e-mail addresses (same length), scanning once. */
function maskUrls(text: string): string {
  if (!/[@/]|www\./i.test(text)) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    let end = i;
    while (end < text.length && !/\s/.test(text[end]!)) end++;
    const token = text.slice(i, end);
    out += /^(?:https?:\/\/|www\.)|@|\//i.test(token) ? ' '.repeat(token.length) : token;
    if (end < text.length) out += text[end];
    i = end + 1;
  }
  return out;
}

function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * How an unknown word splits into two known ones (fulfillthe → fulfill the), or null. Each part
 * has four letters at least, or is a common short word ("to", "the", "a"): the dictionary also
 * holds "ed", "res", "tre", which would split a misspelt "speeded" or "towres" into nonsense.
 * Of several splits, the most even one.
 */
export function runTogetherSplit(word: string, lexicon: Lexicon): [string, string] | null {
  if (word.length < 5 || /['’]/.test(word)) return null;
  let best: [string, string] | null = null;
  let bestShort = 0;
  for (let i = 1; i < word.length; i++) {
    const left = word.slice(0, i);
    const right = word.slice(i);
    if (!partOk(left) || !partOk(right)) continue;
    const short = Math.min(left.length, right.length);
    if (short <= bestShort) continue;
    if (lexicon.knows(left) && lexicon.knows(right)) {
      best = [left, right];
      bestShort = short;
    }
  }
  return best;
}

const SHORT_WORDS = new Set([
  'a', 'i', 'an', 'as', 'at', 'be', 'by', 'do', 'go', 'he', 'if', 'in', 'is', 'it', 'me', 'my', 'no', 'of', 'on', 'or', 'so', 'to', 'up', 'us', 'we',
  'the', 'and', 'for', 'are', 'but', 'not', 'all', 'any', 'can', 'has', 'had', 'was', 'our', 'its', 'new', 'one', 'two', 'who', 'how', 'why',
  'sea', 'air', 'big', 'top', 'low', 'old', 'way', 'day', 'man', 'men', 'use', 'see', 'set', 'per', 'via', 'her', 'his', 'him', 'you', 'she',
]);

function partOk(part: string): boolean {
  return part.length >= 4 || SHORT_WORDS.has(part.toLowerCase());
}
