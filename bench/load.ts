/**
 * `npm run bench -- load [--duration 30] [--connections 64] [--units 20000] [--workers 2] [--only sqlite|postgres] [--pg-url URL]`
 *
 * A load test of the real server (`node dist/cli/main.js serve`, so `npm run build` first), on
 * loopback, with autocannon: the cached article page and the TM lookup API (a rotating set of
 * queries against a memory of --units units), each for --duration seconds with --connections
 * connections. Once on SQLite with one process, once on PostgreSQL with --workers processes
 * (node:cluster) when a PostgreSQL URL is known (--pg-url, BITEXT_BENCH_PG_URL or
 * BITEXT_TEST_PG_URL); each store is fresh and dropped afterwards. Prints requests/s, p50/p99
 * latency, errors and non-2xx answers (the target is 0 of both), and PostgreSQL's requests/s as
 * a ratio of SQLite's, measured in the same run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Generator, loadCorpus, mulberry32 } from './fuzzy';
import { cliOk, freshSchema, option, pgBaseUrl, requireCli, serve } from './_cluster';

const SLUG = 'jiangmen-achievements';

interface Result { rps: number; p50: number; p99: number; errors: number; non2xx: number; requests: number }

function sentences(count: number): string[] {
  const corpus = loadCorpus();
  if (corpus.english.length > 0) {
    const gen = new Generator(corpus, mulberry32(7));
    return Array.from({ length: count }, () => gen.sentence());
  }
  const words = ['ferry', 'terminal', 'Jiangmen', 'bridge', 'harbour', 'passengers', 'opened', 'city', 'government', 'investment', 'project', 'new', 'the', 'of', 'in', 'on'];
  const random = mulberry32(7);
  return Array.from({ length: count }, (_, i) => `${Array.from({ length: 8 + (i % 9) }, () => words[Math.floor(random() * words.length)]).join(' ')} ${i}.`);
}

function writeTmx(path: string, sources: string[]): void {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const tus = sources.map((s, i) => `<tu><tuv xml:lang="en"><seg>${esc(s)}</seg></tuv><tuv xml:lang="zh-CN"><seg>译文${i}。</seg></tuv></tu>`);
  writeFileSync(path, `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="bench" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>\n${tus.join('\n')}\n</body></tmx>\n`);
}

async function hammer(url: string, connections: number, duration: number, extra: Partial<autocannon.Options> = {}): Promise<Result> {
  const result = await autocannon({ url, connections, duration, pipelining: 1, ...extra });
  return {
    rps: result.requests.total / duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

async function runStore(name: string, env: NodeJS.ProcessEnv, serveArgs: string[], tmx: string, queries: string[], connections: number, duration: number) {
  await cliOk(['seed'], env);
  await cliOk(['tm', 'import', tmx], env);
  const token = /api token: (\S+)/.exec(await cliOk(['user', 'add', 'load', '--role', 'translator'], env))![1]!;
  const server = await serve({ ...env, BITEXT_EXPENSIVE_PER_MINUTE: '100000000' }, serveArgs);
  try {
    const page = `${server.url}/zh-Hans/articles/${SLUG}`;
    const check = await fetch(page);
    if (check.status !== 200) throw new Error(`${page} answered ${check.status}`);
    const headers = { authorization: `Bearer ${token}` };
    const requests = queries.map((q) => ({ method: 'GET' as const, path: `/api/tm/lookup?q=${encodeURIComponent(q)}` }));
    // Warm-up: every worker builds its memory index and caches the page before the clock runs.
    await hammer(page, connections, 2);
    await hammer(server.url, connections, 3, { headers, requests });
    const article = await hammer(page, connections, duration);
    const lookup = await hammer(server.url, connections, duration, { headers, requests });
    for (const [what, r] of [['article page', article], ['lookup API', lookup]] as const) {
      console.log(`${name.padEnd(26)} ${what.padEnd(12)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  `
        + `errors ${r.errors}  non-2xx ${r.non2xx}  (${r.requests} requests)`);
    }
    return { article, lookup };
  } finally {
    await server.stop();
  }
}

export default async function load(args: string[]): Promise<void> {
  requireCli();
  const duration = Number(option(args, 'duration', '30'));
  const connections = Number(option(args, 'connections', '64'));
  const unitCount = Number(option(args, 'units', '20000'));
  const workers = option(args, 'workers', '2');
  const only = option(args, 'only', '');
  const dir = mkdtempSync(join(tmpdir(), 'bitext-bench-load-'));
  try {
    const sources = sentences(unitCount + 200);
    const tmx = join(dir, 'memory.tmx');
    writeTmx(tmx, sources.slice(0, unitCount));
    // Queries: variations of stored sentences and unseen ones, as a translator's segments are.
    const queries = sources.slice(unitCount).map((s, i) => (i % 2 ? s : `${sources[(i * 97) % unitCount]} again`));
    console.log(`load: ${connections} connections, ${duration} s per endpoint, memory of ${unitCount} units, ${queries.length} rotating lookup queries`);

    let sqlite: Awaited<ReturnType<typeof runStore>> | null = null;
    if (only !== 'postgres') {
      sqlite = await runStore('SQLite, 1 process', { BITEXT_DATABASE: join(dir, 'bitext.db') }, [], tmx, queries, connections, duration);
    }
    const base = pgBaseUrl(args);
    if (only !== 'sqlite' && !base) console.log('PostgreSQL: skipped (no --pg-url, BITEXT_BENCH_PG_URL or BITEXT_TEST_PG_URL)');
    if (only !== 'sqlite' && base) {
      const schema = await freshSchema(base, 'load');
      try {
        const pg = await runStore(`PostgreSQL, ${workers} processes`, { BITEXT_DATABASE: schema.url }, ['--workers', workers], tmx, queries, connections, duration);
        if (sqlite) {
          console.log(`ratio PostgreSQL (${workers} processes) / SQLite (1 process): article page ${(pg.article.rps / sqlite.article.rps).toFixed(2)}×, `
            + `lookup ${(pg.lookup.rps / sqlite.lookup.rps).toFixed(2)}× requests/s`);
        }
      } finally {
        await schema.drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
