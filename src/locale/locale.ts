import { detectHanScript } from './script';
/** The locales Bitext publishes, as BCP 47 tags. URLs use exactly these spellings. */
export const LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;
export type Locale = (typeof LOCALES)[number];
export type ChineseLocale = Exclude<Locale, 'en'>;

export const LOCALE_LABELS: Record<Locale, string> = {
  en: 'English',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function isChinese(locale: Locale): locale is ChineseLocale {
  return locale !== 'en';
}

/**
 * Maps any BCP 47 tag to one of ours, or undefined when it is neither English nor Chinese.
 * Region decides the script where no script subtag is given: zh-TW, zh-HK, zh-MO are Traditional.
 * A bare `zh` is Simplified unless `textForScript` says otherwise (TMX files write bare `zh`).
 */
export function toLocale(tag: string, textForScript?: string): Locale | undefined {
  const parts = tag.trim().replace(/_/g, '-').toLowerCase().split('-').filter(Boolean);
  if (parts.length === 0) return undefined;
  const [language, ...rest] = parts;
  if (language === 'en') return 'en';
  if (language !== 'zh' && language !== 'cmn' && language !== 'yue') return undefined;
  if (rest.includes('hant')) return 'zh-Hant';
  if (rest.includes('hans')) return 'zh-Hans';
  if (rest.some((p) => p === 'tw' || p === 'hk' || p === 'mo')) return 'zh-Hant';
  if (rest.some((p) => p === 'cn' || p === 'sg' || p === 'my')) return 'zh-Hans';
  if (textForScript !== undefined) return detectHanScript(textForScript) === 'Hant' ? 'zh-Hant' : 'zh-Hans';
  return 'zh-Hans';
}

/** Parses a command-line or API locale argument; accepts `zh` as zh-Hans. */
export function parseLocaleArgument(value: string): Locale | undefined {
  if (isLocale(value)) return value;
  return toLocale(value);
}
