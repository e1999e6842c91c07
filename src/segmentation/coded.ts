/**
 * Text with inline codes, as a block of an HTML page holds it: the plain text (what sentence
 * splitting and alignment read) and the code tokens placed between its characters. Sentences are
 * cut on the plain text; a paired code is never cut in two (a boundary inside one is dropped), a
 * closing token at a boundary stays with the sentence it closes, an opening or standalone one
 * goes with the sentence after it.
 */
import { containsHan, isHanCode } from '../locale';
import { isCjkPunctuationCode } from './characters';
import { chineseBoundaries } from './chinese';
import { englishBoundaries } from './english';
import type { SentenceLocale } from './types';

export interface CodeMark {
  /** Offset in the plain text the token stands before. */
  at: number;
  token: string;
  /** `{ept:…}`: closes a paired code. */
  closing: boolean;
  /** `{bpt:…}`: opens a paired code. */
  opening: boolean;
  /** Opens or closes a superscript (`sup`), which may be a footnote reference. */
  note?: boolean;
}

export interface CodedText {
  plain: string;
  /** In text order (non-decreasing `at`). */
  marks: CodeMark[];
}

/** The text with its tokens in place. */
export function codedString(text: CodedText): string {
  let out = '';
  let pos = 0;
  for (const mark of text.marks) {
    out += text.plain.slice(pos, mark.at) + mark.token;
    pos = mark.at;
  }
  return out + text.plain.slice(pos);
}

const isCjk = (code: number): boolean => isHanCode(code) || isCjkPunctuationCode(code);
const isSpace = (code: number): boolean => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c;

/**
 * HTML whitespace: each run is one space, none at the ends; a run holding a line break between
 * Chinese characters is nothing (a space there would be a visible error, as in joinLines).
 */
export function collapseWhitespace(text: CodedText): CodedText {
  const { plain } = text;
  const map = new Int32Array(plain.length + 1);
  let out = '';
  // The last character written, kept here: reading it back from `out` flattens the growing string
  // every time (quadratic on a long paragraph).
  let last = -1;
  let i = 0;
  while (i < plain.length) {
    const code = plain.charCodeAt(i);
    if (!isSpace(code)) {
      map[i] = out.length;
      out += plain[i];
      last = code;
      i++;
      continue;
    }
    let j = i;
    let newline = false;
    while (j < plain.length && isSpace(plain.charCodeAt(j))) {
      if (plain.charCodeAt(j) === 0x0a) newline = true;
      j++;
    }
    const before = last;
    const after = j < plain.length ? plain.charCodeAt(j) : -1;
    const drop = before < 0 || after < 0 || (newline && isCjk(before) && isCjk(after));
    for (let k = i; k < j; k++) map[k] = out.length;
    if (!drop) {
      out += ' ';
      last = 0x20;
    }
    i = j;
  }
  map[plain.length] = out.length;
  // The ends lose any whitespace, an ideographic space or a no-break space too (indentation).
  let start = 0;
  let end = out.length;
  while (start < end && /\s/u.test(out[start]!)) start++;
  while (end > start && /\s/u.test(out[end - 1]!)) end--;
  const marks = text.marks.map((m) => ({ ...m, at: Math.min(Math.max(map[m.at]! - start, 0), end - start) }));
  return { plain: out.slice(start, end), marks };
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** What a footnote reference shows: 1, [2], (3), *, †. */
const FOOTNOTE_MARKER = /^\s*[[(]?(?:\d{1,3}|[*†‡§¶]{1,3})[\])]?\s*$/u;

/** How many of the sorted numbers are below `value`. */
function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `text` with the ranges read as spaces, its length kept; one pass, whatever the number of ranges (they may nest). */
function blanked(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (ranges.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const from = Math.max(a, at);
    if (b <= from) continue;
    parts.push(text.slice(at, from), ' '.repeat(b - from));
    at = b;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Plain-text ranges of the superscripts that read as footnote references. */
function footnoteReferences(text: CodedText): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const open: Array<{ id: string; at: number }> = [];
  const idOf = (token: string): string => token.slice(token.indexOf(':') + 1, -1);
  for (const mark of text.marks) {
    if (!mark.note) continue;
    if (mark.opening) open.push({ id: idOf(mark.token), at: mark.at });
    else if (mark.closing) {
      const start = open.pop();
      if (start && start.id === idOf(mark.token) && FOOTNOTE_MARKER.test(text.plain.slice(start.at, mark.at))) out.push([start.at, mark.at]);
    }
  }
  return out;
}

function trimRange(plain: string, start: number, end: number): [number, number] {
  while (start < end && isSpace(plain.charCodeAt(start))) start++;
  while (end > start && isSpace(plain.charCodeAt(end - 1))) end--;
  return [start, end];
}

/**
 * Splits coded text into sentences (each a CodedText of its own). Boundaries come from the
 * English or Chinese rules on the plain text, as splitSentences does; letterless pieces join
 * their neighbour; no boundary falls inside a paired code.
 */
export function splitCodedSentences(text: CodedText, locale: SentenceLocale): CodedText[] {
  const { plain, marks } = text;
  if (!WORD_CHARACTER.test(plain)) return plain.trim() === '' && marks.length === 0 ? [] : [text];
  const chinese = locale !== 'en' && containsHan(plain);
  // Footnote references are read as spaces by the sentence rules ("Jiangmen.¹ Most …" ends after
  // the reference), then kept at the end of the sentence they follow.
  const notes = footnoteReferences(text);
  const read = blanked(plain, notes);
  const raw = chinese ? chineseBoundaries(read) : englishBoundaries(read);
  // A boundary is allowed where no paired code is open: openings before it minus closings at or before it.
  // Counted by binary search over the sorted places (a paragraph may hold thousands of codes).
  const openings = marks.filter((m) => m.opening).map((m) => m.at).sort((x, y) => x - y);
  const closings = marks.filter((m) => m.closing).map((m) => m.at).sort((x, y) => x - y);
  const allowed = (b: number): boolean => countBelow(openings, b) - countBelow(closings, b + 1) <= 0;
  const ranges: Array<[number, number]> = [];
  let start = 0;
  let carry = -1;
  for (const end of [...raw.filter((b) => b > 0 && b < plain.length && allowed(b)), plain.length]) {
    if (end <= start) continue;
    if (!WORD_CHARACTER.test(plain.slice(start, end))) {
      const last = ranges[ranges.length - 1];
      if (last) last[1] = end;
      else if (carry < 0) carry = start;
    } else {
      ranges.push([carry >= 0 ? carry : start, end]);
      carry = -1;
    }
    start = end;
  }
  if (carry >= 0) ranges.push([carry, plain.length]);
  let trimmed = ranges.map(([a, b]) => trimRange(plain, a, b)).filter(([a, b]) => b > a);
  // The first reference found at each place (an inner one before the superscript around it).
  const noteAt = new Map<number, [number, number]>();
  for (const note of notes) if (!noteAt.has(note[0])) noteAt.set(note[0], note);
  for (let k = 1; k < trimmed.length; k++) {
    const note = noteAt.get(trimmed[k]![0]);
    if (!note) continue;
    trimmed[k - 1]![1] = note[1];
    trimmed[k] = trimRange(plain, note[1], trimmed[k]![1]);
  }
  trimmed = trimmed.filter(([a, b]) => b > a);
  if (trimmed.length === 0) return [text];
  const out: CodedText[] = trimmed.map(([a, b]) => ({ plain: plain.slice(a, b), marks: [] }));
  for (const mark of marks) {
    // The sentence the mark falls in, or the one after the gap it sits in; a closing or standalone token in a gap
    // stays with the sentence before.
    let k = trimmed.findIndex(([, end]) => mark.at < end);
    if (k < 0) k = trimmed.length - 1;
    else if (k > 0 && !mark.opening && mark.at <= trimmed[k]![0]) k--;
    const [a, b] = trimmed[k]!;
    out[k]!.marks.push({ ...mark, at: Math.min(Math.max(mark.at - a, 0), b - a) });
  }
  return out;
}
