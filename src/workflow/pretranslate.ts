import type { Locale } from '../locale';
import { MachineTranslationError, translateBatches, type MachineTranslationProvider } from '../translation';
import { fuzzyScore, type TranslationUnit, type UnitOrigin } from '../memory';
import type { Repository } from '../store';
import type { WorkflowContext } from './context';
import { checkUnit } from './checking';
import { lookup } from './memory';

export interface PretranslateOptions {
  slug: string;
  targetLocale: Locale;
  by: string;
  /** Machine translation, when configured (null: memory only). */
  provider: MachineTranslationProvider | null;
  /** Lowest fuzzy score taken from the memory. */
  minScore?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PretranslateSummary {
  untranslatedBefore: number;
  /** Drafts whose source changed since their translation was made (outdated), considered too. */
  outdatedBefore: number;
  /** Outdated drafts whose previous translation stayed: it was the best match (still outdated, for the translator to fix). */
  keptPrevious: number;
  fromMemory: number;
  fromMachine: number;
  /** Segments still without a translation (no match, no MT, or MT failed). */
  untranslated: number;
  /** Set when MT failed part-way: whole batches before it were kept, the rest were not stored. */
  machineFailure: { kind: string; message: string; keptSegments: number } | null;
  glossary: { name: string; entries: number } | null;
}

/**
 * Fills untranslated segments: the best memory match at or above `minScore` first (origin `tm`,
 * with its score), then machine translation with the termbase glossary (origin `mt:deepl`).
 * Changed segments (outdated drafts) are filled memory-first too: their previous translation is
 * a match of its own, scored by how like the current source the source it was made for is; it
 * stays unless the memory has a better match, and only a segment with neither at `minScore` goes
 * to machine translation (a small change to a sentence keeps the reviewed words).
 * Everything is stored as `draft` with its findings; machine output is never approved here.
 * MT runs batch by batch and each batch is stored in one transaction: if the service fails
 * part-way, the batches already stored stay (they are good drafts) and the summary says how many.
 */
export async function pretranslate(context: WorkflowContext, options: PretranslateOptions): Promise<PretranslateSummary> {
  const document = await context.store.getDocumentBySlug(options.slug);
  if (!document) throw new Error(`article "${options.slug}" not found`);
  const all = await context.store.listUnits({ documentId: document.id, targetLocale: options.targetLocale });
  const untranslated = all.filter((u) => u.status === 'new' && u.targetText.trim() === '');
  // A derived zh-Hant unit follows its zh-Hans source; only a draft someone may fix is filled here.
  const outdated = all.filter((u) => u.status === 'draft' && u.outdatedSource !== null && u.targetText.trim() !== '' && u.origin !== 'converted');
  const pending = [...untranslated, ...outdated].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const summary: PretranslateSummary = {
    untranslatedBefore: untranslated.length, outdatedBefore: outdated.length, keptPrevious: 0,
    fromMemory: 0, fromMachine: 0, untranslated: 0, machineFailure: null, glossary: null,
  };
  const minScore = options.minScore ?? 75;
  const termbase = await context.termbaseSnapshot();
  const seen = new Map(pending.map((u) => [u.id, u]));
  const store = async (tx: Repository, unitId: number, text: string, origin: UnitOrigin, matchScore: number | null): Promise<boolean> => {
    const current = await tx.getUnit(unitId);
    const before = seen.get(unitId);
    if (!current || !before) return false;
    // A translator got there first: their work wins (an empty unit filled, an outdated draft edited).
    const untouched = before.outdatedSource === null
      ? current.status === 'new' && current.targetText.trim() === ''
      : current.version === before.version;
    if (!untouched) return false;
    const draft = { ...current, targetText: text, status: 'draft' as const };
    const updated = await tx.updateUnit(current.id, current.version, {
      targetText: text, status: 'draft', origin, matchScore, findings: checkUnit(draft, termbase), overrides: [], targetAuthor: null,
      // Made for the current source: no longer outdated.
      outdatedSource: null,
    }, { action: 'edit', by: options.by, reason: origin === 'tm' ? `memory match ${matchScore}` : 'machine translation' });
    await context.unitChanged(updated);
    return true;
  };

  const remaining: TranslationUnit[] = [];
  const fromMemory: Array<{ unit: TranslationUnit; text: string; score: number }> = [];
  for (const unit of pending) {
    const [best] = await lookup(context, unit.sourceText, {
      sourceLocale: unit.sourceLocale, targetLocale: unit.targetLocale, min: minScore, limit: 1,
      previousSource: unit.previousSource, nextSource: unit.nextSource, excludeId: unit.id,
    });
    const memory = best ? { text: best.target, score: Math.min(best.score, 100) } : null;
    if (unit.outdatedSource !== null) {
      // The previous translation, scored like any memory match: its source against the current one.
      const previous = fuzzyScore(unit.outdatedSource, unit.sourceText, unit.sourceLocale);
      if (previous >= minScore && (!memory || memory.score <= previous || memory.text === unit.targetText)) {
        summary.keptPrevious++;
        continue;
      }
    }
    if (memory) fromMemory.push({ unit, ...memory });
    else remaining.push(unit);
  }
  await context.store.transaction(async (tx) => {
    for (const match of fromMemory) if (await store(tx, match.unit.id, match.text, 'tm', match.score)) summary.fromMemory++;
    if (fromMemory.length) await tx.touchDocument(document.id);
  });
  options.onProgress?.(fromMemory.length, pending.length);

  const provider = options.provider;
  if (provider && remaining.length > 0 && provider.supports(document.sourceLocale, options.targetLocale)) {
    const glossary = await provider.syncGlossary(termbase.concepts);
    summary.glossary = glossary ? { name: glossary.name, entries: glossary.entryCount } : null;
    try {
      await translateBatches(provider, remaining.map((u) => u.sourceText), { from: document.sourceLocale, to: options.targetLocale, glossary }, async (batch) => {
        await context.store.transaction(async (tx) => {
          for (const [i, text] of batch.translations.entries()) {
            if (await store(tx, remaining[batch.start + i]!.id, text, 'mt:deepl', null)) summary.fromMachine++;
          }
          await tx.touchDocument(document.id);
        });
        options.onProgress?.(fromMemory.length + batch.start + batch.sources.length, pending.length);
      });
    } catch (error) {
      if (!(error instanceof MachineTranslationError)) throw error;
      summary.machineFailure = { kind: error.kind, message: error.message, keptSegments: error.completed };
    }
  }
  // What is still without a translation: empty units nothing filled (an outdated draft keeps its old text either way).
  summary.untranslated = (await context.store.listUnits({ documentId: document.id, targetLocale: options.targetLocale }))
    .filter((u) => seen.has(u.id) && u.targetText.trim() === '').length;
  context.articleChanged(document.slug);
  return summary;
}
