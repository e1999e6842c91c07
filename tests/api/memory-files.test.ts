/**
 * TM import and export over the API (the workbench's memory page uses these): admin only, the
 * file streamed as the body, all or nothing, counts in the answer; export by format and pair.
 */
import { TM_SOURCE, call, logIn, startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const tmx = (units: Array<[string, string]>, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" srclang="en" datatype="plaintext"/>
<body>
${units.map(([en, zh]) => `<tu><tuv xml:lang="en"><seg>${en}</seg></tuv><tuv xml:lang="zh-CN"><seg>${zh}</seg></tuv></tu>`).join('\n')}
${extra}</body></tmx>`;

async function upload(path: string, body: string, token: string, type = 'application/octet-stream') {
  return call(h, 'POST', path, { token, headers: { 'Content-Type': type }, body });
}

describe('POST /api/tm/import', () => {
  it('imports a TMX and answers the counts read, added, updated and skipped', async () => {
    const file = tmx([['The ferry leaves at nine.', '渡轮九点开出。'], ['The ferry leaves at nine.', '渡轮九点开出。'], ['Tickets are sold at the pier.', '船票在码头出售。']]);
    const r = await upload('/api/tm/import?fileName=ferries.tmx', file, h.users.admin.token);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(expect.objectContaining({ file: 'ferries.tmx', format: 'tmx', read: 3, added: 2, updated: 0, skipped: 1 }));
    const lookup = await call(h, 'GET', `/api/tm/lookup?q=${encodeURIComponent('Tickets are sold at the pier.')}`, { token: h.users.translator.token });
    expect(lookup.body.matches[0]).toEqual(expect.objectContaining({ similarity: 100, target: '船票在码头出售。' }));
    // The same file again: everything is a duplicate.
    const again = await upload('/api/tm/import?fileName=ferries.tmx', file, h.users.admin.token);
    expect(again.body).toEqual(expect.objectContaining({ read: 3, added: 0, skipped: 3 }));
  });

  it('imports CSV and XLIFF by format or extension', async () => {
    const csv = 'source_locale,source,target_locale,target,status\nen,The bridge opens in May.,zh-Hans,大桥五月通车。,approved\n';
    const r = await upload('/api/tm/import?format=csv', csv, h.users.admin.token, 'text/csv');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(expect.objectContaining({ format: 'csv', read: 1, added: 1 }));
    const xliff = `<?xml version="1.0"?><xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="zh-CN">
<file id="f1"><unit id="u1"><segment state="translated"><source>The museum is closed on Mondays.</source><target>博物馆周一闭馆。</target></segment></unit></file></xliff>`;
    const x = await upload('/api/tm/import?fileName=museum.xlf', xliff, h.users.admin.token, 'application/xml');
    expect(x.status).toBe(200);
    expect(x.body).toEqual(expect.objectContaining({ format: 'xliff', read: 1, added: 1 }));
  });

  it('refuses a broken file with a 400 naming file and line, and stores nothing of it', async () => {
    const count = async () => { let n = 0; for await (const _ of h.workflow.exportMemory({})) n++; return n; };
    const stored = await count();
    const good = Array.from({ length: 50 }, (_, i) => [`Pier ${i + 1} is open today.`, `${i + 1}号码头今天开放。`] as [string, string]);
    const broken = tmx(good, '<tu><tuv xml:lang="en"><seg>Unclosed</seg></tuv>\n');
    const r = await upload('/api/tm/import?fileName=broken.tmx', broken, h.users.admin.token);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^broken\.tmx \(line \d+/);
    expect(r.body).toEqual(expect.objectContaining({ field: 'file', file: 'broken.tmx', line: expect.any(Number) }));
    expect(await count()).toBe(stored);
    const csv = await upload('/api/tm/import?format=csv&fileName=bad.csv', 'source_locale,source,target_locale,target\nen,One,zh-Hans,一\nen,Two\n', h.users.admin.token);
    expect(csv.status).toBe(400);
    expect(csv.body.error).toMatch(/bad\.csv/);
    expect(await count()).toBe(stored);
  });

  it('names the field of bad input: format, an empty body, an empty file', async () => {
    const noFormat = await upload('/api/tm/import?fileName=memory.txt', 'x', h.users.admin.token);
    expect(noFormat.status).toBe(400);
    expect(noFormat.body.field).toBe('format');
    const badFormat = await upload('/api/tm/import?format=docx', 'x', h.users.admin.token);
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error).toMatch(/format/);
    const empty = await upload('/api/tm/import?format=tmx', '', h.users.admin.token);
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe('body');
    const noUnits = await upload('/api/tm/import?format=csv', 'source_locale,source,target_locale,target\n', h.users.admin.token);
    expect(noUnits.status).toBe(400);
    expect(noUnits.body.field).toBe('file');
  });

  it('is for admins only: 401 without a user, 403 for an editor; a session needs the CSRF token', async () => {
    const file = tmx([['Admins only.', '仅限管理员。']]);
    expect((await call(h, 'POST', '/api/tm/import?format=tmx', { headers: { 'Content-Type': 'application/xml' }, body: file })).status).toBe(401);
    for (const role of ['translator', 'reviewer', 'editor'] as const) {
      expect((await upload('/api/tm/import?format=tmx', file, h.users[role].token)).status).toBe(403);
    }
    const session = await logIn(h, h.users.admin);
    const noCsrf = await call(h, 'POST', '/api/tm/import?format=tmx', { cookie: session.cookie, headers: { 'Content-Type': 'application/xml' }, body: file });
    expect(noCsrf.status).toBe(403);
    const ok = await call(h, 'POST', '/api/tm/import?format=tmx', { cookie: session.cookie, csrf: session.csrf, headers: { 'Content-Type': 'application/xml' }, body: file });
    expect(ok.status).toBe(200);
    expect(ok.body.added).toBe(1);
  });

  it('refuses a body over the limit with 413, nothing stored', async () => {
    const small = await startHarness({ api: { tmUploadBytes: 2000 } });
    try {
      const file = tmx(Array.from({ length: 40 }, (_, i) => [`Line ${i}.`, `第${i}行。`] as [string, string]));
      const r = await call(small, 'POST', '/api/tm/import?format=tmx', { token: small.users.admin.token, headers: { 'Content-Type': 'application/xml' }, body: file });
      expect(r.status).toBe(413);
      expect(r.body.field).toBe('body');
      const lookup = await call(small, 'GET', '/api/tm/lookup?q=Line%2039.', { token: small.users.admin.token });
      expect(lookup.body.matches.filter((m: { source: string }) => m.source === 'Line 39.')).toEqual([]);
    } finally {
      await small.close();
    }
  });
});

describe('GET /api/tm/export', () => {
  it('exports TMX (every language), XLIFF and CSV for one locale pair, as a download', async () => {
    const t = await call(h, 'GET', '/api/tm/export?format=tmx', { token: h.users.admin.token });
    expect(t.status).toBe(200);
    expect(t.headers.get('content-disposition')).toBe('attachment; filename="memory.tmx"');
    expect(t.body).toContain('<tmx version="1.4"');
    expect(t.body).toContain('渡轮九点开出。');
    expect(t.body).toContain(TM_SOURCE);
    const x = await call(h, 'GET', '/api/tm/export?format=xliff&targetLocale=zh-Hans&localeTags=bcp47', { token: h.users.admin.token });
    expect(x.status).toBe(200);
    expect(x.headers.get('content-disposition')).toBe('attachment; filename="memory.en-zh-Hans.xlf"');
    expect(x.body).toMatch(/trgLang="zh-Hans"/);
    const x12 = await call(h, 'GET', '/api/tm/export?format=xliff&xliffVersion=1.2&targetLocale=zh-Hans', { token: h.users.admin.token });
    expect(x12.body).toMatch(/version="1\.2"/);
    expect(x12.body).toMatch(/target-language="zh-CN"/);
    const c = await call(h, 'GET', '/api/tm/export?format=csv&targetLocale=zh-Hans', { token: h.users.admin.token });
    expect(c.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(c.body.split('\n')[0]).toBe('source_locale,source,target_locale,target,status,origin,note');
    expect(c.body).toContain('大桥五月通车。');
  });

  it('names a bad format or locale, and is for admins only', async () => {
    const bad = await call(h, 'GET', '/api/tm/export?format=docx', { token: h.users.admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/format/);
    const badLocale = await call(h, 'GET', '/api/tm/export?format=tmx&targetLocale=not%20a%20tag', { token: h.users.admin.token });
    expect(badLocale.status).toBe(400);
    expect(badLocale.body.field).toBe('targetLocale');
    expect((await call(h, 'GET', '/api/tm/export?format=tmx')).status).toBe(401);
    expect((await call(h, 'GET', '/api/tm/export?format=tmx', { token: h.users.editor.token })).status).toBe(403);
  });
});
