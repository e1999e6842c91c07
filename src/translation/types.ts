import type { Locale } from '../locale';
import type { Concept } from '../termbase';

/**
 * A termbase glossary as stored by a provider, ready to pass to `translate`. A glossary covers
 * one direction only: English → Simplified Chinese (see `deepl.ts` for why not zh-Hant).
 */
export interface GlossaryHandle {
  readonly provider: 'deepl';
  /** The provider's glossary id. */
  readonly id: string;
  /** `<prefix><checksum>`: the name says which termbase content it holds. */
  readonly name: string;
  /** Checksum of the glossary's entries; an unchanged termbase has the same one. */
  readonly checksum: string;
  readonly sourceLocale: 'en';
  readonly targetLocale: 'zh-Hans';
  readonly entryCount: number;
}

/** A machine translation service. DeepL is the one Bitext has (`createDeepLProvider`). */
export interface MachineTranslationProvider {
  readonly id: 'deepl';
  /**
   * One translation per segment, in order. Empty and blank segments come back unchanged without
   * being sent. Requests are batched within the provider's limits. Throws
   * `MachineTranslationError` (nothing partial is returned; `translateBatches` is the way to keep
   * finished batches of a long run).
   */
  translate(segments: readonly string[], from: Locale, to: Locale, glossary?: GlossaryHandle | null): Promise<string[]>;
  /**
   * Makes the provider's glossary match the termbase and returns its handle; null when the
   * termbase yields no entries. Unchanged termbase → the existing glossary is reused.
   */
  syncGlossary(concepts: readonly Concept[]): Promise<GlossaryHandle | null>;
  /** Whether `translate(…, from, to)` is offered (zh-Hant never is: it is derived by conversion). */
  supports(from: Locale, to: Locale): boolean;
}

/**
 * What went wrong, in words a caller can act on:
 * - `auth`: the key was refused (HTTP 403). Fix DEEPL_AUTH_KEY.
 * - `quota`: the billing period's character quota is used up (HTTP 456).
 * - `rate-limit`: still "too many requests" (HTTP 429) after the bounded retries.
 * - `unavailable`: server errors (5xx), time-outs, connection failures, after the bounded retries.
 * - `glossary`: the glossary passed in no longer exists at the provider (sync again).
 * - `unsupported`: a language pair the provider is not used for (e.g. → zh-Hant).
 * - `failed`: anything else the provider refused (a bad request).
 */
export type MachineTranslationErrorKind = 'auth' | 'quota' | 'rate-limit' | 'unavailable' | 'glossary' | 'unsupported' | 'failed';

export class MachineTranslationError extends Error {
  override readonly name = 'MachineTranslationError';
  /**
   * For `translateBatches`: segments [0, completed) were translated and handed to `onBatch`
   * before this error; 0 elsewhere.
   */
  completed = 0;

  constructor(
    readonly kind: MachineTranslationErrorKind,
    message: string,
    readonly provider: 'deepl' = 'deepl',
    /** Requests made for the failing call (1 when not retried). */
    readonly attempts = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
