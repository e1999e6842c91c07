import type { Locale } from '../../src/locale';
import type { Concept, Term, TermStatus } from '../../src/termbase/types';

type TermSpec = [Locale, string, TermStatus?];

/** A concept with the given terms (status defaults to preferred). */
export function concept(id: string, ...terms: TermSpec[]): Concept {
  return {
    id,
    note: null,
    subject: null,
    terms: terms.map(([locale, text, status]): Term => ({
      locale,
      text,
      status: status ?? 'preferred',
      caseSensitive: false,
      partOfSpeech: null,
      note: null,
    })),
    version: 1,
    updatedBy: 'test',
    updatedAt: '2024-01-01T00:00:00Z',
  };
}
