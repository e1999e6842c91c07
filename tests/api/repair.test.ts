/**
 * Alignment repair through the API: merge with the next segment, split at a point, move a
 * sentence to the neighbouring unit. Structure, every locale's units and the memory follow.
 */
import { SLUG, call, startHarness, seedFixture, type Harness } from './harness';
import type { Workflow } from '../../src/workflow';
import { storeOf } from '../support/workflow-store';

const SCHEDULE = 'ferry-schedule';

async function seed(workflow: Workflow): Promise<void> {
  await seedFixture(workflow);
  await workflow.alignArticle({
    sourceText: 'Ferries leave every hour. The first leaves at six. The last leaves at ten.\n',
    sourceFile: 'en.txt',
    targetText: '渡轮每小时一班。首班六点开出。末班十点开出。\n',
    targetFile: 'zh-Hans.txt',
    sourceLocale: 'en', targetLocale: 'zh-Hans', slug: SCHEDULE, by: 'fixture',
  });
}

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness({ seed });
  token = h.users.translator.token;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

async function units(slug: string, locale = 'zh-Hans') {
  return (await h.workflow.articleUnits(slug, { locale: locale as 'zh-Hans' })).sort((a, b) => a.position! - b.position!);
}

/**
 * A repair as the workbench sends it, with the unit's current version in If-Match (required
 * since #19; these tests used to send none).
 */
async function repair(id: number, action: 'merge' | 'split' | 'move', body: unknown = {}) {
  const unit = await h.workflow.unit(id);
  return call(h, 'POST', `/api/units/${id}/${action}`, { token, body, headers: { 'If-Match': String(unit.version) } });
}

async function segments(slug: string) {
  const article = await h.workflow.requireArticle(slug);
  return (await storeOf(h.workflow).listSegments(article.id)).map((s) => s.text);
}

describe('merge', () => {
  it('merges a segment with the next in every locale; positions, neighbours and the memory follow', async () => {
    const before = await units(SLUG);
    const zhHantBefore = await units(SLUG, 'zh-Hant');
    const [first, second] = [before[1]!, before[2]!];
    const stale = await call(h, 'POST', `/api/units/${first.id}/merge`, { token, headers: { 'If-Match': `"${first.version + 1}"` } });
    expect(stale.status).toBe(409);
    expect(stale.body.current.id).toBe(first.id);

    const r = await call(h, 'POST', `/api/units/${first.id}/merge`, { token, headers: { 'If-Match': `"${first.version}"` } });
    expect(r.status).toBe(200);
    expect(r.body.removed.sort()).toEqual([second.id, zhHantBefore[2]!.id].sort());
    expect(await segments(SLUG)).toEqual([
      'Harbour news',
      'The new ferry terminal opened in Jiangmen on Monday. It serves 3000 passengers a day.',
      'The city government thanked the builders.',
      'Work on the second pier starts next year.',
    ]);
    const after = await units(SLUG);
    expect(after.map((u) => u.position)).toEqual([0, 1, 2, 3]);
    const merged = after[1]!;
    expect(merged.id).toBe(first.id);
    expect(merged.targetText).toBe('江门新客运码头于星期一启用。它每天服务3000名乘客。');
    expect(merged.status).toBe('translated');
    expect(merged.bead).toEqual(expect.objectContaining({ type: '2-2', lowConfidence: false }));
    expect(after[2]!.previousSource).toBe(merged.sourceText);
    expect(after[0]!.nextSource).toBe(merged.sourceText);
    expect((await units(SLUG, 'zh-Hant')).map((u) => u.position)).toEqual([0, 1, 2, 3]);
    const history = await h.workflow.unitHistory(merged.id);
    expect(history.at(-1)).toEqual(expect.objectContaining({ action: 'realign', by: h.users.translator.name, reason: 'merged segments 1 and 2' }));

    // The memory offers the merged pair, and no longer the removed unit.
    const lookup = await call(h, 'GET', `/api/tm/lookup?q=${encodeURIComponent(merged.sourceText)}`, { token });
    expect(lookup.body.matches[0]).toEqual(expect.objectContaining({ unitId: merged.id, similarity: 100, target: merged.targetText }));
    const old = await call(h, 'GET', `/api/tm/lookup?q=${encodeURIComponent('It serves 3000 passengers a day.')}`, { token });
    expect(old.body.matches.some((m: { unitId: number }) => m.unitId === second.id)).toBe(false);
  });

  it('refuses to merge across paragraphs or past the last segment', async () => {
    const list = await units(SLUG);
    const acrossParagraphs = await repair(list[1]!.id, 'merge');
    expect(acrossParagraphs.status).toBe(400);
    expect(acrossParagraphs.body.error).toMatch(/different blocks \(a paragraph <p>, then a paragraph <p>\)/);
    const last = await repair(list.at(-1)!.id, 'merge');
    expect(last.status).toBe(400);
  });
});

describe('split', () => {
  it('splits a segment and its targets at the points given; the new unit joins the memory', async () => {
    const merged = (await units(SLUG))[1]!;
    const at = merged.sourceText.indexOf('It serves');
    const targetAt = merged.targetText.indexOf('它');
    const bad = await repair(merged.id, 'split', { at: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^at: /);
    const badTarget = await repair(merged.id, 'split', { at, targets: { 'zh-Hans': 999 } });
    expect(badTarget.status).toBe(400);
    expect(badTarget.body.error).toMatch(/targets\.zh-Hans/);

    const r = await repair(merged.id, 'split', { at, targets: { 'zh-Hans': targetAt } });
    expect(r.status).toBe(200);
    const after = await units(SLUG);
    expect(after.map((u) => [u.position, u.sourceText, u.targetText, u.status])).toEqual([
      [0, 'Harbour news', '港口新闻', 'translated'],
      [1, 'The new ferry terminal opened in Jiangmen on Monday.', '江门新客运码头于星期一启用。', 'translated'],
      [2, 'It serves 3000 passengers a day.', '它每天服务3000名乘客。', 'translated'],
      [3, 'The city government thanked the builders.', '市政府感谢了建设者。', 'translated'],
      [4, 'Work on the second pier starts next year.', '第二个码头明年开工。', 'translated'],
    ]);
    expect(after[2]!.paragraph).toBe(1);
    // zh-Hant had no split point: its text stays with the first part, the second starts untranslated.
    const hant = await units(SLUG, 'zh-Hant');
    expect(hant.map((u) => u.position)).toEqual([0, 1, 2, 3, 4]);
    expect(hant[2]!.status).toBe('new');
    const lookup = await call(h, 'GET', `/api/tm/lookup?q=${encodeURIComponent('It serves 3000 passengers a day.')}`, { token });
    expect(lookup.body.matches[0]).toEqual(expect.objectContaining({ unitId: after[2]!.id, target: '它每天服务3000名乘客。' }));
  });
});

describe('move a sentence', () => {
  it('moves a source sentence to the next unit, then a target sentence after it', async () => {
    const start = await units(SCHEDULE);
    expect(start.map((u) => u.sourceText)).toEqual(['Ferries leave every hour.', 'The first leaves at six.', 'The last leaves at ten.']);
    // A one-sentence segment cannot give its sentence away: that is a merge.
    const single = await repair(start[0]!.id, 'move', { side: 'source', direction: 'next' });
    expect(single.status).toBe(400);
    expect(single.body.error).toMatch(/merge/);
    expect((await repair(start[0]!.id, 'merge')).status).toBe(200);

    const merged = (await units(SCHEDULE))[0]!;
    const moved = await repair(merged.id, 'move', { side: 'source', direction: 'next' });
    expect(moved.status).toBe(200);
    expect(await segments(SCHEDULE)).toEqual(['Ferries leave every hour.', 'The first leaves at six. The last leaves at ten.']);
    let list = await units(SCHEDULE);
    expect(list.map((u) => u.targetText)).toEqual(['渡轮每小时一班。首班六点开出。', '末班十点开出。']);

    const target = await repair(list[0]!.id, 'move', { side: 'target', direction: 'next' });
    expect(target.status).toBe(200);
    list = await units(SCHEDULE);
    expect(list.map((u) => u.targetText)).toEqual(['渡轮每小时一班。', '首班六点开出。末班十点开出。']);
    // zh-Hant was not touched by a zh-Hans target move.
    expect((await units(SCHEDULE, 'zh-Hant')).map((u) => u.position)).toEqual([0, 1]);

    const back = await repair(list[1]!.id, 'move', { side: 'target', direction: 'previous' });
    expect(back.status).toBe(200);
    expect((await units(SCHEDULE)).map((u) => u.targetText)).toEqual(['渡轮每小时一班。首班六点开出。', '末班十点开出。']);
    const noNeighbour = await repair(list[0]!.id, 'move', { side: 'target', direction: 'previous' });
    expect(noNeighbour.status).toBe(400);
    const badSide = await repair(list[0]!.id, 'move', { side: 'middle', direction: 'next' });
    expect(badSide.body.error).toMatch(/^side: /);
  });

  it('sends an approved unit back to review when its pairing changes', async () => {
    const list = await units(SCHEDULE);
    const approved = await call(h, 'POST', `/api/units/${list[1]!.id}/approve`, {
      token: h.users.reviewer.token, headers: { 'If-Match': String(list[1]!.version) }, body: {},
    });
    expect(approved.status).toBe(200);
    const r = await repair(list[0]!.id, 'move', { side: 'target', direction: 'next' });
    expect(r.status).toBe(200);
    const after = await units(SCHEDULE);
    expect(after[1]!.status).toBe('translated');
    expect(after[1]!.overrides).toEqual([]);
  });
});
