import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { UsageError } from '../errors';
import { cliUser, outputStream, requireFile, withWorkflow } from '../io';

const GLOSSARY_FORMATS = ['tbx', 'csv'] as const;

export function registerGlossaryCommands(program: Command): void {
  const glossary = program.command('glossary').description('the termbase');

  glossary.command('import')
    .description('import TBX v3 (Basic, Min; DCA, DCT), TBX 2008 (martif) or CSV, all or nothing')
    .argument('<file>')
    .option('--format <format>', 'tbx or csv (default: from the extension)')
    .action(async (file: string, options: { format?: string }) => {
      await requireFile(file);
      const { getGlossaryFormat, detectGlossaryFormat } = await import('../../formats');
      const format = options.format ?? detectGlossaryFormat(file);
      if (!format || !(GLOSSARY_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: say tbx or csv for ${file}`);
      const adapter = getGlossaryFormat(format as (typeof GLOSSARY_FORMATS)[number]);
      const summary = await withWorkflow((workflow) => workflow.importConcepts(adapter.read(createReadStream(file), { fileName: file }), cliUser()));
      process.stdout.write(`${file}: ${summary.added} concepts added, ${summary.updated} updated, ${summary.unchanged} unchanged;`
        + ` ${summary.recheck.rechecked} units re-checked, ${summary.recheck.nowInError.length} now in error\n`);
    });

  glossary.command('export')
    .description('export the termbase as TBX-Basic or CSV')
    .requiredOption('--format <format>', 'tbx or csv')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (options: { format: string; output?: string }) => {
      if (!(GLOSSARY_FORMATS as readonly string[]).includes(options.format)) throw new UsageError(`--format: must be tbx or csv, not "${options.format}"`);
      const { getGlossaryFormat } = await import('../../formats');
      const adapter = getGlossaryFormat(options.format as (typeof GLOSSARY_FORMATS)[number]);
      await withWorkflow(async (workflow) => {
        const output = outputStream(options.output);
        await adapter.write(await workflow.listConcepts(), output);
        if (options.output) await new Promise<void>((resolve, reject) => output.end((error?: Error | null) => (error ? reject(error) : resolve())));
      });
    });
}
