import type { Command } from 'commander';
import { openWorkflow } from '../../workflow';
import { startServer } from '../../server';
import { intOption } from '../io';

export function registerServeCommands(program: Command): void {
  program.command('serve')
    .description('serve the site, the workbench and the API')
    .option('--port <port>', 'TCP port', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .action(async (options: { port: string; host: string }) => {
      const port = intOption(options.port, '--port', 0, 65535, 3000);
      const workflow = await openWorkflow({
        ...(process.env.BITEXT_ZH_HANT_VARIANT ? { traditionalVariant: process.env.BITEXT_ZH_HANT_VARIANT as 'hk' | 'tw' | 'twp' } : {}),
      });
      const { server, app, url } = await startServer(workflow, { port, host: options.host });
      process.stderr.write(`Bitext on ${url}/ (Ctrl-C to stop)\n`);
      // Finish requests in flight and close the store cleanly on Ctrl-C or a service manager's stop.
      const stop = (): void => {
        server.close(() => {
          app.close();
          void workflow.close().then(() => process.exit(0));
        });
        setTimeout(() => process.exit(0), 5000).unref();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise<void>((resolve) => server.once('close', () => resolve()));
    });
}
