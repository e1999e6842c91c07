import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import i18next from 'i18next';

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

function readStrings(locale: string): Strings {
  const dir = localesDir();
  if (!dir) return {};
  const file = join(dir, `${locale}.json`);
  if (!existsSync(file)) return {};
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return (all.workbench as Strings | undefined) ?? {};
}

/** `over` laid on `base`, key by key (nested objects merged): what a locale lacks, English says. */
function merged(base: Strings, over: Strings): Strings {
  const out: Strings = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = out[key];
    out[key] = value && typeof value === 'object' && below && typeof below === 'object'
      ? merged(below as Strings, value as Strings) : value;
  }
  return out;
}

/** The workbench's UI strings in `locale` (the `workbench` key of locales/*.json), English where a key is missing. */
export function loadWorkbenchStrings(locale = 'en'): Strings {
  const english = readStrings('en');
  return locale === 'en' ? english : merged(english, readStrings(locale));
}

/**
 * `t('review.shown', { count: 3 })`: i18next over the workbench strings, so `{{name}}`
 * placeholders and plurals (`shown_one` / `shown_other`, by the locale's plural rules) read as
 * they do in the browser bundle; the key itself when missing. Values are not escaped here: every
 * string is escaped when it is put into the page.
 */
export function createTranslate(strings: Strings, locale = 'en'): Translate {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    resources: { [locale]: { translation: strings } },
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
  });
  return (key, values = {}) => String(instance.t(key, values));
}
