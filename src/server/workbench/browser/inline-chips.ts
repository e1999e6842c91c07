/**
 * Inline codes in the review editor (#15): the `{bpt:1}` … `{ept:1}` / `{ph:2}` tokens of a
 * segment shown as compact chips (⟨1 … 1⟩, ⟨2⟩), never as raw markup; and keys to insert the
 * source's codes into a target and to move a code by one character. Text stays text: chips are
 * built with text nodes only.
 */

// Linear: a fixed prefix, then a run of characters that cannot be a brace or a space.
const TOKEN = /\{\/?(ph|bpt|ept|it|hi|x|bx|ex|g|pc|sc|ec):([^{}\s]+)\}/g;

interface Token { raw: string; kind: string; id: string; closing: boolean; start: number; end: number }

export function codeTokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(new RegExp(TOKEN.source, 'g'))) {
    const slash = m[0][1] === '/';
    out.push({ raw: m[0], kind: m[1]!, id: m[2]!, closing: slash || m[1] === 'ept' || m[1] === 'ec' || m[1] === 'ex', start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The chip's label: ⟨1 opens code 1, 1⟩ closes it, ⟨2⟩ is a standalone code. */
export function chipLabel(token: Pick<Token, 'kind' | 'id' | 'closing'>): string {
  const paired = ['bpt', 'ept', 'g', 'pc', 'sc', 'ec', 'bx', 'ex', 'hi'].includes(token.kind);
  if (!paired) return `⟨${token.id}⟩`;
  return token.closing ? `${token.id}⟩` : `⟨${token.id}`;
}

function chipFor(token: Token, title = token.raw): HTMLElement {
  const chip = document.createElement('span');
  chip.className = `wb-chip wb-chip-${token.closing ? 'close' : token.kind === 'ph' ? 'ph' : 'open'}`;
  chip.title = title;
  chip.dataset.token = token.raw;
  chip.textContent = chipLabel(token);
  return chip;
}

/** Text with its code tokens as chips (span.wb-chip, the token itself in title and data-token). */
export function chipped(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const token of codeTokens(text)) {
    if (token.start > last) fragment.appendChild(document.createTextNode(text.slice(last, token.start)));
    fragment.appendChild(chipFor(token));
    last = token.end;
  }
  if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
  return fragment;
}

/** An element an inline code stands for (the unit JSON's `codes`: allowlisted tags and attributes only). */
export interface CodeElement {
  id: string;
  tag: string;
  paired: boolean;
  attributes: Record<string, string>;
}

/** A run of text and how to mark it (a finding's span), for the rendered preview. */
export type MarkText = (parent: Node, start: number, end: number) => void;

const RENDERED = new Set(['strong', 'em', 'b', 'i', 'code', 'sup', 'sub', 'span']);

/**
 * The element of a paired code, for the preview: the allowlist's inline tags as themselves, a
 * link as an `a` without href (its target in the title: the preview never navigates), only
 * lang, dir and title kept. Built with createElement and setAttribute, never from markup.
 */
function elementFor(code: CodeElement): HTMLElement {
  const element = document.createElement(code.tag === 'a' ? 'a' : RENDERED.has(code.tag) ? code.tag : 'span');
  element.classList.add('wb-rendered-code');
  if (code.tag === 'a') element.classList.add('wb-preview-link');
  const { lang, dir, title, href } = code.attributes;
  if (lang) element.setAttribute('lang', lang);
  if (dir === 'ltr' || dir === 'rtl' || dir === 'auto') element.setAttribute('dir', dir);
  const tip = [href, title].filter(Boolean).join(' — ');
  if (tip) element.title = tip;
  return element;
}

/**
 * A segment rendered as its markup says (bold as bold, a link as a link, a line break as one),
 * the chips still in place so the translator sees where each code sits. Paired codes stay well
 * nested whatever order the target's tokens come in (as the published page renders them); a
 * token with no element stays a chip only. `mark` writes each run of text (finding spans).
 */
export function renderedSegment(text: string, codes: readonly CodeElement[], mark: MarkText): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const byId = new Map(codes.map((c) => [c.id, c]));
  const open: Array<{ code: CodeElement; element: HTMLElement }> = [];
  const parent = (): Node => open[open.length - 1]?.element ?? fragment;
  let last = 0;
  for (const token of codeTokens(text)) {
    if (token.start > last) mark(parent(), last, token.start);
    last = token.end;
    const code = byId.get(token.id);
    if (!code || code.paired === (token.kind === 'ph' || token.kind === 'x')) {
      parent().appendChild(chipFor(token));
      continue;
    }
    if (!code.paired) {
      const label = code.attributes.alt ?? code.attributes.src ?? code.tag;
      parent().appendChild(chipFor(token, `${token.raw} <${code.tag}> ${label}`));
      if (code.tag === 'br') parent().appendChild(document.createElement('br'));
      continue;
    }
    const at = open.findIndex((o) => o.code === code);
    if (!token.closing) {
      if (at >= 0) { parent().appendChild(chipFor(token)); continue; }
      const element = elementFor(code);
      parent().appendChild(element);
      open.push({ code, element });
      element.appendChild(chipFor(token));
      continue;
    }
    if (at < 0) { parent().appendChild(chipFor(token)); continue; }
    // Closing a code that is not innermost closes the inner ones and opens them again after it.
    const inner = open.splice(at);
    inner[0]!.element.appendChild(chipFor(token));
    for (const again of inner.slice(1)) {
      const element = elementFor(again.code);
      parent().appendChild(element);
      open.push({ code: again.code, element });
    }
  }
  if (last < text.length) mark(parent(), last, text.length);
  return fragment;
}

/** The source's next code token the target does not hold yet (in source order), or null. */
export function nextMissingCode(source: string, target: string): string | null {
  const have = new Map<string, number>();
  for (const t of codeTokens(target)) have.set(t.raw, (have.get(t.raw) ?? 0) + 1);
  for (const t of codeTokens(source)) {
    const n = have.get(t.raw) ?? 0;
    if (n === 0) return t.raw;
    have.set(t.raw, n - 1);
  }
  return null;
}

/**
 * Moves the code token touching the cursor (ending at it, else starting at it) one character
 * left or right, over text only; returns the new text and cursor, or null when there is none.
 */
export function moveCode(text: string, cursor: number, direction: -1 | 1): { text: string; cursor: number } | null {
  const token = codeTokens(text).find((t) => t.end === cursor) ?? codeTokens(text).find((t) => t.start === cursor);
  if (!token) return null;
  if (direction < 0) {
    if (token.start === 0) return null;
    const before = text.slice(0, token.start - 1);
    const ch = text[token.start - 1]!;
    const moved = before + token.raw + ch + text.slice(token.end);
    return { text: moved, cursor: cursor === token.end ? token.end - 1 : token.start - 1 };
  }
  if (token.end >= text.length) return null;
  const ch = text[token.end]!;
  const moved = text.slice(0, token.start) + ch + token.raw + text.slice(token.end + 1);
  return { text: moved, cursor: cursor === token.end ? token.end + 1 : token.start + 1 };
}

/**
 * Keys on the target textarea: Alt+. inserts the source's next missing code at the cursor;
 * Alt+Shift+← / → moves the code at the cursor by one character. `changed` runs after each.
 */
export function attachCodeKeys(textarea: HTMLTextAreaElement, source: string, changed: () => void): void {
  textarea.addEventListener('keydown', (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === '.' && !event.shiftKey) {
      const token = nextMissingCode(source, textarea.value);
      if (!token) return;
      event.preventDefault();
      const at = textarea.selectionStart;
      textarea.setRangeText(token, at, textarea.selectionEnd, 'end');
      changed();
    } else if (event.shiftKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      const moved = moveCode(textarea.value, textarea.selectionStart, event.key === 'ArrowLeft' ? -1 : 1);
      if (!moved) return;
      event.preventDefault();
      textarea.value = moved.text;
      textarea.setSelectionRange(moved.cursor, moved.cursor);
      changed();
    }
  });
}
