/**
 * Bad HTML input through the API (the workbench's upload and its saves, #15): a 400 naming the
 * request's field (and the file), nothing half-stored; repairs said at file:line:col; a target
 * never carries markup of its own (the href is the source's).
 */
import { call, startHarness, type Harness } from './harness';

const EN = '<h1>Ferry notice</h1>\n<p>The ferry to Macao runs daily. Read <a href="https://port.example/en/ferry">the timetable</a>.</p>\n';
const ZH = '<h1>渡轮通知</h1>\n<p>往澳门的渡轮每天开行。请阅读<a href="https://port.example/en/ferry">时刻表</a>。</p>\n';

let h: Harness;
beforeAll(async () => { h = await startHarness(); }, 60_000);
afterAll(() => h.close());

const upload = (body: unknown) => call(h, 'POST', '/api/articles', { token: h.users.editor.token, body });
/** What the store holds: each article with its zh-Hans units. */
async function stored(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const article of await h.workflow.listArticles()) {
    out[article.slug] = (await h.workflow.articleUnits(article.slug, { locale: 'zh-Hans' })).map((u) => `${u.sourceText} | ${u.targetText}`);
  }
  return out;
}

it('uploads malformed HTML repaired, each repair in the answer at file:line:col', async () => {
  const english = { fileName: 'broken.html', text: '<h1>Title</h1>\n<p>One <b>bold</p> two</b></p>\n<p class="a" class="b">end <em>open\n' };
  const r = await upload({ slug: 'broken', english });
  expect(r.status).toBe(201);
  expect(r.body.notes).toEqual(expect.arrayContaining([
    'broken.html:2:15: repaired <b> closed by </p> (misnested or not closed)',
    'broken.html:2:27: repaired end tag </p> with no open <p> (ignored)',
    'broken.html:3:19: repaired an attribute given twice (the first is kept)',
    'broken.html:3:28: repaired <em> not closed (closed at the end of the page)',
  ]));
});

describe.each([
  ['plain text', 'notes.html', 'Only words here.\nA second line.', /: does not look like HTML/],
  ['JSON', 'api.html', '{"body": "<p>The ferry runs.</p>"}', /: is JSON, not HTML/],
  ['no body text', 'empty.html', '<html><head><script>go()</script></head><body><div></div></body></html>', /: the page has no body text/],
  ['over the page size limit', 'big.html', `<p>${'Ferry news. '.repeat(500_000)}</p>`, /: the page is 6\.0 million characters; at most 5 million are read/],
  ['a control character (a binary file read as text)', 'blob.html', '<p>x\u0001y</p>', /contains the control character U\+0001/],
  ['nothing to translate (Markdown of only a code listing)', 'listing.md', '```\nlet ferry = 1;\n```\n', /listing\.md: the document is empty/],
])('a file of %s', (_what, fileName, text, message) => {
  it('is refused as the English with 400 naming the field, storing nothing', async () => {
    const before = await stored();
    const r = await upload({ slug: 'bad-en', english: { fileName, text } });
    expect(r.status).toBe(400);
    expect(r.body.field).toMatch(/^english(\.text)?$/);
    expect(r.body.error).toMatch(message);
    const preview = await upload({ slug: 'bad-en', english: { fileName, text }, preview: true });
    expect([preview.status, preview.body.field]).toEqual([400, r.body.field]);
    expect(await stored()).toEqual(before);
  });

  it('is refused as the Chinese version of a good English page, naming the field; the English is not stored either', async () => {
    const before = await stored();
    const r = await upload({ slug: 'bad-zh', english: { fileName: 'en.html', text: EN }, chinese: { fileName, text } });
    expect(r.status).toBe(400);
    expect(r.body.field).toMatch(/^chinese(\.text)?$/);
    expect(r.body.error).toMatch(message);
    if (r.body.field === 'chinese') expect(r.body.file).toBe(fileName);
    expect(await stored()).toEqual(before);
  });
});

it('refuses a bad Chinese file over an existing article, leaving its translations as they were', async () => {
  expect((await upload({ slug: 'ferry', english: { fileName: 'en.html', text: EN }, chinese: { fileName: 'zh.html', text: ZH } })).status).toBe(201);
  const before = await stored();
  expect(before.ferry).toEqual(['Ferry notice | 渡轮通知', 'The ferry to Macao runs daily. | 往澳门的渡轮每天开行。', 'Read {bpt:1}the timetable{ept:1}. | 请阅读{bpt:1}时刻表{ept:1}。']);
  const r = await upload({ slug: 'ferry', english: { fileName: 'en.html', text: EN }, chinese: { fileName: 'zh.html', text: '<body><nav><a href="/">首页</a></nav></body>' } });
  expect([r.status, r.body.field]).toEqual([400, 'chinese']);
  expect(await stored()).toEqual(before);
});

it('takes a body over the upload field\'s 10 million characters with 400 naming english.text', async () => {
  const r = await upload({ slug: 'huge', english: { fileName: 'huge.html', text: 'x'.repeat(10_000_001) } });
  expect(r.status).toBe(400);
  expect(r.body.field).toBe('english.text');
  expect(await h.workflow.listArticles()).not.toEqual(expect.arrayContaining([expect.objectContaining({ slug: 'huge' })]));
});

// That the parse is linear in the depth is tests/segmentation/html.test.ts's to show; here the upload goes through whole.
it('uploads 100,000 nested divs, saying what it flattened', async () => {
  const r = await upload({ slug: 'deep', english: { fileName: 'deep.html', text: `${'<div>'.repeat(100_000)}<p>Deep text.</p>${'</div>'.repeat(100_000)}` } });
  expect(r.status).toBe(201);
  expect(r.body.notes).toContain('deep.html:1: limited elements nested deeper than 200 levels flattened (their text kept)');
});

describe('a target never carries markup of its own', () => {
  const unitOf = async (startsWith: string) => (await h.workflow.articleUnits('ferry', { locale: 'zh-Hans' })).find((u) => u.sourceText.startsWith(startsWith))!;
  const save = async (body: Record<string, unknown>) => {
    const unit = await unitOf('Read');
    return call(h, 'PUT', `/api/units/${unit.id}`, { token: h.users.translator.token, body, headers: { 'If-Match': String(unit.version) } });
  };

  it('refuses a save that sends inline codes (a link with another href) with 400 naming the field; the unit is unchanged', async () => {
    const before = await unitOf('Read');
    const r = await save({ text: '请阅读{bpt:1}时刻表{ept:1}。', inlineCodes: [{ id: '1', kind: 'bpt', native: '<a href="https://evil.example/">' }, { id: '1', kind: 'ept', native: '</a>' }] });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('inlineCodes');
    expect(r.body.error).toMatch(/come from the source segment/);
    expect(await unitOf('Read')).toEqual(before);
  });

  it('keeps markup typed into the target as its text, the codes still the source\'s', async () => {
    const r = await save({ text: '请阅读{bpt:1}<a href="https://evil.example/">时刻表</a>{ept:1}。' });
    expect(r.status).toBe(200);
    const unit = await unitOf('Read');
    expect(unit.targetText).toBe('请阅读{bpt:1}<a href="https://evil.example/">时刻表</a>{ept:1}。');
    expect(unit.inlineCodes).toEqual([{ id: '1', kind: 'bpt', native: '<a href="https://port.example/en/ferry">' }, { id: '1', kind: 'ept', native: '</a>' }]);
  });

  it('makes a code the source does not have an error finding that blocks approval', async () => {
    const r = await save({ text: '请阅读{bpt:9}时刻表{ept:9}。' });
    expect(r.status).toBe(200);
    const unit = await unitOf('Read');
    expect(unit.findings).toEqual(expect.arrayContaining([expect.objectContaining({ checkId: 'placeholders', severity: 'error' })]));
    const approve = await call(h, 'POST', `/api/units/${unit.id}/approve`, { token: h.users.reviewer.token, body: {}, headers: { 'If-Match': String(unit.version) } });
    expect(approve.status).toBe(409);
    expect((await unitOf('Read')).status).not.toBe('approved');
  });
});

it('refuses the two files the wrong way round, naming the field that holds the other language, storing nothing', async () => {
  const before = await stored();
  const ZH_PAGE = '<html><body><article><h1>渡轮通知</h1><p>往澳门的渡轮每天开行。</p><p>请阅读时刻表。</p></article></body></html>';
  const swapped = await upload({ slug: 'swapped', english: { fileName: 'zh.html', text: ZH_PAGE }, chinese: { fileName: 'en.html', text: EN } });
  expect(swapped.status).toBe(400);
  expect(swapped.body).toEqual(expect.objectContaining({ field: 'english', error: expect.stringMatching(/zh\.html: the text reads as Chinese, not English/) }));
  const preview = await upload({ slug: 'swapped', english: { fileName: 'zh.html', text: ZH_PAGE }, preview: true });
  expect([preview.status, preview.body.field]).toEqual([400, 'english']);
  const englishAsChinese = await upload({ slug: 'swapped', english: { fileName: 'en.html', text: EN }, chinese: { fileName: 'also-en.html', text: EN } });
  expect(englishAsChinese.status).toBe(400);
  expect(englishAsChinese.body).toEqual(expect.objectContaining({ field: 'chinese', error: expect.stringMatching(/also-en\.html: the text reads as English, not Chinese/) }));
  expect(await stored()).toEqual(before);
});
