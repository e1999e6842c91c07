import { readFile, rename, rm, stat } from 'node:fs/promises';
import { createWriteStream, type WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  LOCALE_TAG_STYLES, hantRegionFor, keptLocale, parseLocaleArgument,
  type HantRegion, type LanguageTag, type Locale, type LocaleTagStyle,
} from '../locale';
import type { Workflow } from '../workflow';
import { UsageError } from './errors';

/** Reads a text file as UTF-8 (BOM, UTF-16 with BOM accepted); missing file → usage error. */
export async function readTextFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new UsageError(`${path}: no such file`);
  if (!info.isFile()) throw new UsageError(`${path}: not a regular file`);
  const { normaliseInput } = await import('../segmentation');
  return normaliseInput(await readFile(path), path);
}

export async function requireFile(path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new UsageError(`${path}: no such file`);
  if (!info.isFile()) throw new UsageError(`${path}: not a regular file`);
}

export function localeOption(value: string, option: string): Locale {
  const locale = parseLocaleArgument(value);
  if (!locale) throw new UsageError(`${option}: unknown locale "${value}" (use en, zh-Hans or zh-Hant)`);
  return locale;
}

export function intOption(value: string | undefined, option: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${option}: must be a whole number from ${min} to ${max}`);
  return n;
}

/** Runs `work` with a workflow on BITEXT_DATABASE and closes it afterwards. */
export async function withWorkflow<T>(work: (workflow: Workflow) => Promise<T>): Promise<T> {
  // Loaded here, not at start: `--help` and usage errors need none of it.
  const { openWorkflow } = await import('../workflow');
  const workflow = await openWorkflow({
    ...(process.env.BITEXT_ZH_HANT_VARIANT ? { traditionalVariant: process.env.BITEXT_ZH_HANT_VARIANT as 'hk' | 'tw' | 'twp' } : {}),
  });
  try {
    return await work(workflow);
  } finally {
    await workflow.close();
  }
}

/** A write stream once open; a path that cannot be written is a UsageError naming it (not a crash). */
async function openForWriting(path: string, shown: string): Promise<WriteStream> {
  const output = createWriteStream(path);
  await new Promise<void>((resolve, reject) => {
    output.once('open', () => resolve());
    output.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'ENOENT' ? 'its folder does not exist' : error.code === 'EACCES' || error.code === 'EPERM' ? 'permission denied'
        : error.code === 'EISDIR' ? 'is a folder' : `cannot be written (${error.code ?? error.message})`;
      reject(new UsageError(`-o: ${shown}: ${why}`));
    });
  });
  return output;
}

/**
 * Where an export writes, and how it finishes: a file (ended and flushed), or stdout. A reader
 * that stops early (`bitext tm export --format csv | head`) closes the pipe; the export then ends
 * quietly with exit 0, as other Unix tools do, instead of an EPIPE error.
 */
export async function writeExport(path: string | undefined, write: (output: NodeJS.WritableStream) => Promise<void>): Promise<void> {
  // Standard output by name is standard output (opening /dev/stdout fails when it is a socket).
  if (path === '-' || path === '/dev/stdout') path = undefined;
  if (path) {
    // Written beside the file and renamed into place once whole: an export that fails half-way
    // (a refused language pair, a full disk) leaves neither a truncated file nor a clobbered one.
    // A pipe or device is written as it is: it cannot be replaced by a file.
    const existing = await stat(path).catch(() => null);
    const direct = existing !== null && !existing.isFile();
    const partial = direct ? path : join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
    const output = await openForWriting(partial, path);
    try {
      await write(output);
      await new Promise<void>((resolve, reject) => output.end((error?: Error | null) => (error ? reject(error) : resolve())));
      if (!direct) await rename(partial, path);
    } catch (error) {
      output.destroy();
      if (!direct) await rm(partial, { force: true });
      throw error;
    }
    return;
  }
  const closed = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') process.exit(0);
    throw error;
  };
  process.stdout.on('error', closed);
  try {
    await write(process.stdout);
  } finally {
    process.stdout.off('error', closed);
  }
}

/** `--locale-tags`: how exports spell zh-Hans and zh-Hant. */
export function localeTagsOption(value: string | undefined): LocaleTagStyle {
  if (value === undefined) return 'region';
  if (!(LOCALE_TAG_STYLES as readonly string[]).includes(value)) throw new UsageError(`--locale-tags: must be ${LOCALE_TAG_STYLES.join(' or ')}, not "${value}"`);
  return value as LocaleTagStyle;
}

/** A language to export, any BCP 47 tag (`fr`, `pt-PT`); the working locales in any spelling (zh-CN → zh-Hans). */
export function languageOption(value: string, option: string): LanguageTag {
  const locale = keptLocale(value);
  if (!locale) throw new UsageError(`${option}: "${value}" is not a BCP 47 language tag (en, zh-Hans, zh-Hant, zh-CN, fr, pt-PT …)`);
  return locale;
}

/** The region exports write for zh-Hant: BITEXT_ZH_HANT_VARIANT hk → zh-HK, tw or twp → zh-TW. */
export function hantRegion(): HantRegion {
  return hantRegionFor(process.env.BITEXT_ZH_HANT_VARIANT);
}

/** The CLI user, for provenance (who imported, who approved). */
export function cliUser(): string {
  return process.env.BITEXT_USER || process.env.USER || 'cli';
}
