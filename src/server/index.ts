import type { Server } from 'node:http';
import type { Workflow } from '../workflow';
import { createApp, type BitextApp } from './app';
export type { BitextApp } from './app';
import { createLogger, type Logger } from './http';
import { createAuth } from './auth';
import { createApiRouter } from './api';
import { createWorkbenchRouter } from './workbench';

export interface ServerOptions {
  port: number;
  host: string;
  logger?: Logger;
}

/** The app for a workflow: the public site, plus the workbench and the API. */
export function createBitextApp(workflow: Workflow, logger?: Logger): BitextApp {
  // Absolute canonical and hreflang URLs when the public address is known (search engines want them).
  const publicUrl = process.env.BITEXT_PUBLIC_URL?.replace(/\/+$/, '');
  const auth = createAuth(workflow);
  const expensivePerMinute = positiveInteger(process.env.BITEXT_EXPENSIVE_PER_MINUTE);
  return createApp({
    site: workflow.site,
    ...(logger ? { logger } : {}),
    ...(publicUrl ? { siteOptions: { publicUrl } } : {}),
    extraRouters: [
      { path: '/api', router: createApiRouter(workflow, auth, expensivePerMinute ? { expensivePerMinute } : {}) },
      { path: '/workbench', router: createWorkbenchRouter(workflow, auth) },
    ],
  });
}

/** A budget from the environment; anything but a positive integer keeps the default. */
function positiveInteger(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Listens on host:port; resolves once the port is bound. */
export async function startServer(workflow: Workflow, options: ServerOptions): Promise<{ server: Server; app: BitextApp; url: string }> {
  const logger = options.logger ?? createLogger();
  const app = createBitextApp(workflow, logger);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  logger.info({ url }, 'Bitext is serving');
  return { server, app, url };
}
