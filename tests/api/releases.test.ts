/** Releases over the API: an editor's publish and withdrawal, roles, bad input, what readers then see. */
import { ENGLISH, SLUG, call, startHarness, type Harness, type Json } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const page = (locale: string) => fetch(`${h.url}/${locale}/articles/${SLUG}`, { redirect: 'manual' });

describe('publish and withdraw', () => {
  it('the harbour article is released in English at import (a clean source), not in Chinese (not approved)', async () => {
    expect((await page('en')).status).toBe(200);
    expect((await page('zh-Hans')).status).toBe(404);
    const r = await call(h, 'GET', `/api/articles/${SLUG}/releases`, { token: h.users.translator.token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([expect.objectContaining({ locale: 'en', version: 1, withdrawal: null, converter: null })]);
  });

  it('refuses without credentials (401), to a reviewer (403), bad bodies naming the field (400), unknown articles (404)', async () => {
    expect((await call(h, 'POST', `/api/articles/${SLUG}/publish`, { body: { locale: 'en' } })).status).toBe(401);
    expect((await call(h, 'POST', `/api/articles/${SLUG}/publish`, { token: h.users.reviewer.token, body: { locale: 'en' } })).status).toBe(403);
    const bad = await call(h, 'POST', `/api/articles/${SLUG}/publish`, { token: h.users.editor.token, body: { locale: 'fr' } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('locale');
    const noReason = await call(h, 'POST', `/api/articles/${SLUG}/withdraw`, { token: h.users.editor.token, body: { locale: 'en', reason: '  ' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.field).toBe('reason');
    expect((await call(h, 'POST', '/api/articles/nope/publish', { token: h.users.editor.token, body: { locale: 'en' } })).status).toBe(404);
    // zh-Hans is not approved: nothing to release.
    const notReady = await call(h, 'POST', `/api/articles/${SLUG}/publish`, { token: h.users.editor.token, body: { locale: 'zh-Hans' } });
    expect(notReady.status).toBe(400);
    expect(notReady.body.field).toBe('locale');
    // No zh-Hans release to withdraw.
    expect((await call(h, 'POST', `/api/articles/${SLUG}/withdraw`, { token: h.users.editor.token, body: { locale: 'zh-Hans', reason: 'x' } })).status).toBe(404);
  });

  it('publishing an unchanged release answers it (200); a withdrawal takes the page offline; a publish brings it back (201)', async () => {
    const same = await call(h, 'POST', `/api/articles/${SLUG}/publish`, { token: h.users.editor.token, body: { locale: 'en' } });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ locale: 'en', version: 1 });
    const withdrawn = await call(h, 'POST', `/api/articles/${SLUG}/withdraw`, {
      token: h.users.editor.token, body: { locale: 'en', reason: 'wrong ferry timetable' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.withdrawal).toMatchObject({ by: h.users.editor.name, reason: 'wrong ferry timetable' });
    expect((await page('en')).status).toBe(404);
    const back = await call(h, 'POST', `/api/articles/${SLUG}/publish`, { token: h.users.editor.token, body: { locale: 'en' } });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ version: 2, approvedBy: h.users.editor.name });
    expect((await page('en')).status).toBe(200);
  });

  it('a source with an error finding is refused with the findings (409) and the release stays online', async () => {
    await h.workflow.saveConcept({
      terms: [
        { locale: 'en', text: 'ferry terminal', status: 'preferred' },
        { locale: 'en', text: 'ferry', status: 'forbidden' },
        { locale: 'zh-Hans', text: '客运码头', status: 'preferred' },
      ],
    }, { id: 'c-ferry', expectedVersion: null, by: 'ed' });
    const article = await h.workflow.requireArticle(SLUG);
    await h.workflow.editSource({ documentId: article.id, position: 1, text: 'The new ferry opened in Jiangmen on Monday.', by: 'ed' });
    const r = await call(h, 'POST', `/api/articles/${SLUG}/publish`, { token: h.users.editor.token, body: { locale: 'en' } });
    expect(r.status).toBe(409);
    expect((r.body.findings as Json[]).map((f) => f.checkId)).toContain('term-forbidden');
    const en = await page('en');
    expect(en.status).toBe(200);
    expect(await en.text()).toContain('The new ferry terminal opened in Jiangmen on Monday.');
  });

  it('a re-import with a changed word keeps the translation as an outdated draft, with the source before and the word diff', async () => {
    const r = await call(h, 'POST', '/api/articles', {
      token: h.users.editor.token,
      body: { slug: SLUG, english: { fileName: 'en.md', text: ENGLISH.replace('It serves 3000 passengers a day.', 'It serves 4000 passengers a day.') } },
    });
    expect(r.status).toBe(201);
    const units = (await call(h, 'GET', `/api/articles/${SLUG}/units?locale=zh-Hans`, { token: h.users.translator.token })).body as Json[];
    const outdated = units.filter((u) => u.target.outdated);
    expect(outdated).toHaveLength(1);
    expect(outdated[0].source).toMatchObject({ text: 'It serves 4000 passengers a day.', previous: 'It serves 3000 passengers a day.' });
    expect(outdated[0].target).toMatchObject({ text: '它每天服务3000名乘客。', status: 'draft', outdated: true });
    expect(outdated[0].source.change).toEqual(expect.arrayContaining([
      expect.objectContaining({ op: 'delete', text: expect.stringContaining('3000') }),
      expect.objectContaining({ op: 'insert', text: expect.stringContaining('4000') }),
    ]));
    for (const u of units.filter((x) => !x.target.outdated)) {
      expect(u.target.outdated).toBe(false);
      expect(u.source.previous).toBeUndefined();
    }
  });
});

describe('headless delivery (no login)', () => {
  it('GET /api/published/articles?locale= and /{slug}?locale= answer the latest release with alternates and an ETag (304)', async () => {
    const list = await call(h, 'GET', '/api/published/articles?locale=en');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ slug: SLUG, locale: 'en' })]);
    const one = await call(h, 'GET', `/api/published/articles/${SLUG}?locale=en`);
    expect(one.status).toBe(200);
    expect(Object.keys(one.body).sort()).toEqual(['alternates', 'html', 'locale', 'publishedAt', 'slug', 'title', 'version']);
    expect(one.body).toMatchObject({ slug: SLUG, locale: 'en', title: 'Harbour news', alternates: [{ locale: 'en', url: `/en/articles/${SLUG}` }] });
    expect(one.body.html).toContain('<p>');
    const etag = one.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${h.url}/api/published/articles/${SLUG}?locale=en`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('answers 404 JSON for an unknown slug, an unknown locale or one without a release, 400 without a locale', async () => {
    const unknown = await call(h, 'GET', '/api/published/articles/nope?locale=en');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/nope/);
    const hant = await call(h, 'GET', `/api/published/articles/${SLUG}?locale=zh-Hant`);
    expect(hant.status).toBe(404);
    expect((await call(h, 'GET', `/api/published/articles/${SLUG}?locale=fr`)).status).toBe(404);
    expect((await call(h, 'GET', '/api/published/articles')).status).toBe(400);
  });
});
