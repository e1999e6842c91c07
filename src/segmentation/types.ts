import type { Locale } from '../locale';

/** A sentence locale: ours, or a bare `zh` (Chinese in either script splits the same way). */
export type SentenceLocale = Locale | 'zh';
