import type { Locale } from '../locale';

/** TBX administrative statuses as Bitext uses them. */
export const TERM_STATUSES = ['preferred', 'admitted', 'forbidden'] as const;
export type TermStatus = (typeof TERM_STATUSES)[number];

export interface Term {
  locale: Locale;
  text: string;
  status: TermStatus;
  /** English terms match case-insensitively unless this is set. */
  caseSensitive: boolean;
  partOfSpeech: string | null;
  note: string | null;
}

/** A concept: one meaning, with its terms in every locale. */
export interface Concept {
  /** Stable id (from TBX `id`, or generated). */
  id: string;
  note: string | null;
  subject: string | null;
  terms: Term[];
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export type NewConcept = Omit<Concept, 'version' | 'updatedAt' | 'updatedBy' | 'id'> & { id?: string };

export interface ConceptHistoryEntry {
  conceptId: string;
  version: number;
  action: 'create' | 'edit' | 'delete' | 'import';
  /** The concept as it was after the change (null after delete). */
  snapshot: Concept | null;
  by: string;
  at: string;
}
