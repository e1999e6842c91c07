export { TraditionalConverter, createTraditionalConverter, getTraditionalConverter, CONVERSION_TERM_CHECK_ID } from './traditional';
export type { ConversionResult, TraditionalConverterOptions } from './traditional';
export { TRADITIONAL_VARIANTS, isTraditionalVariant, openccConverter } from './opencc';
export type { TraditionalVariant } from './opencc';
