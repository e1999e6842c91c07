import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { UsageError } from '../errors';
import { cliUser, requireFile, withWorkflow, writeExport } from '../io';

const GLOSSARY_FORMATS = ['tbx', 'csv'] as const;

export function registerGlossaryCommands(program: Command): void {
  const glossary = program.command('glossary').description('the termbase');

  glossary.command('import')
    .description('import TBX v3 (Basic, Min; DCA, DCT), TBX 2008 (martif) or CSV, all or nothing')
    .argument('<file>')
    .option('--format <format>', 'tbx or csv (default: from the extension)')
    .option('--strict', 'refuse a file holding anything Bitext cannot keep (term components, back matter, inline markup …)')
    .action(async (file: string, options: { format?: string; strict?: boolean }) => {
      await requireFile(file);
      const { getGlossaryFormat, detectGlossaryFormat, ReadReport } = await import('../../formats');
      const format = options.format ?? detectGlossaryFormat(file);
      if (!format || !(GLOSSARY_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: say tbx or csv for ${file}`);
      const adapter = getGlossaryFormat(format as (typeof GLOSSARY_FORMATS)[number]);
      const report = new ReadReport();
      const summary = await withWorkflow((workflow) => workflow.importConcepts(
        adapter.read(createReadStream(file), { fileName: file, report, strict: options.strict === true }),
        cliUser(),
      ));
      process.stdout.write(`${file}: ${summary.added} concepts added, ${summary.updated} updated, ${summary.unchanged} unchanged;`
        + ` ${summary.recheck.rechecked} units re-checked, ${summary.recheck.nowInError.length} now in error\n`);
      // Never in silence: workbench edits the file has not changed since the last import stay as edited.
      if (summary.kept.length) process.stderr.write(`${file}: kept as edited in the workbench (the file has not changed them since the last import): ${summary.kept.join(', ')}\n`);
      // Never in silence: what the file held that Bitext has no place for (--strict refuses such a file).
      for (const line of report.lines()) process.stderr.write(`${file}: ${line}\n`);
    });

  glossary.command('export')
    .description('export the termbase as TBX-Basic or CSV')
    .requiredOption('--format <format>', 'tbx or csv')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--tbx-version <version>', 'v3 (ISO 30042:2019, the default) or 2008 (martif, for older tools)')
    .action(async (options: { format: string; output?: string; tbxVersion?: string }) => {
      if (!(GLOSSARY_FORMATS as readonly string[]).includes(options.format)) throw new UsageError(`--format: must be tbx or csv, not "${options.format}"`);
      if (options.tbxVersion !== undefined && options.tbxVersion !== 'v3' && options.tbxVersion !== '2008') {
        throw new UsageError(`--tbx-version: must be v3 or 2008, not "${options.tbxVersion}"`);
      }
      const { getGlossaryFormat } = await import('../../formats');
      const adapter = getGlossaryFormat(options.format as (typeof GLOSSARY_FORMATS)[number]);
      await withWorkflow(async (workflow) => {
        const concepts = await workflow.listConcepts();
        await writeExport(options.output, (output) => adapter.write(concepts, output, { tbxVersion: options.tbxVersion ?? 'v3' }));
      });
    });
}
