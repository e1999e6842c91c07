/**
 * The webhook loop wakes on release and withdrawal events (one delivery each), not on page
 * changes: an edit, a termbase change or a cache-wide page invalidation sends nothing and does
 * not even look at the outbox; a release or withdrawal is sent at once, long before the timer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SLUG, call, startHarness, type Harness } from '../api/harness';
import { storeOf } from '../support/workflow-store';

const SECRET = 'trigger-secret';
const received: Array<{ event: string; locale: string; version: number }> = [];
const waiters: Array<() => void> = [];
let receiver: Server;
let h: Harness;
let stop: (() => void) | undefined;

/** Resolves once the receiver holds `n` events (the test's own timeout bounds the wait). */
function receivedCount(n: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => { if (received.length >= n) resolve(); else waiters.push(check); };
    check();
  });
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof received)[number]);
      res.writeHead(204).end();
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  process.env.BITEXT_WEBHOOK_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  stop?.();
  delete process.env.BITEXT_WEBHOOK_URL;
  await h?.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('the webhook delivery loop', () => {
  it('sends on release and withdrawal events only, each event once', async () => {
    const store = storeOf(h.workflow);
    const looks = jest.spyOn(store, 'dueWebhooks');
    // The timer would only fire in an hour: whatever arrives now was sent on an event.
    stop = h.workflow.startWebhookDelivery({ secret: SECRET, intervalMs: 3_600_000, timeoutMs: 2000 });
    await receivedCount(1); // the release made at import, found by the first look
    expect(received[0]).toMatchObject({ event: 'release', locale: 'en', version: 1 });
    // Wait until the loop is idle (its attempt recorded), so that a wake-up now would look again at once.
    while ((await h.workflow.webhookDeliveries()).some((d) => d.deliveredAt === null)) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const before = looks.mock.calls.length;

    // Page changes that are no release: an edit of a target, a termbase edit, a cache-wide invalidation.
    const unit = (await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' }))[0]!;
    await h.workflow.editTarget({ id: unit.id, text: `${unit.targetText}。`, by: h.users.translator.name, version: unit.version });
    const pier = await call(h, 'GET', '/api/termbase/concepts/c-pier', { token: h.users.editor.token });
    expect(pier.status).toBe(200);
    const edited = await call(h, 'PUT', '/api/termbase/concepts/c-pier', {
      token: h.users.editor.token, headers: { 'If-Match': String(pier.body.version) }, body: { ...pier.body, note: 'a landing stage' },
    });
    expect(edited.status).toBe(200);
    (h.workflow as unknown as { context: { articleChanged(slug: string): void } }).context.articleChanged('*');
    expect(looks.mock.calls.length).toBe(before);

    // A withdrawal, then an editor's publish: each is sent at once, once.
    const withdrawn = await call(h, 'POST', `/api/articles/${SLUG}/withdraw`, { token: h.users.editor.token, body: { locale: 'en', reason: 'typo in the title' } });
    expect(withdrawn.status).toBe(200);
    await receivedCount(2);
    expect(received[1]).toMatchObject({ event: 'withdrawal', locale: 'en', version: 1 });
    const published = await call(h, 'POST', `/api/articles/${SLUG}/publish`, { token: h.users.editor.token, body: { locale: 'en' } });
    expect(published.status).toBe(201);
    await receivedCount(3);
    expect(received[2]).toMatchObject({ event: 'release', locale: 'en', version: 2 });

    // Nothing left and nothing sent twice: three events, three deliveries, one attempt each.
    expect(await h.workflow.deliverWebhooks({ secret: SECRET })).toBe(0);
    const log = await call(h, 'GET', '/api/webhooks', { token: h.users.admin.token });
    expect(log.body.deliveries).toHaveLength(3);
    for (const d of log.body.deliveries) expect(d).toMatchObject({ attempts: 1, deliveredAt: expect.any(String) });
    expect(received).toHaveLength(3);
    looks.mockRestore();
  }, 30_000);
});
