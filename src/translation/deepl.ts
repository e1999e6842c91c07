/**
 * DeepL on the official deepl-node client.
 *
 * Language codes. DeepL's glossaries name languages without variants: a glossary's Chinese side
 * is `zh`, while translation targets are `ZH-HANS` or `ZH-HANT`. Bitext's termbase glossary is
 * en → zh with Simplified entries. Used for a ZH-HANT target, those Simplified targets would be
 * forced into Traditional output, so MT is offered for zh-Hans only: Bitext derives zh-Hant from
 * approved zh-Hans by conversion (src/conversion), where every termbase concept's own zh-Hant term
 * is put in place. `translate(…, 'zh-Hant')` throws an `unsupported` error.
 * English targets go out as `en-US` (or `en-GB`, by option); DeepL refuses a bare `en` target.
 *
 * Retries. deepl-node's own retry loop starts its back-off at 1 s, cannot be shortened, and makes
 * `maxRetries - 1` retries; this provider sets it to none and retries itself, so the bound is
 * explicit and configurable: per request, at most `maxAttempts` attempts of at most `timeoutMs`
 * each, with `backoffMs`, 2×, 4×… (capped at `maxBackoffMs`, ±20 % jitter) between them.
 * Retried: 429, 5xx, time-outs and connection failures. Not retried: 403, 456, other 4xx.
 * Worst case for one request with the defaults: 4 × 15 s + 1 + 2 + 4 s ≈ 67 s.
 */
import type * as DeepL from 'deepl-node';
import type { Locale } from '../locale';
import type { Concept } from '../termbase';
import { DEEPL_BATCH_LIMITS, planBatches } from './batches';
import { buildTermbaseGlossary, DEFAULT_GLOSSARY_PREFIX, glossaryName } from './glossary';
import { GlossaryHandle, MachineTranslationError, MachineTranslationErrorKind, MachineTranslationProvider } from './types';

let deeplModule: typeof DeepL | undefined;
/** deepl-node, loaded on first use: most commands never translate, and it pulls in axios. */
function deepl(): typeof DeepL {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load keeps start-up fast
  return (deeplModule ??= require('deepl-node') as typeof DeepL);
}

export interface DeepLProviderOptions {
  authKey: string;
  /** A DeepL-compatible server (deepl-node's `serverUrl`); default: DeepL's, chosen by key type. */
  serverUrl?: string;
  /** Time allowed for one HTTP request, in ms (default 15 000). */
  timeoutMs?: number;
  /** Attempts per request, the first included (default 4). */
  maxAttempts?: number;
  /** Wait before the first retry, in ms (default 1 000); doubles after each retry. */
  backoffMs?: number;
  /** Longest wait between attempts, in ms (default 10 000). */
  maxBackoffMs?: number;
  /** The English variant DeepL writes for an `en` target (default en-US). */
  englishVariant?: 'en-US' | 'en-GB';
  /**
   * Name prefix of Bitext's glossaries. Stale glossaries with this prefix are deleted, so two
   * sites sharing one DeepL account need different prefixes.
   */
  glossaryPrefix?: string;
}

const DEFAULTS = { timeoutMs: 15_000, maxAttempts: 4, backoffMs: 1_000, maxBackoffMs: 10_000 };

class RequestTimeout extends Error {}

const RETRYABLE: ReadonlySet<MachineTranslationErrorKind> = new Set(['rate-limit', 'unavailable']);

/** Maps what deepl-node throws to our error kinds (deepl-node's errors carry no status code). */
function classify(error: unknown): { kind: MachineTranslationErrorKind; detail: string } {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof RequestTimeout) return { kind: 'unavailable', detail };
  if (error instanceof deepl().AuthorizationError) return { kind: 'auth', detail };
  if (error instanceof deepl().QuotaExceededError) return { kind: 'quota', detail };
  if (error instanceof deepl().TooManyRequestsError) return { kind: 'rate-limit', detail };
  if (error instanceof deepl().GlossaryNotFoundError) return { kind: 'glossary', detail };
  if (error instanceof deepl().ConnectionError) return { kind: 'unavailable', detail };
  if (error instanceof deepl().DeepLError) {
    if (/^Service unavailable|status code: 5\d\d/.test(detail)) return { kind: 'unavailable', detail };
    if (/^Not found/.test(detail) && /glossary/i.test(detail)) return { kind: 'glossary', detail };
  }
  return { kind: 'failed', detail };
}

const KIND_MESSAGES: Record<MachineTranslationErrorKind, string> = {
  auth: 'DeepL refused the authentication key (check DEEPL_AUTH_KEY)',
  quota: "DeepL's character quota for this billing period is used up",
  'rate-limit': 'DeepL kept answering "too many requests"',
  unavailable: 'DeepL is unavailable (server error or time-out)',
  glossary: 'the DeepL glossary no longer exists (sync the termbase glossary again)',
  unsupported: 'language pair not offered',
  failed: 'DeepL refused the request',
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Races `promise` against a timer; the loser is left to settle on its own. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeout(`${what}: no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sourceCode(locale: Locale): DeepL.SourceLanguageCode {
  return locale === 'en' ? 'en' : 'zh';
}

export class DeepLProvider implements MachineTranslationProvider {
  readonly id = 'deepl' as const;
  private readonly client: DeepL.DeepLClient;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly englishVariant: 'en-US' | 'en-GB';
  private readonly prefix: string;
  /** The glossary last synced by this process, so an unchanged termbase costs no request. */
  private synced: GlossaryHandle | null = null;

  constructor(options: DeepLProviderOptions) {
    if (!options.authKey) throw new Error('DeepL provider needs an authentication key');
    this.timeoutMs = positive(options.timeoutMs ?? DEFAULTS.timeoutMs, 'timeoutMs');
    this.maxAttempts = Math.max(1, Math.floor(positive(options.maxAttempts ?? DEFAULTS.maxAttempts, 'maxAttempts')));
    this.backoffMs = Math.max(0, options.backoffMs ?? DEFAULTS.backoffMs);
    this.maxBackoffMs = Math.max(this.backoffMs, options.maxBackoffMs ?? DEFAULTS.maxBackoffMs);
    this.englishVariant = options.englishVariant ?? 'en-US';
    this.prefix = options.glossaryPrefix ?? DEFAULT_GLOSSARY_PREFIX;
    this.client = new (deepl().DeepLClient)(options.authKey, {
      serverUrl: options.serverUrl,
      // One attempt per call: the retries are ours (see the top of this file).
      maxRetries: 0,
      minTimeout: this.timeoutMs,
      sendPlatformInfo: false,
      appInfo: { appName: 'bitext', appVersion: '0.1.0' },
    });
  }

  supports(from: Locale, to: Locale): boolean {
    return from !== to && to !== 'zh-Hant' && (from === 'en' || to === 'en');
  }

  async translate(segments: readonly string[], from: Locale, to: Locale, glossary?: GlossaryHandle | null): Promise<string[]> {
    if (!this.supports(from, to)) {
      const why = to === 'zh-Hant' ? ': zh-Hant is derived from approved zh-Hans by conversion, not machine-translated' : '';
      throw new MachineTranslationError('unsupported', `DeepL: ${from} → ${to} is not offered${why}`);
    }
    const target: DeepL.TargetLanguageCode = to === 'en' ? this.englishVariant : 'zh-HANS';
    // The glossary holds en → zh entries; other directions translate without it.
    const glossaryId = glossary && from === glossary.sourceLocale && to === glossary.targetLocale ? glossary.id : undefined;

    const out = segments.slice();
    // Blank segments are not sent: DeepL refuses empty texts and has nothing to translate in them.
    const sendIndexes: number[] = [];
    for (let i = 0; i < segments.length; i++) if (segments[i].trim() !== '') sendIndexes.push(i);
    const texts = sendIndexes.map((i) => segments[i]);
    for (const { start, end } of planBatches(texts, DEEPL_BATCH_LIMITS)) {
      const batch = texts.slice(start, end);
      const results = await this.call('translate', () =>
        this.client.translateText(batch, sourceCode(from), target, {
          ...(glossaryId ? { glossary: glossaryId } : {}),
          // Segments are already sentences; keep DeepL from re-splitting or restyling them.
          splitSentences: 'nonewlines',
          preserveFormatting: true,
        }),
      ).catch((error: unknown) => {
        if (error instanceof MachineTranslationError && error.kind === 'glossary' && this.synced?.id === glossaryId) this.synced = null;
        throw error;
      });
      if (results.length !== batch.length) {
        throw new MachineTranslationError('failed', `DeepL returned ${results.length} translations for ${batch.length} texts`);
      }
      for (let k = 0; k < results.length; k++) out[sendIndexes[start + k]] = results[k].text;
    }
    return out;
  }

  /**
   * Makes DeepL's glossary match the termbase. The glossary is named `<prefix><checksum>`:
   * an existing glossary of that name is reused; otherwise a new one is created, and only then
   * are the stale ones (same prefix, other checksum) deleted, so a concurrent translation always
   * has a glossary to use. An empty glossary is not created (DeepL refuses one): null.
   */
  async syncGlossary(concepts: readonly Concept[]): Promise<GlossaryHandle | null> {
    const { entries, checksum } = buildTermbaseGlossary(concepts);
    if (entries.length > 0 && this.synced?.checksum === checksum) return this.synced;
    const name = glossaryName(this.prefix, checksum);
    const listed = await this.call('list glossaries', () => this.client.listMultilingualGlossaries());
    const ours = listed.filter((g) => g.name.startsWith(this.prefix));
    const enZh = (g: DeepL.MultilingualGlossaryInfo): number | undefined =>
      g.dictionaries.find((d) => d.sourceLangCode.toLowerCase() === 'en' && d.targetLangCode.toLowerCase() === 'zh')?.entryCount;

    let current: DeepL.MultilingualGlossaryInfo | undefined;
    if (entries.length > 0) {
      // The oldest complete one, should two processes have created it at once.
      current = ours
        .filter((g) => g.name === name && g.dictionaries.length === 1 && enZh(g) === entries.length)
        .sort((a, b) => a.creationTime.getTime() - b.creationTime.getTime())[0];
      if (!current) {
        const glossaryEntries = new (deepl().GlossaryEntries)();
        for (const e of entries) glossaryEntries.add(e.source, e.target);
        current = await this.call('create glossary', () =>
          this.client.createMultilingualGlossary(name, [{ sourceLangCode: 'en', targetLangCode: 'zh', entries: glossaryEntries }]),
        );
      }
    }
    const keep = (g: DeepL.MultilingualGlossaryInfo): boolean =>
      current !== undefined &&
      g.name === name &&
      (g.glossaryId === current.glossaryId || (g.dictionaries.length === 1 && enZh(g) === entries.length));
    for (const stale of ours) {
      if (keep(stale)) continue;
      try {
        await this.call('delete glossary', () => this.client.deleteMultilingualGlossary(stale.glossaryId));
      } catch (error) {
        // Already gone (another process cleaned up first): the goal is reached.
        if (!(error instanceof MachineTranslationError && error.kind === 'glossary')) throw error;
      }
    }
    this.synced = current
      ? { provider: 'deepl', id: current.glossaryId, name, checksum, sourceLocale: 'en', targetLocale: 'zh-Hans', entryCount: entries.length }
      : null;
    return this.synced;
  }

  /** One DeepL call with the bounded retries described at the top of this file. */
  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await withTimeout(request(), this.timeoutMs, `DeepL ${what}`);
      } catch (error) {
        const { kind, detail } = classify(error);
        if (!RETRYABLE.has(kind) || attempt >= this.maxAttempts) {
          const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
          throw new MachineTranslationError(kind, `${KIND_MESSAGES[kind]}${tries} (${what}: ${detail})`, 'deepl', attempt, { cause: error });
        }
        const delay = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempt - 1));
        await sleep(delay * (0.8 + 0.4 * Math.random()));
      }
    }
  }
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`DeepL provider: ${name} must be a positive number, got ${value}`);
  return value;
}

export function createDeepLProvider(options: DeepLProviderOptions): DeepLProvider {
  return new DeepLProvider(options);
}

/**
 * The provider the environment configures, or null when `DEEPL_AUTH_KEY` is unset or empty
 * (machine translation is then simply not offered). Also read: `DEEPL_SERVER_URL` (a
 * DeepL-compatible server), `DEEPL_TIMEOUT_MS`, `DEEPL_MAX_ATTEMPTS`. `overrides` win over the
 * environment (tests pass short time-outs).
 */
export function createMachineTranslationFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  overrides: Partial<DeepLProviderOptions> = {},
): MachineTranslationProvider | null {
  const authKey = env.DEEPL_AUTH_KEY?.trim();
  if (!authKey) return null;
  const number = (name: string): number | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
    return value;
  };
  return new DeepLProvider({
    authKey,
    serverUrl: env.DEEPL_SERVER_URL?.trim() || undefined,
    timeoutMs: number('DEEPL_TIMEOUT_MS'),
    maxAttempts: number('DEEPL_MAX_ATTEMPTS'),
    ...overrides,
  });
}
