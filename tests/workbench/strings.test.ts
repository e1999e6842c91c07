/**
 * The workbench in English and Chinese: every UI string of locales/en.json's `workbench` has its
 * zh-Hans and zh-Hant version (with the same {{placeholders}}), and a missing one falls back to English.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkbenchStrings } from '../../src/server/workbench';

type Tree = { [key: string]: string | Tree };
const read = (locale: string) => (JSON.parse(readFileSync(join(__dirname, '..', '..', 'locales', `${locale}.json`), 'utf8')) as { workbench: Tree }).workbench;

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** The key as Chinese needs it: i18next's Chinese plural has one form, `_other`. */
const chineseKey = (key: string) => key.replace(/_one$/, '_other');
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe.each(['zh-Hans', 'zh-Hant'])('workbench strings in %s', (locale) => {
  const english = leaves(read('en'));
  const chinese = leaves(read(locale));

  it('has every English key, in Chinese, with the same placeholders', () => {
    const missing = [...english.keys()].filter((k) => !chinese.has(chineseKey(k)));
    expect(missing).toEqual([]);
    for (const [key, text] of english) {
      // An English "_one" may say "the unit" where "_other" says {{count}}: Chinese follows "_other".
      if (key.endsWith('_one')) continue;
      const theirs = chinese.get(chineseKey(key))!;
      expect([key, placeholders(theirs)]).toEqual([key, placeholders(text)]);
    }
    const han = [...chinese.values()].filter((v) => /\p{Script=Han}/u.test(v)).length;
    expect(han / chinese.size).toBeGreaterThan(0.9);
  });

  it('loads the Chinese strings over the English ones: every English key is there', () => {
    const strings = leaves(loadWorkbenchStrings(locale) as Tree);
    for (const key of english.keys()) expect(strings.has(key)).toBe(true);
    expect(strings.get('termbase.title')).toBe(locale === 'zh-Hans' ? '术语库' : '術語庫');
  });
});
