import * as OpenCC from 'opencc-js';
import { isSimplifiedOnly, isTraditionalOnly } from '../locale';

/**
 * Characters written only in Simplified or only in Traditional Chinese, derived from OpenCC's
 * dictionaries at first use (more complete than a hand list). A character the Simplified →
 * Traditional table changes is Simplified-only, unless it also appears in a Traditional phrase
 * or is itself a Traditional character (里 公里, 干 干涉, 后 皇后, 台 台灣): those are valid in both.
 * The mirror rule gives the Traditional-only set; the hand lists in src/locale are added to both.
 */
interface ScriptSets {
  simplifiedOnly: Set<string>;
  traditionalOnly: Set<string>;
}

let sets: ScriptSets | undefined;

function entries(dict: unknown): Array<[string, string[]]> {
  if (typeof dict === 'string') {
    return dict
      .split('|')
      .map((e) => e.split(' '))
      .filter((p) => p.length >= 2)
      .map(([k, ...v]) => [k, v]);
  }
  if (Array.isArray(dict)) return (dict as Array<[string, string]>).map(([k, v]) => [k, [v]]);
  return [];
}

/** Splits a locale preset's dictionary group into phrase entries and character entries. */
function dictionaries(group: readonly (readonly unknown[])[] | undefined): { phrases: Array<[string, string[]]>; chars: Array<[string, string[]]> } {
  const phrases: Array<[string, string[]]> = [];
  const chars: Array<[string, string[]]> = [];
  for (const dicts of group ?? []) {
    for (const dict of dicts) {
      for (const entry of entries(dict)) {
        if (Array.from(entry[0]).length === 1) chars.push(entry);
        else phrases.push(entry);
      }
    }
  }
  return { phrases, chars };
}

function build(): ScriptSets {
  const preset = OpenCC.Locale;
  const st = dictionaries(preset.from.cn); // Simplified → Traditional: STPhrases, STCharacters
  const ts = dictionaries(preset.to.cn); // Traditional → Simplified: TSPhrases, TSCharacters
  const hk = dictionaries(preset.to.hk); // Hong Kong variants

  const traditionalInPhrases = new Set<string>();
  for (const [, values] of st.phrases) for (const v of values) for (const ch of v) traditionalInPhrases.add(ch);
  const simplifiedInPhrases = new Set<string>();
  for (const [, values] of ts.phrases) for (const v of values) for (const ch of v) simplifiedInPhrases.add(ch);
  const traditionalKeys = new Set(ts.chars.map(([k]) => k));
  const simplifiedKeys = new Set(st.chars.map(([k]) => k));

  const simplifiedOnly = new Set<string>();
  for (const [k, values] of st.chars) {
    if (values.every((v) => v === k)) continue;
    if (traditionalInPhrases.has(k) || traditionalKeys.has(k)) continue;
    simplifiedOnly.add(k);
  }
  const candidates = new Set<string>();
  for (const [k, values] of ts.chars) if (values.some((v) => v !== k)) candidates.add(k);
  for (const [k, values] of [...st.chars, ...hk.chars]) for (const v of values) if (v !== k && Array.from(v).length === 1) candidates.add(v);
  const traditionalOnly = new Set<string>();
  for (const ch of candidates) {
    if (simplifiedInPhrases.has(ch) || simplifiedKeys.has(ch) || simplifiedOnly.has(ch)) continue;
    traditionalOnly.add(ch);
  }
  return { simplifiedOnly, traditionalOnly };
}

function scriptSets(): ScriptSets {
  sets ??= build();
  return sets;
}

export function simplifiedOnly(ch: string): boolean {
  return isSimplifiedOnly(ch) || scriptSets().simplifiedOnly.has(ch);
}

export function traditionalOnly(ch: string): boolean {
  return isTraditionalOnly(ch) || scriptSets().traditionalOnly.has(ch);
}
