import { Locale, toLocale } from './locale';

interface Preference { tag: string; q: number; order: number }

/** Parses an Accept-Language header into tags ordered by q-value (then by position). */
export function parseAcceptLanguage(header: string | undefined): Preference[] {
  if (!header) return [];
  const preferences: Preference[] = [];
  header.split(',').forEach((part, order) => {
    const [rawTag, ...params] = part.trim().split(';');
    const tag = rawTag?.trim();
    if (!tag) return;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split('=');
      if (key?.trim() === 'q') {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      }
    }
    if (q > 0) preferences.push({ tag, q, order });
  });
  return preferences.sort((a, b) => b.q - a.q || a.order - b.order);
}

/**
 * Picks a locale from Accept-Language. zh-TW/HK/MO and zh-Hant go to zh-Hant; zh, zh-CN,
 * zh-SG and zh-Hans to zh-Hans; en-* to en. Tags we do not publish are skipped, and when
 * nothing matches, `fallback`.
 */
export function negotiateLocale(
  header: string | undefined,
  available: readonly Locale[],
  fallback: Locale = 'en',
): Locale {
  for (const { tag } of parseAcceptLanguage(header)) {
    if (tag === '*') return available.includes(fallback) ? fallback : available[0] ?? fallback;
    const locale = toLocale(tag);
    if (locale && available.includes(locale)) return locale;
  }
  return fallback;
}
