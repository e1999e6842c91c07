/**
 * Two Bitext instances over one PostgreSQL schema, each with its own store (own pool and own
 * LISTEN connection), caches and HTTP server — what two `bitext serve` processes are, minus the
 * fork. What one changes, the other shows at once: article pages, the fuzzy-match index, the
 * termbase; sessions work on both; a stale write is refused whichever takes it.
 */
import { openStore } from '../../src/store';
import { Workflow } from '../../src/workflow';
import { REPO_ROOT } from '../support/stores';
import {
  addAccount, call, describePostgres, dropSchemas, eventually, freshSchemaUrl, serveInProcess, SLUG, type Account,
} from './helpers';

afterAll(dropSchemas);

describePostgres('two processes on one PostgreSQL', (pgUrl) => {
  let a: Workflow;
  let b: Workflow;
  let serverA: { url: string; close(): Promise<void> };
  let serverB: { url: string; close(): Promise<void> };
  let translator: Account;
  let editor: Account;
  let reviewer: Account;

  beforeAll(async () => {
    const { url } = await freshSchemaUrl(pgUrl);
    a = new Workflow(await openStore(url));
    await a.seed(REPO_ROOT);
    translator = await addAccount(a, 'tess', 'translator');
    editor = await addAccount(a, 'eddie', 'editor');
    reviewer = await addAccount(a, 'rita', 'reviewer');
    b = new Workflow(await openStore(url));
    await Promise.all([a.ready(), b.ready()]);
    serverA = await serveInProcess(a);
    serverB = await serveInProcess(b);
  });

  afterAll(async () => {
    await serverA?.close();
    await serverB?.close();
    await a?.close();
    await b?.close();
  });

  const page = async (url: string, locale = 'zh-Hans') => (await call(`${url}/${locale}/articles/${SLUG}`)).text;

  it('an approval in one process shows on the other\'s cached page at once', async () => {
    const units = await a.articleUnits(SLUG, { locale: 'zh-Hans' });
    const unit = units[units.length - 1]!;
    expect(await page(serverB.url)).toContain(unit.targetText); // now cached in B
    const marker = `${unit.targetText}（第二版）`;
    const edited = await call(`${serverA.url}/api/units/${unit.id}`, {
      method: 'PUT', token: translator.token, headers: { 'if-match': `"${unit.version}"` }, body: { text: marker },
    });
    expect(edited.status).toBe(200);
    // Not approved yet: both processes keep serving the zh-Hans release, without the draft.
    expect((await call(`${serverB.url}/zh-Hans/articles/${SLUG}`)).status).toBe(200);
    expect(await page(serverB.url)).not.toContain(marker);
    expect(await page(serverA.url)).not.toContain(marker);
    const approved = await call(`${serverA.url}/api/units/${unit.id}/approve`, {
      method: 'POST', token: reviewer.token, headers: { 'if-match': `"${edited.body.version}"` }, body: {},
    });
    expect(approved.status).toBe(200);
    // B learns of A's release by NOTIFY and has no cache expiry to fall back on: without it, never.
    await eventually(async () => (await page(serverB.url)).includes(marker), 10_000);
  });

  it('two processes approving the last two units at once make exactly one release', async () => {
    const units = (await a.articleUnits(SLUG, { locale: 'zh-Hans' })).slice(0, 2);
    for (const unit of units) await a.editTarget({ id: unit.id, version: unit.version, text: `${unit.targetText}（并发）`, by: 'tess' });
    const before = (await a.articleReleases(SLUG, 'zh-Hans')).length;
    await Promise.all([
      a.approveUnit({ id: units[0]!.id, by: 'rita', role: 'reviewer' }),
      b.approveUnit({ id: units[1]!.id, by: 'rita', role: 'reviewer' }),
    ]);
    const releases = await b.articleReleases(SLUG, 'zh-Hans');
    expect(releases).toHaveLength(before + 1);
    expect(releases[0]!.units.filter((u) => u.target?.endsWith('（并发）'))).toHaveLength(2);
  });

  it('a memory edit in one process changes the other\'s fuzzy matches', async () => {
    const unit = (await a.articleUnits(SLUG, { locale: 'zh-Hans' }))[1]!;
    const before = await b.lookup(unit.sourceText, { limit: 1 }); // builds B's index
    expect(before[0]?.target).toBe(unit.targetText);
    const text = `${unit.targetText}（修订）`;
    await a.editTarget({ id: unit.id, version: unit.version, text, by: 'tess' });
    await eventually(async () => (await b.lookup(unit.sourceText, { limit: 1 }))[0]?.target === text);

    // A bulk import announces "rebuild": B finds the new unit without a restart.
    await a.importMemory((async function* () {
      yield {
        sourceLocale: 'en' as const, sourceText: 'The ferry to Macao leaves from the new terminal every hour.',
        targetLocale: 'zh-Hans' as const, targetText: '往澳门的渡轮每小时从新客运站开出。',
        status: 'approved' as const, origin: 'human' as const, inlineCodes: [], note: null,
      };
    })(), { by: 'tess' });
    const matches = await eventually(async () => {
      const found = await b.lookup('The ferry to Macao leaves from the new terminal every hour.', { limit: 1 });
      return found.length ? found : null;
    });
    expect(matches[0]!.target).toBe('往澳门的渡轮每小时从新客运站开出。');
    expect(matches[0]!.score).toBeGreaterThanOrEqual(100);
  });

  it('a termbase edit in one process re-checks text in the other', async () => {
    const input = { sourceText: 'Install the widget-x gateway.', targetText: '安装网关。', sourceLocale: 'en' as const, targetLocale: 'zh-Hans' as const };
    expect((await b.checkText(input)).filter((f) => f.checkId.startsWith('term'))).toEqual([]);
    const created = await call(`${serverA.url}/api/termbase/concepts`, {
      method: 'POST', token: editor.token,
      body: { id: 'c-widget-x', terms: [{ locale: 'en', text: 'widget-x', status: 'preferred' }, { locale: 'zh-Hans', text: '微件', status: 'preferred' }] },
    });
    expect(created.status).toBe(201);
    const findings = await eventually(async () => {
      const found = (await b.checkText(input)).filter((f) => f.checkId.startsWith('term'));
      return found.length ? found : null;
    });
    expect(findings[0]!.severity).toBe('error');
  });

  it('a session opened on one process works on the other', async () => {
    const form = await fetch(`${serverA.url}/workbench/login`);
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const login = await fetch(`${serverA.url}/workbench/login`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: token, name: translator.name, password: translator.password, next: '/workbench/' }).toString(),
    });
    expect(login.status).toBe(303);
    const session = login.headers.getSetCookie().find((c) => c.startsWith('bitext_session='))!.split(';')[0]!;
    const me = await call(`${serverB.url}/api/me`, { headers: { cookie: session } });
    expect(me.status).toBe(200);
    expect(me.body.user.name).toBe(translator.name);
  });

  it('refuses a stale write whichever process takes it', async () => {
    const unit = (await a.articleUnits(SLUG, { locale: 'zh-Hans' }))[2]!;
    const put = (url: string, text: string) => call(`${url}/api/units/${unit.id}`, {
      method: 'PUT', token: translator.token, headers: { 'if-match': `"${unit.version}"` }, body: { text },
    });
    const [first, second] = await Promise.all([put(serverA.url, `${unit.targetText}甲`), put(serverB.url, `${unit.targetText}乙`)]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    const winner = first.status === 200 ? first : second;
    expect(loser.body.current.target.text).toBe(winner.body.target.text);
    // And later, on either side, the old version still loses.
    expect((await put(serverA.url, 'again')).status).toBe(409);
    expect((await put(serverB.url, 'again')).status).toBe(409);
  });
});
