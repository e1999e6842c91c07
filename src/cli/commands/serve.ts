import type { Cluster } from 'node:cluster';
import type { Server } from 'node:http';
import type { Command } from 'commander';
import type { Workflow } from '../../workflow';
import type { BitextApp } from '../../server';
import { UsageError } from '../errors';
import { intOption } from '../io';

interface ServeOptions { port: string; host: string; workers: string }

/** A worker that dies this soon after starting is not restarted (it would only die again). */
const CRASH_LOOP_MS = 5000;

export function registerServeCommands(program: Command): void {
  program.command('serve')
    .description('serve the site, the workbench and the API')
    .option('--port <port>', 'TCP port', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--workers <n>', 'server processes sharing the port (more than 1 needs PostgreSQL)', '1')
    .action(async (options: ServeOptions) => {
      cluster = (await import('node:cluster')).default;
      const port = intOption(options.port, '--port', 0, 65535, 3000);
      const workers = intOption(options.workers, '--workers', 1, 64, 1);
      if (cluster.isWorker) return serveWorker(port, options.host);
      if (workers === 1) return serveAlone(port, options.host);
      return servePrimary(port, options.host, workers);
    });
}

/** node:cluster, loaded when `serve` runs: it costs ~10 ms at start-up, which other commands need not pay. */
let cluster: Cluster;

function traditionalVariant() {
  return process.env.BITEXT_ZH_HANT_VARIANT ? { traditionalVariant: process.env.BITEXT_ZH_HANT_VARIANT as 'hk' | 'tw' | 'twp' } : {};
}

async function start(port: number, host: string): Promise<{ workflow: Workflow; server: Server; app: BitextApp; url: string }> {
  // Express, the workflow and the store load only when serving (`--help` needs none of them).
  const [{ openWorkflow }, { startServer }] = await Promise.all([import('../../workflow'), import('../../server')]);
  if (process.env.BITEXT_WEBHOOK_URL?.trim() && !process.env.BITEXT_WEBHOOK_SECRET) {
    throw new UsageError('BITEXT_WEBHOOK_SECRET: must be set when BITEXT_WEBHOOK_URL is (deliveries are signed with it)');
  }
  try {
    new URL(process.env.BITEXT_WEBHOOK_URL?.trim() || 'http://unset.invalid/');
  } catch {
    throw new UsageError(`BITEXT_WEBHOOK_URL: not a URL: ${process.env.BITEXT_WEBHOOK_URL}`);
  }
  const workflow = await openWorkflow(traditionalVariant());
  try {
    // Subscribed to other processes' changes before the first request, so no page is cached stale.
    await workflow.ready();
    const { server, app, url } = await startServer(workflow, { port, host });
    // The memory index opens now, in the background (loaded from its saved file, or built), so
    // the first lookup after a restart does not pay for it; a lookup meanwhile waits for it.
    void workflow.prepareMemoryIndex().catch(() => undefined);
    // Release events queued in the store go out from here (every worker claims before sending).
    const secret = process.env.BITEXT_WEBHOOK_SECRET ?? '';
    if (workflow.webhookTarget) {
      workflow.startWebhookDelivery({
        secret,
        onError: (error) => process.stderr.write(`bitext: webhook delivery: ${error instanceof Error ? error.message : String(error)}\n`),
      });
    }
    return { workflow, server, app, url };
  } catch (error) {
    await workflow.close().catch(() => undefined);
    throw error;
  }
}

/** Finish requests in flight and close the store cleanly on Ctrl-C or a service manager's stop. */
function stopOnSignal(server: Server, app: BitextApp, workflow: Workflow): void {
  const stop = (): void => {
    server.close(() => {
      app.close();
      void workflow.close().then(() => process.exit(0), () => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function serveAlone(port: number, host: string): Promise<void> {
  const { workflow, server, app, url } = await start(port, host);
  process.stderr.write(`Bitext on ${url}/ (Ctrl-C to stop)\n`);
  stopOnSignal(server, app, workflow);
  await new Promise<void>((resolve) => server.once('close', () => resolve()));
}

async function serveWorker(port: number, host: string): Promise<void> {
  const { workflow, server, app, url } = await start(port, host);
  process.send?.({ bitext: 'ready', url });
  stopOnSignal(server, app, workflow);
  await new Promise<void>((resolve) => server.once('close', () => resolve()));
}

/**
 * The primary of `--workers N`: brings the schema up to date once, forks N workers that share
 * the port (node:cluster hands connections round-robin), restarts a worker that dies, and stops
 * them all on SIGINT/SIGTERM. Each worker opens its own workflow; PostgreSQL's LISTEN/NOTIFY
 * keeps their caches in step.
 */
async function servePrimary(port: number, host: string, workers: number): Promise<void> {
  const { migrateStore, storeIsPostgres } = await import('../../workflow');
  if (!storeIsPostgres()) {
    // SQLite tells no other process about a change: each worker would serve its own stale pages.
    throw new UsageError('--workers: more than one worker needs PostgreSQL (BITEXT_DATABASE=postgres://…)');
  }
  // Migrations (and a wrong URL) once, here, rather than N times at once in the workers.
  await migrateStore();

  let stopping = false;
  const startedAt = new Map<number, number>();
  const fork = (): void => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };

  const ready = new Promise<string>((resolve, reject) => {
    let count = 0;
    cluster.on('message', (_worker, message: { bitext?: string; url?: string }) => {
      if (message?.bitext === 'ready' && ++count === workers) resolve(message.url!);
    });
    cluster.on('exit', (worker, code, signal) => {
      const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
      startedAt.delete(worker.id);
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
        return;
      }
      if (count < workers || lived < CRASH_LOOP_MS) {
        reject(new Error(`a server worker exited (${signal ?? `code ${code}`}) ${count < workers ? 'before it was ready' : 'right after starting'}`));
        return;
      }
      process.stderr.write(`bitext: worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another\n`);
      fork();
    });
  });
  for (let i = 0; i < workers; i++) fork();

  const stop = (): void => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    setTimeout(() => process.exit(0), 6000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  let url: string;
  try {
    url = await ready;
  } catch (error) {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    throw error;
  }
  process.stderr.write(`Bitext on ${url}/ with ${workers} workers (Ctrl-C to stop)\n`);
  await new Promise<void>(() => undefined); // the primary lives until stopped
}
