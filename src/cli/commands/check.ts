import type { Command } from 'commander';
import { isChinese } from '../../locale';
import { ProblemsFound, UsageError } from '../errors';
import { localeOption, withWorkflow } from '../io';

export function registerCheckCommands(program: Command): void {
  program.command('check')
    .description('run every check on a source and target text; exit 1 when any error finding')
    .requiredOption('--source <text>', 'the source text')
    .requiredOption('--target <text>', 'the target text')
    .requiredOption('--target-locale <locale>', 'en, zh-Hans or zh-Hant')
    .option('--source-locale <locale>', 'the source locale (default: en, or zh-Hans when the target is English)')
    .option('--json', 'print the findings as JSON')
    .action(async (options: { source: string; target: string; targetLocale: string; sourceLocale?: string; json?: boolean }) => {
      const targetLocale = localeOption(options.targetLocale, '--target-locale');
      const sourceLocale = options.sourceLocale ? localeOption(options.sourceLocale, '--source-locale') : isChinese(targetLocale) ? 'en' : 'zh-Hans';
      if (sourceLocale === targetLocale) throw new UsageError('--source-locale and --target-locale must differ');
      const findings = await withWorkflow((workflow) => workflow.checkText({ sourceText: options.source, targetText: options.target, sourceLocale, targetLocale }));
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ findings }, null, 2)}\n`);
      } else if (findings.length === 0) {
        process.stdout.write('no findings\n');
      } else {
        for (const f of findings) {
          const where = f.span ? ` [${f.span.side} ${f.span.start}–${f.span.end}]` : '';
          process.stdout.write(`${f.severity.padEnd(7)} ${f.checkId}${where}: ${f.message}\n`);
        }
      }
      if (findings.some((f) => f.severity === 'error')) throw new ProblemsFound();
    });
}
