/**
 * Comments and assignments over the API (DESIGN.md: `GET|POST /api/units/{id}/comments`,
 * `PUT /api/comments/{id}`): a thread per unit with @mentions of users, resolved and reopened,
 * the mentioned person's "mine" queue, assignments of an article or one locale by an editor.
 */
import { SLUG, call, logIn, startHarness, type Harness, type Json } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

async function unitIds(locale = 'zh-Hans'): Promise<number[]> {
  const r = await call(h, 'GET', `/api/articles/${SLUG}/units?locale=${locale}`, { token: h.users.translator.token });
  return r.body.map((u: Json) => u.id);
}

const mine = async (token: string, locale = 'zh-Hans') =>
  (await call(h, 'GET', `/api/articles/${SLUG}/units?locale=${locale}&queue=mine`, { token })).body.map((u: Json) => u.id);

describe('comments', () => {
  it('keeps a thread with mentions of users that exist; the mentioned see the unit in "mine" until it is resolved', async () => {
    const [first, second] = await unitIds();
    expect(await mine(h.users.reviewer.token)).toEqual([]);
    const posted = await call(h, 'POST', `/api/units/${second}/comments`, {
      token: h.users.translator.token, body: { text: '  @reviewer-1, is 客运码头 right? (cc @nobody and @translator-1)  ' },
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toEqual({
      id: expect.any(Number), unitId: second, author: 'translator-1', text: '@reviewer-1, is 客运码头 right? (cc @nobody and @translator-1)',
      mentions: ['reviewer-1'], resolved: false, resolvedBy: null, resolvedAt: null, createdAt: expect.any(String),
    });
    const reply = await call(h, 'POST', `/api/units/${second}/comments`, { token: h.users.reviewer.token, body: { text: 'Yes, the operator\'s word.' } });
    expect(reply.status).toBe(201);

    const thread = await call(h, 'GET', `/api/units/${second}/comments`, { token: h.users.editor.token });
    expect(thread.body.map((c: Json) => c.author)).toEqual(['translator-1', 'reviewer-1']);
    expect((await call(h, 'GET', `/api/units/${first}/comments`, { token: h.users.editor.token })).body).toEqual([]);
    const all = await call(h, 'GET', `/api/articles/${SLUG}/comments?locale=zh-Hans`, { token: h.users.admin.token });
    expect(all.body.map((c: Json) => c.unitId)).toEqual([second, second]);
    expect((await call(h, 'GET', `/api/articles/${SLUG}/comments?locale=zh-Hant`, { token: h.users.admin.token })).body).toEqual([]);

    expect(await mine(h.users.reviewer.token)).toEqual([second]);
    const counts = await call(h, 'GET', `/api/articles/${SLUG}/queues?locale=zh-Hans`, { token: h.users.reviewer.token });
    expect(counts.body.mine).toBe(1);
    const work = await call(h, 'GET', '/api/me/work', { token: h.users.reviewer.token });
    expect(work.body.mentions).toEqual([expect.objectContaining({ id: posted.body.id, articleSlug: SLUG, locale: 'zh-Hans', position: 1 })]);

    const resolved = await call(h, 'PUT', `/api/comments/${posted.body.id}`, { token: h.users.reviewer.token, body: { resolved: true } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ resolved: true, resolvedBy: 'reviewer-1', resolvedAt: expect.any(String) });
    expect(await mine(h.users.reviewer.token)).toEqual([]);
    expect((await call(h, 'GET', '/api/me/work', { token: h.users.reviewer.token })).body.mentions).toEqual([]);
    const reopened = await call(h, 'PUT', `/api/comments/${posted.body.id}`, { token: h.users.translator.token, body: { resolved: false } });
    expect(reopened.body).toMatchObject({ resolved: false, resolvedBy: null, resolvedAt: null });
    expect(await mine(h.users.reviewer.token)).toEqual([second]);
  });

  it('refuses what is not a comment, naming the field; unknown units and comments are 404; a session needs its CSRF token', async () => {
    const [first] = await unitIds();
    const empty = await call(h, 'POST', `/api/units/${first}/comments`, { token: h.users.translator.token, body: { text: '   ' } });
    expect([empty.status, empty.body.error]).toEqual([400, expect.stringMatching(/^text: /)]);
    const control = await call(h, 'POST', `/api/units/${first}/comments`, { token: h.users.translator.token, body: { text: 'a\u0001b' } });
    expect([control.status, control.body.error]).toEqual([400, expect.stringMatching(/^text: .*control character/)]);
    const long = await call(h, 'POST', `/api/units/${first}/comments`, { token: h.users.translator.token, body: { text: 'x'.repeat(4001) } });
    expect(long.status).toBe(400);
    expect((await call(h, 'POST', '/api/units/999999/comments', { token: h.users.translator.token, body: { text: 'hi' } })).status).toBe(404);
    expect((await call(h, 'PUT', '/api/comments/999999', { token: h.users.translator.token, body: { resolved: true } })).status).toBe(404);
    const notBool = await call(h, 'PUT', '/api/comments/1', { token: h.users.translator.token, body: { resolved: 'yes' } });
    expect([notBool.status, notBool.body.error]).toEqual([400, expect.stringMatching(/^resolved: /)]);
    expect((await call(h, 'POST', `/api/units/${first}/comments`, { body: { text: 'hi' } })).status).toBe(401);
    const session = await logIn(h, h.users.translator);
    expect((await call(h, 'POST', `/api/units/${first}/comments`, { cookie: session.cookie, body: { text: 'hi' } })).status).toBe(403);
    expect((await call(h, 'POST', `/api/units/${first}/comments`, { ...session, body: { text: 'hi' } })).status).toBe(201);
  });
});

describe('assignments', () => {
  it('an editor assigns a translator to a locale and a reviewer to the whole article; it shows in "mine" and in /api/me/work', async () => {
    const translator = h.users.translator;
    expect((await call(h, 'PUT', `/api/articles/${SLUG}/assignments`, { token: translator.token, body: { locale: 'zh-Hans', role: 'translator', user: translator.name } })).status).toBe(403);
    const set = await call(h, 'PUT', `/api/articles/${SLUG}/assignments`, { token: h.users.editor.token, body: { locale: 'zh-Hant', role: 'translator', user: translator.name } });
    expect(set.status).toBe(200);
    const both = await call(h, 'PUT', `/api/articles/${SLUG}/assignments`, { token: h.users.editor.token, body: { role: 'reviewer', user: h.users.reviewer.name } });
    expect(both.body).toEqual([
      { articleSlug: SLUG, locale: null, role: 'reviewer', user: 'reviewer-1', assignedBy: 'editor-1', assignedAt: expect.any(String) },
      { articleSlug: SLUG, locale: 'zh-Hant', role: 'translator', user: 'translator-1', assignedBy: 'editor-1', assignedAt: expect.any(String) },
    ]);
    expect(await mine(translator.token, 'zh-Hant')).toEqual(await unitIds('zh-Hant'));
    expect(await mine(translator.token, 'zh-Hans')).toEqual([]);
    expect(await mine(h.users.reviewer.token, 'zh-Hant')).toEqual(await unitIds('zh-Hant'));
    const work = await call(h, 'GET', '/api/me/work', { token: translator.token });
    expect(work.body.assignments).toEqual([expect.objectContaining({ articleSlug: SLUG, locale: 'zh-Hant', role: 'translator', title: 'Harbour news' })]);

    // A reviewer must be able to approve; the source locale is nobody's to translate; unknown people are named.
    const notReviewer = await call(h, 'PUT', `/api/articles/${SLUG}/assignments`, { token: h.users.editor.token, body: { role: 'reviewer', user: translator.name } });
    expect([notReviewer.status, notReviewer.body.error]).toEqual([400, expect.stringMatching(/^user: translator-1 is a translator/)]);
    const source = await call(h, 'PUT', `/api/articles/${SLUG}/assignments`, { token: h.users.editor.token, body: { locale: 'en', role: 'translator', user: translator.name } });
    expect([source.status, source.body.error]).toEqual([400, expect.stringMatching(/^locale: /)]);
    const nobody = await call(h, 'PUT', `/api/articles/${SLUG}/assignments`, { token: h.users.editor.token, body: { role: 'translator', user: 'nobody' } });
    expect([nobody.status, nobody.body.error]).toEqual([400, 'user: no user "nobody"']);
    const badRole = await call(h, 'PUT', `/api/articles/${SLUG}/assignments`, { token: h.users.editor.token, body: { role: 'editor', user: translator.name } });
    expect([badRole.status, badRole.body.error]).toEqual([400, expect.stringMatching(/^role: /)]);

    // null removes.
    const removed = await call(h, 'PUT', `/api/articles/${SLUG}/assignments`, { token: h.users.editor.token, body: { locale: 'zh-Hant', role: 'translator', user: null } });
    expect(removed.body.map((a: Json) => a.role)).toEqual(['reviewer']);
    expect(await mine(translator.token, 'zh-Hant')).toEqual([]);
    const people = await call(h, 'GET', '/api/people', { token: translator.token });
    expect(people.body).toEqual(expect.arrayContaining([{ name: 'reviewer-1', role: 'reviewer' }]));
    expect(Object.keys(people.body[0]).sort()).toEqual(['name', 'role']);
  });
});
