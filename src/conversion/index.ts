export { TraditionalConverter, createTraditionalConverter, getTraditionalConverter, CONVERSION_TERM_CHECK_ID, CONVERSION_AMBIGUOUS_CHECK_ID } from './traditional';
export { ambiguousCharacters } from './ambiguity';
export type { AmbiguousChar } from './ambiguity';
export { cornerQuotes, isApostropheAt } from './quotes';
export type { ConversionResult, TraditionalConverterOptions } from './traditional';
export { TRADITIONAL_VARIANTS, isTraditionalVariant, openccConverter } from './opencc';
export type { TraditionalVariant } from './opencc';
