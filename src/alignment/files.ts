import { alignSentences } from './aligner';
import { formatBead } from './format';
import type { AlignOptions } from './types';

/** One sentence a line: BOM dropped, CRLF/CR accepted, a final newline ends the last line (no extra sentence). */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body === '') return [];
  const lines = body.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * `bitext align --sentences`: aligns two one-sentence-a-line texts and returns one bead a line as
 * `[i,j]:[k]` (0-based line numbers, source first). Empty lines stay sentences so that indices are
 * line numbers; they end up merged into a neighbour or as 1-0 / 0-1 beads.
 */
export function alignSentenceFiles(srcText: string, tgtText: string, options: AlignOptions): string {
  const beads = alignSentences(splitLines(srcText), splitLines(tgtText), options);
  return beads.map((b) => formatBead(b) + '\n').join('');
}
