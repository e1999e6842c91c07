import { INLINE_CODE_TOKEN } from '../document';
import type { Term } from '../termbase';

/** Replaces inline-code tokens ({ph:1}) with spaces (or `fill`) of the same length, so offsets stay true. */
export function maskInlineCodes(text: string, fill = ' '): string {
  return text.replace(new RegExp(INLINE_CODE_TOKEN.source, 'g'), (m) => fill.repeat(m.length));
}

/** A term quoted for a message: “Hong Kong”. */
export function quote(text: string): string {
  return `“${text}”`;
}

/** The terms a translator should use, preferred first: “A” (or the admitted “B”). */
export function describeAllowed(terms: readonly Term[]): string {
  const preferred = terms.filter((t) => t.status === 'preferred').map((t) => quote(t.text));
  const admitted = terms.filter((t) => t.status === 'admitted').map((t) => quote(t.text));
  if (preferred.length === 0) return admitted.join(' or ');
  const main = preferred.join(' or ');
  return admitted.length ? `${main} (or the admitted ${admitted.join(', ')})` : main;
}
