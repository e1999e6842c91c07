import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { isChinese } from '../../locale';
import { UsageError } from '../errors';
import { cliUser, localeOption, readTextFile, withWorkflow } from '../io';
import { compileForShortRun } from '../short-run';

const SEED_FOLDERS = ['glossary', 'content', 'locales'];
const holdsSeed = (dir: string): boolean => SEED_FOLDERS.some((name) => existsSync(join(dir, name)));

/**
 * The folder `seed` reads: --root, which must hold one of glossary/, content/, locales/ (else
 * nothing would be seeded, in silence); by default the current folder when it holds one, else
 * the checkout or installed package this file belongs to.
 */
function seedRoot(given: string | undefined): string {
  if (given !== undefined) {
    const root = resolve(given);
    if (!holdsSeed(root)) throw new UsageError(`--root: ${root} holds no glossary/, content/ or locales/ folder: nothing to seed`);
    return root;
  }
  if (holdsSeed(process.cwd())) return process.cwd();
  for (let dir = __dirname, i = 0; i < 6; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'glossary')) && existsSync(join(dir, 'content'))) return dir;
  }
  throw new UsageError(`${process.cwd()} holds no glossary/, content/ or locales/ folder: run seed in the project folder or name it with --root`);
}

export function registerDocumentCommands(program: Command): void {
  program.command('seed')
    .description('load glossary/, content/ and the UI strings into the store (idempotent)')
    .option('--root <dir>', "project folder holding glossary/, content/ and locales/ (default: the current folder when it holds one of them, else the installation's own)")
    .action(async (options: { root?: string }) => {
      const root = seedRoot(options.root);
      if (root !== process.cwd()) process.stderr.write(`seed: reading glossary/, content/ and locales/ from ${root}\n`);
      const report = await withWorkflow((workflow) => workflow.seed(root));
      const c = report.concepts;
      process.stdout.write(`termbase: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged\n`);
      process.stdout.write(`UI strings: ${report.uiStrings.length ? report.uiStrings.join(', ') + ' stored' : 'unchanged'}\n`);
      for (const article of report.articles) {
        process.stdout.write(article.status === 'unchanged'
          ? `article ${article.slug}: already stored, unchanged\n`
          : `article ${article.slug}: ${article.segments} segments, ${article.approved} approved${article.blocked.length ? `, ${article.blocked.length} blocked by findings` : ''}\n`);
        for (const blocked of article.blocked) process.stdout.write(`  unit ${blocked.unitId}: ${blocked.findings.join('; ')}\n`);
      }
    });

  program.command('import')
    .description('import a document (HTML, Markdown or plain text), segmented into blocks and sentences')
    .argument('<file>', 'the document')
    .requiredOption('--locale <locale>', 'the document language (en, zh-Hans, zh-Hant)')
    .option('--slug <slug>', 'the article slug (default: from the file name)')
    .action(async (file: string, options: { locale: string; slug?: string }) => {
      const locale = localeOption(options.locale, '--locale');
      if (options.slug !== undefined) (await import('../../workflow')).validateSlug(options.slug, '--slug');
      const text = await readTextFile(file);
      const summary = await withWorkflow((workflow) => workflow.importDocument({
        text, fileName: file, locale, ...(options.slug ? { slug: options.slug } : {}), by: cliUser(),
      }));
      for (const note of summary.notes) process.stderr.write(`${note}\n`);
      process.stdout.write(`${summary.document.slug}: ${summary.paragraphs} paragraphs, ${summary.segments} segments`
        + ` (${summary.kept} translations kept, ${summary.added} units added, ${summary.detached} moved to the memory)\n`);
    });

  program.command('align')
    .description('align an article with its translation into the memory, or (--sentences) two sentence files to stdout')
    .argument('<source>', 'the English file (or, with --sentences, the source sentence file)')
    .argument('<target>', 'the Chinese file (or, with --sentences, the target sentence file)')
    .option('--slug <slug>', 'the article slug (required without --sentences)')
    .option('--sentences', 'one sentence a line in, beads out as [i,j]:[k]; stores nothing')
    .option('--source-locale <locale>', 'language of the source side', 'en')
    .option('--target-locale <locale>', 'language of the target side', 'zh-Hans')
    .action(async (source: string, target: string, options: { slug?: string; sentences?: boolean; sourceLocale: string; targetLocale: string }) => {
      const sourceLocale = localeOption(options.sourceLocale, '--source-locale');
      const targetLocale = localeOption(options.targetLocale, '--target-locale');
      if (isChinese(sourceLocale) === isChinese(targetLocale)) throw new UsageError('--source-locale/--target-locale: one side must be English and the other Chinese');
      const [sourceText, targetText] = [await readTextFile(source), await readTextFile(target)];
      compileForShortRun();
      if (options.sentences) {
        const { alignSentenceFiles } = await import('../../alignment');
        process.stdout.write(alignSentenceFiles(sourceText, targetText, {
          sourceLanguage: isChinese(sourceLocale) ? 'zh' : 'en', targetLanguage: isChinese(targetLocale) ? 'zh' : 'en',
        }));
        return;
      }
      if (!options.slug) throw new UsageError('--slug: required to store an alignment (or use --sentences)');
      const slug = (await import('../../workflow')).validateSlug(options.slug, '--slug');
      const summary = await withWorkflow((workflow) => workflow.alignArticle({
        sourceText, sourceFile: source, targetText, targetFile: target, sourceLocale, targetLocale, slug, by: cliUser(),
      }));
      for (const note of summary.notes) process.stderr.write(`${note}\n`);
      const types = Object.entries(summary.beadsByType).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t}: ${n}`).join(', ');
      process.stdout.write(`${slug}: ${summary.paragraphs} paragraphs, ${summary.segments} segments aligned\n`);
      process.stdout.write(`beads: ${types}\nlow-confidence beads (review these): ${summary.lowConfidence}\n`);
    });
}
