import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** Methods that change nothing; every other method is a write and needs the CSRF token. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_HEADER = 'x-csrf-token';
/** Name of the hidden form field that carries the token. */
export const CSRF_FIELD = '_csrf';

/** Compares in constant time, so the token cannot be guessed byte by byte from response times. */
export function tokensEqual(expected: string, actual: unknown): boolean {
  if (typeof actual !== 'string' || actual.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request presents: the `X-CSRF-Token` header, or the `_csrf` field of a form. */
export function presentedToken(req: Request): unknown {
  const header = req.get(CSRF_HEADER);
  if (header) return header;
  const body = req.body as Record<string, unknown> | undefined;
  return body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}
