/**
 * Accounts on two `bitext serve` processes sharing one PostgreSQL schema (two hosts behind a
 * load balancer, as far as the store goes): a disable, a role change or a reset through the CLI
 * takes effect at once on both; 30 wrong passwords spread over the two are limited as one (the
 * failures are counted in the store), in sequence and all at once.
 */
import {
  call, describePostgres, dropSchemas, freshSchemaUrl, requireBuiltCli, runCli, startServe, type RunningServer,
} from './helpers';
import { submitLogin } from '../api/harness';

afterAll(dropSchemas);

const credentials = (stdout: string) => {
  const match = /^password: (\S+)\napi token: (\S+)\n$/.exec(stdout);
  if (!match) throw new Error(`not two credential lines: ${JSON.stringify(stdout)}`);
  return { password: match[1]!, token: match[2]! };
};

describePostgres('accounts on two server processes over PostgreSQL', (pgUrl) => {
  let env: Record<string, string>;
  let servers: RunningServer[] = [];

  beforeAll(async () => {
    requireBuiltCli();
    const { url } = await freshSchemaUrl(pgUrl);
    env = { BITEXT_DATABASE: url };
    expect((await runCli(['user', 'add', 'root', '--role', 'admin'], env)).code).toBe(0);
    servers = await Promise.all([startServe(env), startServe(env)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  const me = async (server: RunningServer, headers: Record<string, string>) => (await call(`${server.url}/api/me`, { headers })).status;

  async function session(server: RunningServer, name: string, password: string): Promise<string> {
    const response = await submitLogin(server.url, { name, password, next: '/workbench/' });
    expect(response.status).toBe(303);
    const line = response.headers.getSetCookie().find((c) => c.startsWith('bitext_session='))!;
    return line.split(';')[0]!;
  }

  it('bitext user disable / role / reset take effect at once on both servers', async () => {
    const ann = credentials((await runCli(['user', 'add', 'ann', '--role', 'translator'], env)).stdout);
    const cookie = await session(servers[0]!, 'ann', ann.password);
    for (const server of servers) {
      expect(await me(server, { Cookie: cookie })).toBe(200);
      expect(await me(server, { Authorization: `Bearer ${ann.token}` })).toBe(200);
    }
    expect((await runCli(['user', 'disable', 'ann'], env)).code).toBe(0);
    for (const server of servers) {
      expect(await me(server, { Cookie: cookie })).toBe(401);
      expect(await me(server, { Authorization: `Bearer ${ann.token}` })).toBe(401);
    }
    expect((await runCli(['user', 'enable', 'ann'], env)).code).toBe(0);
    expect(await me(servers[1]!, { Authorization: `Bearer ${ann.token}` })).toBe(200);

    const again = await session(servers[1]!, 'ann', ann.password);
    expect((await runCli(['user', 'role', 'ann', 'reviewer'], env)).code).toBe(0);
    for (const server of servers) {
      expect(await me(server, { Cookie: again })).toBe(401);
      expect(await me(server, { Authorization: `Bearer ${ann.token}` })).toBe(401);
    }

    const reset = await runCli(['user', 'reset', 'ann'], env);
    const fresh = credentials(reset.stdout);
    const byToken = await call(`${servers[0]!.url}/api/me`, { token: fresh.token });
    expect(byToken.body.user.role).toBe('reviewer');
    expect((await submitLogin(servers[1]!.url, { name: 'ann', password: ann.password })).status).toBe(401);
    expect((await submitLogin(servers[1]!.url, { name: 'ann', password: fresh.password })).status).toBe(303);
  }, 60_000);

  it('30 wrong passwords spread over both servers are limited as one: 5 checked, 25 refused with 429', async () => {
    const bo = credentials((await runCli(['user', 'add', 'bo', '--role', 'translator'], env)).stdout);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await submitLogin(servers[i % 2]!.url, { name: 'bo', password: `guess-${i}` });
      await response.text();
      statuses.push(response.status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    // Locked for this name from this IP, on both servers, even with the right password.
    for (const server of servers) expect((await submitLogin(server.url, { name: 'bo', password: bo.password })).status).toBe(429);
  }, 60_000);

  it('30 wrong passwords sent all at once to both servers: still at most 5 checked', async () => {
    credentials((await runCli(['user', 'add', 'cy', '--role', 'translator'], env)).stdout);
    const statuses = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
      const response = await submitLogin(servers[i % 2]!.url, { name: 'cy', password: `guess-${i}` });
      await response.text();
      return response.status;
    }));
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  }, 60_000);
});
