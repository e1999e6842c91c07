import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as OpenCCModule from 'opencc-js';
import { isHan, isSimplifiedOnly, isTraditionalOnly } from '../locale';

/**
 * Characters written only in Simplified or only in Traditional Chinese, derived from OpenCC's
 * dictionaries at first use (more complete than a hand list). A character the Simplified →
 * Traditional table changes is Simplified-only, unless some dictionary also writes it on the
 * Traditional side (里 in 公里, 干 in 干涉, 后 in 皇后): those are valid in both scripts.
 * A character written on the Traditional side and never on the Simplified side is
 * Traditional-only. The hand lists in src/locale are added to both where the dictionaries do not contradict them.
 */
interface ScriptSets {
  simplifiedOnly: Set<string>;
  traditionalOnly: Set<string>;
  simplifiedValid: Set<string>;
  traditionalValid: Set<string>;
}

let sets: ScriptSets | undefined;
/** Phrase entries a character must appear in to count as written in a script. */
const MIN_PHRASES = 5;

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
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only without the build's snapshot
  const preset = (require('opencc-js') as typeof OpenCCModule).Locale;
  const st = dictionaries(preset.from.cn); // Simplified → Traditional: STPhrases, STCharacters
  const ts = dictionaries(preset.to.cn); // Traditional → Simplified: TSPhrases, TSCharacters
  const hk = dictionaries(preset.to.hk); // Hong Kong variants (温, 户)
  const tw = dictionaries(preset.to.tw); // Taiwan variants (群)

  // Every character the dictionaries write on the Traditional side, and on the Simplified side.
  // Character tables count at once; phrases only from a few entries up, because a stray
  // entry or two (广部, the radical's name) would otherwise make 广 Traditional.
  const traditionalValid = new Set<string>();
  const simplifiedValid = new Set<string>();
  const traditionalInPhrases = new Map<string, number>();
  const simplifiedInPhrases = new Map<string, number>();
  const addChars = (set: Set<string>, text: string) => {
    for (const ch of text) set.add(ch);
  };
  const countChars = (counts: Map<string, number>, text: string) => {
    for (const ch of new Set(text)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  };
  for (const [k, values] of st.chars) {
    addChars(simplifiedValid, k);
    for (const v of values) addChars(traditionalValid, v);
  }
  for (const [k, values] of ts.chars) {
    addChars(traditionalValid, k);
    for (const v of values) addChars(simplifiedValid, v);
  }
  for (const [, values] of [...hk.chars, ...tw.chars]) for (const v of values) addChars(traditionalValid, v);
  for (const [k, values] of st.phrases) {
    countChars(simplifiedInPhrases, k);
    for (const v of values) countChars(traditionalInPhrases, v);
  }
  for (const [k, values] of ts.phrases) {
    countChars(traditionalInPhrases, k);
    for (const v of values) countChars(simplifiedInPhrases, v);
  }
  for (const [ch, n] of traditionalInPhrases) if (n >= MIN_PHRASES) traditionalValid.add(ch);
  for (const [ch, n] of simplifiedInPhrases) if (n >= MIN_PHRASES) simplifiedValid.add(ch);

  const simplifiedOnly = new Set<string>();
  for (const [k, values] of st.chars) {
    if (values.every((v) => v === k) || traditionalValid.has(k)) continue;
    simplifiedOnly.add(k);
  }
  const traditionalOnly = new Set<string>();
  for (const ch of traditionalValid) {
    if (simplifiedValid.has(ch) || simplifiedOnly.has(ch) || !isHan(ch)) continue;
    traditionalOnly.add(ch);
  }
  return { simplifiedOnly, traditionalOnly, simplifiedValid, traditionalValid };
}

/** The sets as `npm run build` precomputes them (dist/data/), so a check needs no OpenCC tables. */
export const SCRIPT_SETS_SNAPSHOT = join(__dirname, '..', 'data', 'script-sets.json');
const SNAPSHOT_VERSION = 1;

/** opencc-js's version: a snapshot derived from other dictionaries is not used. */
function openccVersion(): string {
  try {
    const main = require.resolve('opencc-js');
    for (let dir = dirname(main); dir !== dirname(dir); dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'opencc-js') return pkg.version ?? '';
      } catch {
        // no package.json at this level
      }
    }
  } catch {
    // not resolvable: no snapshot matches
  }
  return '?';
}

type Snapshot = { version: number; opencc: string } & Record<keyof ScriptSets, string>;

function readSnapshot(): ScriptSets | null {
  try {
    const snap = JSON.parse(readFileSync(SCRIPT_SETS_SNAPSHOT, 'utf8')) as Snapshot;
    if (snap.version !== SNAPSHOT_VERSION || snap.opencc !== openccVersion()) return null;
    const set = (text: unknown): Set<string> => {
      if (typeof text !== 'string') throw new Error('script-sets snapshot: not a string');
      return new Set(Array.from(text));
    };
    return {
      simplifiedOnly: set(snap.simplifiedOnly), traditionalOnly: set(snap.traditionalOnly),
      simplifiedValid: set(snap.simplifiedValid), traditionalValid: set(snap.traditionalValid),
    };
  } catch {
    return null; // missing or unreadable: derive from the dictionaries
  }
}

/** Writes the snapshot (the build step calls this). */
export function writeScriptSetsSnapshot(path: string = SCRIPT_SETS_SNAPSHOT): void {
  const built = build();
  const text = (set: Set<string>): string => [...set].sort().join('');
  const snap: Snapshot = {
    version: SNAPSHOT_VERSION, opencc: openccVersion(),
    simplifiedOnly: text(built.simplifiedOnly), traditionalOnly: text(built.traditionalOnly),
    simplifiedValid: text(built.simplifiedValid), traditionalValid: text(built.traditionalValid),
  };
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(snap));
  renameSync(temp, path);
}

function scriptSets(): ScriptSets {
  sets ??= readSnapshot() ?? build();
  return sets;
}

// The hand lists are checked against the dictionaries too: Hong Kong writes 温 and 户, which a
// mainland-minded list calls Simplified-only, and opencc's own hk output must pass the check.
export function simplifiedOnly(ch: string): boolean {
  const s = scriptSets();
  return s.simplifiedOnly.has(ch) || (isSimplifiedOnly(ch) && !s.traditionalValid.has(ch));
}

export function traditionalOnly(ch: string): boolean {
  const s = scriptSets();
  return s.traditionalOnly.has(ch) || (isTraditionalOnly(ch) && !s.simplifiedValid.has(ch));
}
