import type { ZodType } from 'zod';
import { HttpError } from '../http';

/**
 * Parses API input or throws a 400 whose message starts with the field, as the API contract
 * shows it: `{"error": "text: must be a string", "field": "text"}` (`override.reason`,
 * `terms[0].status`): API clients send the field names they know from the body, so those are
 * what the message names.
 */
export function parseInput<T>(schema: ZodType<T>, input: unknown, what = 'body'): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = (issue?.path ?? []).reduce<string>(
    (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key)),
    '',
  ) || what;
  throw new HttpError(400, `${field}: ${issue?.message ?? 'invalid value'}`, { field });
}

/**
 * The version an `If-Match` header names: `3`, `"3"` or `W/"3"`. Undefined without the header;
 * a header that names no version is a 400.
 */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) throw new HttpError(400, 'If-Match: must be the version, e.g. "3"', { field: 'If-Match' });
  return Number(match[1]);
}

export function etag(version: number): string {
  return `"${version}"`;
}

/**
 * The version a write requires in `If-Match`: 428 without it (DESIGN.md's order: after the role
 * guard, before the body is parsed), 400 when it names no version.
 */
export function requiredVersion(header: string | undefined, what: string): number {
  const version = ifMatchVersion(header);
  if (version === undefined) throw new HttpError(428, `If-Match: send the version of the ${what} (its ETag)`, { field: 'If-Match' });
  return version;
}
