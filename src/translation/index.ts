export type { GlossaryHandle, MachineTranslationProvider, MachineTranslationErrorKind } from './types';
export { MachineTranslationError } from './types';
export { DeepLProvider, createDeepLProvider, createMachineTranslationFromEnv } from './deepl';
export type { DeepLProviderOptions } from './deepl';
export { translateBatches, planBatches, DEEPL_BATCH_LIMITS, DEEPL_MAX_TEXTS } from './batches';
export type { BatchLimits, TranslationBatch, TranslateBatchesOptions, TranslateBatchesResult } from './batches';
export { buildTermbaseGlossary, glossaryName, DEFAULT_GLOSSARY_PREFIX } from './glossary';
export type { GlossaryEntry, SkippedGlossaryTerm, TermbaseGlossary } from './glossary';
