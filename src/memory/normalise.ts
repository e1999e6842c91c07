/**
 * Normalisation and tokenisation for matching. One tokeniser serves scoring, diffs and
 * concordance, so what the score counts as "the same" is exactly what the diff shows as equal.
 *
 * English is compared word by word, Chinese character by character (Han characters are
 * single tokens in every locale, so Chinese words inside English text still compare sensibly).
 * Case, whitespace and the width of letters, digits and punctuation do not matter.
 * Numbers stand as one placeholder token for the similarity (so "5 billion" still matches
 * "4 billion"); their values are kept so the score can deduct for them and the diff can show them.
 */
import type { Locale } from '../locale';

/** Key of every number token: numbers align with numbers whatever their value. */
export const NUMBER_KEY = '\u0001#';

export interface Token {
  /** Normalised form (numbers: NUMBER_KEY). */
  key: string;
  /** Offsets in the original text, end exclusive. */
  start: number;
  end: number;
  /** For numbers: the value as written, width-folded, without thousands separators. */
  number: string | null;
}

// Full-width and ideographic punctuation that NFKC leaves alone, folded to its ASCII twin.
const PUNCTUATION: Record<string, string> = {
  '。': '.', '｡': '.', '、': ',', '､': ',', '「': '"', '」': '"', '『': '"', '』': '"',
  '“': '"', '”': '"', '„': '"', '〝': '"', '〞': '"', '‘': "'", '’': "'", '‚': "'",
  '《': '<', '》': '>', '〈': '<', '〉': '>', '【': '[', '】': ']', '〔': '[', '〕': ']',
  '〖': '[', '〗': ']', '—': '-', '–': '-', '―': '-', '‐': '-', '‑': '-', '−': '-', '…': '...',
  '～': '~', '〜': '~', '・': '·', '•': '·',
};

const foldCache = new Map<string, string>();

/** Case-, width- and punctuation-folds one token (or one character). */
function fold(s: string): string {
  // ASCII fast path: only case matters.
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7e) { ascii = false; break; }
  if (ascii) return s.toLowerCase();
  const cached = foldCache.get(s);
  if (cached !== undefined) return cached;
  let out = '';
  for (const ch of s.normalize('NFKC')) out += PUNCTUATION[ch] ?? ch;
  out = out.toLowerCase();
  if (foldCache.size < 200_000) foldCache.set(s, out);
  return out;
}

// Order matters: inline-code tokens, numbers, Han characters, words, any other visible character.
const TOKEN =
  /(\{\/?(?:ph|bpt|ept|it|hi|x|bx|ex|g|pc|sc|ec):[^{}\s]+\})|(\p{Nd}+(?:[.,]\p{Nd}+)*)|(\p{Script=Han})|((?:(?!\p{Script=Han})[\p{L}\p{M}])+(?:['’](?:(?!\p{Script=Han})[\p{L}\p{M}])+)*)|(\S)/gu;
const INLINE_KIND = /^\{(\/?)([a-z]+):/;

/** The tokens of a text. The locale is accepted for symmetry; the rules do not depend on it. */
export function tokenize(text: string, _locale?: Locale): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    if (m[1] !== undefined) {
      // Inline codes compare by kind: ids are numbering, not content.
      const k = INLINE_KIND.exec(raw);
      tokens.push({ key: k ? `{${k[1]}${k[2]}}` : raw, start, end, number: null });
    } else if (m[2] !== undefined) {
      tokens.push({ key: NUMBER_KEY, start, end, number: fold(raw).replace(/,/g, '') });
    } else {
      tokens.push({ key: fold(raw), start, end, number: null });
    }
  }
  return tokens;
}

/** Normalised text: folded case, width and punctuation, single spaces, numbers without separators. */
export function normaliseForMatching(text: string, locale: Locale): string {
  const tokens = tokenize(text, locale);
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // Keep one space where the original had whitespace between tokens.
    if (i > 0 && /\s/.test(text.slice(tokens[i - 1].end, t.start))) out += ' ';
    out += t.number ?? t.key;
  }
  return out;
}

/** Numbers of a token list, in order. */
export function numbersOf(tokens: readonly Token[]): string[] {
  const out: string[] = [];
  for (const t of tokens) if (t.number !== null) out.push(t.number);
  return out;
}

const INLINE_KINDS = new Set(['ph', 'bpt', 'ept', 'it', 'hi', 'x', 'bx', 'ex', 'g', 'pc', 'sc', 'ec']);

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
/** JavaScript's \s within ASCII: tab, line feed, vertical tab, form feed, carriage return, space. */
const isAsciiSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** What `scanAsciiTokens` reports, token by token. */
export interface TokenSink {
  /** A word: text[start, end) holds ASCII letters and apostrophes; its key is that lower-cased. */
  word(text: string, start: number, end: number): void;
  /** A number (its key is NUMBER_KEY), as written less its thousands commas. */
  number(value: string): void;
  /** Any other token, by its key: an inline code's kind, a punctuation mark. */
  other(key: string): void;
}

/**
 * The tokens of an all-ASCII text (most English segments), exactly as `tokenize` gives them, read by
 * a hand-written scanner that makes no Token objects and runs no Unicode regex. Returns false, having
 * reported nothing, for any other text: the caller then uses `tokenize`.
 */
export function scanAsciiTokens(text: string, sink: TokenSink): boolean {
  const len = text.length;
  for (let i = 0; i < len; i++) if (text.charCodeAt(i) > 0x7e) return false;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (isAsciiSpace(c)) { i++; continue; }
    if (c === 123) {
      // {ph:1}, {/bpt:2}: the kind, then one or more characters other than braces and spaces, then }.
      let j = i + 1;
      const slash = text.charCodeAt(j) === 47;
      if (slash) j++;
      const kindStart = j;
      while (j < len && text.charCodeAt(j) >= 97 && text.charCodeAt(j) <= 122) j++;
      const kind = text.slice(kindStart, j);
      if (text.charCodeAt(j) === 58 && INLINE_KINDS.has(kind)) {
        let e = j + 1;
        for (; e < len; e++) {
          const d = text.charCodeAt(e);
          if (d === 123 || d === 125 || isAsciiSpace(d)) break;
        }
        if (e > j + 1 && text.charCodeAt(e) === 125) {
          sink.other(slash ? `{/${kind}}` : `{${kind}}`);
          i = e + 1;
          continue;
        }
      }
    } else if (isAsciiDigit(c)) {
      let j = i + 1;
      while (j < len && isAsciiDigit(text.charCodeAt(j))) j++;
      for (;;) {
        const sep = text.charCodeAt(j);
        if ((sep !== 46 && sep !== 44) || !isAsciiDigit(text.charCodeAt(j + 1))) break;
        j += 2;
        while (j < len && isAsciiDigit(text.charCodeAt(j))) j++;
      }
      const raw = text.slice(i, j);
      sink.number(raw.includes(',') ? raw.replace(/,/g, '') : raw);
      i = j;
      continue;
    } else if (isAsciiLetter(c)) {
      let j = i + 1;
      while (j < len && isAsciiLetter(text.charCodeAt(j))) j++;
      while (text.charCodeAt(j) === 39 && isAsciiLetter(text.charCodeAt(j + 1))) {
        j += 2;
        while (j < len && isAsciiLetter(text.charCodeAt(j))) j++;
      }
      sink.word(text, i, j);
      i = j;
      continue;
    }
    // Any other visible character is a token of its own (a { that opens no inline code too).
    sink.other(text[i]!);
    i++;
  }
  return true;
}

/** Collects keys and numbers into the arrays it is pointed at. */
class KeySink implements TokenSink {
  keys: string[] = [];
  numbers: string[] = [];
  word(text: string, start: number, end: number): void { this.keys.push(text.slice(start, end).toLowerCase()); }
  number(value: string): void { this.keys.push(NUMBER_KEY); this.numbers.push(value); }
  other(key: string): void { this.keys.push(key); }
}
const keySink = new KeySink();

/** Every token of a text into the sink, as `tokenize` gives them: by the ASCII scanner where it can. */
export function eachToken(text: string, sink: TokenSink): void {
  if (scanAsciiTokens(text, sink)) return;
  for (const t of tokenize(text)) {
    if (t.number !== null) sink.number(t.number); else sink.other(t.key);
  }
}

/** The keys (and numbers, in order) of a text's tokens, exactly as `tokenize` gives them, into the caller's arrays (emptied first). */
export function tokenKeys(text: string, keys: string[], numbers: string[]): void {
  keys.length = 0;
  numbers.length = 0;
  keySink.keys = keys;
  keySink.numbers = numbers;
  eachToken(text, keySink);
}
