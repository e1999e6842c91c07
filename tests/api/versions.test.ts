/**
 * Versions on every write (#19): merge, split, move, concept PUT and DELETE, source edits need
 * If-Match (428 without), refuse a stale one (409), and refuse in DESIGN.md's order — 401, 403,
 * 428, 400 (field named), 409. Bulk approval takes `{locale, units: [{id, version, overrides?}]}`
 * and reports each stale unit.
 */
import { SLUG, call, startHarness, type Harness, type Json } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

async function unitAt(position: number, locale: 'zh-Hans' | 'zh-Hant' = 'zh-Hans') {
  return (await h.workflow.articleUnits(SLUG, { locale })).find((u) => u.position === position)!;
}

interface Route {
  name: string;
  method: string;
  /** The path, the current version, a body that is malformed and one that is good. */
  setup(): Promise<{ path: string; version: number; bad: unknown; good: unknown; field: string }>;
  /** A role that may not make this write (none: every role may). */
  wrongRole?: 'translator';
}

const routes: Route[] = [
  {
    name: 'merge', method: 'POST',
    // Merge has no body to get wrong: the 400 is a bad If-Match instead (see below).
    async setup() { const u = await unitAt(1); return { path: `/api/units/${u.id}/merge`, version: u.version, bad: null, good: {}, field: 'If-Match' }; },
  },
  {
    name: 'split', method: 'POST',
    async setup() { const u = await unitAt(1); return { path: `/api/units/${u.id}/split`, version: u.version, bad: { at: 'middle' }, good: { at: 10 }, field: 'at' }; },
  },
  {
    name: 'move', method: 'POST',
    async setup() { const u = await unitAt(1); return { path: `/api/units/${u.id}/move`, version: u.version, bad: { side: 'middle', direction: 'next' }, good: { side: 'target', direction: 'next' }, field: 'side' }; },
  },
  {
    name: 'concept PUT', method: 'PUT', wrongRole: 'translator',
    async setup() {
      const c = await h.workflow.concept('c-pier');
      return { path: '/api/termbase/concepts/c-pier', version: c.version, bad: { terms: 'pier' }, good: { note: 'changed', terms: c.terms }, field: 'terms' };
    },
  },
  {
    name: 'concept DELETE', method: 'DELETE', wrongRole: 'translator',
    async setup() {
      await h.workflow.saveConcept({ terms: [{ locale: 'en', text: 'gangway', status: 'preferred' }] }, { id: 'c-gangway', expectedVersion: null, by: 'test' }).catch(() => undefined);
      const c = await h.workflow.concept('c-gangway');
      return { path: '/api/termbase/concepts/c-gangway', version: c.version, bad: null, good: undefined, field: 'If-Match' };
    },
  },
  {
    name: 'source edit', method: 'PUT', wrongRole: 'translator',
    async setup() {
      const u = await unitAt(2);
      return { path: `/api/articles/${SLUG}/segments/2`, version: u.version, bad: { text: 42 }, good: { text: 'It serves 3000 passengers every day.', locale: 'zh-Hans' }, field: 'text' };
    },
  },
];

describe.each(routes.map((r) => [r.name, r] as const))('%s', (_name, route) => {
  it('refuses in order: 401, 403, 428, 400, 409; then succeeds at the current version', async () => {
    const { path, version, bad, good, field } = await route.setup();
    const editor = h.users.editor.token;
    const send = (options: { token?: string; ifMatch?: string; body?: unknown }) => call(h, route.method, path, {
      ...(options.token ? { token: options.token } : {}),
      ...(options.ifMatch !== undefined ? { headers: { 'If-Match': options.ifMatch } } : {}),
      ...(options.body !== undefined && options.body !== null ? { body: options.body } : {}),
    });
    expect((await send({ body: bad })).status).toBe(401);
    if (route.wrongRole) expect((await send({ token: h.users[route.wrongRole].token, body: bad })).status).toBe(403);
    // No If-Match and a malformed body: the missing version is named first.
    const missing = await send({ token: editor, body: bad });
    expect([missing.status, missing.body.field]).toEqual([428, 'If-Match']);
    const malformed = field === 'If-Match' ? await send({ token: editor, ifMatch: 'yesterday' }) : await send({ token: editor, ifMatch: String(version), body: bad });
    expect([malformed.status, malformed.body.field]).toEqual([400, field]);
    expect(malformed.body.error).toMatch(new RegExp(`^${field}: `));
    const stale = await send({ token: editor, ifMatch: `"${version + 5}"`, body: good });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(version);
    const ok = await send({ token: editor, ifMatch: `"${version}"`, body: good });
    expect(ok.status).toBe(200);
  });
});

describe('bulk approval', () => {
  it('takes {locale, units: [{id, version}]}, reports stale ones, and refuses ids without versions', async () => {
    const reviewer = h.users.reviewer.token;
    const list = (await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).sort((a, b) => a.position! - b.position!);
    const [first, second] = [list[0]!, list[1]!];
    const noVersions = await call(h, 'POST', `/api/articles/${SLUG}/approve`, { token: reviewer, body: { locale: 'zh-Hans', ids: [first.id] } });
    expect(noVersions.status).toBe(400);
    expect(noVersions.body.error).toMatch(/^ids: .*version/);
    const nothing = await call(h, 'POST', `/api/articles/${SLUG}/approve`, { token: reviewer, body: { locale: 'zh-Hans' } });
    expect([nothing.status, nothing.body.field]).toEqual([400, 'units']);
    const r = await call(h, 'POST', `/api/articles/${SLUG}/approve`, {
      token: reviewer, body: { locale: 'zh-Hans', units: [{ id: first.id, version: first.version }, { id: second.id, version: second.version - 1 }] },
    });
    expect(r.status).toBe(200);
    const body: Json = r.body;
    expect(body.approved).toEqual([first.id]);
    expect(body.stale).toEqual([second.id]);
    expect((await h.workflow.unit(second.id)).status).not.toBe('approved');
  });
});
