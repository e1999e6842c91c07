/**
 * Alignment repair on an HTML article: a repair stays inside one block (a heading never merges
 * with the paragraph after it), and a merged or split segment carries the markup of the codes
 * its text holds.
 */
import { call, startHarness, type Harness } from './harness';
import type { Workflow } from '../../src/workflow';
import { storeOf } from '../support/workflow-store';

const SLUG = 'ferry-news';
const EN = '<h2>New ferry</h2><p>The <strong>new ferry</strong> sails today. It stops at <a href="https://port.example/">the port</a>.</p>';
const ZH = '<h2>新渡轮</h2><p><strong>新渡轮</strong>今天启航。它停靠<a href="https://port.example/">港口</a>。</p>';

async function seed(workflow: Workflow): Promise<void> {
  await workflow.alignArticle({
    sourceText: EN, sourceFile: 'en.html', targetText: ZH, targetFile: 'zh-Hans.html',
    sourceLocale: 'en', targetLocale: 'zh-Hans', slug: SLUG, by: 'fixture',
  });
}

let h: Harness;
beforeAll(async () => { h = await startHarness({ seed }); }, 60_000);
afterAll(async () => { await h?.close(); });

const units = async () => (await h.workflow.articleUnits(SLUG, { locale: 'zh-Hans' })).sort((a, b) => a.position! - b.position!);
const segments = async () => (await storeOf(h.workflow).listSegments((await h.workflow.requireArticle(SLUG)).id)).map((s) => s.text);

async function repair(id: number, action: 'merge' | 'split' | 'move', body: unknown = {}) {
  const unit = await h.workflow.unit(id);
  return call(h, 'POST', `/api/units/${id}/${action}`, { token: h.users.translator.token, body, headers: { 'If-Match': String(unit.version) } });
}

it('refuses to merge a heading with the paragraph after it, naming both blocks; nothing changes', async () => {
  const before = await segments();
  expect(before).toEqual(['New ferry', 'The {bpt:1}new ferry{ept:1} sails today.', 'It stops at {bpt:2}the port{ept:2}.']);
  const [heading] = await units();
  const merge = await repair(heading!.id, 'merge');
  expect(merge.status).toBe(400);
  expect(merge.body.field).toBe('position');
  expect(merge.body.error).toBe('position: segments 0 and 1 are in different blocks (a heading <h2>, then a paragraph <p>); a repair stays inside one block, so the page keeps its structure');
  const move = await repair((await units())[1]!.id, 'move', { side: 'target', direction: 'previous' });
  expect(move.status).toBe(400);
  expect(move.body.error).toMatch(/different blocks \(a paragraph <p>, then a heading <h2>\)/);
  expect(await segments()).toEqual(before);
});

it('merges two segments of one block with both their codes, and a split parts them again', async () => {
  const first = (await units())[1]!;
  const merged = await repair(first.id, 'merge');
  expect(merged.status).toBe(200);
  const unit = (await units())[1]!;
  expect(unit.sourceText).toBe('The {bpt:1}new ferry{ept:1} sails today. It stops at {bpt:2}the port{ept:2}.');
  expect(unit.targetText).toBe('{bpt:1}新渡轮{ept:1}今天启航。它停靠{bpt:2}港口{ept:2}。');
  expect(unit.inlineCodes.map((c) => `${c.kind}:${c.id}`)).toEqual(['bpt:1', 'ept:1', 'bpt:2', 'ept:2']);
  expect(unit.findings.filter((f) => f.checkId === 'placeholders')).toEqual([]);

  const at = unit.sourceText.indexOf('It stops');
  const split = await repair(unit.id, 'split', { at, targets: { 'zh-Hans': unit.targetText.indexOf('它') } });
  expect(split.status).toBe(200);
  const [, head, tail] = await units();
  expect(head!.inlineCodes).toEqual([{ id: '1', kind: 'bpt', native: '<strong>' }, { id: '1', kind: 'ept', native: '</strong>' }]);
  expect(tail!.sourceText).toBe('It stops at {bpt:2}the port{ept:2}.');
  expect(tail!.inlineCodes).toEqual([{ id: '2', kind: 'bpt', native: '<a href="https://port.example/">' }, { id: '2', kind: 'ept', native: '</a>' }]);
});
