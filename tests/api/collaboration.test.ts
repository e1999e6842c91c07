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
      version: 1, editedAt: null, deleted: null,
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

  it('lets the author edit their comment and the author or an admin delete it, at the version they saw, in DESIGN.md\'s order of refusals', async () => {
    const [, , third] = await unitIds();
    const post = async (token: string, text: string) => (await call(h, 'POST', `/api/units/${third}/comments`, { token, body: { text } })).body;
    const mineComment = await post(h.users.translator.token, 'Is this @editor-1 a typo?');
    expect(mineComment.mentions).toEqual(['editor-1']);
    const put = (token: string | undefined, body: unknown, version?: number | string) =>
      call(h, 'PUT', `/api/comments/${mineComment.id}`, { ...(token ? { token } : {}), body, ...(version !== undefined ? { headers: { 'If-Match': String(version) } } : {}) });
    // 401 → 403 (not the author, even an admin) → 428 → 400 → 409.
    expect((await put(undefined, { text: 'x' }, 1)).status).toBe(401);
    const notAuthor = await put(h.users.admin.token, { text: 'rewritten by admin' }, 1);
    expect([notAuthor.status, notAuthor.body.error]).toEqual([403, expect.stringContaining('translator-1')]);
    expect((await put(h.users.translator.token, { text: 'no version' })).status).toBe(428);
    const blank = await put(h.users.translator.token, { text: '  ' }, 1);
    expect([blank.status, blank.body.error]).toEqual([400, expect.stringMatching(/^text: /)]);
    const edited = await put(h.users.translator.token, { text: 'Is this @reviewer-1 a typo?' }, '"1"');
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');
    expect(edited.body).toEqual({ ...mineComment, text: 'Is this @reviewer-1 a typo?', mentions: ['reviewer-1'], version: 2, editedAt: expect.any(String) });
    // The mention moved with the text: the reviewer has the unit in "mine" now, the editor not.
    expect(await mine(h.users.reviewer.token)).toContain(third);
    expect(await mine(h.users.editor.token)).not.toContain(third);
    const stale = await put(h.users.translator.token, { text: 'lost update' }, 1);
    expect([stale.status, stale.body.currentVersion]).toEqual([409, 2]);
    // Resolving needs no version (anyone on the unit does it) and is not an edit; a stale one sent is refused.
    expect((await put(h.users.reviewer.token, { resolved: true }, 1)).status).toBe(409);
    expect((await put(h.users.reviewer.token, { resolved: true })).body).toMatchObject({ resolved: true, version: 2 });
    expect((await call(h, 'GET', `/api/units/${third}/comments`, { token: h.users.editor.token })).body[0].text).toBe('Is this @reviewer-1 a typo?');

    const del = (token: string, id: number, version?: number) =>
      call(h, 'DELETE', `/api/comments/${id}`, { token, ...(version !== undefined ? { headers: { 'If-Match': String(version) } } : {}) });
    expect((await del(h.users.reviewer.token, mineComment.id, 2)).status).toBe(403);
    expect((await del(h.users.translator.token, mineComment.id)).status).toBe(428);
    expect((await del(h.users.translator.token, mineComment.id, 1)).status).toBe(409);
    expect((await del(h.users.translator.token, mineComment.id, 2)).body).toEqual({ deleted: mineComment.id });
    expect((await del(h.users.translator.token, mineComment.id, 2)).status).toBe(404);
    // An admin may delete anyone's comment (moderation), still at its version.
    const others = await post(h.users.reviewer.token, 'spam');
    expect((await del(h.users.admin.token, others.id, 1)).status).toBe(200);
    expect((await call(h, 'GET', `/api/units/${third}/comments`, { token: h.users.editor.token })).body).toEqual([]);
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
