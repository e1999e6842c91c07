/**
 * Review over the API (issue #16): the reviewer role, the four-eyes rule, several overrides at
 * once, and the order of refusals of docs/DESIGN.md's precise contract (401 → 403 → 428 → 400 → 409).
 */
import { SLUG, call, startHarness, type Harness, type Json } from './harness';

let h: Harness;

async function unitAt(position: number): Promise<Json> {
  const r = await call(h, 'GET', `/api/articles/${SLUG}/units?locale=zh-Hans`, { token: h.users.translator.token });
  expect(r.status).toBe(200);
  return (r.body as Json[]).find((u) => u.position === position);
}

async function edit(position: number, text: string, token: string): Promise<Json> {
  const unit = await unitAt(position);
  const r = await call(h, 'PUT', `/api/units/${unit.id}`, { token, headers: { 'If-Match': `"${unit.version}"` }, body: { text } });
  expect(r.status).toBe(200);
  return r.body;
}

/** The distinct check ids of findings, sorted (a check may report several findings). */
function checks(findings: Json[]): string[] {
  return Array.from(new Set(findings.map((f) => f.checkId as string))).sort();
}

function approve(unit: Json, token: string, body: unknown = {}, version: number | string | null = unit.version) {
  return call(h, 'POST', `/api/units/${unit.id}/approve`, {
    token, body, ...(version === null ? {} : { headers: { 'If-Match': String(version) } }),
  });
}

beforeAll(async () => {
  h = await startHarness();
  // "passengers" must be 乘客: the translator's 旅客 below is a term error, 300 a number error.
  await h.workflow.saveConcept({
    terms: [
      { locale: 'en', text: 'passengers', status: 'preferred' },
      { locale: 'zh-Hans', text: '乘客', status: 'preferred' },
      { locale: 'zh-Hant', text: '乘客', status: 'preferred' },
    ],
  }, { id: 'c-passengers', expectedVersion: null, by: 'fixture' });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('a translator\'s edit with two error findings', () => {
  let unit: Json;

  beforeAll(async () => {
    unit = await edit(2, '它每天服务300名旅客。', h.users.translator.token);
    expect(checks(unit.findings.filter((f: Json) => f.severity === 'error'))).toEqual(['numbers', 'term-missing']);
  });

  it('is refused to the translator (403: approving needs the reviewer role)', async () => {
    const r = await approve(unit, h.users.translator.token, { overrides: [{ checkId: 'numbers', reason: 'x' }, { checkId: 'term-missing', reason: 'y' }] });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/reviewer/);
  });

  it('is refused to a reviewer without overrides (409 naming both)', async () => {
    const r = await approve(unit, h.users.reviewer.token);
    expect(r.status).toBe(409);
    expect(checks(r.body.findings)).toEqual(['numbers', 'term-missing']);
  });

  it('is refused with one override of two (409 naming the other), nothing saved', async () => {
    const r = await approve(unit, h.users.reviewer.token, { overrides: [{ checkId: 'numbers', reason: 'The source figure is wrong.' }] });
    expect(r.status).toBe(409);
    expect(r.body.findings.map((f: Json) => f.checkId)).toEqual(['term-missing']);
    const after = await h.workflow.unit(unit.id);
    expect([after.version, after.status, after.overrides]).toEqual([unit.version, 'translated', []]);
  });

  it('refuses bad overrides with 400 naming the field, and saves nothing', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ overrides: [{ checkId: 'numbers', reason: 'ok' }, { checkId: 'numbers', reason: 'again' }] }, /^overrides\[1\]\.checkId: /],
      [{ overrides: [{ checkId: 'numbers', reason: '  \t ' }, { checkId: 'term-missing', reason: 'ok' }] }, /^overrides\[0\]\.reason: /],
      [{ overrides: [{ checkId: 'placeholders', reason: 'not there' }, { checkId: 'term-missing', reason: 'ok' }] }, /^overrides\[0\]\.checkId: .*placeholders/],
      [{ overrides: 'numbers' }, /^overrides: /],
      [{ overrides: [{ checkId: 'numbers' }] }, /^overrides\[0\]\.reason: /],
      [{ override: { checkId: 'numbers', reason: 'a' }, overrides: [{ checkId: 'numbers', reason: 'b' }] }, /^override\.checkId: /],
    ];
    for (const [body, message] of cases) {
      const r = await approve(unit, h.users.reviewer.token, body);
      expect([r.status, r.body.error]).toEqual([400, expect.stringMatching(message)]);
    }
    expect((await h.workflow.unit(unit.id)).version).toBe(unit.version);
  });

  it('is approved by a reviewer with two overrides; both reasons are kept with who and when, and in the history', async () => {
    const r = await approve(unit, h.users.reviewer.token, {
      overrides: [
        { checkId: 'term-missing', reason: '旅客 is the operator\'s own word in its notices.' },
        { checkId: 'numbers', reason: 'The English figure is a typo; the operator says 300.' },
      ],
    }, `"${unit.version}"`);
    expect(r.status).toBe(200);
    expect(r.body.target.status).toBe('approved');
    expect(r.body.overrides).toEqual([
      { checkId: 'term-missing', reason: '旅客 is the operator\'s own word in its notices.', by: h.users.reviewer.name, at: expect.any(String) },
      { checkId: 'numbers', reason: 'The English figure is a typo; the operator says 300.', by: h.users.reviewer.name, at: expect.any(String) },
    ]);
    const history = await call(h, 'GET', `/api/units/${unit.id}/history`, { token: h.users.reviewer.token });
    const last = history.body.at(-1);
    expect(last).toEqual(expect.objectContaining({ action: 'override', by: h.users.reviewer.name, status: 'approved' }));
    expect(last.reason).toContain('operator\'s own word');
    expect(last.reason).toContain('the operator says 300');
  });
});

describe('four eyes', () => {
  it('lets any reviewer approve a target nobody wrote (aligned from an existing translation)', async () => {
    const unit = await unitAt(1);
    expect(unit.target.origin).toBe('aligned');
    expect(unit.findings.some((f: Json) => f.severity === 'error')).toBe(false);
    const r = await approve(unit, h.users.reviewer.token);
    expect(r.status).toBe(200);
  });

  it('refuses a reviewer the approval of a target they wrote (403, saying why); another reviewer may', async () => {
    const unit = await edit(1, '江门新客运码头于周一启用。', h.users.reviewer.token);
    const own = await approve(unit, h.users.reviewer.token);
    expect(own.status).toBe(403);
    expect(own.body.error).toMatch(/wrote this target/);
    expect(own.body.error).toMatch(/four-eyes/);
    expect((await h.workflow.unit(unit.id)).status).toBe('translated');
    const other = await approve(unit, h.users.editor.token);
    expect(other.status).toBe(200);
    expect(other.body.target.status).toBe('approved');
  });

  it('refuses an editor their own target too', async () => {
    const unit = await edit(0, '# 港口消息', h.users.editor.token);
    expect((await approve(unit, h.users.editor.token)).status).toBe(403);
  });

  it('lets an admin approve their own edit, and the history marks it', async () => {
    const unit = await edit(0, '# 港口要闻', h.users.admin.token);
    const r = await approve(unit, h.users.admin.token);
    expect(r.status).toBe(200);
    const history = await call(h, 'GET', `/api/units/${unit.id}/history`, { token: h.users.admin.token });
    expect(history.body.at(-1)).toEqual(expect.objectContaining({ action: 'approve', by: h.users.admin.name, reason: expect.stringMatching(/self-approval/) }));
  });

  it('counts a translator who re-types a target as its author, whoever wrote it before', async () => {
    const unit = await edit(4, '第二座栈桥明年动工。', h.users.translator.token);
    expect((await approve(unit, h.users.reviewer.token)).status).toBe(200);
    const again = await edit(4, '第二座栈桥将于明年动工。', h.users.reviewer.token);
    expect((await approve(again, h.users.reviewer.token)).status).toBe(403);
  });
});

describe('the order of refusals', () => {
  it('401 before anything, then 403 for the role, before 428 and 400', async () => {
    const unit = await edit(3, '市政府感谢了施工单位。', h.users.translator.token);
    expect((await call(h, 'POST', `/api/units/${unit.id}/approve`, { body: { overrides: 'bad' } })).status).toBe(401);
    expect((await approve(unit, h.users.translator.token, { overrides: 'bad' }, null)).status).toBe(403);
  });

  it('403 for the four-eyes rule before 428 (no If-Match) and 400 (bad body)', async () => {
    const unit = await edit(3, '市政府向施工单位致谢。', h.users.reviewer.token);
    const r = await approve(unit, h.users.reviewer.token, { overrides: 'bad' }, null);
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/four-eyes/);
  });

  it('428 without If-Match before 400, 400 before 409 stale, then 409 stale, then 409 findings', async () => {
    const unit = await edit(3, '市政府感谢了建设者。', h.users.translator.token);
    const token = h.users.reviewer.token;
    const noIfMatch = await approve(unit, token, { overrides: 'bad' }, null);
    expect(noIfMatch.status).toBe(428);
    expect(noIfMatch.body.field).toBe('If-Match');
    const malformed = await approve(unit, token, { overrides: 'bad' }, unit.version - 1);
    expect([malformed.status, malformed.body.field]).toEqual([400, 'overrides']);
    const stale = await approve(unit, token, {}, unit.version - 1);
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(unit.version);
    const blocked = await approve(unit, token, {}, unit.version);
    expect(blocked.status).toBe(409);
    expect(blocked.body.findings.map((f: Json) => f.checkId)).toEqual(['term-missing']);
    // If-Match as a bare number works as well as quoted.
    const ok = await approve(unit, token, { override: { checkId: 'term-missing', reason: 'Thanks to the builders as people, by request.' } }, unit.version);
    expect(ok.status).toBe(200);
  });
});

describe('bulk approval (docs/DESIGN.md: {locale, units: [{id, version, overrides?}]})', () => {
  it('answers approved, blocked, stale and untranslated, and keeps the four-eyes rule per unit', async () => {
    const blockedUnit = await edit(3, '市政府感谢了建设者们。', h.users.translator.token);
    const own = await edit(1, '江门新客运码头于星期一正式启用。', h.users.reviewer.token);
    const staleUnit = await edit(4, '第二座栈桥明年开工。', h.users.translator.token);
    const clean = await edit(0, '# 港口新闻', h.users.translator.token);
    const r = await call(h, 'POST', `/api/articles/${SLUG}/approve`, {
      token: h.users.reviewer.token,
      body: {
        locale: 'zh-Hans',
        units: [
          { id: blockedUnit.id, version: blockedUnit.version },
          { id: own.id, version: own.version },
          { id: staleUnit.id, version: staleUnit.version - 1 },
          { id: clean.id, version: clean.version },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.approved).toEqual([clean.id]);
    expect(r.body.blocked).toEqual([expect.objectContaining({ id: blockedUnit.id, findings: [expect.objectContaining({ checkId: 'term-missing' })] })]);
    expect(r.body.stale).toEqual([staleUnit.id]);
    expect(r.body.untranslated).toEqual([]);
    expect(r.body.refused).toEqual([expect.objectContaining({ id: own.id, error: expect.stringMatching(/four-eyes/) })]);

    const withOverride = await call(h, 'POST', `/api/articles/${SLUG}/approve`, {
      token: h.users.reviewer.token,
      body: { locale: 'zh-Hans', units: [{ id: blockedUnit.id, version: blockedUnit.version, overrides: [{ checkId: 'term-missing', reason: 'Agreed with the editor.' }] }] },
    });
    expect(withOverride.body.approved).toEqual([blockedUnit.id]);
  });

  it('is refused to a translator', async () => {
    const r = await call(h, 'POST', `/api/articles/${SLUG}/approve`, { token: h.users.translator.token, body: { locale: 'zh-Hans' } });
    expect(r.status).toBe(403);
  });
});

describe('self-review for small offices (BITEXT_SELF_REVIEW=1)', () => {
  let small: Harness;

  beforeAll(async () => {
    process.env.BITEXT_SELF_REVIEW = '1';
    try {
      small = await startHarness();
    } finally {
      delete process.env.BITEXT_SELF_REVIEW;
    }
  }, 60_000);

  afterAll(async () => {
    await small?.close();
  });

  it('lets a reviewer approve their own target, marked in the history', async () => {
    const list = (await call(small, 'GET', `/api/articles/${SLUG}/units?locale=zh-Hans`, { token: small.users.reviewer.token })).body as Json[];
    const unit = list.find((u) => u.position === 1);
    const edited = await call(small, 'PUT', `/api/units/${unit.id}`, { token: small.users.reviewer.token, headers: { 'If-Match': String(unit.version) }, body: { text: '江门新客运码头于周一启用。' } });
    const r = await call(small, 'POST', `/api/units/${unit.id}/approve`, { token: small.users.reviewer.token, headers: { 'If-Match': String(edited.body.version) }, body: {} });
    expect(r.status).toBe(200);
    const history = await call(small, 'GET', `/api/units/${unit.id}/history`, { token: small.users.reviewer.token });
    expect(history.body.at(-1).reason).toMatch(/self-approval/);
    // A translator still may not approve.
    expect((await call(small, 'POST', `/api/units/${unit.id}/approve`, { token: small.users.translator.token, headers: { 'If-Match': String(r.body.version) }, body: {} })).status).toBe(403);
  });
});
