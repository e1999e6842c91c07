import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/**
 * One policy for the whole app. Pages carry no inline script and take their styles from a
 * stylesheet we serve, so `'self'` is enough; upgrade-insecure-requests is left out because
 * it would send a plain-HTTP deployment's (or a test's) stylesheet request to https.
 */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  },
  // The site is read across origins by nobody; deny framing and cross-origin reads.
  crossOriginResourcePolicy: { policy: 'same-origin' },
};

export function securityMiddleware(options: HelmetOptions = HELMET_OPTIONS): RequestHandler {
  return helmet(options) as unknown as RequestHandler;
}

/**
 * The headers helmet would set, computed once, for responses that skip middleware on the
 * hot path (cached pages are written with one prebuilt header list). Helmet's headers do not
 * depend on the request when no directive is a function, which ours never are.
 */
export function precomputeSecurityHeaders(options: HelmetOptions = HELMET_OPTIONS): Array<[string, string]> {
  const headers = new Map<string, string>();
  const fakeResponse = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
      return fakeResponse;
    },
    removeHeader(name: string) {
      headers.delete(name);
    },
    getHeader(name: string) {
      return headers.get(name);
    },
  };
  let finished = false;
  helmet(options)(
    { headers: {} } as IncomingMessage,
    fakeResponse as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error;
      finished = true;
    },
  );
  if (!finished) throw new Error('helmet did not finish synchronously; security headers cannot be precomputed');
  return [...headers.entries()];
}
