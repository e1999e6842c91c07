import type { BlockMarkup, DocumentFormat } from '../document';
import { isHanAt, isHanCode } from '../locale';
import { isCjkPunctuationCode } from './characters';

export interface ParagraphBlock {
  kind: 'heading' | 'text';
  /** Markdown heading level (1–6) for headings, null for text. */
  level: number | null;
  text: string;
  /** The block's element, containers and inline codes (HTML and Markdown pages). */
  markup?: BlockMarkup;
  /** 1-based line of the file where the block starts (HTML pages), for messages; not stored. */
  line?: number | null;
}

/** CRLF and lone CR become LF; a leading byte-order mark goes. */
export function normaliseNewlines(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, '\n');
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * A CommonMark ATX heading: up to 3 spaces, 1–6 #s, then a space or the end of the line; an
 * optional closing run of #s preceded by a space is not part of the text. By hand: the pattern
 * `(.*?)(?:[ \t]+#+)?[ \t]*$` retried its tail at every character (quadratic on long lines).
 */
export function atxHeading(line: string): { level: number; text: string } | null {
  let i = 0;
  while (i < 3 && line[i] === ' ') i++;
  let level = 0;
  while (line[i + level] === '#') level++;
  if (level < 1 || level > 6) return null;
  i += level;
  if (i < line.length && !isBlank(line[i])) return null;
  let end = line.length;
  while (end > i && isBlank(line[end - 1])) end--;
  let hashes = end;
  while (hashes > i && line[hashes - 1] === '#') hashes--;
  if (hashes < end && (hashes === i || isBlank(line[hashes - 1]))) end = hashes;
  while (end > i && isBlank(line[end - 1])) end--;
  while (i < end && isBlank(line[i])) i++;
  return { level, text: line.slice(i, end) };
}
// Setext underline (=== for level 1, --- for level 2) directly under paragraph text.
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
// A thematic break (---, ***, ___) is layout, not text.
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

function isCjkJoinCode(code: number): boolean {
  return isHanCode(code) || isCjkPunctuationCode(code);
}

/** Curly quotes, ellipsis, dashes and the middle dot sit between Han characters without spaces too. */
function isCjkNeutralCode(code: number): boolean {
  return code === 0x201c || code === 0x201d || code === 0x2018 || code === 0x2019 || code === 0x2026 || code === 0x2014 || code === 0x00b7;
}

/**
 * Joins the lines of one paragraph. A line break is a space in English, but nothing between
 * Chinese characters, where a space would be a visible error.
 */
export function joinLines(lines: readonly string[]): string {
  let result = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (result === '') {
      result = line;
      continue;
    }
    const left = result.charCodeAt(result.length - 1);
    const right = line.charCodeAt(0);
    const leftHan = isCjkJoinCode(left) || isHanAt(result, result.length - 1);
    const rightHan = isCjkJoinCode(right);
    const joinTight = (leftHan && (rightHan || isCjkNeutralCode(right))) || (rightHan && isCjkNeutralCode(left));
    result += joinTight ? line : ' ' + line;
  }
  return result;
}

/**
 * Splits a document into paragraphs: blank-line separated blocks, and in Markdown also ATX and
 * setext headings, which are paragraphs of their own even without blank lines around them.
 * Plain text has no headings: a short first line is still just a paragraph.
 */
export function splitParagraphs(text: string, format: DocumentFormat): ParagraphBlock[] {
  const lines = normaliseNewlines(text).split('\n');
  const blocks: ParagraphBlock[] = [];
  let pending: string[] = [];

  const flush = (): void => {
    const joined = joinLines(pending);
    if (joined !== '') blocks.push({ kind: 'text', level: null, text: joined });
    pending = [];
  };
  const pushHeading = (level: number, headingText: string): void => {
    const trimmed = headingText.trim();
    if (trimmed !== '') blocks.push({ kind: 'heading', level, text: trimmed });
  };

  for (const line of lines) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (format === 'markdown') {
      const atx = atxHeading(line);
      if (atx) {
        flush();
        pushHeading(atx.level, atx.text);
        continue;
      }
      const hasText = pending.some((l) => l.trim() !== '');
      const setext = SETEXT_UNDERLINE.exec(line);
      if (setext && hasText) {
        const headingText = joinLines(pending);
        pending = [];
        pushHeading(setext[1]!.startsWith('=') ? 1 : 2, headingText);
        continue;
      }
      if (THEMATIC_BREAK.test(line)) {
        flush();
        continue;
      }
    }
    pending.push(line);
  }
  flush();
  return blocks;
}
