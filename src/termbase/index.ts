export { buildTermRecognizer } from './recognizer';
export type { TermHit, TermRecognizer, RecognizeOptions } from './recognizer';
export { termbaseSchemas, validateConcept, ConceptValidationError } from './schema';
export { TERM_STATUSES, TERM_TYPES } from './types';
export type { Concept, NewConcept, Term, TermStatus, TermType, DataCategory, LanguageFields, ConceptHistoryEntry } from './types';
