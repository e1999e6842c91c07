/**
 * The delivery API for a headless CMS (no login, the latest release, ETag) and the webhook on
 * every release and withdrawal: queued with the release, signed, retried, logged for admins —
 * against a receiver this test starts on loopback.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SLUG, call, startHarness, type Harness } from '../api/harness';

const SECRET = 'test-secret-☃';

interface Received { body: string; signature: string | undefined }
const received: Received[] = [];
/** What the receiver answers next (then 200): a receiver that is down for a while. */
const failures: number[] = [];
let receiver: Server;
let h: Harness;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = failures.shift() ?? 200;
      if (status === 200) received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-bitext-signature'] as string | undefined });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  process.env.BITEXT_WEBHOOK_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  delete process.env.BITEXT_WEBHOOK_URL;
  await h?.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const deliver = () => h.workflow.deliverWebhooks({ secret: SECRET, timeoutMs: 2000 });

describe('delivery API', () => {
  it('answers the latest release without login, with alternates and an ETag (304 when unchanged)', async () => {
    const r = await fetch(`${h.url}/api/published/articles/${SLUG}?locale=en`);
    expect(r.status).toBe(200);
    const body = await r.json() as Record<string, unknown>;
    expect(body).toMatchObject({ slug: SLUG, locale: 'en', version: 1, alternates: [{ locale: 'en', url: `/en/articles/${SLUG}` }] });
    expect(typeof body.title).toBe('string');
    expect(body.html).toContain('ferry terminal');
    expect(Date.parse(String(body.publishedAt))).not.toBeNaN();
    const tag = r.headers.get('etag');
    expect(tag).toMatch(/^"/);
    expect((await fetch(`${h.url}/api/published/articles/${SLUG}?locale=en`, { headers: { 'If-None-Match': tag! } })).status).toBe(304);
    const list = await fetch(`${h.url}/api/published/articles?locale=en`);
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual([expect.objectContaining({ slug: SLUG, locale: 'en', version: 1 })]);
  });

  it('404 for an article or locale without a release, 400 naming the missing locale', async () => {
    const noZh = await fetch(`${h.url}/api/published/articles/${SLUG}?locale=zh-Hans`);
    expect(noZh.status).toBe(404);
    expect(((await noZh.json()) as { field: string }).field).toBe('slug');
    expect((await fetch(`${h.url}/api/published/articles/nope?locale=en`)).status).toBe(404);
    expect((await fetch(`${h.url}/api/published/articles?locale=fr`)).status).toBe(404);
    const missing = await fetch(`${h.url}/api/published/articles`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { field: string }).field).toBe('locale');
    expect(await (await fetch(`${h.url}/api/published/articles?locale=zh-Hant`)).json()).toEqual([]);
  });
});

describe('webhooks', () => {
  it('delivers the release made at import, signed with HMAC-SHA256 of the exact body', async () => {
    expect(await deliver()).toBe(1);
    expect(received).toHaveLength(1);
    const { body, signature } = received[0]!;
    expect(JSON.parse(body)).toEqual({ event: 'release', slug: SLUG, locale: 'en', version: 1, url: `/en/articles/${SLUG}`, at: expect.any(String) });
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['event', 'slug', 'locale', 'version', 'url', 'at']);
    expect(signature).toBe(`sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`);
    expect(await deliver()).toBe(0); // delivered once, never again
  });

  it('a withdrawal while the receiver is down: the request succeeds, the delivery is retried with backoff and logged', async () => {
    failures.push(503);
    const withdrawn = await call(h, 'POST', `/api/articles/${SLUG}/withdraw`, { token: h.users.editor.token, body: { locale: 'en', reason: 'wrong timetable' } });
    expect(withdrawn.status).toBe(200);
    expect(await deliver()).toBe(1);
    expect(received).toHaveLength(1);
    let log = await call(h, 'GET', '/api/webhooks', { token: h.users.admin.token });
    expect(log.status).toBe(200);
    const pending = log.body.deliveries[0];
    expect(pending).toMatchObject({ event: { event: 'withdrawal', slug: SLUG, locale: 'en', version: 1 }, attempts: 1, deliveredAt: null, failedAt: null });
    expect(pending.log).toEqual([expect.objectContaining({ status: 503, error: 'the receiver answered 503' })]);
    expect(Date.parse(pending.nextAttemptAt)).toBeGreaterThan(Date.now());
    expect(await deliver()).toBe(0); // not due yet: the backoff holds it
    // The first retry comes 5 s later.
    await new Promise((resolve) => setTimeout(resolve, 5200));
    expect(await deliver()).toBe(1);
    expect(JSON.parse(received[1]!.body)).toMatchObject({ event: 'withdrawal', version: 1 });
    log = await call(h, 'GET', '/api/webhooks', { token: h.users.admin.token });
    expect(log.body.deliveries[0]).toMatchObject({ attempts: 2, deliveredAt: expect.any(String) });
    expect(log.body.target).toBe(process.env.BITEXT_WEBHOOK_URL);
  }, 20_000);

  it('a receiver that does not answer at all is logged as such; the release stands', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const publish = await call(h, 'POST', `/api/articles/${SLUG}/publish`, { token: h.users.editor.token, body: { locale: 'en' } });
    expect(publish.status).toBe(201);
    // Point the queued delivery's process at a closed port: this is what a receiver down looks like.
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    expect(await deliver()).toBe(1);
    const log = await call(h, 'GET', '/api/webhooks', { token: h.users.admin.token });
    expect(log.body.deliveries[0]).toMatchObject({ event: { event: 'release', version: 2 }, attempts: 1, deliveredAt: null });
    expect(log.body.deliveries[0].log[0]).toMatchObject({ status: null, error: expect.stringMatching(/fetch failed|ECONNREFUSED/) });
    expect((await fetch(`${h.url}/en/articles/${SLUG}`)).status).toBe(200);
    await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', () => resolve()));
  });

  it('is for admins only', async () => {
    expect((await call(h, 'GET', '/api/webhooks', { token: h.users.editor.token })).status).toBe(403);
    expect((await call(h, 'GET', '/api/webhooks')).status).toBe(401);
  });
});
