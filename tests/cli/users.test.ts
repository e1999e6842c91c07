/**
 * `bitext user …` and `bitext audit export` as scripts call them (DESIGN.md): `add` and `reset`
 * print exactly `password: X` and `api token: Y` on stdout, every change is at once, the last
 * admin stays, and the audit log comes out as JSON lines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkflow } from '../../src/workflow';
import { REPO_ROOT } from '../support/stores';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'bitext-cli-users-'));
const db = join(dir, 'users.db');

function bitext(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, BITEXT_DATABASE: db, LOG_LEVEL: 'silent' }, timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CREDENTIALS = /^password: (\S{12,})\napi token: (btx_\S+)\n$/;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bitext user', () => {
  it('add and reset print exactly the two lines; the old credentials stop at reset', async () => {
    const added = bitext(['user', 'add', 'root', '--role', 'admin']);
    expect(added.code).toBe(0);
    const [, password, token] = CREDENTIALS.exec(added.stdout)!;
    const expiring = bitext(['user', 'add', 'mei', '--role', 'translator', '--expires', '90d']);
    expect(expiring.stdout).toMatch(CREDENTIALS);
    const reset = bitext(['user', 'reset', 'root']);
    expect(reset.code).toBe(0);
    const [, newPassword, newToken] = CREDENTIALS.exec(reset.stdout)!;
    expect(newPassword).not.toBe(password);
    const workflow = await openWorkflow({ database: db });
    try {
      expect(await workflow.authenticateToken(token!)).toBeNull();
      expect((await workflow.authenticateToken(newToken!))!.name).toBe('root');
      expect(await workflow.authenticatePassword('root', password!)).toBeNull();
      expect(await workflow.authenticatePassword('root', newPassword!)).not.toBeNull();
    } finally {
      await workflow.close();
    }
    expect(bitext(['user', 'add', 'lee', '--role', 'translator', '--expires', 'soon']).code).toBe(2);
    expect(bitext(['user', 'add', 'lee', '--role', 'translator', '--expires', 'soon']).stderr).toMatch(/expires/);
  });

  it('lists, disables, enables and re-roles; refuses to lose the last admin', () => {
    const list = bitext(['user', 'list', '--json']);
    expect(list.code).toBe(0);
    const users = list.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(users.map((u: { name: string }) => u.name)).toEqual(['root', 'mei']);
    expect(users[1]).toEqual(expect.objectContaining({ role: 'translator', disabled: false, hasToken: true, tokenExpiresAt: expect.any(String) }));
    expect(bitext(['user', 'list']).stdout).toMatch(/^root\tadmin\tenabled\ttoken never expires/m);

    expect(bitext(['user', 'disable', 'mei']).code).toBe(0);
    expect(bitext(['user', 'list']).stdout).toMatch(/^mei\ttranslator\tdisabled/m);
    expect(bitext(['user', 'enable', 'mei']).code).toBe(0);
    expect(bitext(['user', 'role', 'mei', 'reviewer']).code).toBe(0);
    expect(bitext(['user', 'list']).stdout).toMatch(/^mei\treviewer\tenabled\tno token/m);
    expect(bitext(['user', 'role', 'mei', 'boss']).code).toBe(2);

    const last = bitext(['user', 'disable', 'root']);
    expect(last.code).toBe(1);
    expect(last.stderr).toMatch(/last enabled admin/);
    expect(bitext(['user', 'role', 'root', 'editor']).code).toBe(1);
    const nobody = bitext(['user', 'disable', 'nobody']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/nobody/);
  });

  it('exports the audit log as JSON lines, since a time', () => {
    const all = bitext(['audit', 'export']);
    expect(all.code).toBe(0);
    const entries = all.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['user.add', 'user.add', 'user.reset', 'user.disable', 'user.enable', 'user.role']);
    expect(entries[0]).toEqual({ at: expect.any(String), actor: expect.stringMatching(/^cli/), action: 'user.add', target: 'root', ip: null, detail: 'role admin' });
    const since = bitext(['audit', 'export', '--since', entries[3].at]);
    expect(since.stdout.trim().split('\n')).toHaveLength(3);
    expect(bitext(['audit', 'export', '--since', 'yesterday']).code).toBe(2);
  });
});
