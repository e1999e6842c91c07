/**
 * Hostile HTTP: junk path parameters, queries and bodies on every route of the OpenAPI document
 * (with an admin token, so validation, not auth, is what answers), oversized bodies on every
 * body parser, the rate limit on concordance, and a store that has gone away — never a 500 for
 * bad input, never a stack trace or an internal detail in any answer.
 */
import fc from 'fast-check';
import { openApiDocument } from '../../src/server/api';
import { call, startHarness, type Harness } from '../api/harness';
import { LEAK } from '../scale/helpers';
import { storeOf } from '../support/workflow-store';

const SEED = 0x4477_7700;

const junkSegment = fc.oneof(
  fc.constantFrom('0', '-1', '1e9', '99999999999999999999999', 'NaN', '%00', '%2e%2e%2f%2e%2e', '..', '%E4%B8', 'null', '[]', '{}', 'x'.repeat(600), '%F0%9F%98%80', '1;DROP TABLE units'),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
);
const junkQuery = fc.dictionary(
  fc.constantFrom('q', 'locale', 'min', 'limit', 'status', 'format', 'fileName', 'text', 'checkId', 'origin', 'sourceLocale', 'targetLocale', 'q[]', '__proto__', 'constructor'),
  fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '-5', '101', '1e400', 'zh-Hans', 'tmx', 'xx-YY', 'x'.repeat(5000))),
  { maxKeys: 4 },
);
const junkBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ text: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), version: fc.oneof(fc.integer(), fc.string()), override: fc.anything({ maxDepth: 2 }) }, { requiredKeys: [] }),
  fc.record({ terms: fc.array(fc.record({ locale: fc.string(), text: fc.string(), status: fc.string() }), { maxLength: 3 }) }),
);

describe('hostile requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ api: { expensivePerMinute: 1_000_000, uploadLimit: '64kb' } });
  });
  afterAll(() => h.close());

  const routes = Object.entries((openApiDocument() as { paths: Record<string, Record<string, unknown>> }).paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ path, method: method.toUpperCase() })));

  it('covers the documented routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  it.each(routes)('$method $path: junk in, a 4xx (or a 2xx) out, never a 500 or a leak', async ({ path, method }) => {
    await fc.assert(fc.asyncProperty(fc.array(junkSegment, { minLength: 3, maxLength: 3 }), junkQuery, junkBody, fc.boolean(), async (segments, query, body, asText) => {
      let i = 0;
      const url = path.replace(/\{[^}]+\}/g, () => segments[i++]!) + (Object.keys(query).length ? `?${new URLSearchParams(query)}` : '');
      const withBody = method !== 'GET' && method !== 'DELETE';
      const answer = await call(h, method, url, {
        token: h.users.admin.token,
        headers: { 'If-Match': '"1"' },
        ...(withBody ? { body: asText ? JSON.stringify(body).slice(0, -1) : body } : {}),
      });
      expect(answer.status).toBeLessThan(500);
      expect(JSON.stringify(answer.body)).not.toMatch(LEAK);
    }), { numRuns: 25, seed: SEED });
  });

  it('refuses bodies over the limits with 413, on the API, the glossary upload and the workbench forms', async () => {
    const big = 'x'.repeat(300 * 1024);
    const api = await call(h, 'PUT', '/api/units/1', { token: h.users.admin.token, headers: { 'If-Match': '"1"' }, body: { text: big } });
    expect(api.status).toBe(413);
    const upload = await call(h, 'POST', '/api/termbase/import?format=csv', {
      token: h.users.editor.token, headers: { 'Content-Type': 'text/csv' }, body: `en,zh-Hans\n${'a,b\n'.repeat(20_000)}`,
    });
    expect(upload.status).toBe(413);
    const form = await fetch(`${h.url}/workbench/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `name=${'n'.repeat(100 * 1024)}`,
    });
    expect(form.status).toBe(413);
    for (const text of [JSON.stringify(api.body), JSON.stringify(upload.body), await form.text()]) expect(text).not.toMatch(LEAK);
  });

  it('rate-limits concordance per user with 429', async () => {
    const limited = await startHarness({ api: { expensivePerMinute: 3 } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await call(limited, 'GET', '/api/tm/concordance?q=pier', { token: limited.users.translator.token })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // Another user has a budget of their own.
      expect((await call(limited, 'GET', '/api/tm/concordance?q=pier', { token: limited.users.editor.token })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('a store that went away', () => {
  it('answers 503 with Retry-After and no detail on the site, the API and the workbench', async () => {
    const h = await startHarness();
    try {
      await storeOf(h.workflow).close();
      const answers = [
        await fetch(`${h.url}/en/articles/harbour-news`),
        await fetch(`${h.url}/api/articles`, { headers: { Authorization: `Bearer ${h.users.admin.token}` } }),
        await fetch(`${h.url}/workbench/`, { headers: { Authorization: `Bearer ${h.users.admin.token}` } }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe('5');
        expect(await answer.text()).not.toMatch(LEAK);
      }
    } finally {
      await h.close().catch(() => undefined);
    }
  });
});
