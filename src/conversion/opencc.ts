import type * as OpenCCModule from 'opencc-js';
import { cornerQuotes } from './quotes';

/**
 * Traditional Chinese standards Bitext writes: Hong Kong (the default: the site's Traditional
 * readers are in Hong Kong and Macao), Taiwan, and Taiwan with Taiwanese phrasing (软件 → 軟體).
 */
export const TRADITIONAL_VARIANTS = ['hk', 'tw', 'twp'] as const;
export type TraditionalVariant = (typeof TRADITIONAL_VARIANTS)[number];

export function isTraditionalVariant(value: unknown): value is TraditionalVariant {
  return typeof value === 'string' && (TRADITIONAL_VARIANTS as readonly string[]).includes(value);
}

const converters = new Map<TraditionalVariant, (text: string) => string>();

/**
 * opencc-js's converter for `variant`: `Converter`, the preset route that segments phrases
 * (发展中国家 as 发展/中国家) before mapping characters, unlike a bare dictionary chain; then the
 * quotation marks as Hong Kong and Taiwan write them (“” → 「」, ‘’ → 『』), which OpenCC leaves.
 * Built once per process and variant: building one loads the dictionaries (~0.2 s).
 */
export function openccConverter(variant: TraditionalVariant): (text: string) => string {
  let converter = converters.get(variant);
  if (!converter) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: start-up stays fast
    const opencc = (require('opencc-js') as typeof OpenCCModule).Converter({ from: 'cn', to: variant });
    converter = (text: string) => cornerQuotes(opencc(text));
    converters.set(variant, converter);
  }
  return converter;
}
