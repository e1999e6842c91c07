import { INLINE_CODE_TOKEN, type InlineCode } from '../document';
import type { Check, Finding } from './types';

/**
 * Inline codes ({ph:1}, {bpt:2} … {ept:2}) and common software placeholders ({0}, {name},
 * {{name}}, %s, %1$d). Inline codes are tried first so they are not also read as {name}.
 */
const PLACEHOLDER = new RegExp(
  `${INLINE_CODE_TOKEN.source}|\\{\\{\\s*[\\w.]+\\s*\\}\\}|\\{[A-Za-z0-9_]+\\}|%(?:\\d+\\$)?[sdif@]`,
  'g',
);

interface Occurrence {
  token: string;
  start: number;
  end: number;
}

function placeholdersIn(text: string): Map<string, Occurrence[]> {
  const found = new Map<string, Occurrence[]>();
  for (const m of text.matchAll(PLACEHOLDER)) {
    const list = found.get(m[0]) ?? [];
    list.push({ token: m[0], start: m.index, end: m.index + m[0].length });
    found.set(m[0], list);
  }
  return found;
}

interface CodeToken { key: string; opening: boolean; closing: boolean; token: string; start: number; end: number }

/** The paired-code tokens of a text: `{bpt:1}`/`{ept:1}`, `{g:1}`/`{/g:1}` (and pc, sc/ec alike). */
function pairedTokens(text: string): CodeToken[] {
  const out: CodeToken[] = [];
  for (const m of text.matchAll(new RegExp(INLINE_CODE_TOKEN.source, 'g'))) {
    const slash = m[0][1] === '/';
    const kind = m[1]!;
    const id = m[2]!;
    let opening = false;
    let closing = false;
    if (kind === 'bpt' || kind === 'bx' || kind === 'sc') opening = true;
    else if (kind === 'ept' || kind === 'ex' || kind === 'ec') closing = true;
    else if (kind === 'g' || kind === 'pc') { opening = !slash; closing = slash; }
    if (!opening && !closing) continue;
    const family = kind === 'g' || kind === 'pc' ? kind : 'pair';
    out.push({ key: `${family}:${id}`, opening, closing, token: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * Paired codes of the target must nest as markup does: a code closed before it opens, or closed
 * while a code opened inside it is still open, breaks the markup it stands for.
 */
function nestingFindings(target: string, source: string): Finding[] {
  const sourceKeys = new Set(pairedTokens(source).map((t) => t.key));
  const findings: Finding[] = [];
  const open: CodeToken[] = [];
  const seenOpen = new Set<string>();
  for (const t of pairedTokens(target)) {
    if (!sourceKeys.has(t.key)) continue; // an added code: named by the count check
    if (t.opening) {
      open.push(t);
      seenOpen.add(t.key);
      continue;
    }
    const at = open.map((o) => o.key).lastIndexOf(t.key);
    if (at < 0) {
      if (!seenOpen.has(t.key)) {
        findings.push({
          checkId: placeholders.id, severity: placeholders.severity,
          message: `${t.token} closes a code before it is opened: keep the code's text between its opening and closing token.`,
          span: { side: 'target', start: t.start, end: t.end },
        });
      }
      continue;
    }
    if (at < open.length - 1) {
      const inner = open[open.length - 1]!;
      findings.push({
        checkId: placeholders.id, severity: placeholders.severity,
        message: `${t.token} closes while ${inner.token}, opened inside it, is still open: the codes overlap instead of nesting.`,
        span: { side: 'target', start: t.start, end: t.end },
      });
    }
    open.splice(at, 1);
  }
  return findings;
}

/** A link code with no text between its tokens: readers would get an empty, invisible link. */
function emptyLinkFindings(target: string, codes: readonly InlineCode[]): Finding[] {
  const links = new Set(codes.filter((c) => c.kind === 'bpt' && /^<a[\s>]/i.test(c.native)).map((c) => c.id));
  if (links.size === 0) return [];
  const findings: Finding[] = [];
  const starts = new Map<string, number>();
  const re = new RegExp(INLINE_CODE_TOKEN.source, 'g');
  for (const m of target.matchAll(re)) {
    const id = m[2]!;
    if (!links.has(id)) continue;
    if (m[1] === 'bpt') starts.set(id, m.index + m[0].length);
    else if (m[1] === 'ept' && starts.has(id)) {
      const inside = target.slice(starts.get(id)!, m.index).replace(re, '');
      if (!/[\p{L}\p{N}]/u.test(inside)) {
        findings.push({
          checkId: placeholders.id, severity: placeholders.severity,
          message: `The link {bpt:${id}}…{ept:${id}} has no text: put the words of the link between its two tokens.`,
          span: { side: 'target', start: starts.get(id)! - `{bpt:${id}}`.length, end: m.index + m[0].length },
        });
      }
      starts.delete(id);
    }
  }
  return findings;
}

/** Placeholders and inline codes must come through translation: none lost, none added, nesting kept, links not emptied. */
export const placeholders: Check = {
  id: 'placeholders',
  severity: 'error',
  description: 'A placeholder or inline code of the source is missing from the target, was added, or breaks the nesting of the markup; a link has no text.',
  run(unit) {
    if (unit.targetText.trim() === '') return [];
    const source = placeholdersIn(unit.sourceText);
    const target = placeholdersIn(unit.targetText);
    const findings: Finding[] = [];
    for (const [token, occurrences] of source) {
      const inTarget = target.get(token)?.length ?? 0;
      // Each surplus occurrence is one finding, pointing at the first one not matched.
      for (const o of occurrences.slice(inTarget)) {
        findings.push({
          checkId: placeholders.id,
          severity: placeholders.severity,
          message: `${token} is missing from the target${occurrences.length > 1 ? ` (the source has it ${occurrences.length} times)` : ''}.`,
          span: { side: 'source', start: o.start, end: o.end },
        });
      }
    }
    for (const [token, occurrences] of target) {
      const inSource = source.get(token)?.length ?? 0;
      for (const o of occurrences.slice(inSource)) {
        findings.push({
          checkId: placeholders.id,
          severity: placeholders.severity,
          message: `${token} is in the target but not ${inSource ? `${occurrences.length} times ` : ''}in the source.`,
          span: { side: 'target', start: o.start, end: o.end },
        });
      }
    }
    findings.push(...nestingFindings(unit.targetText, unit.sourceText), ...emptyLinkFindings(unit.targetText, unit.inlineCodes ?? []));
    return findings;
  },
};
