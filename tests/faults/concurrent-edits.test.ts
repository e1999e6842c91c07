/**
 * Concurrent editing across two real `bitext serve` processes sharing one store (a SQLite file,
 * or a PostgreSQL schema): two translators saving the same unit version — one wins, the other
 * gets 409 with the winner's text; and 1,000 edits from 32 clients at once, spread over both
 * processes, retried on conflict as the workbench does — none is lost: every accepted edit is in
 * the unit's history, and each unit's version moved once per accepted edit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PG_URL, SLUG, call, dropSchemas, freshSchemaUrl, requireBuiltCli, runCli, startServe, type Json, type RunningServer,
} from '../scale/helpers';

const dir = mkdtempSync(join(tmpdir(), 'bitext-edits-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchemas();
});

const kinds: Array<{ name: string; database: () => Promise<string> }> = [
  { name: 'SQLite', database: async () => join(dir, 'shared.db') },
];
if (PG_URL) kinds.push({ name: 'PostgreSQL', database: async () => (await freshSchemaUrl(PG_URL!)).url });
else if (process.env.CI) test('BITEXT_TEST_PG_URL is set', () => { throw new Error('CI must run the PostgreSQL suites'); });

describe.each(kinds)('two server processes on one store ($name)', (kind) => {
  let servers: RunningServer[] = [];
  let token: string;
  let units: Json[];

  beforeAll(async () => {
    requireBuiltCli();
    const env = { BITEXT_DATABASE: await kind.database() };
    expect((await runCli(['seed'], env)).code).toBe(0);
    token = /api token: (\S+)/.exec((await runCli(['user', 'add', 'tess', '--role', 'translator'], env)).stdout)![1]!;
    servers = await Promise.all([startServe(env), startServe(env)]);
    units = [];
    for (const locale of ['zh-Hans', 'zh-Hant']) {
      units.push(...(await call(`${servers[0]!.url}/api/articles/${SLUG}/units?locale=${locale}`, { token })).body);
    }
    expect(units.length).toBeGreaterThanOrEqual(10);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  const put = (server: RunningServer, id: number, version: number, text: string) => call(`${server.url}/api/units/${id}`, {
    method: 'PUT', token, headers: { 'if-match': `"${version}"` }, body: { text },
  });

  it('two translators save the same unit: one wins, the other gets the conflict', async () => {
    const unit = (await call(`${servers[0]!.url}/api/units/${units[0].id}`, { token })).body;
    const [a, b] = await Promise.all([
      put(servers[0]!, unit.id, unit.version, `${unit.target.text}（甲）`),
      put(servers[1]!, unit.id, unit.version, `${unit.target.text}（乙）`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    expect(loser.body.current.version).toBe(winner.body.version);
    expect(loser.body.current.target.text).toBe(winner.body.target.text);
  });

  it('loses none of 1,000 concurrent edits', async () => {
    const before = new Map<number, number>();
    for (const unit of units) before.set(unit.id, (await call(`${servers[0]!.url}/api/units/${unit.id}`, { token })).body.version);
    const accepted = new Map<number, string[]>(units.map((u) => [u.id as number, []]));
    let next = 0;
    let conflicts = 0;
    const unexpected: string[] = [];
    const client = async (c: number): Promise<void> => {
      for (let n = next++; n < 1000; n = next++) {
        const id = units[n % units.length].id as number;
        const text = `并发编辑${n}号`;
        // Alternate processes per attempt, so reads and writes cross between them.
        for (let attempt = 0; ; attempt++) {
          const server = servers[(c + attempt) % 2]!;
          const current = (await call(`${server.url}/api/units/${id}`, { token })).body;
          const answer = await put(servers[(c + attempt + 1) % 2]!, id, current.version, text);
          if (answer.status === 200) {
            accepted.get(id)!.push(text);
            break;
          }
          if (answer.status !== 409) {
            unexpected.push(`${answer.status} ${answer.text.slice(0, 200)}`);
            break;
          }
          conflicts++;
          if (attempt > 200) throw new Error(`edit ${n} never got through`);
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, (_, c) => client(c)));
    expect(unexpected).toEqual([]);
    const total = [...accepted.values()].reduce((n, list) => n + list.length, 0);
    expect(total).toBe(1000);
    expect(conflicts).toBeGreaterThan(0); // the edits did race

    for (const unit of units) {
      const id = unit.id as number;
      const latest = (await call(`${servers[1]!.url}/api/units/${id}`, { token })).body;
      expect(latest.version).toBe(before.get(id)! + accepted.get(id)!.length);
      const history: Json[] = (await call(`${servers[0]!.url}/api/units/${id}/history`, { token })).body;
      const edits = history.filter((h) => h.version > before.get(id)!);
      expect(edits.map((h) => h.target as string).sort()).toEqual([...accepted.get(id)!].sort());
    }
  }, 60_000);
});
