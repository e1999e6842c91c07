import { INLINE_CODE_TOKEN } from '../document';
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

/** Placeholders and inline codes must come through translation: none lost, none added. */
export const placeholders: Check = {
  id: 'placeholders',
  severity: 'error',
  description: 'A placeholder or inline code of the source is missing from the target, or one was added.',
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
    return findings;
  },
};
