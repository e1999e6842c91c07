import type { RequestHandler } from 'express';
import type { ZodType } from 'zod';
import { HttpError } from './errors';

export type RequestPart = 'body' | 'query' | 'params';

/**
 * Parses `input` with `schema`, or throws a 400 HttpError that names the first offending
 * field (e.g. `body.text`) so a client can tell what to fix.
 */
export function parseOr400<T>(schema: ZodType<T>, input: unknown, part: RequestPart): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [part, ...(issue?.path ?? []).map(String)].join('.');
  throw new HttpError(400, `Invalid ${field}: ${issue?.message ?? 'invalid value'}`, { field });
}

/**
 * Middleware that validates one part of the request; the parsed value is put in
 * `res.locals.valid[part]` (Express 5 makes `req.query` read-only, so it is not replaced).
 */
export function validate<T>(part: RequestPart, schema: ZodType<T>): RequestHandler {
  return (req, res, next) => {
    const valid = (res.locals.valid ?? {}) as Partial<Record<RequestPart, unknown>>;
    valid[part] = parseOr400(schema, req[part], part);
    res.locals.valid = valid;
    next();
  };
}
