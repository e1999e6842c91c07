export { escapeHtml, html, unsafeRaw, SafeHtml } from './escape';
export type { HtmlValue } from './escape';
export { HttpError, errorHandler, notFoundHandler } from './errors';
export { parseOr400, validate } from './validate';
export type { RequestPart } from './validate';
export { HELMET_OPTIONS, securityMiddleware, precomputeSecurityHeaders } from './security';
export { createLogger, requestLogger, requestId, logServed } from './logger';
export type { Logger } from './logger';
