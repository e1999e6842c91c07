/**
 * Inline codes across formats. In unit text a code is a token `{kind:id}` (`{/kind:id}` closes a
 * paired one); `InlineCode.native` keeps the markup as the file had it, so the same format
 * writes it back unchanged and another format can still recover the original code.
 */
import { INLINE_CODE_TOKEN, type InlineCode } from '../document';

export type CodeKind = InlineCode['kind'];

/** Collects the codes of one segment and hands out ids that do not collide. */
export class CodeCollector {
  readonly codes: InlineCode[] = [];
  private auto = 0;
  nextId(): string {
    return `a${++this.auto}`;
  }
  add(code: InlineCode): void {
    this.codes.push(code);
  }
}

/** Codes of source and target together, each kind:id once (source first). */
export function mergeCodes(...lists: InlineCode[][]): InlineCode[] {
  const seen = new Set<string>();
  const out: InlineCode[] = [];
  for (const list of lists) {
    for (const c of list) {
      const k = `${c.kind}:${c.id}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(c);
    }
  }
  return out;
}

export interface TextPiece { text: string }
export interface CodePiece { kind: CodeKind; id: string; closing: boolean; code: InlineCode | undefined; raw: string }

/** Splits unit text into plain text and code tokens (a token with no known code stays text). */
export function splitInline(text: string, codes: readonly InlineCode[]): Array<TextPiece | CodePiece> {
  const byKey = new Map(codes.map((c) => [`${c.kind}:${c.id}`, c] as const));
  const pieces: Array<TextPiece | CodePiece> = [];
  const re = new RegExp(INLINE_CODE_TOKEN.source, 'g');
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m.index > last) pieces.push({ text: text.slice(last, m.index) });
    const closing = m[0][1] === '/';
    const kind = m[1] as CodeKind;
    const code = byKey.get(`${kind}:${m[2]}`);
    if (!code && !closing) pieces.push({ text: m[0] });
    else pieces.push({ kind, id: m[2], closing, code, raw: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

export function isCode(p: TextPiece | CodePiece): p is CodePiece {
  return 'kind' in p;
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/**
 * The original document code behind a native element: TMX `<bpt>`/`<ept>`/`<ph>`/`<it>`/`<ut>`
 * and XLIFF 1.2 `<bpt>`… carry it as escaped text; anything else is its own code.
 */
export function originalCode(native: string): string {
  const m = /^<(bpt|ept|ph|it|ut)\b[^>]*>([\s\S]*)<\/\1>$/.exec(native);
  if (m) return unescapeXml(m[2].replace(/<\/?sub\b[^>]*>/g, ''));
  return native;
}
