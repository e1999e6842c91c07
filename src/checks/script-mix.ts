import type * as OpenCCModule from 'opencc-js';
import type { Check, Finding } from './types';
import { simplifiedOnly, traditionalOnly } from './script-sets';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: start-up stays fast
const OpenCC = (): typeof OpenCCModule => require('opencc-js') as typeof OpenCCModule;

let toSimplified: ((s: string) => string) | undefined;
let toTraditional: ((s: string) => string) | undefined;
/** Distinct runs per text that get a conversion hint in their message. */
const MAX_HINTS = 64;

/** Traditional characters in Simplified Chinese text, or Simplified ones in Traditional. */
export const scriptMix: Check = {
  id: 'script-mix',
  severity: 'error',
  description: 'The target mixes scripts: Traditional characters in zh-Hans, or Simplified ones in zh-Hant.',
  run(unit) {
    const locale = unit.targetLocale;
    if (locale === 'en') return [];
    const wrong = locale === 'zh-Hans' ? traditionalOnly : simplifiedOnly;
    const text = unit.targetText;
    const findings: Finding[] = [];
    // A hint costs a converter call; a hostile text can hold thousands of runs, so hints are
    // computed once per distinct run and for the first few dozen runs only.
    const hints = new Map<string, string>();
    // One finding per run of wrong-script characters (a converted phrase pasted whole).
    let i = 0;
    while (i < text.length) {
      const cp = text.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(cp);
      if (!wrong(ch)) {
        i += ch.length;
        continue;
      }
      let end = i + ch.length;
      while (end < text.length) {
        const next = String.fromCodePoint(text.codePointAt(end) ?? 0);
        if (!wrong(next)) break;
        end += next.length;
      }
      const run = text.slice(i, end);
      const [wrongName, rightName] = locale === 'zh-Hans' ? ['Traditional', 'Simplified'] : ['Simplified', 'Traditional'];
      const convert =
        locale === 'zh-Hans'
          ? (toSimplified ??= OpenCC().Converter({ from: 'hk', to: 'cn' }))
          : (toTraditional ??= OpenCC().Converter({ from: 'cn', to: 'hk' }));
      let fixed = hints.get(run);
      if (fixed === undefined && hints.size < MAX_HINTS) {
        fixed = convert(run);
        hints.set(run, fixed);
      }
      const hint = fixed !== undefined && fixed !== run ? ` (${rightName}: ${fixed})` : '';
      findings.push({
        checkId: scriptMix.id,
        severity: scriptMix.severity,
        message: `${wrongName} characters ${run} in ${locale} text${hint}.`,
        span: { side: 'target', start: i, end },
      });
      i = end;
    }
    return findings;
  },
};
