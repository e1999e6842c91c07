/**
 * The termbase over the API: search, create, replace at a version, delete, import and export;
 * each change re-checks the units holding its terms and says which it put in error.
 */
import { SLUG, call, startHarness, type Harness } from './harness';

let h: Harness;
let editor: string;
let translator: string;

beforeAll(async () => {
  h = await startHarness();
  editor = h.users.editor.token;
  translator = h.users.translator.token;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const FERRY = {
  id: 'c-ferry-terminal',
  note: 'where ferries berth',
  terms: [
    { locale: 'en', text: 'ferry terminal', status: 'preferred' },
    { locale: 'zh-Hans', text: '渡轮码头', status: 'preferred' },
    { locale: 'zh-Hans', text: '客运码头', status: 'forbidden' },
  ],
};

async function unitAt(position: number) {
  const units = await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' });
  return units.find((u) => u.position === position)!;
}

describe('termbase CRUD with re-checks', () => {
  it('creates a concept; the units it puts in error are counted and listed with their article', async () => {
    const before = await unitAt(1);
    expect(before.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const r = await call(h, 'POST', '/api/termbase/concepts', { token: editor, body: FERRY });
    expect(r.status).toBe(201);
    expect(r.body.concept).toEqual(expect.objectContaining({ id: 'c-ferry-terminal', version: 1, note: 'where ferries berth' }));
    expect(r.body.concept.terms).toEqual(expect.arrayContaining([expect.objectContaining({ locale: 'zh-Hans', text: '客运码头', status: 'forbidden', caseSensitive: false })]));
    expect(r.body.recheck.nowInError).toEqual([before.id]);
    expect(r.body.recheck.affected).toEqual([expect.objectContaining({ id: before.id, articleSlug: SLUG, locale: 'zh-Hans', position: 1 })]);
    const after = await call(h, 'GET', `/api/units/${before.id}`, { token: translator });
    expect(after.body.blocked).toBe(true);
    expect(after.body.findings.map((f: { checkId: string }) => f.checkId)).toEqual(expect.arrayContaining(['term-forbidden']));
  });

  it('refuses a second concept with the same id (409) and an invalid one (400 naming the field)', async () => {
    expect((await call(h, 'POST', '/api/termbase/concepts', { token: editor, body: FERRY })).status).toBe(409);
    const invalid = await call(h, 'POST', '/api/termbase/concepts', { token: editor, body: { terms: [{ locale: 'en', text: 'x', status: 'banned' }] } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatch(/terms\[0\]\.status: must be one of preferred, admitted, forbidden/);
    const empty = await call(h, 'POST', '/api/termbase/concepts', { token: editor, body: { terms: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatch(/^terms: /);
  });

  it('searches by term text and note', async () => {
    const byTerm = await call(h, 'GET', `/api/termbase/concepts?q=${encodeURIComponent('客运')}`, { token: translator });
    expect(byTerm.body.map((c: { id: string }) => c.id)).toEqual(['c-ferry-terminal']);
    const byNote = await call(h, 'GET', '/api/termbase/concepts?q=BERTH', { token: translator });
    expect(byNote.body.map((c: { id: string }) => c.id)).toEqual(['c-ferry-terminal']);
    const all = await call(h, 'GET', '/api/termbase/concepts', { token: translator });
    expect(all.body.map((c: { id: string }) => c.id).sort()).toEqual(['c-builders', 'c-ferry-terminal', 'c-pier']);
  });

  it('replaces a concept at its version (409 when stale, 428 without one); the units leave error', async () => {
    const unit = await unitAt(1);
    const admitted = { ...FERRY, terms: [FERRY.terms[0], FERRY.terms[1], { locale: 'zh-Hans', text: '客运码头', status: 'admitted' }] };
    expect((await call(h, 'PUT', '/api/termbase/concepts/c-ferry-terminal', { token: editor, body: admitted })).status).toBe(428);
    const stale = await call(h, 'PUT', '/api/termbase/concepts/c-ferry-terminal', { token: editor, headers: { 'If-Match': '"7"' }, body: admitted });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(1);
    expect(stale.body.current.terms.some((t: { status: string }) => t.status === 'forbidden')).toBe(true);
    const r = await call(h, 'PUT', '/api/termbase/concepts/c-ferry-terminal', { token: editor, headers: { 'If-Match': '"1"' }, body: admitted });
    expect(r.status).toBe(200);
    expect(r.body.concept.version).toBe(2);
    expect(r.body.recheck.nowInError).toEqual([]);
    expect(r.body.recheck.changed).toBeGreaterThanOrEqual(1);
    expect((await h.workflow.unit(unit.id)).findings.filter((f) => f.severity === 'error')).toEqual([]);
    // The version comes in If-Match only since #19: one in the body is no precondition (428).
    expect((await call(h, 'PUT', '/api/termbase/concepts/c-ferry-terminal', { token: editor, body: { ...admitted, version: 2, note: 'berths' } })).status).toBe(428);
    const again = await call(h, 'PUT', '/api/termbase/concepts/c-ferry-terminal', { token: editor, headers: { 'If-Match': '2' }, body: { ...admitted, note: 'berths' } });
    expect(again.status).toBe(200);
    expect(again.body.concept.note).toBe('berths');
  });

  it('deletes a concept and re-checks the units it governed', async () => {
    const pier = await unitAt(4);
    expect(pier.findings.some((f) => f.checkId === 'term-missing')).toBe(true);
    const stale = await call(h, 'DELETE', '/api/termbase/concepts/c-pier', { token: editor, headers: { 'If-Match': '"9"' } });
    expect(stale.status).toBe(409);
    // If-Match is required since #19 (428 without; the concept stays).
    expect((await call(h, 'DELETE', '/api/termbase/concepts/c-pier', { token: editor })).status).toBe(428);
    const current = await call(h, 'GET', '/api/termbase/concepts/c-pier', { token: translator });
    const r = await call(h, 'DELETE', '/api/termbase/concepts/c-pier', { token: editor, headers: { 'If-Match': current.headers.get('etag')! } });
    expect(r.status).toBe(200);
    expect(r.body.deleted).toBe('c-pier');
    expect(r.body.recheck.rechecked).toBeGreaterThanOrEqual(1);
    expect((await call(h, 'GET', '/api/termbase/concepts/c-pier', { token: translator })).status).toBe(404);
    expect((await h.workflow.unit(pier.id)).findings.some((f) => f.checkId === 'term-missing')).toBe(false);
    expect((await call(h, 'DELETE', '/api/termbase/concepts/c-pier', { token: editor, headers: { 'If-Match': '1' } })).status).toBe(404);
  });
});

describe('import and export', () => {
  it('imports a CSV upload, all or nothing, and reports the units put in error', async () => {
    const csv = 'en,zh-Hans,status\npier,栈桥,preferred\n';
    const r = await call(h, 'POST', '/api/termbase/import?format=csv&fileName=piers.csv', { token: editor, headers: { 'Content-Type': 'text/csv' }, body: csv });
    expect(r.status).toBe(200);
    expect(r.body.added).toBe(1);
    const pier = await unitAt(4);
    expect(r.body.recheck.nowInError).toEqual([pier.id]);
    const broken = await call(h, 'POST', '/api/termbase/import?format=tbx&fileName=broken.tbx', { token: editor, headers: { 'Content-Type': 'application/xml' }, body: '<tbx><text><body><conceptEntry id="x">' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/broken\.tbx/);
    const noFormat = await call(h, 'POST', '/api/termbase/import', { token: editor, headers: { 'Content-Type': 'text/csv' }, body: csv });
    expect(noFormat.status).toBe(400);
    expect(noFormat.body.error).toMatch(/^format: /);
  });

  it('exports TBX and CSV that import again unchanged', async () => {
    const tbx = await fetch(`${h.url}/api/termbase/export?format=tbx`, { headers: { Authorization: `Bearer ${translator}` } });
    expect(tbx.status).toBe(200);
    expect(tbx.headers.get('content-disposition')).toMatch(/termbase\.tbx/);
    const text = await tbx.text();
    expect(text).toContain('渡轮码头');
    const again = await call(h, 'POST', '/api/termbase/import?format=tbx&fileName=export.tbx', { token: editor, headers: { 'Content-Type': 'application/xml' }, body: text });
    expect(again.status).toBe(200);
    expect(again.body.added + again.body.updated).toBe(0);
    const csv = await fetch(`${h.url}/api/termbase/export?format=csv`, { headers: { Authorization: `Bearer ${translator}` } });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toMatch(/^\uFEFF?[^\n]*en/);
  });
});

describe('import preview and edits made outside an import', () => {
  it('previews without writing, keeps a concept edited since the last import, replaces it when named', async () => {
    const tbx = await (await fetch(`${h.url}/api/termbase/export?format=tbx`, { headers: { Authorization: `Bearer ${translator}` } })).text();
    const headers = { 'Content-Type': 'application/xml' };
    // Imported once, then edited through the API (as the workbench does).
    await call(h, 'POST', '/api/termbase/import?format=csv&fileName=g.csv', { token: editor, headers: { 'Content-Type': 'text/csv' }, body: 'id,en,zh-Hans,status\nc-gangway,gangway,舷梯,preferred\n' });
    const imported = await call(h, 'POST', '/api/termbase/import?format=csv&fileName=g2.csv&replace=c-gangway', { token: editor, headers: { 'Content-Type': 'text/csv' }, body: 'id,en,zh-Hans,status\nc-gangway,gangway,登船梯,preferred\n' });
    expect([imported.body.updated, imported.body.replaced, imported.body.kept]).toEqual([1, [], []]);
    const builders = await call(h, 'GET', '/api/termbase/concepts/c-builders', { token: editor });
    const edited = await call(h, 'PUT', '/api/termbase/concepts/c-builders', {
      token: editor, headers: { 'If-Match': `"${builders.body.version}"` },
      body: { ...builders.body, terms: [...builders.body.terms, { locale: 'zh-Hans', text: '码头', status: 'forbidden' }] },
    });
    expect(edited.status).toBe(200);

    const preview = await call(h, 'POST', '/api/termbase/import?format=tbx&fileName=old.tbx&preview=1', { token: editor, headers, body: tbx });
    expect(preview.status).toBe(200);
    expect(preview.body.added).toEqual([]);
    const changed = preview.body.changed.find((c: { id: string }) => c.id === 'c-builders');
    expect(changed.editedOutsideImport).toEqual(expect.objectContaining({ action: 'edit', by: h.users.editor.name }));
    expect(changed.after.terms.some((t: { text: string }) => t.text === '码头')).toBe(false);
    expect((await h.workflow.concept('c-builders')).version).toBe(edited.body.concept.version);

    const kept = await call(h, 'POST', '/api/termbase/import?format=tbx&fileName=old.tbx', { token: editor, headers, body: tbx });
    expect(kept.body.kept).toEqual(['c-builders']);
    expect((await h.workflow.concept('c-builders')).terms.some((t) => t.text === '码头')).toBe(true);

    const replaced = await call(h, 'POST', '/api/termbase/import?format=tbx&fileName=old.tbx&replace=c-builders', { token: editor, headers, body: tbx });
    expect(replaced.body.replaced).toEqual(['c-builders']);
    expect((await h.workflow.concept('c-builders')).terms.some((t) => t.text === '码头')).toBe(false);
  });
});

describe('import preview, decisions and the version seen (If-Match)', () => {
  const csvHeaders = { 'Content-Type': 'text/csv' };
  const post = (query: string, body: string, headers: Record<string, string> = {}, token = editor) =>
    call(h, 'POST', `/api/termbase/import?format=csv&fileName=quay.csv${query}`, { token, headers: { ...csvHeaders, ...headers }, body });

  it('previews term changes, conflicts and missing concepts; applies at the state seen, 409 after an edit meanwhile', async () => {
    await post('', 'id,en,zh-Hans,status\nc-quay,quay,码头,preferred\nc-bollard,bollard,系缆桩,preferred\n');
    const quay = await call(h, 'GET', '/api/termbase/concepts/c-quay', { token: editor });
    // An edit in the workbench since that import: a forbidden variant.
    const edited = await call(h, 'PUT', '/api/termbase/concepts/c-quay', {
      token: editor, headers: { 'If-Match': `"${quay.body.version}"` },
      body: { ...quay.body, terms: [...quay.body.terms, { locale: 'zh-Hans', text: '埠头', status: 'forbidden' }] },
    });
    expect(edited.status).toBe(200);
    const file = 'id,en,zh-Hans,status\nc-quay,quay,码头岸壁,preferred\nc-bollard,bollard,系缆桩,admitted\n';
    const preview = await post('&preview=1', file);
    expect(preview.status).toBe(200);
    expect(preview.body.state).toMatch(/^tb-/);
    expect(preview.headers.get('etag')).toBe(`"${preview.body.state}"`);
    const byId = Object.fromEntries(preview.body.changed.map((c: { id: string }) => [c.id, c]));
    expect(byId['c-quay']).toEqual(expect.objectContaining({ conflict: true, version: edited.body.concept.version }));
    expect(byId['c-quay'].changes.removed.map((t: { text: string }) => t.text).sort()).toEqual(['埠头', '码头']);
    expect(byId['c-bollard']).toEqual(expect.objectContaining({ conflict: false }));
    expect(byId['c-bollard'].changes.changed[0].fields).toEqual(['status']);
    expect(preview.body.absent.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['c-gangway', 'c-builders']));

    // At the state seen, a conflict left undecided is refused naming it; nothing written.
    const undecided = await post('', file, { 'If-Match': `"${preview.body.state}"` });
    expect(undecided.status).toBe(400);
    expect(undecided.body).toEqual(expect.objectContaining({ field: 'replace' }));
    expect(undecided.body.error).toContain('c-quay');
    expect((await h.workflow.concept('c-bollard')).terms[1]!.status).toBe('preferred');

    // Someone edits meanwhile: 409, the new state to preview again, nothing written.
    const builders = await h.workflow.concept('c-builders');
    await h.workflow.saveConcept({ ...builders, note: 'edited meanwhile' }, { id: 'c-builders', expectedVersion: builders.version, by: 'someone' });
    const stale = await post('&keep=c-quay', file, { 'If-Match': `"${preview.body.state}"` });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual(expect.objectContaining({ field: 'If-Match', state: expect.stringMatching(/^tb-/) }));
    expect((await h.workflow.concept('c-bollard')).terms[1]!.status).toBe('preferred');

    const again = await post('&preview=1', file);
    const applied = await post('&keep=c-quay', file, { 'If-Match': `"${again.body.state}"` });
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual(expect.objectContaining({ updated: 1, kept: ['c-quay'], replaced: [], removed: [] }));
    expect((await h.workflow.concept('c-bollard')).terms[1]!.status).toBe('admitted');
    expect((await h.workflow.concept('c-quay')).terms.some((t) => t.text === '埠头')).toBe(true);

    const badTag = await post('', file, { 'If-Match': '"7"' });
    expect(badTag.status).toBe(400);
    expect(badTag.body.field).toBe('If-Match');
    // Translators may look but not import, preview included.
    expect((await post('&preview=1', file, {}, translator)).status).toBe(403);
  });
});
