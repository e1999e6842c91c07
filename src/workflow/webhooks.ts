import type { Repository } from '../store';
import { WEBHOOK_MAX_ATTEMPTS, webhookBackoffMs, webhookBody, webhookSignature, type Release, type WebhookDelivery } from '../release';
import type { WorkflowContext } from './context';

/** The page a release event points at: absolute under BITEXT_PUBLIC_URL when it is set. */
function pageUrl(release: Release): string {
  const path = `/${release.locale}/articles/${release.slug}`;
  const base = process.env.BITEXT_PUBLIC_URL?.trim().replace(/\/+$/, '');
  return base ? `${base}${path}` : path;
}

/** Queues the event of a release or withdrawal in the transaction `tx` that made it. */
export async function queueReleaseEvent(context: WorkflowContext, tx: Repository, release: Release, event: 'release' | 'withdrawal'): Promise<void> {
  if (!context.webhookTarget) return;
  const at = event === 'withdrawal' && release.withdrawal ? release.withdrawal.at : release.publishedAt;
  const body = webhookBody({ event, slug: release.slug, locale: release.locale, version: release.version, url: pageUrl(release), at });
  await tx.enqueueWebhook({ target: context.webhookTarget, body, at: new Date().toISOString() });
}

export interface DeliveryOptions {
  secret: string;
  /** Per attempt; a slow receiver is cut off and retried later. */
  timeoutMs?: number;
  /** How long a claimed delivery stays with this process before another may try it. */
  leaseMs?: number;
  limit?: number;
}

/**
 * Delivers what is due: each delivery is claimed first (so two servers never both send it), sent
 * with its signature, and logged; a failure is retried with backoff until WEBHOOK_MAX_ATTEMPTS.
 * Answers the deliveries attempted.
 */
export async function deliverDueWebhooks(context: WorkflowContext, options: DeliveryOptions): Promise<number> {
  const store = context.store;
  const now = new Date();
  const due = await store.dueWebhooks(now.toISOString(), options.limit ?? 20);
  let attempted = 0;
  for (const delivery of due) {
    const lease = new Date(Date.now() + (options.leaseMs ?? 60_000)).toISOString();
    if (delivery.nextAttemptAt === null || !(await store.claimWebhook(delivery.id, delivery.nextAttemptAt, lease))) continue;
    attempted++;
    await attempt(context, delivery, options);
  }
  return attempted;
}

async function attempt(context: WorkflowContext, delivery: WebhookDelivery, options: DeliveryOptions): Promise<void> {
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(delivery.target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bitext-signature': webhookSignature(delivery.body, options.secret), 'user-agent': 'bitext-webhook' },
      body: delivery.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    status = response.status;
    await response.body?.cancel();
    if (status < 200 || status > 299) error = `the receiver answered ${status}`;
  } catch (caught) {
    error = caught instanceof Error ? (caught.cause instanceof Error ? `${caught.message}: ${caught.cause.message}` : caught.message) : String(caught);
  }
  const at = new Date().toISOString();
  const record = { at, status, error, ms: Date.now() - started };
  const failed = delivery.attempts + 1;
  if (error === null) await context.store.recordWebhookAttempt(delivery.id, record, { deliveredAt: at });
  else if (failed >= WEBHOOK_MAX_ATTEMPTS) await context.store.recordWebhookAttempt(delivery.id, record, { failedAt: at });
  else await context.store.recordWebhookAttempt(delivery.id, record, { nextAttemptAt: new Date(Date.now() + webhookBackoffMs(failed)).toISOString() });
}

/** Every delivery with its attempts, newest first (admins). */
export function webhookDeliveries(context: WorkflowContext, limit = 200): Promise<WebhookDelivery[]> {
  return context.store.listWebhooks(limit);
}
