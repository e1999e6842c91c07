/**
 * Units over the API: the JSON shape, filters, edits with optimistic versions (409 on a stale
 * one, 428 without If-Match), live checks, the approval gate and its override, history, TM
 * suggestions, source edits, validation messages naming the field, and error mapping.
 */
import { SLUG, TM_TARGET, call, startHarness, type Harness, type Json } from './harness';
import { storeOf } from '../support/workflow-store';

let h: Harness;
let token: string;
let editorToken: string;
let reviewerToken: string;

/** The article's zh-Hans units as the API returns them, in document order. */
async function units(query = ''): Promise<Json[]> {
  const r = await call(h, 'GET', `/api/articles/${SLUG}/units?locale=zh-Hans${query}`, { token });
  expect(r.status).toBe(200);
  return r.body;
}

async function unitAt(position: number): Promise<Json> {
  return (await units()).find((u) => u.position === position);
}

beforeAll(async () => {
  h = await startHarness();
  token = h.users.translator.token;
  editorToken = h.users.editor.token;
  reviewerToken = h.users.reviewer.token;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('GET /api/articles/{slug}/units', () => {
  it('returns the units in document order in the documented shape', async () => {
    const list = await units();
    expect(list.map((u) => u.position)).toEqual([0, 1, 2, 3, 4]);
    const unit = list[4];
    expect(unit).toEqual(expect.objectContaining({
      id: expect.any(Number),
      version: expect.any(Number),
      articleSlug: SLUG,
      position: 4,
      paragraph: 2,
      source: { locale: 'en', text: 'Work on the second pier starts next year.' },
      target: { locale: 'zh-Hans', text: '第二个码头明年开工。', status: 'translated', origin: 'aligned', outdated: false },
      blocked: true,
    }));
    expect(unit.findings).toEqual([expect.objectContaining({ checkId: 'term-missing', severity: 'error', message: expect.stringContaining('栈桥'), span: { side: 'source', start: 19, end: 23 } })]);
    expect(unit.bead).toEqual(expect.objectContaining({ type: '1-1', score: expect.any(Number), lowConfidence: expect.any(Boolean) }));
  });

  it('filters by status, origin, check and text', async () => {
    expect((await units('&check=term-missing')).map((u) => u.position)).toEqual([3, 4]);
    // Any finding counts: position 1's English names Jiangmen, which neither the dictionary nor this termbase knows (a source spelling warning).
    expect((await units('&findings=1')).map((u) => u.position)).toEqual([1, 3, 4]);
    expect((await units('&q=PIER')).map((u) => u.position)).toEqual([4]);
    expect((await units('&q=乘客')).map((u) => u.position)).toEqual([2]);
    expect(await units('&status=approved')).toEqual([]);
    expect((await units('&origin=aligned')).length).toBe(5);
  });

  it('names the bad field in a 400', async () => {
    const r = await call(h, 'GET', `/api/articles/${SLUG}/units?locale=fr`, { token });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^locale: must be one of en, zh-Hans, zh-Hant/);
    const missing = await call(h, 'GET', `/api/articles/${SLUG}/units`, { token });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/^locale: /);
    expect((await call(h, 'GET', '/api/articles/no-such-article/units?locale=zh-Hans', { token })).status).toBe(404);
  });

  it('lists articles with progress per locale', async () => {
    const r = await call(h, 'GET', '/api/articles', { token });
    const article = r.body.find((a: { slug: string }) => a.slug === SLUG);
    const zhHans = article.progress.find((p: { locale: string }) => p.locale === 'zh-Hans');
    expect(zhHans.counts).toEqual(expect.objectContaining({ translated: 5 }));
    expect(zhHans.errorFindings).toBe(2);
    expect(zhHans.published).toBe(false);
  });
});

describe('PUT /api/units/{id}', () => {
  it('saves at the current version and bumps it; 409 with the current unit on a stale version', async () => {
    const unit = await unitAt(2);
    const saved = await call(h, 'PUT', `/api/units/${unit.id}`, { token, headers: { 'If-Match': `"${unit.version}"` }, body: { text: '它每天为3000名乘客服务。' } });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(unit.version + 1);
    expect(saved.body.target).toEqual(expect.objectContaining({ text: '它每天为3000名乘客服务。', status: 'translated', origin: 'human' }));
    expect(saved.headers.get('etag')).toBe(`"${unit.version + 1}"`);

    const stale = await call(h, 'PUT', `/api/units/${unit.id}`, { token: editorToken, headers: { 'If-Match': `"${unit.version}"` }, body: { text: '别人的译文。' } });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(unit.version + 1);
    expect(stale.body.current.target.text).toBe('它每天为3000名乘客服务。');
    expect(stale.body.error).toMatch(/version/);
    expect((await h.workflow.unit(unit.id)).targetText).toBe('它每天为3000名乘客服务。');
  });

  it('answers 428 without If-Match and 400 for a malformed one', async () => {
    const unit = await unitAt(2);
    const missing = await call(h, 'PUT', `/api/units/${unit.id}`, { token, body: { text: 'x' } });
    expect(missing.status).toBe(428);
    expect(missing.body.error).toMatch(/If-Match/);
    const malformed = await call(h, 'PUT', `/api/units/${unit.id}`, { token, headers: { 'If-Match': 'yesterday' }, body: { text: 'x' } });
    expect(malformed.status).toBe(400);
  });

  it('validates the body and names the field', async () => {
    const unit = await unitAt(2);
    const headers = { 'If-Match': `"${unit.version}"` };
    const notString = await call(h, 'PUT', `/api/units/${unit.id}`, { token, headers, body: { text: 5 } });
    expect(notString.status).toBe(400);
    expect(notString.body).toEqual(expect.objectContaining({ error: 'text: must be a string', field: 'text' }));
    const missing = await call(h, 'PUT', `/api/units/${unit.id}`, { token, headers, body: {} });
    expect([missing.status, missing.body.error, missing.body.field]).toEqual([400, 'text: is required', 'text']);
    const badOrigin = await call(h, 'PUT', `/api/units/${unit.id}`, { token, headers, body: { text: 'x', origin: 'converted' } });
    expect(badOrigin.status).toBe(400);
    expect(badOrigin.body.error).toMatch(/^origin: /);
    const notJson = await call(h, 'PUT', `/api/units/${unit.id}`, { token, headers: { ...headers, 'Content-Type': 'application/json' }, body: '{"text": ' });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual(expect.objectContaining({ field: 'body', error: expect.stringMatching(/^body: not valid JSON \(/) }));
    const huge = await call(h, 'PUT', `/api/units/${unit.id}`, { token, headers, body: { text: 'x'.repeat(300_000) } });
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({ error: 'body: too large for this request', field: 'body' });
    expect((await h.workflow.unit(unit.id)).version).toBe(unit.version);
  });

  // Provenance is the server's since #19: this test used to send origin 'tm' and matchScore 88
  // in the body; now the client names the match it inserted and the server scores it.
  it('records a TM insert with the origin and score the server gives it; a client cannot claim either', async () => {
    const unit = await unitAt(4);
    const headers = { 'If-Match': `"${unit.version}"` };
    const matches = await call(h, 'GET', `/api/units/${unit.id}/matches`, { token });
    const match = matches.body.find((m: { target: string }) => m.target === TM_TARGET);
    expect(match).toBeDefined();
    for (const claim of [{ origin: 'tm' }, { matchScore: 100 }, { origin: 'human' }, { origin: 'mt:deepl', matchScore: null }]) {
      const refused = await call(h, 'PUT', `/api/units/${unit.id}`, { token, headers, body: { text: TM_TARGET, ...claim } });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatch(/^(origin|matchScore): is set by the server/);
    }
    const notAMatch = await call(h, 'PUT', `/api/units/${unit.id}`, { token, headers, body: { text: TM_TARGET, fromMatch: unit.id } });
    expect([notAMatch.status, notAMatch.body.field]).toEqual([400, 'fromMatch']);
    expect((await h.workflow.unit(unit.id)).version).toBe(unit.version);

    const saved = await call(h, 'PUT', `/api/units/${unit.id}`, { token, headers, body: { text: TM_TARGET, fromMatch: match.unitId } });
    expect(saved.status).toBe(200);
    expect(saved.body.target.origin).toBe('tm');
    expect(saved.body.matchScore).toBe(match.score);
    // Inserted, then edited: the translator's own text, no score.
    const edited = await call(h, 'PUT', `/api/units/${unit.id}`, {
      token, headers: { 'If-Match': `"${saved.body.version}"` }, body: { text: '第二座栈桥明年开工。', fromMatch: match.unitId },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.target.origin).toBe('human');
    expect(edited.body.matchScore).toBeNull();
    expect(edited.body.findings).toEqual([]);
    expect(edited.body.blocked).toBe(false);
  });
});

describe('checks and suggestions', () => {
  it('runs the checks on a draft without storing it, with spans', async () => {
    const unit = await unitAt(3);
    const r = await call(h, 'POST', `/api/units/${unit.id}/check`, { token: h.users.translator.token, body: { text: '市政府感谢了建设者。' } });
    expect(r.status).toBe(200);
    expect(r.body.findings).toEqual([expect.objectContaining({ checkId: 'term-missing', severity: 'error', span: expect.objectContaining({ side: 'source' }) })]);
    const fixed = await call(h, 'POST', `/api/units/${unit.id}/check`, { token, body: { text: '市政府感谢了施工单位。' } });
    expect(fixed.body.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    expect((await h.workflow.unit(unit.id)).version).toBe(unit.version);
  });

  it('offers TM matches for a unit, leaving the unit itself out, with the diff of the match source', async () => {
    const unit = await unitAt(4);
    const r = await call(h, 'GET', `/api/units/${unit.id}/matches`, { token });
    expect(r.status).toBe(200);
    const match = r.body.find((m: { target: string }) => m.target === TM_TARGET);
    expect(match).toEqual(expect.objectContaining({ score: expect.any(Number), penalty: expect.objectContaining({ points: expect.any(Number) }) }));
    expect(match.score).toBeGreaterThanOrEqual(80);
    expect(match.diff).toEqual(expect.arrayContaining([{ op: 'delete', text: 'month' }, { op: 'insert', text: 'year' }]));
    expect(r.body.some((m: { unitId: number }) => m.unitId === unit.id)).toBe(false);
  });

  it('looks up the memory and searches it by phrase', async () => {
    const lookup = await call(h, 'GET', `/api/tm/lookup?q=${encodeURIComponent('Work on the second pier starts next month.')}`, { token });
    expect(lookup.status).toBe(200);
    expect(lookup.body.matches[0]).toEqual(expect.objectContaining({ similarity: 100, target: TM_TARGET }));
    const concordance = await call(h, 'GET', '/api/tm/concordance?q=second+pier', { token });
    expect(concordance.status).toBe(200);
    expect(concordance.body.hits.some((hit: { target: string }) => hit.target === TM_TARGET)).toBe(true);
    const chinese = await call(h, 'GET', `/api/tm/concordance?q=${encodeURIComponent('栈桥')}&locale=zh-Hans`, { token });
    expect(chinese.status).toBe(200);
    expect(chinese.body.hits.some((hit: { target: string }) => hit.target === TM_TARGET)).toBe(true);
    // Where each hit was translated: the article and the segment's place, null for a unit only in the memory.
    const pier = await call(h, 'GET', '/api/tm/concordance?q=pier', { token });
    const inArticle = pier.body.hits.find((hit: { articleSlug: string | null }) => hit.articleSlug === SLUG);
    expect(inArticle).toEqual(expect.objectContaining({ articleSlug: SLUG, position: expect.any(Number) }));
    expect(pier.body.hits.every((hit: { articleSlug: unknown }) => hit.articleSlug === null || typeof hit.articleSlug === 'string')).toBe(true);
    expect((await call(h, 'GET', '/api/tm/lookup', { token })).body.error).toMatch(/^q: /);
  });
});

describe('approval gate', () => {
  it('refuses to approve a unit with an error finding (409 with the findings)', async () => {
    const unit = await unitAt(3);
    // A translator may not approve at all (issue #16: approving needs the reviewer role).
    expect((await call(h, 'POST', `/api/units/${unit.id}/approve`, { token, headers: { 'If-Match': String(unit.version) }, body: {} })).status).toBe(403);
    const r = await call(h, 'POST', `/api/units/${unit.id}/approve`, { token: reviewerToken, headers: { 'If-Match': String(unit.version) }, body: {} });
    expect(r.status).toBe(409);
    expect(r.body.findings).toEqual([expect.objectContaining({ checkId: 'term-missing', severity: 'error' })]);
    expect((await h.workflow.unit(unit.id)).status).toBe('translated');
  });

  it('needs a written reason and a check that is really there to override', async () => {
    const unit = await unitAt(3);
    const empty = await call(h, 'POST', `/api/units/${unit.id}/approve`, { token: reviewerToken, headers: { 'If-Match': String(unit.version) }, body: { override: { checkId: 'term-missing', reason: '   ' } } });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatch(/^override\.reason: /);
    const noReason = await call(h, 'POST', `/api/units/${unit.id}/approve`, { token: reviewerToken, headers: { 'If-Match': String(unit.version) }, body: { override: { checkId: 'term-missing' } } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatch(/^override\.reason: /);
    const wrongCheck = await call(h, 'POST', `/api/units/${unit.id}/approve`, { token: reviewerToken, headers: { 'If-Match': String(unit.version) }, body: { override: { checkId: 'numbers', reason: 'because' } } });
    expect(wrongCheck.status).toBe(400);
    expect(wrongCheck.body.error).toMatch(/override\.checkId/);
    expect((await h.workflow.unit(unit.id)).status).toBe('translated');
  });

  it('approves with an override, keeping who, when and why', async () => {
    const unit = await unitAt(3);
    const r = await call(h, 'POST', `/api/units/${unit.id}/approve`, {
      token: reviewerToken, headers: { 'If-Match': String(unit.version) }, body: { override: { checkId: 'term-missing', reason: 'The client asked for 建设者 in thanks.' } },
    });
    expect(r.status).toBe(200);
    expect(r.body.target.status).toBe('approved');
    expect(r.body.blocked).toBe(false);
    expect(r.body.overrides).toEqual([expect.objectContaining({ checkId: 'term-missing', reason: 'The client asked for 建设者 in thanks.', by: h.users.reviewer.name })]);
    expect(r.body.findings[0].overridden).toBe(true);
    const history = await call(h, 'GET', `/api/units/${unit.id}/history`, { token });
    expect(history.status).toBe(200);
    expect(history.body.at(-1)).toEqual(expect.objectContaining({ action: 'override', by: h.users.reviewer.name, reason: expect.stringContaining('The client asked'), status: 'approved' }));
    expect(history.body[0]).toEqual(expect.objectContaining({ version: 1 }));
  });

  it('answers 409 to an approval whose If-Match is stale', async () => {
    const unit = await unitAt(1);
    const r = await call(h, 'POST', `/api/units/${unit.id}/approve`, { token: reviewerToken, headers: { 'If-Match': `"${unit.version - 1}"` }, body: {} });
    expect(r.status).toBe(409);
    expect(r.body.currentVersion).toBe(unit.version);
  });

  it('approves the rest of the article in one call; the page in that locale is then published', async () => {
    expect((await fetch(`${h.url}/zh-Hans/articles/${SLUG}`)).status).toBe(404);
    // Bulk approval names each unit at the version the reviewer saw (#19; this used to send only the locale).
    const seen = (await units()).filter((u) => u.target.status !== 'approved').map((u) => ({ id: u.id, version: u.version }));
    const r = await call(h, 'POST', `/api/articles/${SLUG}/approve`, { token: reviewerToken, body: { locale: 'zh-Hans', units: seen } });
    expect(r.status).toBe(200);
    expect(r.body.blocked).toEqual([]);
    expect(r.body.untranslated).toEqual([]);
    expect(r.body.approved.length).toBe(4);
    expect(r.body.progress.find((p: { locale: string }) => p.locale === 'zh-Hans').published).toBe(true);
    const page = await fetch(`${h.url}/zh-Hans/articles/${SLUG}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('第二座栈桥明年开工。');
  });
});

describe('source edits (editor)', () => {
  it('records the change and sends approved targets back to review', async () => {
    const before = await unitAt(1);
    expect(before.target.status).toBe('approved');
    // If-Match: the version of the segment's unit the editor saw (required since #19).
    const r = await call(h, 'PUT', `/api/articles/${SLUG}/segments/1`, {
      token: editorToken, headers: { 'If-Match': String(before.version) }, body: { text: 'The new ferry terminal opened in Jiangmen on Tuesday.', reason: 'the opening moved' },
    });
    expect(r.status).toBe(200);
    expect(r.body.map((u: { target: { locale: string } }) => u.target.locale).sort()).toEqual(['zh-Hans', 'zh-Hant']);
    const after = await unitAt(1);
    expect(after.source.text).toBe('The new ferry terminal opened in Jiangmen on Tuesday.');
    expect(after.target.status).toBe('translated');
    const history = await call(h, 'GET', `/api/units/${after.id}/history`, { token });
    expect(history.body.at(-1)).toEqual(expect.objectContaining({ action: 'source-edit', by: h.users.editor.name, reason: 'the opening moved' }));
    const translator = await call(h, 'PUT', `/api/articles/${SLUG}/segments/1`, { token, body: { text: 'x' } });
    expect(translator.status).toBe(403);
    const empty = await call(h, 'PUT', `/api/articles/${SLUG}/segments/1`, { token: editorToken, headers: { 'If-Match': String(after.version) }, body: { text: ' ' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatch(/^text: /);
  });
});

describe('preferred terms in the source (editor)', () => {
  it('replaces a forbidden source term by the preferred one, recorded with its reason', async () => {
    const concept = await call(h, 'POST', '/api/termbase/concepts', {
      token: editorToken,
      body: { id: 'c-ferry', terms: [
        { locale: 'en', text: 'ferry terminal', status: 'preferred' },
        { locale: 'en', text: 'ferry pier', status: 'forbidden' },
      ] },
    });
    expect(concept.status).toBe(201);
    const edit = await call(h, 'PUT', `/api/articles/${SLUG}/segments/1`, {
      token: editorToken, headers: { 'If-Match': String((await unitAt(1)).version) }, body: { text: 'The new ferry pier opened in Jiangmen on Monday.' },
    });
    expect(edit.status).toBe(200);
    expect((await unitAt(1)).findings.map((f: { checkId: string }) => f.checkId)).toContain('term-forbidden');
    const r = await call(h, 'POST', `/api/articles/${SLUG}/preferred-terms`, { token: editorToken, body: {} });
    expect(r.status).toBe(200);
    expect(r.body.changed).toEqual([{ position: 1, before: 'The new ferry pier opened in Jiangmen on Monday.', after: 'The new ferry terminal opened in Jiangmen on Monday.' }]);
    const unit = await unitAt(1);
    expect(unit.source.text).toBe('The new ferry terminal opened in Jiangmen on Monday.');
    const history = await call(h, 'GET', `/api/units/${unit.id}/history`, { token });
    expect(history.body.at(-1)).toEqual(expect.objectContaining({ action: 'source-edit', by: h.users.editor.name, reason: expect.stringMatching(/ferry pier.*ferry terminal/) }));
    expect((await call(h, 'POST', `/api/articles/${SLUG}/preferred-terms`, { token, body: {} })).status).toBe(403);
  });
});

describe('errors', () => {
  it('maps unknown things to 404 in JSON, never a stack trace', async () => {
    for (const path of ['/api/units/999999', '/api/units/999999/history', '/api/termbase/concepts/c-none', '/api/nothing-here']) {
      const r = await call(h, 'GET', path, { token });
      expect([path, r.status]).toEqual([path, 404]);
      expect(typeof r.body.error).toBe('string');
      expect(JSON.stringify(r.body)).not.toMatch(/\n\s+at |\.ts:\d+/);
    }
    const bad = await call(h, 'GET', '/api/units/abc', { token });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^id: /);
  });

  it('answers 503 when the store is gone, without details', async () => {
    const other = await startHarness({ seed: async () => undefined });
    try {
      await storeOf(other.workflow).close();
      const r = await call(other, 'GET', '/api/articles', { token: other.users.translator.token });
      expect(r.status).toBe(503);
      expect(r.body.error).toMatch(/unavailable/);
    } finally {
      await other.close().catch(() => undefined);
    }
  });
});

describe('rate limits on expensive reads', () => {
  it('answers 429 past the per-minute budget', async () => {
    const limited = await startHarness({ api: { expensivePerMinute: 3 }, seed: async () => undefined });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await call(limited, 'GET', '/api/tm/lookup?q=pier', { token: limited.users.translator.token })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // Another person has their own budget.
      expect((await call(limited, 'GET', '/api/tm/concordance?q=pier', { token: limited.users.editor.token })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
