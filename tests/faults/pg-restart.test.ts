/**
 * PostgreSQL restarted (`pg_ctlcluster 15 main restart`) while `bitext serve` is under load:
 * requests that need the store fail cleanly (503 with Retry-After, no stack trace, no URL), the
 * process stays up, and it recovers by itself: queries succeed again, and its change listener
 * reconnects, so a change made afterwards by another process still reaches its page cache.
 *
 * The cluster is shared with every other test run on the machine, so this runs only when asked
 * (BITEXT_FAULT_TESTS=1, as in .ci/run's fault step), restarts once, and waits for the server to
 * be back before it ends.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openStore } from '../../src/store';
import { Workflow } from '../../src/workflow';
import {
  LEAK, PG_URL, SLUG, call, dropSchemas, eventually, freshSchemaUrl, requireBuiltCli, runCli, startServe, type RunningServer,
} from '../scale/helpers';

const run = promisify(execFile);
const enabled = process.env.BITEXT_FAULT_TESTS === '1' && !!PG_URL;

afterAll(dropSchemas);

async function pgReady(): Promise<boolean> {
  return run('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']).then(() => true, () => false);
}

(enabled ? describe : describe.skip)('PostgreSQL restarted under load (BITEXT_FAULT_TESTS=1)', () => {
  let server: RunningServer;
  let other: Workflow;
  let token: string;

  beforeAll(async () => {
    requireBuiltCli();
    const { url } = await freshSchemaUrl(PG_URL!);
    const env = { BITEXT_DATABASE: url };
    expect((await runCli(['seed'], env)).code).toBe(0);
    token = /api token: (\S+)/.exec((await runCli(['user', 'add', 'tess', '--role', 'translator'], env)).stdout)![1]!;
    server = await startServe({ ...env, BITEXT_EXPENSIVE_PER_MINUTE: '100000' });
    other = new Workflow(await openStore(url));
  });

  afterAll(async () => {
    await server?.stop();
    await other?.close();
  });

  it('answers 503 while the database is down and recovers without a restart', async () => {
    const seen: Array<{ path: string; status: number; text: string; retryAfter: string | null }> = [];
    const paths = [
      '/api/articles',
      `/api/articles/${SLUG}/units?locale=zh-Hans`,
      '/en/articles/no-such-article',
      `/zh-Hans/articles/${SLUG}`,
    ];
    expect((await call(`${server.url}${paths[0]}`, { token })).status).toBe(200);
    let loading = true;
    const loops = paths.map(async (path) => {
      while (loading) {
        const answer = await call(`${server.url}${path}`, { token }).catch((error: Error) => ({ status: 0, text: error.message, headers: new Headers() }));
        seen.push({ path, status: answer.status, text: answer.text, retryAfter: answer.headers.get('retry-after') });
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    const restartedAt = Date.now();
    try {
      await run('pg_ctlcluster', ['15', 'main', 'restart'], { timeout: 40_000 });
    } finally {
      // Whatever happened, leave the shared cluster running.
      if (!(await pgReady())) await run('pg_ctlcluster', ['15', 'main', 'start']).catch(() => undefined);
    }
    // Back: the same server answers from the store again, without being restarted.
    await eventually(async () => (await call(`${server.url}/api/articles`, { token })).status === 200, 20_000, 100);
    const recoveredIn = Date.now() - restartedAt;
    loading = false;
    await Promise.all(loops);

    expect(server.proc.exitCode).toBeNull();
    const failures = seen.filter((s) => s.status !== 200 && !(s.status === 404 && s.path.includes('no-such-article')));
    expect(failures.length).toBeGreaterThan(0); // the outage was seen...
    for (const failure of failures) {
      expect(failure.status).toBe(503); // ...and only ever as 503
      expect(failure.retryAfter).toBe('5');
      expect(failure.text).not.toMatch(LEAK);
    }
    expect(recoveredIn).toBeLessThan(30_000);

    // The listener reconnected: a change another process makes now still drops the cached page.
    const units = await other.articleUnits(SLUG, { locale: 'zh-Hans' });
    const unit = units[0]!;
    const page = async () => (await call(`${server.url}/zh-Hans/articles/${SLUG}`)).text;
    await eventually(async () => (await page()).includes(unit.targetText), 10_000, 100); // cached again
    const text = `${unit.targetText}（重启后）`;
    const edited = await other.editTarget({ id: unit.id, version: unit.version, text, by: 'tess' });
    await other.approveUnit({ id: edited.id, by: 'tess' });
    await eventually(async () => (await page()).includes(text), 10_000, 50);
  }, 60_000);
});
