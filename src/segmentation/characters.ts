/**
 * Character classes used by the paragraph and sentence rules. Tested by UTF-16 code unit for
 * speed: the scanners run over whole documents, and a regex per character costs several times
 * more than a range check.
 */

// "Is Han" lives in locale/ (its one home): isHanCode, isHanAt.

/** CJK symbols and punctuation (、。「」…) and full-width forms (，！？（）). */
export function isCjkPunctuationCode(code: number): boolean {
  return (code >= 0x3000 && code <= 0x303f) || (code >= 0xff00 && code <= 0xff65) || (code >= 0xffe0 && code <= 0xffe6);
}

export function isWhitespaceCode(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x3000 ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0xfeff ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x1680
  );
}

export function isAsciiDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** ASCII or full-width digit. */
export function isDigitCode(code: number): boolean {
  return isAsciiDigitCode(code) || (code >= 0xff10 && code <= 0xff19);
}

export function isLatinLetterCode(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7);
}

const CLOSERS = new Set(Array.from('"\'”’」』）》】〕〉〗〙｣)]}»›'));
/** The closing quotes and brackets, one string each (what isCloser accepts). */
export const CLOSING_MARKS: ReadonlySet<string> = CLOSERS;
const OPENERS = new Set(Array.from('“‘「『（《【〔〈〖〘｢([{«‹'));

/** Closing quotes and brackets: they stay with the sentence whose stop they follow. */
export function isCloser(ch: string): boolean {
  return CLOSERS.has(ch);
}

export function isOpener(ch: string): boolean {
  return OPENERS.has(ch);
}

/** Matched pairs for quotation tracking in Chinese (ASCII quotes are not directional, so absent). */
export const PAIRS: ReadonlyMap<string, string> = new Map([
  ['“', '”'],
  ['‘', '’'],
  ['「', '」'],
  ['『', '』'],
  ['（', '）'],
  ['《', '》'],
  ['【', '】'],
  ['〔', '〕'],
  ['〈', '〉'],
  ['〖', '〗'],
  ['｢', '｣'],
  ['(', ')'],
  ['[', ']'],
]);

/** Index of the first non-whitespace character at or after `from` (text.length when none). */
export function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhitespaceCode(text.charCodeAt(i))) i++;
  return i;
}
