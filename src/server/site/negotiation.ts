import { LOCALES, isLocale, negotiateLocale, type Locale } from '../../locale';

/** The remembered choice: set by the switcher, read before Accept-Language. */
export const LOCALE_COOKIE = 'bitext_locale';
/** A year: a reader who chose a language once should not have to choose again soon. */
export const LOCALE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

const COOKIE_PATTERN = new RegExp(`(?:^|;)\\s*${LOCALE_COOKIE}\\s*=\\s*"?([A-Za-z-]+)"?\\s*(?:;|$)`);

/** The locale in the `bitext_locale` cookie, if the Cookie header holds a valid one. */
export function rememberedLocale(cookieHeader: string | undefined): Locale | undefined {
  if (!cookieHeader) return undefined;
  const value = COOKIE_PATTERN.exec(cookieHeader)?.[1];
  return isLocale(value) ? value : undefined;
}

export interface LocaleRequest {
  cookie?: string;
  acceptLanguage?: string;
}

/**
 * The locale to send a reader to: the remembered choice when it is available, then the best
 * Accept-Language match (zh-HK/TW/MO and zh-Hant* → zh-Hant, zh/zh-CN/zh-SG and zh-Hans* →
 * zh-Hans, via negotiateLocale), then English, then whatever is available.
 */
export function chooseLocale(request: LocaleRequest, available: readonly Locale[] = LOCALES): Locale {
  const remembered = rememberedLocale(request.cookie);
  if (remembered && available.includes(remembered)) return remembered;
  const fallback: Locale = available.includes('en') ? 'en' : (available[0] ?? 'en');
  return negotiateLocale(request.acceptLanguage, available, fallback);
}

/**
 * `Set-Cookie` value remembering the reader's choice. Not HttpOnly: the switcher's script sets the
 * same cookie on click, and a language preference is nothing to hide from the page.
 */
export function localeCookie(locale: Locale, secure: boolean): string {
  return (
    `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${LOCALE_COOKIE_MAX_AGE_SECONDS}; SameSite=Lax` +
    (secure ? '; Secure' : '')
  );
}
