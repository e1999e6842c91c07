export { LOCALES, LOCALE_LABELS, isLocale, isChinese, toLocale, parseLocaleArgument } from './locale';
export type { Locale, ChineseLocale } from './locale';
export { detectHanScript, containsHan, isSimplifiedOnly, isTraditionalOnly } from './script';
export type { HanScript } from './script';
export { parseAcceptLanguage, negotiateLocale } from './negotiation';
