import type { Locale } from '../../src/locale';
import type { Concept, Term } from '../../src/termbase';
import type { CheckableUnit } from '../../src/checks';

export function term(locale: Locale, text: string, status: Term['status'] = 'preferred', extra: Partial<Term> = {}): Term {
  return { locale, text, status, caseSensitive: false, partOfSpeech: null, note: null, ...extra };
}

export function concept(id: string, terms: Term[]): Concept {
  return { id, note: null, subject: null, terms, version: 1, updatedBy: 'test', updatedAt: '2024-01-01T00:00:00Z' };
}

export function enZh(sourceText: string, targetText: string, targetLocale: Locale = 'zh-Hans'): CheckableUnit {
  return { sourceLocale: 'en', sourceText, targetLocale, targetText };
}

/** A small termbase like the site's. */
export const TERMBASE: Concept[] = [
  concept('gba', [
    term('en', 'Guangdong-Hong Kong-Macao Greater Bay Area'),
    term('en', 'Greater Bay Area', 'admitted'),
    term('en', 'Greater Guangdong, Hong Kong and Macao Bay Area', 'forbidden'),
    term('en', 'Guangdong-Hongkong-Macao Greater Bay Area', 'forbidden'),
    term('zh-Hans', '粤港澳大湾区'),
    term('zh-Hans', '大湾区', 'admitted'),
    term('zh-Hant', '粵港澳大灣區'),
    term('zh-Hant', '大灣區', 'admitted'),
  ]),
  concept('hk', [
    term('en', 'Hong Kong'),
    term('en', 'Hongkong', 'forbidden', { note: 'not the official spelling' }),
    term('zh-Hans', '香港'),
    term('zh-Hant', '香港'),
  ]),
  concept('jm', [term('en', 'Jiangmen'), term('zh-Hans', '江门'), term('zh-Hant', '江門')]),
  concept('talent', [term('en', 'Jiangmen Talent Island'), term('zh-Hans', '江门人才岛'), term('zh-Hant', '江門人才島')]),
  // A concept with no Chinese term: nothing is required in a Chinese target.
  concept('yuan', [term('en', 'yuan')]),
];
