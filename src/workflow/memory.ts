import type { Locale } from '../locale';
import type { FuzzyMatch, ConcordanceHit } from '../memory';
import type { NewTranslationUnit, TranslationUnit } from '../memory/types';
import type { ImportedUnit } from '../formats';
import type { WorkflowContext } from './context';
import { checkUnit } from './checking';

export interface LookupOptions {
  sourceLocale?: Locale;
  targetLocale?: Locale;
  min?: number;
  limit?: number;
  previousSource?: string | null;
  nextSource?: string | null;
  excludeId?: number;
}

/** Exact, context and fuzzy matches for a source text, best first. */
export async function lookup(context: WorkflowContext, query: string, options: LookupOptions = {}): Promise<FuzzyMatch[]> {
  const index = await context.memoryIndex();
  return index.lookup(query, {
    sourceLocale: options.sourceLocale ?? 'en',
    targetLocale: options.targetLocale ?? 'zh-Hans',
    min: options.min ?? 70,
    limit: options.limit ?? 5,
    previousSource: options.previousSource ?? null,
    nextSource: options.nextSource ?? null,
    ...(options.excludeId !== undefined ? { excludeId: options.excludeId } : {}),
  });
}

export async function concordance(context: WorkflowContext, phrase: string, options: { locale?: Locale; limit?: number } = {}): Promise<ConcordanceHit[]> {
  const index = await context.memoryIndex();
  return index.concordance(phrase, options);
}

export interface MemoryImportSummary {
  added: number;
  updated: number;
  duplicates: number;
}

const BATCH = 2000;
const STATUS_RANK: Record<TranslationUnit['status'], number> = { new: 0, draft: 1, translated: 2, approved: 3 };

/**
 * Imports units into the memory, all or nothing: one transaction around the whole stream, so a
 * file that turns out broken on its last line leaves nothing behind. Same source and target as a
 * stored unit: a duplicate (skipped), or an update when the file's status is further along.
 */
export async function importMemory(
  context: WorkflowContext,
  units: AsyncIterable<ImportedUnit>,
  options: { by: string; onProgress?: (processed: number) => void },
): Promise<MemoryImportSummary> {
  const termbase = await context.termbaseSnapshot();
  const summary = await context.store.transaction(async (tx) => {
    const counts = { added: 0, updated: 0, duplicates: 0 };
    // A fresh memory needs no look-ups against the store, only against the file itself.
    const storeIsEmpty = (await tx.countUnits({})) === 0;
    const seen = new Set<string>();
    let batch: NewTranslationUnit[] = [];
    let processed = 0;
    const flush = async (): Promise<void> => {
      if (batch.length) await tx.insertUnits(batch);
      counts.added += batch.length;
      batch = [];
    };
    for await (const unit of units) {
      processed++;
      const key = `${unit.sourceLocale}\u0000${unit.targetLocale}\u0000${unit.sourceText}\u0000${unit.targetText}`;
      if (seen.has(key)) { counts.duplicates++; continue; }
      seen.add(key);
      if (!storeIsEmpty) {
        const stored = (await tx.findUnitsBySource(unit.sourceLocale, unit.targetLocale, unit.sourceText)).find((u) => u.targetText === unit.targetText);
        if (stored) {
          if (STATUS_RANK[unit.status] > STATUS_RANK[stored.status]) {
            await tx.updateUnit(stored.id, stored.version, { status: unit.status }, { action: 'import', by: options.by });
            counts.updated++;
          } else {
            counts.duplicates++;
          }
          continue;
        }
      }
      batch.push({
        documentId: null, position: null, paragraph: null,
        sourceLocale: unit.sourceLocale, sourceText: unit.sourceText,
        targetLocale: unit.targetLocale, targetText: unit.targetText,
        status: unit.status, origin: unit.origin, bead: null, matchScore: null,
        previousSource: null, nextSource: null, inlineCodes: unit.inlineCodes,
        findings: checkUnit(unit, termbase), overrides: [],
        createdBy: unit.createdBy ?? options.by,
      });
      if (batch.length >= BATCH) await flush();
      if (processed % 1000 === 0) options.onProgress?.(processed);
    }
    await flush();
    options.onProgress?.(processed);
    return counts;
  });
  context.invalidateMemory();
  return summary;
}

/** Every unit with a target, as ImportedUnit, streamed page by page for export. */
export async function* exportableUnits(context: WorkflowContext, filter: { targetLocale?: Locale } = {}): AsyncIterable<ImportedUnit> {
  let afterId = 0;
  for (;;) {
    const page = await context.store.listUnitsPage(filter, afterId, 2000);
    if (page.length === 0) return;
    for (const unit of page) {
      if (unit.targetText.trim() === '') continue;
      yield {
        sourceLocale: unit.sourceLocale, sourceText: unit.sourceText,
        targetLocale: unit.targetLocale, targetText: unit.targetText,
        status: unit.status, origin: unit.origin, inlineCodes: unit.inlineCodes, note: null,
        createdBy: unit.createdBy, createdAt: unit.createdAt,
      };
    }
    afterId = page[page.length - 1]!.id;
  }
}
