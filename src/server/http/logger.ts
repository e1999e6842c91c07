import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

export type { Logger };

/** The default logger: JSON lines on stdout at `LOG_LEVEL` (default info). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level });
}

let lastId = 0;

/** The request id: `X-Request-Id` when a proxy sent a sane one, else a process-wide counter. */
export function requestId(req: IncomingMessage): string | number {
  const header = req.headers['x-request-id'];
  if (typeof header === 'string' && header.length > 0 && header.length <= 100 && /^[\w.-]+$/.test(header)) {
    return header;
  }
  lastId = (lastId + 1) % Number.MAX_SAFE_INTEGER;
  return lastId;
}

function levelFor(status: number, error?: unknown): 'error' | 'warn' | 'info' {
  if (error || status >= 500) return 'error';
  if (status >= 400 && status !== 404) return 'warn';
  return 'info';
}

/**
 * pino-http for every request that reaches the middleware stack, with cheap serializers (the
 * standard ones copy every header). Lines: `{req: {id, method, url}, res: {statusCode},
 * responseTime, msg: "request completed"}`; routers log through `req.log`.
 */
export function requestLogger(logger: Logger): RequestHandler {
  const middleware = pinoHttp({
    logger,
    // One child logger a request (the one carrying `req`), not two.
    quietReqLogger: false,
    wrapSerializers: false,
    genReqId: requestId,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
    customLogLevel: (_req, res, error) => levelFor(res.statusCode, error),
  });
  return middleware as unknown as RequestHandler;
}

/**
 * The same line pino-http writes, for a response answered before the middleware stack (a
 * cached page): pino-http's per-request child logger and serializer run cost more than
 * serving the page itself (measured with bench/serve.ts), so the hot path logs directly.
 */
export function logServed(logger: Logger, req: IncomingMessage, status: number, startedAt: number): void {
  const level = levelFor(status);
  if (!logger.isLevelEnabled(level)) return;
  const id = requestId(req);
  logger[level](
    { req: { id, method: req.method, url: req.url }, res: { statusCode: status }, responseTime: Date.now() - startedAt },
    'request completed',
  );
}
