import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

export type { Logger };

/** The default logger: JSON lines on stdout at `LOG_LEVEL` (default info). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level });
}

let nextId = 0;

/**
 * pino-http, with cheap serializers: the standard ones copy every header of every request and
 * response, which costs more than serving a cached page. One line a request with method, url,
 * status and time; the request id comes from `X-Request-Id` when a proxy sent a sane one.
 */
export function requestLogger(logger: Logger): RequestHandler {
  const middleware = pinoHttp({
    logger,
    quietReqLogger: true,
    wrapSerializers: false,
    genReqId(req: IncomingMessage) {
      const header = req.headers['x-request-id'];
      if (typeof header === 'string' && header.length > 0 && header.length <= 100 && /^[\w.-]+$/.test(header)) {
        return header;
      }
      nextId = (nextId + 1) % Number.MAX_SAFE_INTEGER;
      return nextId;
    },
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
    customLogLevel(_req, res, error) {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400 && res.statusCode !== 404) return 'warn';
      return 'info';
    },
  });
  return middleware as unknown as RequestHandler;
}
