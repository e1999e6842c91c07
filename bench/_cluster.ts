/**
 * Shared by the benches that run Bitext as real processes (serve --postgres, load, fuzzy-pg):
 * the built CLI, fresh PostgreSQL schemas reachable by URL, and `bitext serve` on a free port.
 * (bench/run.ts skips files starting with "_".)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

export const ROOT = join(__dirname, '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

export function requireCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
}

/** Where the PostgreSQL benches run: --pg-url, else BITEXT_BENCH_PG_URL, else BITEXT_TEST_PG_URL. */
export function pgBaseUrl(args: string[]): string | null {
  return option(args, 'pg-url', '') || process.env.BITEXT_BENCH_PG_URL || process.env.BITEXT_TEST_PG_URL || null;
}

/** A new schema, and a URL whose search_path puts it first (then public, for pg_trgm). */
export async function freshSchema(base: string, tag: string): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `bitext_bench_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema},public`);
  return { url: url.toString(), schema, drop: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

export function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.once('error', reject);
    proc.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function cliOk(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const result = await cli(args, env);
  if (result.code !== 0) throw new Error(`bitext ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

export interface Served { url: string; stop(): Promise<void> }

/** `bitext serve --port 0 …`; its access log goes to /dev/null (written, as in production, not shown). */
export function serve(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Served> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
      cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /Bitext on (http:\/\/\S+?)\/? /.exec(stderr);
      if (!match) return;
      resolve({
        url: match[1]!,
        stop: () => new Promise<void>((done) => {
          if (proc.exitCode !== null) return done();
          proc.once('exit', () => done());
          proc.kill('SIGTERM');
          setTimeout(() => proc.kill('SIGKILL'), 8000).unref();
        }),
      });
    });
    proc.once('exit', (code) => reject(new Error(`bitext serve exited (${code}): ${stderr}`)));
  });
}
