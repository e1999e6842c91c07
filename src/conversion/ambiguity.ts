import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as OpenCCModule from 'opencc-js';
import type { TraditionalVariant } from './opencc';

/**
 * Where the Simplified → Traditional conversion had to choose between several Traditional
 * characters (发 → 發 or 髮, 后 → 後 or 后, 里 → 裏 or 里 …) and chose by its character table
 * rather than by a phrase it knows: those are the spans a reviewer should look at.
 *
 * The candidates come from OpenCC's own dictionaries as opencc-js ships them. Its STCharacters
 * keeps only the first candidate of each character, so the others are read off STPhrases: a
 * character has several candidates when its phrases convert it, position by position, to
 * another character at least MIN_PHRASES times (后 stays 后 in 皇后, 太后 …). Which characters
 * the converter decides by table is read off the same segmentation the converter uses: longest
 * phrase of STPhrases (with its regionally generated phrases) from the left; a character no
 * phrase covers is converted by the character table.
 */

/** A candidate counts when at least this many phrases choose it (drops one-off readings). */
const MIN_PHRASES = 3;

export interface AmbiguousChar {
  /** UTF-16 offsets into the Simplified text. */
  start: number;
  end: number;
  /** The Simplified character. */
  char: string;
  /** Its Traditional candidates in the variant's spelling, the table's choice first. */
  candidates: string[];
}

interface Tables {
  phrases: Set<string>;
  /** Longest phrase in UTF-16 code units. */
  maxPhrase: number;
  /** Candidates by Simplified character, in OpenCC's Traditional (before the variant's own forms). */
  candidates: Map<string, string[]>;
}

let tables: Tables | null = null;
const variantForms = new Map<TraditionalVariant, (text: string) => string>();

function dictionaryDir(): string {
  // The package's main entry is dist/umd/full.js; the dictionaries are dist/esm-lib/dict/*.js.
  return join(dirname(require.resolve('opencc-js')), '..', 'esm-lib', 'dict');
}

/** One dictionary's entries: each file is `export default "key value|key value|…"`. */
function readDictionary(name: string): string[][] {
  const source = readFileSync(join(dictionaryDir(), `${name}.js`), 'utf8');
  const literal = source.slice(source.indexOf('"'), source.lastIndexOf('"') + 1);
  return (JSON.parse(literal) as string).split('|').map((entry) => entry.split(' '));
}

/** Loaded on first use (~0.2 s): only converting to zh-Hant needs them. */
function load(): Tables {
  if (tables) return tables;
  const table = new Map(readDictionary('STCharacters').map(([s, t]) => [s!, t!]));
  const seen = new Map<string, Map<string, number>>();
  const phrases = new Set<string>();
  let maxPhrase = 0;
  for (const name of ['STPhrases', 'STPhrases_GeneratedFromRegionalPhrases']) {
    for (const [key, value] of readDictionary(name)) {
      if (!key || !value) continue;
      phrases.add(key);
      if (key.length > maxPhrase) maxPhrase = key.length;
      const from = Array.from(key);
      const to = Array.from(value);
      if (from.length !== to.length) continue;
      from.forEach((ch, i) => {
        let counts = seen.get(ch);
        if (!counts) seen.set(ch, (counts = new Map()));
        counts.set(to[i]!, (counts.get(to[i]!) ?? 0) + 1);
      });
    }
  }
  const candidates = new Map<string, string[]>();
  for (const [ch, counts] of seen) {
    const chosen = table.get(ch) ?? ch;
    const all = [chosen];
    for (const [t, n] of counts) if (n >= MIN_PHRASES && !all.includes(t)) all.push(t);
    if (all.length > 1) candidates.set(ch, all);
  }
  tables = { phrases, maxPhrase, candidates };
  return tables;
}

/** Traditional as the variant writes it (臺 → 台 in Hong Kong, 裏 → 裡 in Taiwan). */
function formsOf(variant: TraditionalVariant): (text: string) => string {
  let forms = variantForms.get(variant);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: start-up stays fast
  if (!forms) variantForms.set(variant, (forms = (require('opencc-js') as typeof OpenCCModule).Converter({ from: 't', to: variant })));
  return forms;
}

/** The characters of `simplified` that the converter decides by its character table among several candidates. */
export function ambiguousCharacters(simplified: string, variant: TraditionalVariant): AmbiguousChar[] {
  const { phrases, maxPhrase, candidates } = load();
  const out: AmbiguousChar[] = [];
  const forms = formsOf(variant);
  let i = 0;
  while (i < simplified.length) {
    let matched = 0;
    for (let length = Math.min(maxPhrase, simplified.length - i); length >= 1; length--) {
      if (phrases.has(simplified.slice(i, i + length))) {
        matched = length;
        break;
      }
    }
    if (matched > 0) {
      i += matched;
      continue;
    }
    const code = simplified.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const ch = simplified.slice(i, i + width);
    const found = candidates.get(ch);
    if (found) {
      const spelled = Array.from(new Set(found.map((c) => forms(c))));
      if (spelled.length > 1) out.push({ start: i, end: i + width, char: ch, candidates: spelled });
    }
    i += width;
  }
  return out;
}
