import type { Locale } from '../locale';
import { GlossaryHandle, MachineTranslationError, MachineTranslationProvider } from './types';

/** DeepL takes at most 50 texts in one request, and a request body of at most 128 KiB. */
export const DEEPL_MAX_TEXTS = 50;
export const DEEPL_MAX_REQUEST_BYTES = 120 * 1024;

export interface BatchLimits {
  maxTexts: number;
  /** Budget for the texts as sent (form-encoded: a Han character costs 9 bytes). */
  maxBytes: number;
}

export const DEEPL_BATCH_LIMITS: BatchLimits = { maxTexts: DEEPL_MAX_TEXTS, maxBytes: DEEPL_MAX_REQUEST_BYTES };

/** Bytes a text costs in a form-encoded request (`text=…&`). */
function encodedSize(text: string): number {
  return encodeURIComponent(text).length + 6;
}

/**
 * Splits segment indexes into consecutive batches within the limits, in order. A single segment
 * larger than the byte budget gets a batch of its own (the provider will refuse it on its own
 * merits rather than take neighbours down with it).
 */
export function planBatches(segments: readonly string[], limits: BatchLimits = DEEPL_BATCH_LIMITS): Array<{ start: number; end: number }> {
  const batches: Array<{ start: number; end: number }> = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < segments.length; i++) {
    const size = encodedSize(segments[i]);
    if (i > start && (i - start >= limits.maxTexts || bytes + size > limits.maxBytes)) {
      batches.push({ start, end: i });
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (segments.length > start) batches.push({ start, end: segments.length });
  return batches;
}

export interface TranslationBatch {
  /** 0-based batch number. */
  index: number;
  /** Index of the batch's first segment in the whole run. */
  start: number;
  sources: readonly string[];
  translations: string[];
}

export interface TranslateBatchesOptions {
  from: Locale;
  to: Locale;
  glossary?: GlossaryHandle | null;
  limits?: BatchLimits;
}

export interface TranslateBatchesResult {
  batches: number;
  segments: number;
}

/**
 * Translates a long run batch by batch so that the caller can store each batch atomically.
 *
 * Contract:
 * - Batches are translated one at a time, in segment order; `onBatch` is awaited before the
 *   next batch is requested, so a store transaction per batch never races the next request.
 * - A batch is all or nothing: `onBatch` receives every translation of the batch, or the batch
 *   is not delivered at all.
 * - When the provider fails (after its own bounded retries), the run stops and the
 *   `MachineTranslationError` is thrown with `completed` set: segments [0, completed) were
 *   delivered to `onBatch` (and are the caller's to keep: they are good machine translations);
 *   the failing batch and everything after it were not. A rerun that translates only the
 *   segments still without a translation resumes where this one stopped.
 * - When `onBatch` throws (a store failure), that error propagates unchanged and no further
 *   batch is requested.
 */
export async function translateBatches(
  provider: MachineTranslationProvider,
  segments: readonly string[],
  options: TranslateBatchesOptions,
  onBatch: (batch: TranslationBatch) => void | Promise<void>,
): Promise<TranslateBatchesResult> {
  const plan = planBatches(segments, options.limits);
  let completed = 0;
  for (let index = 0; index < plan.length; index++) {
    const { start, end } = plan[index];
    const sources = segments.slice(start, end);
    let translations: string[];
    try {
      translations = await provider.translate(sources, options.from, options.to, options.glossary);
    } catch (error) {
      if (error instanceof MachineTranslationError) error.completed = completed;
      throw error;
    }
    await onBatch({ index, start, sources, translations });
    completed = end;
  }
  return { batches: plan.length, segments: segments.length };
}
