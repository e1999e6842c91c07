export { escapeHtml, html, unsafeRaw, SafeHtml } from './escape';
export type { HtmlValue } from './escape';
export { HttpError, errorHandler, notFoundHandler } from './errors';
export { HELMET_OPTIONS, securityMiddleware, precomputeSecurityHeaders } from './security';
export { createLogger, requestLogger, requestId, logServed } from './logger';
export type { Logger } from './logger';
export { safeRedirectPath } from './redirect';
