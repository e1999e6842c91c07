import type { ErrorRequestHandler, RequestHandler } from 'express';
import { StoreUnavailableError } from '../../workflow';
import { escapeHtml } from './escape';

/** An error whose status and message may be shown to the client as they are. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra fields for a JSON answer, e.g. `{ field: 'body.text' }`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Seconds a client should wait before retrying when the store is down (a restart takes a few). */
const RETRY_AFTER_SECONDS = '5';

interface ClientFacing { status: number; message: string; details: Record<string, unknown> }

/**
 * What the client may see. Only HttpError and errors that say so themselves (`expose`, as
 * body-parser and http-errors do) show their message; anything else is a bare 500, so
 * stack traces, SQL and file paths stay in the log.
 */
function clientFacing(error: unknown): ClientFacing {
  if (error instanceof HttpError) return { status: error.status, message: error.message, details: error.details };
  // The store's own message names hosts and files: the log gets it, the client a plain sentence.
  if (error instanceof StoreUnavailableError) {
    return { status: 503, message: 'The service is temporarily unavailable; try again shortly.', details: {} };
  }
  if (typeof error === 'object' && error !== null) {
    const e = error as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown; type?: unknown };
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
    // body-parser's refusals concern the body as a whole: say so, in the field the client reads.
    if (e.type === 'entity.parse.failed' && typeof e.message === 'string') {
      return { status: 400, message: `body: not valid JSON (${e.message})`, details: { field: 'body' } };
    }
    if (e.type === 'entity.too.large') return { status: 413, message: 'body: too large for this request', details: { field: 'body' } };
    if (status >= 400 && status < 500 && e.expose === true && typeof e.message === 'string') {
      return { status, message: e.message, details: {} };
    }
    if (status >= 400 && status < 500) return { status, message: STATUS_TEXT[status] ?? 'Bad Request', details: {} };
  }
  return { status: 500, message: STATUS_TEXT[500]!, details: {} };
}

function wantsJson(req: Parameters<RequestHandler>[0]): boolean {
  if (req.originalUrl.startsWith('/api/') || req.originalUrl === '/api') return true;
  return req.accepts(['html', 'json']) === 'json';
}

/** The last handler: logs the error (with its stack) and answers without leaking it. */
export function errorHandler(): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const answer = clientFacing(error);
    const log = (req as { log?: { error: (o: object, m: string) => void; warn: (o: object, m: string) => void } }).log;
    if (answer.status >= 500) log?.error({ err: error }, 'request failed');
    else log?.warn({ status: answer.status, message: answer.message }, 'request rejected');
    if (res.headersSent) {
      // Too late for an error page: cut the response so the client sees it failed.
      res.destroy();
      return;
    }
    res.status(answer.status);
    res.setHeader('Cache-Control', 'no-store');
    if (answer.status === 503) res.setHeader('Retry-After', RETRY_AFTER_SECONDS);
    if (wantsJson(req)) {
      res.json({ error: answer.message, ...answer.details });
    } else {
      res.type('html').send(
        `<!doctype html><html lang="en"><meta charset="utf-8"><title>${answer.status}</title>` +
          `<p>${escapeHtml(answer.message)}</p></html>`,
      );
    }
  };
}

/** A 404 for whatever nobody else answered, in the same shape as other errors. */
export function notFoundHandler(): RequestHandler {
  return (_req, _res, next) => next(new HttpError(404, 'Not Found'));
}
