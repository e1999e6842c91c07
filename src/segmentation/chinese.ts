import {
  CLOSING_MARKS,
  PAIRS,
  isLatinLetterCode,
  isAsciiDigitCode,
  isWhitespaceCode,
  isCjkPunctuationCode,
  isCloser,
  isDigitCode,
  isOpener,
  skipWhitespace,
} from './characters';
import { isHanAt } from '../locale';
import { englishBoundaries } from './english';

/**
 * Chinese sentence boundaries, by rule. ICU's sentence rules (UAX #29) do not fit Chinese: they
 * do not end a sentence at ；, treat …… as ordinary punctuation, and attach an opening “ that
 * follows 。 to the sentence before it. So Chinese is one linear scan with these rules:
 * a sentence ends after a run of stops (。！？；． and ……) together with the closing quotes and
 * brackets that follow it, unless that leaves us inside a quotation that continues.
 */

// Character classes by UTF-16 code unit, looked up in one table: the scan visits every
// character of every Chinese document.
const STRONG = 1; // 。！？；．｡
const ELLIPSIS = 2; // … ⋯
const HALF_WIDTH = 4; // ! ? ; . — stops only between Han characters (Chinese typed in ASCII)
const CLOSER = 8; // closing quotes and brackets, which stay with the sentence they follow
const STOP = STRONG | ELLIPSIS | HALF_WIDTH;

const CLASSES = new Uint8Array(0x10000);
for (const ch of '。！？；．｡') CLASSES[ch.charCodeAt(0)]! |= STRONG;
for (const ch of '…⋯') CLASSES[ch.charCodeAt(0)]! |= ELLIPSIS;
for (const ch of '!?;.') CLASSES[ch.charCodeAt(0)]! |= HALF_WIDTH;
// The closers are a short list: mark them, rather than asking for each of the 65,536 code units.
for (const ch of CLOSING_MARKS) if (ch.length === 1) CLASSES[ch.charCodeAt(0)]! |= CLOSER;

function isStopCode(code: number): boolean {
  return (CLASSES[code]! & STOP) !== 0;
}

function isCloserCode(code: number): boolean {
  return (CLASSES[code]! & CLOSER) !== 0;
}

/** Han, or CJK punctuation: the left side of a half-width stop used as a Chinese stop. */
function isChineseBefore(text: string, index: number): boolean {
  if (index < 0) return false;
  if (isHanAt(text, index)) return true;
  const code = text.charCodeAt(index);
  return isCjkPunctuationCode(code) || code === 0x201d || code === 0x2019;
}

/** Han, or an opening CJK quote/bracket (after optional whitespace): the right side. */
function isChineseAfter(text: string, index: number): boolean {
  const i = skipWhitespace(text, index);
  if (i >= text.length) return true;
  if (isHanAt(text, i)) return true;
  const ch = text[i]!;
  return ch === '“' || ch === '‘' || (isOpener(ch) && isCjkPunctuationCode(ch.charCodeAt(0)));
}

/**
 * For each opening quote or bracket, the index of its closing partner (or -1 when it has none),
 * so that an unbalanced quote cannot swallow the rest of the paragraph.
 */
const OPEN_OF_CLOSE = new Map<number, number>();
const IS_PAIR_OPEN = new Uint8Array(0x10000);
for (const [open, close] of PAIRS) {
  OPEN_OF_CLOSE.set(close.charCodeAt(0), open.charCodeAt(0));
  IS_PAIR_OPEN[open.charCodeAt(0)] = 1;
}

function matchPairs(text: string): Map<number, number> {
  const stack: number[] = []; // indices of openers not yet closed
  const matches = new Map<number, number>();
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (IS_PAIR_OPEN[code] === 1) {
      stack.push(i);
      continue;
    }
    if (stack.length === 0 || (CLASSES[code]! & CLOSER) === 0) continue;
    const open = OPEN_OF_CLOSE.get(code);
    if (open === undefined) continue;
    // Pop to the nearest matching opener; openers above it were never closed.
    for (let s = stack.length - 1; s >= 0; s--) {
      if (text.charCodeAt(stack[s]!) === open) {
        matches.set(stack[s]!, i);
        stack.length = s;
        break;
      }
    }
  }
  return matches;
}

/** Whether the stop run beginning at `i` really is one (not a decimal point, not Latin). */
function startsStopRun(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code === 0xff0e || code === 0x2e) {
    // 5.1亿, ５．１: a decimal point.
    if (i > 0 && isDigitCode(text.charCodeAt(i - 1)) && isDigitCode(text.charCodeAt(i + 1))) return false;
  }
  if ((CLASSES[code]! & (STRONG | ELLIPSIS)) !== 0) return true;
  if (code === 0x2e && text.startsWith('...', i)) return isChineseBefore(text, i - 1);
  // ASCII ! ? ; . only between Chinese text: "U.S.", "Node.js", "Yahoo!" stay whole.
  return isChineseBefore(text, i - 1) && isChineseAfter(text, runEnd(text, i));
}

/** The end of the stop run starting at i, with the closing quotes/brackets after it. */
function runEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && isStopCode(text.charCodeAt(j))) j++;
  while (j < text.length && isCloserCode(text.charCodeAt(j))) j++;
  return j;
}

/** An ellipsis run: …, ……, ⋯⋯, or three or more ASCII dots, and nothing else. */
function isEllipsisOnly(stops: string): boolean {
  return stops.replace(/[…⋯]+|\.{3,}/g, '') === '';
}

// A Latin sentence end followed by a capital: an English sentence inside Chinese text.
const LATIN_SENTENCE_END = /[A-Za-z0-9\u00c0-\u024f][.!?…]+['"”’)\]]*\s+['"“‘([]?[A-Z\u00c0-\u00de]/g;

/** Whether an English boundary at b has Latin text on both sides. */
function betweenLatin(text: string, b: number): boolean {
  let k = b;
  while (k > 0 && isWhitespaceCode(text.charCodeAt(k - 1))) k--;
  while (k > 0 && isCloser(text[k - 1]!)) k--;
  const stopEnd = k;
  while (k > 0 && '.!?…'.includes(text[k - 1]!)) k--;
  if (k === stopEnd || k === 0) return false;
  const before = text.charCodeAt(k - 1);
  if (!isLatinLetterCode(before) && !isAsciiDigitCode(before)) return false;
  let next = b;
  while (next < text.length && isOpener(text[next]!)) next++;
  return next < text.length && isLatinLetterCode(text.charCodeAt(next));
}

/**
 * Boundaries between English sentences embedded in a Chinese paragraph ("… Hello world. Bye
 * now. …"), by the English rules, kept only where Latin text stands on both sides. The English
 * rules run only over the stretch without Han around each candidate, not the whole paragraph.
 */
function latinBoundaries(text: string): number[] {
  const found: number[] = [];
  LATIN_SENTENCE_END.lastIndex = 0;
  let covered = 0;
  for (let m = LATIN_SENTENCE_END.exec(text); m; m = LATIN_SENTENCE_END.exec(text)) {
    if (m.index < covered) continue;
    let from = m.index;
    while (from > 0 && !isHanAt(text, from - 1)) from--;
    let to = m.index + m[0].length;
    while (to < text.length && !isHanAt(text, to)) to++;
    const stretch = text.slice(from, to);
    for (const b of englishBoundaries(stretch)) if (betweenLatin(text, from + b)) found.push(from + b);
    covered = to;
    LATIN_SENTENCE_END.lastIndex = to;
  }
  return found;
}

/** Boundaries (offsets into `text`, excluding 0 and text.length) of Chinese sentences. */
export function chineseBoundaries(text: string): number[] {
  const pairs = matchPairs(text);
  const boundaries: number[] = [];
  // Closing indices of the quotations we are inside, innermost last.
  const open: number[] = [];
  const latin = latinBoundaries(text);
  let nextLatin = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (nextLatin < latin.length) {
      while (nextLatin < latin.length && latin[nextLatin]! < i) nextLatin++;
      if (latin[nextLatin] === i && open.length === 0) boundaries.push(i);
    }
    if (open.length > 0 && open[open.length - 1] === i) {
      open.pop();
      i++;
      continue;
    }
    if (IS_PAIR_OPEN[code] === 1) {
      const close = pairs.get(i);
      if (close !== undefined) open.push(close);
      i++;
      continue;
    }
    if (!isStopCode(code) || !startsStopRun(text, i)) {
      i++;
      continue;
    }
    // The run: stops (mixed full- and half-width, ellipses), then closing quotes/brackets.
    let j = i;
    while (j < text.length && isStopCode(text.charCodeAt(j))) j++;
    const ellipsis = isEllipsisOnly(text.slice(i, j));
    let closedQuotation = false;
    while (j < text.length && isCloserCode(text.charCodeAt(j))) {
      if (open.length > 0 && open[open.length - 1] === j) {
        open.pop();
        closedQuotation = true;
      }
      j++;
    }
    i = j;
    if (j >= text.length) break;
    if (open.length > 0) continue; // inside a quotation that goes on
    if (ellipsis && !closedQuotation) {
      // Chinese puts no space between sentences (a space after …… is typography), so an
      // ellipsis ends a sentence only where a quotation closes or a new one opens:
      // "我想……算了。" is one sentence, "他犹豫了……“好吧。”" two.
      const next = skipWhitespace(text, j);
      if (next >= text.length) break;
      if (!'“「『‘'.includes(text[next]!)) continue;
    }
    boundaries.push(j);
  }
  return boundaries;
}
