/**
 * Helpers for tests that run Bitext as several processes: fresh PostgreSQL schemas reachable by
 * URL alone (the CLI takes no schema option, so the URL carries `search_path`), the built CLI as
 * a child process, `bitext serve` on a free port, and small HTTP helpers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { createBitextApp } from '../../src/server';
import type { Role, Workflow } from '../../src/workflow';
import { REPO_ROOT } from '../support/stores';

export const PG_URL = process.env.BITEXT_TEST_PG_URL;
export const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
export const SLUG = 'jiangmen-achievements';

/** Parsed JSON, read as the API documents it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Like describeEachStore's PostgreSQL half: skipped without a URL, a failure under CI. */
export function describePostgres(title: string, body: (url: string) => void): void {
  if (PG_URL) {
    describe(title, () => body(PG_URL));
  } else if (process.env.CI) {
    test(`${title}: BITEXT_TEST_PG_URL is set`, () => {
      throw new Error('BITEXT_TEST_PG_URL is not set: CI must run the PostgreSQL suites');
    });
  } else {
    test.skip(`${title} (BITEXT_TEST_PG_URL not set)`, () => undefined);
  }
}

/** The built CLI must be there (npm test builds first); say so instead of failing obscurely. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
}

const created: string[] = [];
const prefix = `bitext_sc${process.pid}_${Date.now().toString(36)}`;

/** A URL whose search_path is a new, empty schema (dropped after the file's tests). */
export async function freshSchemaUrl(base: string): Promise<{ url: string; schema: string }> {
  const schema = `${prefix}_${created.length}`;
  created.push(schema);
  const client = new Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), schema };
}

export async function dropSchemas(): Promise<void> {
  if (!PG_URL || created.length === 0) return;
  const client = new Client({ connectionString: PG_URL });
  await client.connect();
  try {
    for (const schema of created.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.once('error', reject);
    proc.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface RunningServer {
  url: string;
  proc: ChildProcess;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** `bitext serve --port 0 [...args]` as a child process; resolves once it prints its address. */
export function startServe(env: NodeJS.ProcessEnv, args: string[] = []): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
      cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`bitext serve did not start in 30 s: ${stderr}`));
    }, 30_000);
    proc.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /Bitext on (http:\/\/\S+?)\/? /.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!.replace(/\/$/, ''),
          proc,
          stderr: () => stderr,
          stop: () => new Promise<void>((done) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return done();
            const force = setTimeout(() => proc.kill('SIGKILL'), 8000);
            proc.once('exit', () => {
              clearTimeout(force);
              done();
            });
            proc.kill('SIGTERM');
          }),
        });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bitext serve exited (${code}) before it was ready: ${stderr}`));
    });
  });
}

/** The whole app for a workflow on a loopback port, in this process (a second "process" of a pair). */
export async function serveInProcess(workflow: Workflow): Promise<{ url: string; close(): Promise<void> }> {
  const app = createBitextApp(workflow, pino({ level: 'silent' }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      app.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

export interface Account { name: string; password: string; token: string }

export async function addAccount(workflow: Workflow, name: string, role: Role): Promise<Account> {
  const account = await workflow.addUser(name, role);
  return { name: account.user.name, password: account.password, token: account.token };
}

export interface Answer { status: number; body: Json; text: string; headers: Headers }

export async function call(url: string, options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: options.method ?? 'GET', headers, redirect: 'manual',
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: Json = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, body, text, headers: response.headers };
}

/** Polls until `check` holds (returns truthy), or fails after `timeoutMs` with what it last saw. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 5000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | null | undefined | false;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Text a stack trace or an internal detail would show; none of it may reach a client. */
export const LEAK = /\bat .+:\d+:\d+|node_modules|\/work\/|postgres:\/\/|SQLITE_|ECONNREFUSED|StoreUnavailableError/;
