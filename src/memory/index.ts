export type {
  UnitVariant, UnitFileData, UnitProperty,
  TranslationUnit, NewTranslationUnit, UnitHistoryEntry, UnitStatus, UnitOrigin, InlineCode, BeadProvenance,
} from './types';
export { UNIT_STATUSES, UNIT_ORIGINS, INLINE_CODE_TOKEN } from './types';
export { normaliseForMatching, tokenize } from './normalise';
export type { Token } from './normalise';
export { fuzzyScore, tokenSimilarity, CHAR_BOOST } from './score';
export type { DiffOp } from './diff';
export { sourceChange } from './diff';
export { penaltyFor, DEFAULT_MIN, DEFAULT_LIMIT } from './match';
export type {
  IndexedUnit, LookupOptions, FuzzyMatch, MatchPenalty, ConcordanceHit, ConcordanceOptions,
} from './match';
export { TranslationMemoryIndex } from './tm-index';
export { scanLookup, prepareScan } from './scan';
export type { PreparedScan } from './scan';
export { textKey53 } from './text-key';
export { IndexFileError, bufferReader, readIndexHeader, INDEX_FILE_FORMAT, SCORER_VERSION } from './index-file';
export type { IndexFileReader, IndexFileMeta } from './index-file';
