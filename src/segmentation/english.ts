import { isHanCode } from '../locale';
import { isCloser, isOpener, isWhitespaceCode, skipWhitespace } from './characters';

/**
 * English sentence boundaries: Intl.Segmenter (ICU, Unicode UAX #29) proposes them, and rules
 * veto the ones ICU gets wrong. ICU already keeps closing quotes and brackets with their
 * sentence, keeps `?!` together, and does not split decimals or a full stop followed by a
 * lowercase word; it does split after every abbreviation and initial followed by a capital.
 */

// Made on first use: building it costs ~30 ms of ICU set-up, which commands that only read a file
// (`bitext align --sentences`) should not pay at start.
let segmenter: Intl.Segmenter | undefined;

/** Abbreviations that (almost) never end a sentence: titles before names, Latin connectives. */
const ALWAYS_CONTINUES = new Set([
  'mr', 'mrs', 'ms', 'messrs', 'mmes', 'dr', 'prof', 'rev', 'fr', 'hon', 'gen', 'lt', 'col', 'capt', 'cmdr',
  'sgt', 'cpl', 'maj', 'adm', 'gov', 'sen', 'rep', 'pres', 'supt', 'insp', 'st', 'mt', 'ft', 'ave', 'blvd',
  'vs', 'cf', 'viz', 'e.g', 'i.e', 'approx', 'ca', 'esp', 'incl', 'resp',
]);

/** Abbreviations before a number: No. 5, p. 12, Fig. 3, Jan. 5. */
const CONTINUES_BEFORE_NUMBER = new Set([
  'no', 'nos', 'nr', 'p', 'pp', 'vol', 'vols', 'fig', 'figs', 'eq', 'eqs', 'ch', 'chap', 'sec', 'sect', 'art',
  'para', 'ref', 'refs', 'tab', 'op',
  // A notice's contact lines: Tel. 0750-…, Fax. …, Ext. 12, Rm. 301.
  'tel', 'fax', 'ext', 'rm',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/**
 * Abbreviations that often end a sentence too ("… a U.S. company." / "… in the U.S. The …").
 * They continue unless the next word is one that typically opens a sentence.
 */
const MAY_END = new Set([
  'inc', 'ltd', 'co', 'corp', 'bros', 'llc', 'plc', 'jr', 'sr', 'etc', 'al', 'dept', 'univ', 'govt', 'assn',
  'v', 'a.m', 'p.m', 'u.s', 'u.k', 'u.n', 'e.u', 'u.s.a', 'ph.d', 'b.a', 'm.a', 'b.sc', 'm.sc', 'd.c',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thurs', 'fri', 'sat', 'sun',
]);

/** Words that commonly open an English sentence (closed-class words and sentence adverbs). */
const SENTENCE_STARTERS = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'it', 'its', 'he', 'she', 'they', 'we', 'i', 'you',
  'his', 'her', 'their', 'our', 'my', 'your', 'there', 'here', 'in', 'on', 'at', 'for', 'but', 'and', 'or',
  'so', 'yet', 'however', 'moreover', 'furthermore', 'meanwhile', 'then', 'thus', 'therefore', 'also', 'as',
  'after', 'before', 'when', 'while', 'if', 'although', 'though', 'since', 'because', 'with', 'by', 'from',
  'to', 'of', 'during', 'according', 'some', 'many', 'most', 'all', 'each', 'every', 'not', 'what', 'why',
  'how', 'where', 'who', 'which', 'such', 'both', 'today', 'now', 'still', 'even', 'only', 'instead',
  'indeed', 'besides', 'again', 'once', 'let', 'do', 'does', 'did', 'is', 'are', 'was', 'were', 'can',
  'could', 'would', 'should', 'will', 'may', 'might', 'must', 'one', 'two', 'three', 'other', 'another',
  'nevertheless', 'nonetheless', 'accordingly', 'consequently', 'hence', 'overall', 'finally', 'first',
  'second', 'next', 'last', 'yes', 'no', 'over', 'under', 'despite', 'until', 'unless', 'whether', 'among',
]);

// ICU's sentence rules look at most to the next letter beyond a stop, so text can be cut at a
// space between two lowercase-led words, or between two Han characters, without changing any
// boundary. Long texts are cut there because ICU's sentence iterator slows down superlinearly
// on very long strings.
const CHUNK = 4096;
const SAFE_CUT = /[a-z,](?=[ \t]+[a-z])|[\u4e00-\u9fff](?=[\u4e00-\u9fff])/g;

function icuBoundaries(text: string, into: number[]): void {
  let start = 0;
  while (start < text.length) {
    let end = text.length;
    let forced = false;
    if (text.length - start > CHUNK * 2) {
      const windowStart = start + CHUNK;
      const window = text.slice(windowStart, windowStart + CHUNK * 2);
      SAFE_CUT.lastIndex = 0;
      const cut = SAFE_CUT.exec(window);
      if (cut) end = windowStart + cut.index + 1;
      else {
        // Pathological text with no safe place ("Dr. Dr. Dr. …"): cut before a word, and let
        // the rules judge that place like any other candidate.
        const space = /\s\S/.exec(window);
        end = windowStart + (space ? space.index + 1 : CHUNK);
        if (text.charCodeAt(end) >= 0xdc00 && text.charCodeAt(end) <= 0xdfff) end++;
        forced = space !== null;
      }
    }
    const chunk = start === 0 && end === text.length ? text : text.slice(start, end);
    segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
    for (const { index } of segmenter.segment(chunk)) if (index > 0) into.push(start + index);
    if (forced && /[.?!…]["'”’)\]]*\s+$/.test(chunk.slice(-64))) into.push(end);
    start = end;
  }
}

/** The stop run and token before a candidate boundary, and the word after it. */
interface BoundaryContext {
  /** The terminal punctuation before any closing quotes/brackets, e.g. ".", "?!", "...", "…". */
  terminal: string;
  /** The word the terminal is attached to, without opening punctuation, e.g. "U.S", "Dr", "J". */
  token: string;
  /** Whether whitespace separates the left side from the right side. */
  spaced: boolean;
  /** The first word on the right side (letters, digits, dots, apostrophes). */
  nextWord: string;
  /** The first character on the right side after any opening punctuation. */
  nextChar: string;
  /** Whether the right side starts with an initial ("A. Hart"), which is no sentence starter. */
  nextIsInitial: boolean;
  /** The whole left side, trimmed, when it is short enough to be a label (else ''). */
  left: string;
}

function contextAt(text: string, boundary: number, leftStart: number): BoundaryContext {
  let end = boundary;
  while (end > leftStart && isWhitespaceCode(text.charCodeAt(end - 1))) end--;
  const spaced = end < boundary;
  // ICU counts opening brackets as closers too ("No.（The" breaks after the bracket).
  while (end > leftStart && (isCloser(text[end - 1]!) || isOpener(text[end - 1]!))) end--;
  let termStart = end;
  while (termStart > leftStart && '.?!…'.includes(text[termStart - 1]!)) termStart--;
  const terminal = text.slice(termStart, end);
  let tokenStart = termStart;
  // Tokens and labels are short; bounding the look-back keeps long unspaced text linear.
  const limit = Math.max(leftStart, termStart - 48);
  while (tokenStart > limit && !isWhitespaceCode(text.charCodeAt(tokenStart - 1))) tokenStart--;
  while (tokenStart < termStart && (isOpener(text[tokenStart]!) || text[tokenStart] === '"' || text[tokenStart] === "'")) tokenStart++;
  const token = text.slice(tokenStart, termStart);

  let next = skipWhitespace(text, boundary);
  while (next < text.length && (isOpener(text[next]!) || text[next] === '"' || text[next] === "'")) next++;
  const nextChar = next < text.length ? text[next]! : '';
  const word = /^[\p{Script=Latin}\p{N}][\p{Script=Latin}\p{N}.'’-]*/u.exec(text.slice(next, next + 40));
  const nextWord = word ? word[0].replace(/[.'’-]+$/, '') : '';
  const nextIsInitial = UPPER.test(nextChar) && text[next + 1] === '.';
  const left = boundary - leftStart <= 64 ? text.slice(leftStart, boundary).trim() : '';
  return { terminal, token, spaced, nextWord, nextChar, nextIsInitial, left };
}

// A numbered-list or caption label standing alone before its text: "2.", "1.2.", "(a).", "IV.",
// "Figure 1.1.", "Table 3.".
const LABEL =
  /^(?:\(?(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]|[IVXLCivxlc]{1,6})\)?\.|(?:figure|fig|table|tab|chapter|ch|section|sec|part|step|article|art|appendix|plate|map|box|exhibit|no)\.? ?(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[A-Z])\.)$/i;
const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
const DIGIT = /^[0-9#]$/;
const INITIAL = /^\p{Lu}$/u;
// Dotted initialisms (U.S, Ph.D, a.k.a); the last dot is the terminal.
const DOTTED = /^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u;

function startsSentence(word: string): boolean {
  return SENTENCE_STARTERS.has(word.toLowerCase());
}

/** Whether an ICU boundary is a real sentence end. */
function keepBoundary(ctx: BoundaryContext): boolean {
  const { terminal, token, spaced, nextWord, nextChar, nextIsInitial, left } = ctx;
  if (terminal === '') return true; // ICU broke on something else (a paragraph separator)
  // "1.1.Radar", "end.Next", "No.===": an English sentence end is followed by a space (or
  // by Chinese, which needs none).
  if (!spaced && nextChar !== '' && !isHanCode(nextChar.charCodeAt(0))) return false;
  // '"What?!" she said.': ICU continues only after a full stop, not after ? or !.
  if (LOWER.test(nextChar) && !terminal.endsWith('.')) return false;
  if (terminal !== '.') return true; // ellipses, ?, !: ICU's rules are right
  // "2. The transfer function …", "Figure 1.1. Radar bands": a label, not a sentence.
  if (LABEL.test(left)) return false;
  const key = token.toLowerCase();
  if (ALWAYS_CONTINUES.has(key)) return false;
  if (CONTINUES_BEFORE_NUMBER.has(key) && DIGIT.test(nextChar)) return false;
  if (MAY_END.has(key) || DOTTED.test(token) || INITIAL.test(token)) {
    return startsSentence(nextWord) && UPPER.test(nextChar) && !nextIsInitial;
  }
  return true;
}

/**
 * ICU treats U+2026 (…) as ordinary punctuation; a capital after "… " starts a new sentence,
 * as it does after "... " in ICU's own rules.
 */
const ELLIPSIS_BREAK = /…[”’"')\]]*[ \t\n]+(?=[“‘"'([]?\p{Lu})/gu;

const LINE_BREAK = /[\n\r\u2028\u2029\u0085]/;
const LINE_BREAKS = /[\n\r\u2028\u2029\u0085]/g;

/** Boundaries (offsets into `text`, excluding 0 and text.length) of English sentences. */
export function englishBoundaries(text: string): number[] {
  // Line breaks are layout inside a paragraph; ICU would treat each as a hard break.
  const flat = LINE_BREAK.test(text) ? text.replace(LINE_BREAKS, ' ') : text;
  const candidates: number[] = [];
  icuBoundaries(flat, candidates);
  if (flat.includes('…')) {
    for (const m of flat.matchAll(ELLIPSIS_BREAK)) candidates.push(m.index + m[0].length);
    candidates.sort((a, b) => a - b);
  }
  const kept: number[] = [];
  let leftStart = 0;
  let previous = -1;
  for (const boundary of candidates) {
    if (boundary === previous || boundary >= flat.length) continue;
    previous = boundary;
    if (keepBoundary(contextAt(flat, boundary, leftStart))) {
      kept.push(boundary);
      leftStart = boundary;
    }
  }
  return kept;
}
