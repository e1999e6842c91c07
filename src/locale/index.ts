export { LOCALES, LOCALE_LABELS, isLocale, isChinese, toLocale, parseLocaleArgument } from './locale';
export type { Locale, ChineseLocale } from './locale';
export { LOCALE_TAG_STYLES, canonicalTag, keptLocale, isWorkingLocale, exportTag, hantRegionFor, openGraphLocale } from './tags';
export type { LanguageTag, LocaleTagStyle, HantRegion } from './tags';
export { detectHanScript, containsHan, isSimplifiedOnly, isTraditionalOnly } from './script';
export type { HanScript } from './script';
export { parseAcceptLanguage, negotiateLocale } from './negotiation';
export { isHan, isHanCode, isHanAt, hanAndLatin } from './script';
export {
  CHINESE_NUMERAL_CHARS, chineseDigitValue, chineseUnitValue, isChineseBigUnit, hasChineseUnits, chineseDigitsValue,
  readChineseNumeral,
} from './numerals';
