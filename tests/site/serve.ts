import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import { createApp, type AppOptions } from '../../src/server/app';

export interface Running {
  url: string;
  close(): Promise<void>;
}

/** Starts the app on a free loopback port with a silent logger unless one is given. */
export async function serve(options: AppOptions): Promise<Running> {
  const app = createApp({ logger: pino({ level: 'silent' }), ...options });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        app.close();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** fetch that does not follow redirects, so tests see Location and Set-Cookie. */
export function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return fetch(url, { headers, redirect: 'manual', method });
}
