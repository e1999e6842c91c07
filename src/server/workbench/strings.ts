import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type Strings = Record<string, unknown>;
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** `locales/` of the checkout or the installed package: found by walking up from this file (src/ or dist/). */
function localesDir(): string | null {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'locales', 'en.json'))) return join(dir, 'locales');
    dir = dirname(dir);
  }
  return null;
}

/** The workbench's UI strings (the `workbench` key of locales/en.json). */
export function loadWorkbenchStrings(locale = 'en'): Strings {
  const dir = localesDir();
  if (!dir) return {};
  const file = join(dir, `${locale}.json`);
  if (!existsSync(file)) return {};
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return (all.workbench as Strings | undefined) ?? {};
}

function lookup(strings: Strings, key: string): string | undefined {
  let node: unknown = strings;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** `t('review.selected', { count: 3 })`, with `{{name}}` placeholders as in i18next; the key itself when missing. */
export function createTranslate(strings: Strings): Translate {
  return (key, values = {}) => (lookup(strings, key) ?? key)
    .replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
