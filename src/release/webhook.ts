import { createHmac } from 'node:crypto';
import type { Locale } from '../locale';

/** What a CMS hears about: a new release of an article in a locale, or its withdrawal. */
export interface WebhookEvent {
  event: 'release' | 'withdrawal';
  slug: string;
  locale: Locale;
  version: number;
  url: string;
  at: string;
}

/** One queued delivery of an event to the configured receiver, with every attempt made. */
export interface WebhookDelivery {
  id: number;
  target: string;
  body: string;
  createdAt: string;
  nextAttemptAt: string | null;
  attempts: number;
  deliveredAt: string | null;
  /** Set when the retries ran out. */
  failedAt: string | null;
  log: WebhookAttempt[];
}

export interface WebhookAttempt {
  at: string;
  /** The receiver's HTTP status, or null when it did not answer (refused, timed out). */
  status: number | null;
  error: string | null;
  ms: number;
}

/** The body as sent: keys in DESIGN.md's order, so that a receiver can log it as it came. */
export function webhookBody(event: WebhookEvent): string {
  const { event: kind, slug, locale, version, url, at } = event;
  return JSON.stringify({ event: kind, slug, locale, version, url, at });
}

/** `X-Bitext-Signature`: `sha256=` and the hex HMAC-SHA256 of the exact body bytes. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Attempts before a delivery is given up (about a day of retries with the backoff below). */
export const WEBHOOK_MAX_ATTEMPTS = 12;

/** Wait before attempt n+1 after n failed ones: 5 s doubling, at most an hour (n ≥ 1). */
export function webhookBackoffMs(failedAttempts: number): number {
  return Math.min(3_600_000, 5_000 * 2 ** Math.max(0, failedAttempts - 1));
}
