import { readFile, stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { parseLocaleArgument, type Locale } from '../locale';
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

export function outputStream(path: string | undefined): NodeJS.WritableStream {
  return path ? createWriteStream(path) : process.stdout;
}

/** The CLI user, for provenance (who imported, who approved). */
export function cliUser(): string {
  return process.env.BITEXT_USER || process.env.USER || 'cli';
}
