import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES } from '../../src/locale';
import { loadUiStrings } from './content';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('site chrome strings', () => {
  const used = [
    ...readFileSync(join(__dirname, '../../src/server/site/render.ts'), 'utf8').matchAll(/\bt\('([\w.]+)'\)/g),
  ].map((m) => m[1]!);

  it('the templates use some keys (the scan works)', () => {
    expect(used).toEqual(expect.arrayContaining(['footer.briefing', 'site.skipToContent', 'nav.language']));
  });

  it.each(LOCALES)('%s has a non-empty string for every key the templates use', (locale) => {
    const strings = new Set(keys(loadUiStrings(locale)));
    const all = loadUiStrings(locale);
    for (const key of used) {
      expect(strings.has(key) ? key : `missing ${key}`).toBe(key);
      const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], all);
      expect(typeof value === 'string' && value.trim().length > 0).toBe(true);
    }
  });

  it('the three locales have the same site, nav and footer keys', () => {
    const sets = LOCALES.map((l) =>
      keys(loadUiStrings(l)).filter((k) => /^(site|nav|footer)\./.test(k)).sort(),
    );
    expect(sets[1]).toEqual(sets[0]);
    expect(sets[2]).toEqual(sets[0]);
  });
});
