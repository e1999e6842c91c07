/**
 * Bulk actions on a selection (issue #17): approve with the overrides each unit needs, each at
 * the version seen; mark translated; re-run checks. One request, one transaction per batch,
 * and an answer naming every unit: done, blocked, stale, untranslated, refused.
 */
import { SLUG, call, startHarness, type Harness, type Json } from './harness';
import { storeOf } from '../support/workflow-store';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const units = async (locale = 'zh-Hans'): Promise<Json[]> =>
  (await call(h, 'GET', `/api/articles/${SLUG}/units?locale=${locale}`, { token: h.users.reviewer.token })).body;

describe('bulk approval', () => {
  it('approves what it can, reports blocked units with their findings and stale ones, and approves the blocked with their overrides', async () => {
    const list = await units();
    const [heading, terminal, passengers, builders, pier] = list;
    // A translator changes "passengers" after the reviewer loaded the list: that one is stale.
    const edited = await call(h, 'PUT', `/api/units/${passengers.id}`, {
      token: h.users.translator.token, headers: { 'If-Match': String(passengers.version) }, body: { text: '它每天为3000名乘客服务。' },
    });
    expect(edited.status).toBe(200);
    const seen = [heading, terminal, passengers, builders, pier].map((u) => ({ id: u.id, version: u.version }));
    const first = await call(h, 'POST', `/api/articles/${SLUG}/approve`, { token: h.users.reviewer.token, body: { locale: 'zh-Hans', units: seen } });
    expect(first.status).toBe(200);
    expect(first.body.approved.sort()).toEqual([heading.id, terminal.id].sort());
    expect(first.body.stale).toEqual([passengers.id]);
    expect(first.body.blocked.map((b: Json) => [b.id, b.findings.map((f: Json) => f.checkId)])).toEqual([
      [builders.id, ['term-missing']], [pier.id, ['term-missing']],
    ]);
    expect(first.body.untranslated).toEqual([]);

    // The blocked two, each with its reason, in one request; a wrong override is refused for its unit only.
    const again = await units();
    const at = (id: number) => again.find((u) => u.id === id)!;
    const second = await call(h, 'POST', `/api/articles/${SLUG}/approve`, {
      token: h.users.reviewer.token,
      body: {
        locale: 'zh-Hans',
        units: [
          { id: builders.id, version: at(builders.id).version, overrides: [{ checkId: 'term-missing', reason: '建设者 is the mayor\'s own word here.' }] },
          { id: pier.id, version: at(pier.id).version, overrides: [{ checkId: 'numbers', reason: 'no such finding' }] },
        ],
      },
    });
    expect(second.body.approved).toEqual([builders.id]);
    expect(second.body.refused).toEqual([{ id: pier.id, error: expect.stringMatching(/numbers/) }]);
    expect((await h.workflow.unit(builders.id)).overrides.map((o) => o.reason)).toEqual(['建设者 is the mayor\'s own word here.']);
    expect((await h.workflow.unit(pier.id)).status).toBe('translated');
  });

  it('writes the batch in one transaction: a store failure midway keeps none of it', async () => {
    const store = storeOf(h.workflow);
    // Two approvable zh-Hant units: give them text first.
    const all = await units('zh-Hant');
    const texts = ['港口新聞', '江門新客運碼頭於星期一啟用。'];
    for (const [i, unit] of all.slice(0, 2).entries()) {
      const r = await call(h, 'PUT', `/api/units/${unit.id}`, { token: h.users.translator.token, headers: { 'If-Match': String(unit.version) }, body: { text: texts[i] } });
      expect(r.status).toBe(200);
    }
    const ready = (await units('zh-Hant')).slice(0, 2);
    const original = store.updateUnit.bind(store);
    let calls = 0;
    const spy = jest.spyOn(store, 'updateUnit').mockImplementation(async (...args) => {
      calls++;
      if (calls === 2) throw new Error('disk full (simulated)');
      return original(...args);
    });
    try {
      const r = await call(h, 'POST', `/api/articles/${SLUG}/approve`, {
        token: h.users.reviewer.token, body: { locale: 'zh-Hant', units: ready.map((u) => ({ id: u.id, version: u.version })) },
      });
      expect(r.status).toBe(500);
      expect(calls).toBe(2);
    } finally {
      spy.mockRestore();
    }
    for (const unit of ready) expect((await h.workflow.unit(unit.id)).status).toBe('translated');
  });
});

describe('mark translated and re-run checks', () => {
  it('marks drafts translated at the version seen; says what was stale, approved, empty or already translated', async () => {
    const list = await units('zh-Hant');
    const [a, b, c] = list;
    for (const unit of [a, b]) {
      const fresh = await h.workflow.unit(unit.id);
      const r = await call(h, 'PUT', `/api/units/${unit.id}`, { token: h.users.translator.token, headers: { 'If-Match': String(fresh.version) }, body: { text: `草稿${unit.position}`, status: 'draft' } });
      expect(r.status).toBe(200);
    }
    const now = await units('zh-Hant');
    const seen = (id: number) => ({ id, version: now.find((u) => u.id === id)!.version });
    // c was never touched: empty; b goes stale.
    const bump = await h.workflow.unit(b.id);
    await h.workflow.editTarget({ id: b.id, version: bump.version, text: '又改了', by: 'translator-1', status: 'draft' });
    const r = await call(h, 'POST', `/api/articles/${SLUG}/mark-translated`, {
      token: h.users.translator.token, body: { locale: 'zh-Hant', units: [seen(a.id), seen(b.id), seen(c.id), { id: 999_999, version: 1 }] },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ translated: [a.id], stale: [b.id], notFound: [999_999] });
    expect(r.body.untranslated.concat(r.body.unchanged)).toEqual([c.id]);
    expect((await h.workflow.unit(a.id)).status).toBe('translated');
    expect((await h.workflow.unitHistory(a.id)).at(-1)).toMatchObject({ action: 'status', by: 'translator-1' });

    const approved = (await units()).find((u) => u.target.status === 'approved')!;
    const lowered = await call(h, 'POST', `/api/articles/${SLUG}/mark-translated`, { token: h.users.translator.token, body: { locale: 'zh-Hans', units: [{ id: approved.id, version: approved.version }] } });
    expect(lowered.body.approved).toEqual([approved.id]);
    const empty = await call(h, 'POST', `/api/articles/${SLUG}/mark-translated`, { token: h.users.translator.token, body: { locale: 'zh-Hans', units: [] } });
    expect([empty.status, empty.body.error]).toEqual([400, expect.stringMatching(/^units: /)]);
  });

  it('re-runs the checks on findings that went stale, and names what changed', async () => {
    const pier = (await units()).find((u) => u.position === 4)!;
    expect(pier.blocked).toBe(true);
    // Findings stored by an older version of the checks: none. Re-checking finds the term again.
    const store = storeOf(h.workflow);
    await store.updateUnit(pier.id, pier.version, { findings: [] }, { action: 'recheck', by: 'old-checks' });
    expect((await units()).find((u) => u.id === pier.id)!.blocked).toBe(false);
    const r = await call(h, 'POST', `/api/articles/${SLUG}/recheck`, { token: h.users.translator.token, body: { locale: 'zh-Hans', ids: [pier.id] } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ rechecked: [pier.id], changed: [pier.id], nowInError: [pier.id], cleared: [] });
    expect((await units()).find((u) => u.id === pier.id)!.blocked).toBe(true);
    const all = await call(h, 'POST', `/api/articles/${SLUG}/recheck`, { token: h.users.translator.token, body: { locale: 'zh-Hans' } });
    expect(all.body.rechecked).toHaveLength(5);
    expect(all.body.changed).toEqual([]);
    expect((await call(h, 'POST', `/api/articles/${SLUG}/recheck`, { body: { locale: 'zh-Hans' } })).status).toBe(401);
  });
});
