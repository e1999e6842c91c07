import i18next from 'i18next';
import type { Locale } from '../../locale';

export type Translate = (key: string) => string;

/**
 * One i18next instance per render, holding only this locale's strings and English as the
 * fallback for a missing key. Language detection is not i18next's job here: its default
 * fallback would send zh-TW readers to the first zh resource, so the locale is decided
 * by our negotiation and handed in.
 */
export function createTranslator(
  locale: Locale,
  strings: Record<string, unknown>,
  englishStrings?: Record<string, unknown>,
): Translate {
  const instance = i18next.createInstance();
  const resources: Record<string, { translation: Record<string, unknown> }> = { [locale]: { translation: strings } };
  if (englishStrings && locale !== 'en') resources.en = { translation: englishStrings };
  void instance.init({
    lng: locale,
    fallbackLng: englishStrings && locale !== 'en' ? 'en' : false,
    resources,
    initAsync: false,
    // Every string is escaped when it is put into the page, so i18next must not escape too.
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
  });
  return (key: string) => String(instance.t(key));
}
