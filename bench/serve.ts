/**
 * `npm run bench -- serve [--duration 10] [--connections 100] [--warmup 2] [--rounds 2] [--locale zh-Hans] [--log info|silent] [--files] [--strict-baseline] [--postgres [--workers 2] [--pg-url URL]]`
 *
 * Requests/s of a cached article page of the real app (logger, site router, precomputed
 * security headers) against a bare Express app whose one route sends a fixed string of the
 * same size, measured with autocannon on loopback in the same run. Target: ≥ 0.8× the bare
 * route. The servers run in a child process so the load generator does not share their event
 * loop. The article comes from a temporary store seeded with `bitext seed` (or, with --files
 * or when the workflow cannot seed, straight from content/ so the bench still measures serving).
 *
 * --postgres: also the real `bitext serve --workers 2` (the built CLI, node:cluster) on a fresh
 * PostgreSQL schema (--pg-url, BITEXT_BENCH_PG_URL or BITEXT_TEST_PG_URL), in the same rounds;
 * its requests/s are printed against the same bare route (one process) and the SQLite app.
 */
import { renderArticleBody } from '../src/document';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import pino from 'pino';
import { LOCALES, isLocale, type Locale } from '../src/locale';
import { cliOk, freshSchema, pgBaseUrl, requireCli, serve, type Served } from './_cluster';
import type { PublishedArticle, SiteContent } from '../src/workflow/publication-types';

const ROOT = join(__dirname, '..');
const SLUG = 'jiangmen-achievements';
const CHILD_FLAG = 'BITEXT_BENCH_SERVE_CHILD';

interface Ready { bareUrl: string; siteUrl: string; bytes: number; content: string }

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

/** The article straight from content/ (en and zh-Hans as written), for --files. */
function filesSiteContent(): SiteContent {
  const paragraphs = (locale: Locale): PublishedArticle['paragraphs'] => {
    const file = locale === 'en' ? 'en.md' : 'zh-Hans.md';
    return readFileSync(join(ROOT, 'content', SLUG, file), 'utf8')
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => (p.startsWith('# ') ? { kind: 'heading', level: 1, text: p.slice(2) } : { kind: 'text', level: null, text: p }));
  };
  const published: Locale[] = ['en', 'zh-Hans'];
  return {
    async listPublished(locale) {
      return published.includes(locale) ? [{ slug: SLUG, title: paragraphs(locale)[0]!.text, updatedAt: new Date(0).toISOString(), version: 1, summary: '' }] : [];
    },
    async getPublished(slug, locale) {
      if (slug !== SLUG || !published.includes(locale)) return null;
      const ps = paragraphs(locale);
      const title = ps[0]!.text;
      const html = renderArticleBody(title, ps, { page: { locale, slug }, sourceLocale: 'en' });
      const at = new Date(0).toISOString();
      return { slug, locale, title, version: 1, html, paragraphs: ps, publishedLocales: published, updatedAt: at, publishedAt: at, newerSource: false };
    },
    async publishedLocales(slug) {
      return slug === SLUG ? published : null;
    },
    async uiStrings(locale) {
      return JSON.parse(readFileSync(join(ROOT, 'locales', `${locale}.json`), 'utf8')) as Record<string, unknown>;
    },
    onArticleChanged() {
      return () => undefined;
    },
  };
}

function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function child(): Promise<void> {
  const locale = process.env.BENCH_LOCALE as Locale;
  const logLevel = process.env.BENCH_LOG ?? 'info';
  let site: SiteContent;
  let content = 'store';
  let cleanup = (): Promise<void> => Promise.resolve();
  if (process.env.BENCH_FILES === '1') {
    site = filesSiteContent();
    content = 'files';
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'bitext-bench-serve-'));
    try {
      const { openWorkflow } = await import('../src/workflow');
      const workflow = await openWorkflow({ database: join(dir, 'bitext.db') });
      await workflow.seed(ROOT);
      site = workflow.site;
      cleanup = async () => {
        await workflow.close();
        rmSync(dir, { recursive: true, force: true });
      };
    } catch (error) {
      process.stderr.write(`serve bench: the workflow could not seed (${(error as Error).message}); using content/ files\n`);
      rmSync(dir, { recursive: true, force: true });
      site = filesSiteContent();
      content = 'files';
    }
  }

  const { createApp } = await import('../src/server/app');
  // Logs go to /dev/null: the cost of writing JSON lines is measured, not the terminal's.
  const logger = pino({ level: logLevel }, pino.destination({ dest: '/dev/null', sync: false }));
  const siteApp = createApp({ site, logger });
  const siteServer = await listen(siteApp);
  const siteUrl = `http://127.0.0.1:${(siteServer.address() as AddressInfo).port}/${locale}/articles/${SLUG}`;
  const page = await fetch(siteUrl);
  if (page.status !== 200) throw new Error(`${siteUrl} answered ${page.status}; is the article published in ${locale}?`);
  const bytes = Buffer.byteLength(await page.text());

  // The baseline: Express as it comes, one route, a fixed string of the same byte length.
  const fixed = 'x'.repeat(bytes);
  const bare = express();
  // --strict-baseline: without the weak ETag Express computes over every response body by default.
  if (process.env.BENCH_STRICT === '1') bare.set('etag', false);
  bare.get('/bare', (_req, res) => {
    res.send(fixed);
  });
  const bareServer = await listen(bare);
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/bare`;

  process.on('message', (message) => {
    if (message === 'cpu') process.send!({ cpu: process.cpuUsage() });
  });
  process.send!({ bareUrl, siteUrl, bytes, content } satisfies Ready);
  process.once('disconnect', () => {
    siteApp.close();
    bareServer.close();
    siteServer.close();
    void cleanup().finally(() => process.exit(0));
  });
}

interface Measured {
  requests: number;
  rps: number;
  /** Server CPU (user + system) per request: steadier than req/s when other work shares the machine. */
  cpuMicros: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  bytesPerResponse: number;
}

function serverCpu(proc: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      const m = message as { cpu?: NodeJS.CpuUsage };
      if (!m.cpu) return;
      proc.off('message', onMessage);
      resolve(m.cpu.user + m.cpu.system);
    };
    proc.on('message', onMessage);
    proc.send('cpu');
  });
}

async function measure(proc: ChildProcess | null, url: string, connections: number, duration: number): Promise<Measured> {
  // A cluster's CPU is spread over processes this bench does not hold: requests/s only there.
  if (!proc) {
    const result = await autocannon({ url, connections, duration, pipelining: 1 });
    return {
      requests: result.requests.total, rps: result.requests.total / duration, cpuMicros: 0, p50: result.latency.p50,
      p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts,
      bytesPerResponse: result.requests.total ? result.throughput.total / result.requests.total : 0,
    };
  }
  const before = await serverCpu(proc);
  const result = await autocannon({ url, connections, duration, pipelining: 1 });
  const cpu = (await serverCpu(proc)) - before;
  return {
    requests: result.requests.total,
    rps: result.requests.total / duration,
    cpuMicros: result.requests.total ? cpu / result.requests.total : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytesPerResponse: result.requests.total ? result.throughput.total / result.requests.total : 0,
  };
}

function combine(runs: Measured[], duration: number): Measured {
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const weighted = (pick: (r: Measured) => number): number =>
    requests ? runs.reduce((n, r) => n + pick(r) * r.requests, 0) / requests : 0;
  return {
    requests,
    rps: requests / (duration * runs.length),
    cpuMicros: weighted((r) => r.cpuMicros),
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    bytesPerResponse: weighted((r) => r.bytesPerResponse),
  };
}

function startChild(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; ready: Ready }> {
  return new Promise((resolve, reject) => {
    const proc = fork(__filename, [], { execArgv: process.execArgv, env: { ...process.env, ...env, [CHILD_FLAG]: '1' } });
    proc.once('message', (message) => resolve({ child: proc, ready: message as Ready }));
    proc.once('exit', (code) => reject(new Error(`server process exited with ${code} before it was ready`)));
  });
}

export default async function serveBench(args: string[]): Promise<void> {
  const duration = Number(option(args, 'duration', '10'));
  const connections = Number(option(args, 'connections', '100'));
  const warmup = Number(option(args, 'warmup', '2'));
  const rounds = Number(option(args, 'rounds', '2'));
  const locale = option(args, 'locale', 'zh-Hans');
  const log = option(args, 'log', 'info');
  if (!isLocale(locale)) throw new Error(`--locale must be one of ${LOCALES.join(', ')}`);

  const postgres = args.includes('--postgres');
  const workers = option(args, 'workers', '2');
  let cluster: { served: Served; url: string; drop(): Promise<void> } | null = null;
  if (postgres) {
    requireCli();
    const base = pgBaseUrl(args);
    if (!base) throw new Error('--postgres: give --pg-url, or set BITEXT_BENCH_PG_URL or BITEXT_TEST_PG_URL');
    const schema = await freshSchema(base, 'serve');
    try {
      await cliOk(['seed'], { BITEXT_DATABASE: schema.url });
      const served = await serve({ BITEXT_DATABASE: schema.url, LOG_LEVEL: log }, ['--workers', workers]);
      cluster = { served, url: `${served.url}/${locale}/articles/${SLUG}`, drop: schema.drop };
    } catch (error) {
      await schema.drop();
      throw error;
    }
  }

  const { child: proc, ready } = await startChild({
    BENCH_LOCALE: locale,
    BENCH_LOG: log,
    BENCH_FILES: args.includes('--files') ? '1' : '0',
    BENCH_STRICT: args.includes('--strict-baseline') ? '1' : '0',
  });
  try {
    console.log(`article page ${ready.siteUrl} (${ready.bytes} bytes, content from ${ready.content}, logging at ${log})`);
    const baseline = args.includes('--strict-baseline') ? 'Express without its default ETag' : 'Express defaults';
    console.log(`bare route   ${ready.bareUrl} (same size, ${baseline}); ${connections} connections, ${rounds} rounds of ${duration} s each, alternating, after ${warmup} s warm-up`);
    await measure(proc, ready.bareUrl, connections, warmup);
    await measure(proc, ready.siteUrl, connections, warmup);
    if (cluster) {
      console.log(`PostgreSQL   ${cluster.url} (bitext serve --workers ${workers})`);
      await measure(null, cluster.url, connections, warmup);
    }
    // Alternating rounds, so that a neighbour's burst of work hits both sides alike.
    const bares: Measured[] = [];
    const sites: Measured[] = [];
    const clustered: Measured[] = [];
    for (let round = 0; round < rounds; round++) {
      bares.push(await measure(proc, ready.bareUrl, connections, duration));
      sites.push(await measure(proc, ready.siteUrl, connections, duration));
      if (cluster) clustered.push(await measure(null, cluster.url, connections, duration));
    }
    const bare = combine(bares, duration);
    const site = combine(sites, duration);
    const rows: Array<readonly [string, Measured]> = [['bare route', bare], ['article page', site]];
    if (cluster) rows.push([`PostgreSQL ×${workers}`, combine(clustered, duration)]);
    for (const [name, m] of rows) {
      console.log(
        `${name.padEnd(12)} ${m.rps.toFixed(0).padStart(7)} req/s  ${m.cpuMicros.toFixed(0)} µs server CPU/request  p50 ${m.p50} ms  p99 ${m.p99} ms  ` +
          `${m.bytesPerResponse.toFixed(0)} B/response  non-2xx ${m.non2xx}  errors ${m.errors}`,
      );
    }
    if (site.non2xx > 0 || site.errors > 0) console.log('WARNING: the article page had failed responses');
    const ratio = site.rps / bare.rps;
    console.log(`ratio article page / bare route: ${ratio.toFixed(2)}× requests/s (target ≥ 0.80×) ${ratio >= 0.8 ? 'PASS' : 'FAIL'}`);
    console.log(`  by server CPU per request (capacity, less sensitive to other load): ${(bare.cpuMicros / site.cpuMicros).toFixed(2)}×`);
    if (cluster) {
      const pg = rows[2]![1];
      if (pg.non2xx > 0 || pg.errors > 0) console.log('WARNING: the PostgreSQL cluster had failed responses');
      console.log(`ratio PostgreSQL article page (${workers} processes) / bare route (1 process): ${(pg.rps / bare.rps).toFixed(2)}× requests/s; `
        + `/ SQLite article page (1 process): ${(pg.rps / site.rps).toFixed(2)}×`);
    }
  } finally {
    proc.disconnect();
    if (cluster) {
      await cluster.served.stop();
      await cluster.drop();
    }
  }
}

if (process.env[CHILD_FLAG] === '1') {
  child().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
