import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../errors';
import {
  cliUser, hantRegion, intOption, languageOption, localeOption, localeTagsOption, requireFile, withWorkflow, writeExport,
} from '../io';

const UNIT_FORMATS = ['tmx', 'xliff', 'csv'] as const;

export function registerMemoryCommands(program: Command): void {
  const tm = program.command('tm').description('the translation memory');

  tm.command('import')
    .description('import TMX 1.4b/1.1, XLIFF 1.2/2.0 or CSV, all or nothing')
    .argument('<file>')
    .option('--format <format>', 'tmx, xliff or csv (default: from the extension)')
    .action(async (file: string, options: { format?: string }) => {
      await requireFile(file);
      const { getUnitFormat, detectUnitFormat, ReadReport } = await import('../../formats');
      const format = options.format ?? detectUnitFormat(file);
      if (!format || !(UNIT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: say tmx, xliff or csv for ${file}`);
      const adapter = getUnitFormat(format as (typeof UNIT_FORMATS)[number]);
      const input = createReadStream(file);
      const progress = await (await import('../progress')).fileProgress(file, 'importing');
      const started = performance.now();
      try {
        const report = new ReadReport();
        const summary = await withWorkflow((workflow) => workflow.importMemory(adapter.read(input, { fileName: file, report }), {
          by: cliUser(),
          onProgress: (n) => progress.update(input.bytesRead, n),
        }));
        progress.stop();
        // The file's own count first (as other tools count it); a multilingual <tu> gives one memory unit per working target.
        const stored = summary.added + summary.updated + summary.duplicates;
        process.stdout.write(`${file}: ${summary.read} translation units read`
          + `${stored !== summary.read ? ` (${stored} memory units: one per working language pair)` : ''};`
          + ` ${summary.added} added, ${summary.updated} updated, ${summary.duplicates} duplicates skipped`
          + ` (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
        // Never in silence: what the file held that a memory unit has no place for.
        for (const line of report.lines()) process.stderr.write(`${file}: ${line}\n`);
      } catch (error) {
        progress.stop();
        process.stderr.write(`${file}: nothing was imported\n`);
        throw error;
      }
    });

  tm.command('export')
    .description('export the memory as TMX 1.4b, XLIFF 2.0 (or 1.2) or CSV, every language kept')
    .requiredOption('--format <format>', 'tmx, xliff or csv')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--target-locale <locale>', 'one language pair: the units into this locale (zh-Hans, zh-Hant, or a kept language such as fr)')
    .option('--locale-tags <style>', 'region: zh-CN, zh-HK/zh-TW (by BITEXT_ZH_HANT_VARIANT), the default; bcp47: zh-Hans, zh-Hant')
    .option('--xliff-version <version>', 'XLIFF 2.0 (default) or 1.2 (several language pairs in one file)')
    .action(async (options: { format: string; output?: string; targetLocale?: string; localeTags?: string; xliffVersion?: string }) => {
      if (!(UNIT_FORMATS as readonly string[]).includes(options.format)) throw new UsageError(`--format: must be tmx, xliff or csv, not "${options.format}"`);
      const targetLocale = options.targetLocale ? languageOption(options.targetLocale, '--target-locale') : undefined;
      const localeTags = localeTagsOption(options.localeTags);
      if (options.xliffVersion !== undefined && options.xliffVersion !== '1.2' && options.xliffVersion !== '2.0') {
        throw new UsageError(`--xliff-version: must be 1.2 or 2.0, not "${options.xliffVersion}"`);
      }
      const { getUnitFormat } = await import('../../formats');
      const adapter = getUnitFormat(options.format as (typeof UNIT_FORMATS)[number]);
      await withWorkflow((workflow) => writeExport(options.output, (output) => adapter.write(
        // TMX holds every language of a unit: one <tu> per source text (CAT tools pick the exact locale from it).
        workflow.exportMemory(targetLocale ? { targetLocale } : { bySource: options.format === 'tmx' }),
        output,
        {
          sourceLocale: 'en', localeTags, hantRegion: hantRegion(),
          ...(targetLocale ? { targetLocale } : {}),
          ...(options.xliffVersion ? { xliffVersion: options.xliffVersion as '1.2' | '2.0' } : {}),
        },
      )));
    });

  tm.command('lookup')
    .description('exact and fuzzy matches, best first')
    .argument('[text]', 'the source text to look up')
    .option('--file <file>', 'one query a line')
    .option('--min <score>', 'lowest score shown (0–100)', '70')
    .option('--limit <n>', 'matches per query', '5')
    .option('--source-locale <locale>', 'language of the query', 'en')
    .option('--target-locale <locale>', 'language of the translations', 'zh-Hans')
    .option('--json', 'one JSON object a query: {query, matches, ms}')
    .action(async (text: string | undefined, options: { file?: string; min: string; limit: string; json?: boolean; sourceLocale: string; targetLocale: string }) => {
      if ((text === undefined) === (options.file === undefined)) throw new UsageError('give either TEXT or --file FILE');
      const min = intOption(options.min, '--min', 0, 100, 70);
      const limit = intOption(options.limit, '--limit', 1, 100, 5);
      const sourceLocale = localeOption(options.sourceLocale, '--source-locale');
      const targetLocale = localeOption(options.targetLocale, '--target-locale');
      const queries = options.file
        ? (await readFile(options.file, 'utf8')).split(/\r?\n/).filter((line) => line.trim() !== '')
        : [text!];
      await withWorkflow(async (workflow) => {
        await workflow.prepareMemoryIndex(); // built once, before any lookup is timed
        for (const query of queries) {
          const started = performance.now();
          const matches = await workflow.lookup(query, { sourceLocale, targetLocale, min, limit });
          const ms = Number((performance.now() - started).toFixed(3));
          if (options.json) {
            process.stdout.write(`${JSON.stringify({
              query,
              matches: matches.map((m) => ({ id: m.unitId, score: m.score, source: m.source, target: m.target, status: m.status, origin: m.origin })),
              ms,
            })}\n`);
            continue;
          }
          process.stdout.write(`${query}\n`);
          if (matches.length === 0) process.stdout.write('  (no match)\n');
          for (const m of matches) {
            const penalty = m.penalty.points ? ` (−${m.penalty.points}: ${m.penalty.reasons.join(', ')})` : '';
            process.stdout.write(`  ${String(m.score).padStart(3)}${m.context ? ' context' : ''}${penalty}  ${m.source}\n       → ${m.target}  [${m.status}, ${m.origin}, #${m.unitId}]\n`);
          }
        }
      });
    });
}
