/** Releases: published snapshots of an article in one locale (what readers see). */
export type {
  Release, NewRelease, ReleaseBlock, ReleaseUnit, ReleaseConverter, ReleaseContent, ReleaseWithdrawal,
} from './types';
export { buildReleaseContent, linkedSlugs, renderReleaseBody, type SnapshotInput } from './snapshot';
export { webhookBody, webhookSignature, webhookBackoffMs, WEBHOOK_MAX_ATTEMPTS } from './webhook';
export type { WebhookEvent, WebhookDelivery, WebhookAttempt } from './webhook';
