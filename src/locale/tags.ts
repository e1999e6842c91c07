/**
 * BCP 47 language tags as files write them. Bitext works in three locales (en, zh-Hans,
 * zh-Hant) but keeps every other language it reads: those are held under their canonical
 * BCP 47 spelling (`pt-PT`, `sr-Latn`, `zu`). Exports spell the Chinese locales with regions
 * by default, because CAT tools (OmegaT, Trados, memoQ) tell zh-CN from zh-HK but read
 * zh-Hans and zh-Hant both as plain "zh".
 */
import { isLocale, toLocale, type Locale } from './locale';

/** Any BCP 47 tag; one of `LOCALES` for the working languages. */
export type LanguageTag = string;

/** How exports spell the Chinese locales: `region` (zh-CN, zh-HK / zh-TW) or `bcp47` (zh-Hans, zh-Hant). */
export const LOCALE_TAG_STYLES = ['region', 'bcp47'] as const;
export type LocaleTagStyle = (typeof LOCALE_TAG_STYLES)[number];

/** The region written for zh-Hant, by the configured Traditional variant (hk, tw, twp). */
export type HantRegion = 'HK' | 'TW';

export function hantRegionFor(variant: string | undefined): HantRegion {
  return variant === 'tw' || variant === 'twp' ? 'TW' : 'HK';
}

/**
 * The canonical spelling of a well-formed BCP 47 tag (`en-us` → `en-US`), or undefined when the
 * tag is malformed (`xx_YY@foo`, `i-klingon`). An underscore is read as a hyphen: older tools
 * write `en_US`.
 */
export function canonicalTag(tag: string): LanguageTag | undefined {
  const t = tag.trim().replace(/_/g, '-');
  // Private-use and grandfathered tags (x-…, i-…) are legal BCP 47 but name no language we can keep.
  if (t === '' || t.length > 64 || !/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/.test(t)) return undefined;
  try {
    const [canonical] = Intl.getCanonicalLocales(t);
    return canonical;
  } catch {
    return undefined;
  }
}

/**
 * The locale Bitext keeps a text or term under: a working locale where the tag names one
 * (`en-US` → en, `zh-CN`/`zh-SG`/`zh-Hans-CN` → zh-Hans, `zh-TW`/`zh-HK`/`zh-MO` → zh-Hant, bare
 * `zh` by the script of `textForScript`), else the canonical tag (`pt-PT`). Undefined when the
 * tag is not BCP 47.
 */
export function keptLocale(tag: string, textForScript?: string): LanguageTag | undefined {
  const canonical = canonicalTag(tag);
  if (!canonical) return undefined;
  return toLocale(canonical, textForScript) ?? canonical;
}

/** True for the three locales Bitext matches, checks and publishes. */
export function isWorkingLocale(tag: string): tag is Locale {
  return isLocale(tag);
}

/**
 * Open Graph's `og:locale` form, language_TERRITORY: en_US, zh_CN, and zh_HK or zh_TW for
 * Traditional by the variant it was converted to (Facebook and others read only this form).
 */
export function openGraphLocale(locale: Locale, hant: HantRegion = 'HK'): string {
  if (locale === 'zh-Hans') return 'zh_CN';
  if (locale === 'zh-Hant') return `zh_${hant}`;
  return 'en_US';
}

/** The tag an export writes for a kept locale. */
export function exportTag(locale: LanguageTag, style: LocaleTagStyle = 'region', hant: HantRegion = 'HK'): string {
  if (style === 'bcp47') return locale;
  if (locale === 'zh-Hans') return 'zh-CN';
  if (locale === 'zh-Hant') return `zh-${hant}`;
  return locale;
}
