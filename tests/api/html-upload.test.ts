/** Uploading HTML articles through the API: the report of what was removed, clear refusals. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, startHarness, type Harness } from './harness';

const DIR = join(__dirname, '..', 'fixtures', 'html', 'bay-area-bridge');
const EN = readFileSync(join(DIR, 'en.html'), 'utf8');
const ZH = readFileSync(join(DIR, 'zh-Hans.html'), 'utf8');

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 60_000);
afterAll(() => h.close());

it('previews and uploads an HTML pair, saying what the import removed', async () => {
  const token = h.users.editor.token;
  const english = { fileName: 'en.html', text: EN };
  const preview = await call(h, 'POST', '/api/articles', { token, body: { slug: 'bridge', english, preview: true } });
  expect(preview.status).toBe(200);
  expect(preview.body.notes).toEqual(expect.arrayContaining(['en.html:13: removed onclick attribute (script)']));
  const upload = await call(h, 'POST', '/api/articles', { token, body: { slug: 'bridge', english, chinese: { fileName: 'zh-Hans.html', text: ZH } } });
  expect(upload.status).toBe(201);
  expect(upload.body.notes).toEqual(expect.arrayContaining(['en.html:6: removed <script> with its content (2 times)']));
  const units = await call(h, 'GET', '/api/articles/bridge/units?locale=zh-Hans', { token });
  const texts = (units.body.units ?? units.body) as Array<{ source: { text: string }; target: { text: string } }>;
  expect(texts.find((u) => u.source.text.startsWith('Read more'))?.target.text).toBe('了解更多{bpt:2}江门的成就{ept:2}。');
});

it('refuses an upload that is not HTML with 400 naming the file', async () => {
  const r = await call(h, 'POST', '/api/articles', { token: h.users.editor.token, body: { slug: 'bad', english: { fileName: 'bad.html', text: 'no markup' } } });
  expect(r.status).toBe(400);
  expect(r.body).toMatchObject({ field: 'english', file: 'bad.html' });
  expect(r.body.error).toMatch(/bad\.html: does not look like HTML/);
});

it('answers an upload with what the alignment could not carry: a Chinese code with no English one, a link elsewhere', async () => {
  const token = h.users.editor.token;
  const english = { fileName: 'en.html', text: '<p>Read the <a href="https://gov.example/en/plan">plan</a> today.</p>' };
  const chinese = { fileName: 'zh.html', text: '<p>今天就<strong>阅读</strong><a href="https://gov.example/zh/budget">规划</a>。</p>' };
  const upload = await call(h, 'POST', '/api/articles', { token, body: { slug: 'plan', english, chinese } });
  expect(upload.status).toBe(201);
  expect(upload.body.notes).toEqual([
    'zh.html:1: block 1 <p>: dropped <strong> around "阅读": no such inline code in the source segment "Read the plan today." at en.html:1; its markup is left out, its text kept',
    'zh.html:1: block 1 <p>: link "规划" goes to "https://gov.example/zh/budget" but the source\'s goes to "https://gov.example/en/plan" (segment "Read the plan today." at en.html:1); the source\'s href is kept',
  ]);
});
