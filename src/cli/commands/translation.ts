import type { Command } from 'commander';
import { ProblemsFound, UsageError } from '../errors';
import { cliUser, localeOption, withWorkflow } from '../io';

export function registerTranslationCommands(program: Command): void {
  program.command('convert')
    .description('zh-Hans on stdin to zh-Hant on stdout, termbase terms protected')
    .option('--variant <variant>', 'hk (Hong Kong, default), tw (Taiwan) or twp (Taiwan with phrases)', process.env.BITEXT_ZH_HANT_VARIANT ?? 'hk')
    .action(async (options: { variant: string }) => {
      const { isTraditionalVariant } = await import('../../conversion');
      if (!isTraditionalVariant(options.variant)) throw new UsageError(`--variant: must be hk, tw or twp, not "${options.variant}"`);
      const variant = options.variant;
      const { text } = await import('node:stream/consumers');
      const input = await text(process.stdin);
      const result = await withWorkflow((workflow) => workflow.convertToTraditional(input, variant));
      process.stdout.write(result.text);
      for (const finding of result.findings) process.stderr.write(`warning ${finding.checkId}: ${finding.message}\n`);
    });

  program.command('translate')
    .description('pre-translate untranslated and changed (outdated) segments from the memory, then DeepL when DEEPL_AUTH_KEY is set')
    .requiredOption('--slug <slug>', 'the article')
    .option('--target-locale <locale>', 'zh-Hans (zh-Hant is derived from approved zh-Hans)', 'zh-Hans')
    .option('--min <score>', 'lowest memory match score taken', '75')
    .action(async (options: { slug: string; targetLocale: string; min: string }) => {
      const slug = (await import('../../workflow')).validateSlug(options.slug, '--slug');
      const targetLocale = localeOption(options.targetLocale, '--target-locale');
      const minScore = Number(options.min);
      if (!Number.isInteger(minScore) || minScore < 50 || minScore > 100) throw new UsageError('--min: must be a whole number from 50 to 100');
      const provider = (await import('../../translation')).createMachineTranslationFromEnv(process.env);
      const summary = await withWorkflow((workflow) => workflow.pretranslate({ slug, targetLocale, by: cliUser(), provider, minScore }));
      process.stdout.write(`${slug} → ${targetLocale}: ${summary.untranslatedBefore} untranslated, ${summary.outdatedBefore} outdated; ${summary.fromMemory} from the memory,`
        + ` ${summary.fromMachine} by DeepL${provider ? '' : ' (not configured: set DEEPL_AUTH_KEY)'}; ${summary.untranslated} left;`
        + ` ${summary.keptPrevious} outdated kept their previous translation (the best match). All stored as drafts for review.\n`);
      if (summary.glossary) process.stdout.write(`glossary ${summary.glossary.name}: ${summary.glossary.entries} entries\n`);
      if (summary.machineFailure) {
        throw new ProblemsFound(`DeepL failed (${summary.machineFailure.kind}): ${summary.machineFailure.message}; `
          + `${summary.machineFailure.keptSegments} segments in whole batches before the failure were stored, the rest were not`);
      }
    });
}
