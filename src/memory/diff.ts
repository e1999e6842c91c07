/**
 * What changed between a match's source and the query, for the translator to see: word level
 * for English, character level for Chinese (the tokeniser's units). Tokens compare by their
 * normalised key, and numbers by value, so a changed number shows as a delete plus an insert.
 */
import { tokenize, type Token } from './normalise';

export interface DiffOp {
  /** `delete`: in the match's source but not in the query; `insert`: in the query only. */
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

// Beyond this many DP cells the changed middle is shown as one replace (segments that long
// are not fuzzy matches anyway).
const MAX_CELLS = 4_000_000;

function diffKey(t: Token): string {
  return t.number !== null ? `#${t.number}` : t.key;
}

/** The text of token i, with the whitespace up to the next token (the first one from 0). */
function piece(text: string, tokens: readonly Token[], i: number): string {
  const start = i === 0 ? 0 : tokens[i].start;
  const end = i + 1 < tokens.length ? tokens[i + 1].start : text.length;
  return text.slice(start, end);
}

/**
 * Diff of the match's source against the query. Concatenating the `equal` and `delete` texts
 * gives the match's source back exactly.
 */
export function diffSegments(
  sourceText: string, sourceTokens: readonly Token[],
  queryText: string, queryTokens: readonly Token[],
): DiffOp[] {
  const a = sourceTokens.map(diffKey);
  const b = queryTokens.map(diffKey);
  const n = a.length;
  const m = b.length;
  let pre = 0;
  while (pre < n && pre < m && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < n - pre && suf < m - pre && a[n - 1 - suf] === b[m - 1 - suf]) suf++;

  // Edit script as a sequence of 'e' | 'd' | 'i' over the middle.
  const script: Array<'e' | 'd' | 'i'> = [];
  const an = n - pre - suf;
  const bm = m - pre - suf;
  if (an > 0 && bm > 0 && an * bm <= MAX_CELLS) {
    // LCS table over the middle, filled from the end so the walk goes forwards.
    const w = bm + 1;
    const lcs = new Uint32Array((an + 1) * w);
    for (let i = an - 1; i >= 0; i--) {
      for (let j = bm - 1; j >= 0; j--) {
        lcs[i * w + j] = a[pre + i] === b[pre + j]
          ? lcs[(i + 1) * w + j + 1] + 1
          : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < an && j < bm) {
      if (a[pre + i] === b[pre + j]) { script.push('e'); i++; j++; } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) { script.push('d'); i++; } else { script.push('i'); j++; }
    }
    while (i++ < an) script.push('d');
    while (j++ < bm) script.push('i');
  } else {
    for (let i = 0; i < an; i++) script.push('d');
    for (let j = 0; j < bm; j++) script.push('i');
  }

  const ops: DiffOp[] = [];
  const push = (op: DiffOp['op'], text: string): void => {
    if (text === '') return;
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += text;
    else ops.push({ op, text });
  };
  let ai = 0;
  let bi = 0;
  for (let k = 0; k < pre; k++) { push('equal', piece(sourceText, sourceTokens, ai++)); bi++; }
  // Within a changed stretch, all deletes come before all inserts: a replace reads as one.
  let dels = '';
  let ins = '';
  const flush = (): void => { push('delete', dels); push('insert', ins); dels = ''; ins = ''; };
  for (const s of script) {
    if (s === 'e') { flush(); push('equal', piece(sourceText, sourceTokens, ai++)); bi++; } else if (s === 'd') dels += piece(sourceText, sourceTokens, ai++);
    else ins += piece(queryText, queryTokens, bi++);
  }
  flush();
  for (let k = 0; k < suf; k++) push('equal', piece(sourceText, sourceTokens, ai++));
  // A source with no tokens (only whitespace) still gives its text back.
  if (n === 0 && sourceText !== '') ops.unshift({ op: 'delete', text: sourceText });
  return ops;
}

/**
 * What changed in a source segment, for the translator of its outdated translation: word level
 * for English, character level for Chinese. `delete` is in the old text only, `insert` in the new.
 */
export function sourceChange(before: string, after: string): DiffOp[] {
  return diffSegments(before, tokenize(before), after, tokenize(after));
}
