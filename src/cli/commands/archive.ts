import type { Command } from 'commander';
import type { ArchivePair, ArchiveSide, UnpairedDocument } from '../../alignment';
import type { Workflow } from '../../workflow';
import { ProblemsFound, UsageError } from '../errors';
import { cliUser, withWorkflow } from '../io';
import { compileForShortRun } from '../short-run';
import type { ArchiveFile } from '../archive-files';

interface ArchiveOptions {
  json?: boolean;
  dryRun?: boolean;
  failFast?: boolean;
}

export function registerArchiveCommands(program: Command): void {
  program.command('align-archive')
    .description('pair the documents of an English and a Chinese folder by content and align each pair into the store')
    .argument('<en-dir>', 'folder of English documents (HTML, Markdown, text; read recursively)')
    .argument('<zh-dir>', 'folder of Chinese documents')
    .option('--json', 'one JSON object a line on stdout: {"en": FILE|null, "zh": FILE|null, "score": number|null}')
    .option('--dry-run', 'pair and report, store nothing')
    .option('--fail-fast', 'stop at the first pair that fails to align (default: report it and go on)')
    .action(async (enDir: string, zhDir: string, options: ArchiveOptions) => {
      compileForShortRun();
      await alignArchive(enDir, zhDir, options);
    });
}

async function walk(dir: string): Promise<{ files: ArchiveFile[]; problems: Array<{ name: string; reason: string }>; hidden: number }> {
  const { ArchiveFolderError, walkArchive } = await import('../archive-files');
  try {
    const result = await walkArchive(dir);
    if (result.files.length === 0) throw new UsageError(`${dir}: no documents in this folder`);
    return result;
  } catch (error) {
    if (error instanceof ArchiveFolderError) throw new UsageError(error.message);
    throw error;
  }
}

/** Slugs from the English file names, lower-cased to [a-z0-9-], made unique in name order (stable across runs). */
function slugsFor(pairs: ArchivePair[], slugFromFileName: (name: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const en of pairs.map((p) => p.en).sort()) {
    const base = slugFromFileName(en).slice(0, 100).replace(/-+$/, '') || 'article';
    let slug = base;
    for (let k = 2; used.has(slug); k++) slug = `${base}-${k}`;
    used.add(slug);
    out.set(en, slug);
  }
  return out;
}

function sentencesOf(beadsByType: Record<string, number>): number {
  let n = 0;
  for (const [type, count] of Object.entries(beadsByType)) {
    const [a, b] = type.split('-').map(Number);
    n += (a + b) * count;
  }
  return n;
}

async function alignArchive(enDir: string, zhDir: string, options: ArchiveOptions): Promise<void> {
  const started = performance.now();
  // Loaded when the command runs: other commands (and `bitext align --sentences`) start without them.
  const [{ ArchivePairer }, { readArchiveDocument }, { SingleBar, Presets }] = await Promise.all([
    import('../../alignment'), import('../archive-files'), import('cli-progress'),
  ]);
  const [en, zh] = [await walk(enDir), await walk(zhDir)];
  const log = (line: string): void => { process.stderr.write(`${line}\n`); };
  for (const [dir, result] of [[enDir, en], [zhDir, zh]] as const) {
    for (const p of result.problems) log(`bitext: ${dir}/${p.name}: ${p.reason}`);
    if (result.hidden > 0) log(`bitext: ${dir}: ${result.hidden.toLocaleString('en')} hidden ${result.hidden === 1 ? 'entry' : 'entries'} (names starting with a dot) not read`);
  }

  const run = async (workflow: Workflow | null): Promise<void> => {
    const pairer = new ArchivePairer({ termPairs: workflow ? await workflow.alignmentTermPairs() : [] });
    const files = new Map<string, ArchiveFile>();
    const keyOf = (side: ArchiveSide, file: ArchiveFile): string => `${side}:${file.name}`;
    // English first: the Chinese scan looks for the pinyin of the English side's names.
    for (const [side, list] of [['en', en.files], ['zh', zh.files]] as const) {
      for (const file of list) {
        const key = keyOf(side, file);
        files.set(key, file);
        const read = await readArchiveDocument(file);
        if ('problem' in read) pairer.reject(side, key, read.problem);
        else pairer.add(side, key, read.text);
      }
    }
    const result = pairer.pair();
    const nameOf = (key: string): string => files.get(key)!.name;
    const pairs = result.pairs.map((p) => ({ ...p, en: nameOf(p.en), zh: nameOf(p.zh) })).sort((a, b) => (a.en < b.en ? -1 : 1));
    const unpaired: UnpairedDocument[] = result.unpaired.map((u) => ({ ...u, key: nameOf(u.key), best: u.best ? { ...u.best, key: nameOf(u.best.key) } : null }));
    if (options.json) {
      for (const p of pairs) process.stdout.write(`${JSON.stringify({ en: p.en, zh: p.zh, score: Number(p.score.toFixed(3)) })}\n`);
      for (const u of unpaired) process.stdout.write(`${JSON.stringify({ en: u.side === 'en' ? u.key : null, zh: u.side === 'zh' ? u.key : null, score: null })}\n`);
    } else {
      for (const p of pairs) process.stdout.write(`${p.en}\t${p.zh}\t${p.score.toFixed(3)}${p.lowConfidence ? '\tlow confidence' : ''}\n`);
    }
    for (const u of unpaired) {
      const dir = u.side === 'en' ? enDir : zhDir;
      log(`unpaired: ${dir}/${u.key}: ${u.reason}${u.best ? ` (closest: ${u.best.key}, ${u.best.score.toFixed(2)})` : ''}`);
    }
    for (const p of pairs) if (p.lowConfidence) log(`low confidence: ${enDir}/${p.en} ↔ ${zhDir}/${p.zh} (${p.score.toFixed(2)}): check this pair`);

    let aligned = 0;
    let unchanged = 0;
    let failed = 0;
    let sentences = 0;
    if (workflow) {
      // Loaded here, not at start-up: `bitext --help` must not open the store's driver.
      const slugs = slugsFor(pairs, (await import('../../workflow')).slugFromFileName);
      const bar = process.stderr.isTTY
        ? new SingleBar({ format: 'aligning [{bar}] {value}/{total} pairs | {eta_formatted} left', stream: process.stderr, hideCursor: true }, Presets.shades_classic)
        : null;
      bar?.start(pairs.length, 0);
      for (const [k, pair] of pairs.entries()) {
        const enFile = files.get(`en:${pair.en}`)!;
        const zhFile = files.get(`zh:${pair.zh}`)!;
        try {
          const [source, target] = [await readArchiveDocument(enFile), await readArchiveDocument(zhFile)];
          if ('problem' in source) throw new Error(`${pair.en}: ${source.problem}`);
          if ('problem' in target) throw new Error(`${pair.zh}: ${target.problem}`);
          // Each pair is stored in its own transaction (inside alignArticle).
          const summary = await workflow.alignArticle({
            sourceText: source.source, sourceFile: enFile.name, targetText: target.source, targetFile: zhFile.name,
            sourceLocale: 'en', targetLocale: 'zh-Hans', slug: slugs.get(pair.en)!, by: cliUser(), keepIfUnchanged: true,
          });
          sentences += sentencesOf(summary.beadsByType);
          if (summary.unchanged) unchanged++;
          else aligned++;
        } catch (error) {
          failed++;
          bar?.stop();
          log(`bitext: align-archive: ${enDir}/${pair.en} ↔ ${zhDir}/${pair.zh}: ${error instanceof Error ? error.message : String(error)}`);
          if (options.failFast) {
            throw new ProblemsFound(`align-archive: stopped at the first failure (--fail-fast); ${aligned + unchanged} of ${pairs.length} pairs done`);
          }
          bar?.start(pairs.length, k + 1);
        }
        bar?.update(k + 1);
      }
      bar?.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const low = pairs.filter((p) => p.lowConfidence).length;
    const lonelyEn = unpaired.filter((u) => u.side === 'en').length;
    log(
      `align-archive: ${pairs.length} pairs (${low} low-confidence), ${unpaired.length} unpaired (${lonelyEn} English, ${unpaired.length - lonelyEn} Chinese)` +
      (workflow ? `; ${aligned} aligned, ${unchanged} unchanged, ${failed} failed; ${sentences} sentences in ${seconds.toFixed(1)} s (${Math.round(sentences / Math.max(seconds, 1e-3))} sentences/s)` : '; dry run: nothing stored'),
    );
    if (failed > 0) throw new ProblemsFound('');
  };

  if (options.dryRun) await run(null);
  else await withWorkflow(run);
}
