/**
 * Real processes from the built CLI: several commands migrating one fresh schema at once, and
 * `bitext serve --workers 2` (node:cluster) keeping both workers' page caches in step.
 */
import { Client } from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/store/sql/migrations';
import {
  call, describePostgres, dropSchemas, eventually, freshSchemaUrl, requireBuiltCli, runCli, SLUG, startServe,
  type RunningServer,
} from './helpers';

afterAll(dropSchemas);

const tokenOf = (stdout: string): string => /api token: (\S+)/.exec(stdout)![1]!;

describe('serve --workers', () => {
  it('refuses several workers on SQLite (they could not tell each other about changes)', async () => {
    requireBuiltCli();
    const dir = mkdtempSync(join(tmpdir(), 'bitext-workers-'));
    try {
      const result = await runCli(['serve', '--port', '0', '--workers', '2'], { BITEXT_DATABASE: join(dir, 'b.db') });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--workers: more than one worker needs PostgreSQL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describePostgres('several processes on PostgreSQL', (pgUrl) => {
  beforeAll(requireBuiltCli);

  it('migrates once when several processes start on an empty schema together', async () => {
    const { url, schema } = await freshSchemaUrl(pgUrl);
    const results = await Promise.all([1, 2, 3, 4].map((n) => runCli(['user', 'add', `user${n}`, '--role', 'translator'], { BITEXT_DATABASE: url })));
    for (const result of results) expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const client = new Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const versions = await client.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
      expect(versions.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(Number((await client.query(`SELECT count(*) AS n FROM ${schema}.users`)).rows[0].n)).toBe(4);
    } finally {
      await client.end();
    }
  });

  describe('serve --workers 2', () => {
    let server: RunningServer;
    let token: string;
    let reviewerToken: string;

    beforeAll(async () => {
      const { url } = await freshSchemaUrl(pgUrl);
      const env = { BITEXT_DATABASE: url };
      expect((await runCli(['seed'], env)).code).toBe(0);
      token = tokenOf((await runCli(['user', 'add', 'tess', '--role', 'translator'], env)).stdout);
      reviewerToken = tokenOf((await runCli(['user', 'add', 'rita', '--role', 'reviewer'], env)).stdout);
      server = await startServe(env, ['--workers', '2']);
    });

    afterAll(async () => {
      await server?.stop();
    });

    const page = async () => (await call(`${server.url}/zh-Hans/articles/${SLUG}`)).text;

    it('serves from two worker processes', async () => {
      expect(server.stderr()).toMatch(/with 2 workers/);
      // Connections are handed round-robin: pages from both workers are cached after a few requests.
      for (let i = 0; i < 6; i++) expect(await page()).toContain('<html');
    });

    it('an approval through one worker shows on every worker\'s cached page', async () => {
      const units = (await call(`${server.url}/api/articles/${SLUG}/units?locale=zh-Hans`, { token })).body;
      const unit = units[0];
      const text = `${unit.target.text}（更新）`;
      const edited = await call(`${server.url}/api/units/${unit.id}`, {
        method: 'PUT', token, headers: { 'if-match': `"${unit.version}"` }, body: { text },
      });
      expect(edited.status).toBe(200);
      const approved = await call(`${server.url}/api/units/${unit.id}/approve`, {
        method: 'POST', token: reviewerToken, headers: { 'if-match': `"${edited.body.version}"` }, body: {},
      });
      expect(approved.status).toBe(200);
      await eventually(async () => {
        // Fresh connections each time, so both workers answer among them.
        const pages = await Promise.all(Array.from({ length: 6 }, () => page()));
        return pages.every((p) => p.includes(text));
      }, 3000);
    });

    it('refuses the second of two saves of the same version, whichever worker takes it', async () => {
      const unit = (await call(`${server.url}/api/articles/${SLUG}/units?locale=zh-Hans`, { token })).body[1];
      const put = (text: string) => call(`${server.url}/api/units/${unit.id}`, {
        method: 'PUT', token, headers: { 'if-match': `"${unit.version}"` }, body: { text },
      });
      const answers = await Promise.all([put(`${unit.target.text}甲`), put(`${unit.target.text}乙`), put(`${unit.target.text}丙`)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    });
  });
});
