import { LOCALES, isLocale, type LanguageTag, type Locale } from '../locale';
import { textKey53, type FuzzyMatch, type ConcordanceHit } from '../memory';
import type { NewTranslationUnit, TranslationUnit, UnitFileData, UnitVariant } from '../memory';
import type { ImportedUnit } from '../formats';
import type { WorkflowContext } from './context';
import type { Repository } from '../store';
import { assertText } from './errors';

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

/**
 * A concordance hit with where it was translated (the article's slug and the segment's position,
 * null for a unit that lives only in the memory) and the unit's texts in other languages (kept
 * from imports), where it has any.
 */
export type ConcordanceHitWithVariants = ConcordanceHit & { articleSlug?: string | null; position?: number | null; variants?: UnitVariant[] };

export async function concordance(context: WorkflowContext, phrase: string, options: { locale?: Locale; limit?: number } = {}): Promise<ConcordanceHitWithVariants[]> {
  const index = await context.memoryIndex();
  const hits: ConcordanceHitWithVariants[] = index.concordance(phrase, options);
  const slugs = new Map<number, string | null>();
  // The index holds the working pair only; the other languages and the article are read for the (few) hits shown.
  for (const hit of hits) {
    const unit = await context.store.getUnit(hit.unitId);
    if (!unit) continue;
    if (unit.documentId !== null && !slugs.has(unit.documentId)) slugs.set(unit.documentId, (await context.store.getDocument(unit.documentId))?.slug ?? null);
    hit.articleSlug = unit.documentId === null ? null : slugs.get(unit.documentId) ?? null;
    hit.position = unit.position;
    if (unit.variants?.length) hit.variants = unit.variants;
  }
  return hits;
}

export interface MemoryImportSummary {
  /**
   * Units of the file as other tools count them (`<tu>`, `<trans-unit>`, `<segment>`, CSV row);
   * a multilingual `<tu>` gives one memory unit per working target, so this may be fewer than
   * added + updated + duplicates.
   */
  read: number;
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
  const summary = await context.store.transaction(async (tx) => {
    const counts = { read: 0, added: 0, updated: 0, duplicates: 0 };
    let lastFileUnit: number | undefined;
    // A fresh memory needs no look-ups against the store, only against the file itself.
    const storeIsEmpty = (await tx.countUnits({})) === 0;
    // Hashes only, so a million-unit file's keys take megabytes, not hundreds of them; a hash
    // seen before is confirmed against the text before anything is called a duplicate.
    const seen = new HashSet53();
    let processed = 0;
    let chunk: Array<{ unit: ImportedUnit; lookUp: boolean }> = [];

    // Units are decided a chunk at a time, with one store look-up per locale pair for the chunk.
    const decide = async (): Promise<void> => {
      const stored = await storedMatches(tx, chunk.filter((c) => c.lookUp).map((c) => c.unit));
      const batch: NewTranslationUnit[] = [];
      const inBatch = new Set<string>();
      for (const { unit, lookUp } of chunk) {
        if (lookUp) {
          const key = unitKey(unit);
          const match = stored.get(key);
          if (match) {
            if (STATUS_RANK[unit.status] > STATUS_RANK[match.status]) {
              // Keep the updated copy: the same unit may come again later in the chunk.
              stored.set(key, await tx.updateUnit(match.id, match.version, { status: unit.status }, { action: 'import', by: options.by }));
              counts.updated++;
            } else {
              counts.duplicates++;
            }
            continue;
          }
          if (inBatch.has(key)) { counts.duplicates++; continue; }
        }
        inBatch.add(unitKey(unit));
        batch.push(memoryUnit(unit, options.by));
      }
      if (batch.length) await tx.insertUnits(batch);
      counts.added += batch.length;
      chunk = [];
    };

    for await (const unit of units) {
      processed++;
      // Units without a file ordinal (built in code) count one each.
      if (unit.fileUnit === undefined || unit.fileUnit !== lastFileUnit) counts.read++;
      lastFileUnit = unit.fileUnit;
      assertText(`unit ${processed}: source`, unit.sourceText);
      assertText(`unit ${processed}: target`, unit.targetText);
      const maybeSeen = !seen.add(textKey53(unitKey(unit)));
      chunk.push({ unit, lookUp: !storeIsEmpty || maybeSeen });
      if (chunk.length >= BATCH) await decide();
      if (processed % 1000 === 0) options.onProgress?.(processed);
    }
    await decide();
    options.onProgress?.(processed);
    return counts;
  });
  context.invalidateMemory();
  return summary;
}

type UnitKeyed = Pick<ImportedUnit, 'sourceLocale' | 'targetLocale' | 'sourceText' | 'targetText' | 'variants'>;

/** Units are the same when their working pair and their other languages are (EN→FR units differ by their French). */
function unitKey(unit: UnitKeyed): string {
  const variants = unit.variants?.length ? `\u0000${unit.variants.map((v) => `${v.locale}\u0001${v.text}`).join('\u0002')}` : '';
  return `${unit.sourceLocale}\u0000${unit.targetLocale}\u0000${unit.sourceText}\u0000${unit.targetText}${variants}`;
}

/** Stored units with the same locales, source and target as any of `units`, by unit key. */
async function storedMatches(tx: Repository, units: ImportedUnit[]): Promise<Map<string, TranslationUnit>> {
  const byPair = new Map<string, { source: Locale; target: Locale; texts: string[] }>();
  for (const unit of units) {
    const pair = `${unit.sourceLocale}\u0000${unit.targetLocale}`;
    let entry = byPair.get(pair);
    if (!entry) byPair.set(pair, (entry = { source: unit.sourceLocale, target: unit.targetLocale, texts: [] }));
    entry.texts.push(unit.sourceText);
  }
  const matches = new Map<string, TranslationUnit>();
  for (const { source, target, texts } of byPair.values()) {
    for (const stored of await tx.findUnitsBySources(source, target, texts)) {
      const key = unitKey(stored);
      if (!matches.has(key)) matches.set(key, stored); // the oldest copy answers for all
    }
  }
  return matches;
}

/** A memory-only unit from a file's unit. */
function memoryUnit(unit: ImportedUnit, by: string): NewTranslationUnit {
  return {
    documentId: null, position: null, paragraph: null,
    sourceLocale: unit.sourceLocale, sourceText: unit.sourceText,
    targetLocale: unit.targetLocale, targetText: unit.targetText,
    status: unit.status, origin: unit.origin, bead: null, matchScore: null,
    previousSource: null, nextSource: null, inlineCodes: unit.inlineCodes,
    ...(unit.variants?.length ? { variants: unit.variants } : {}),
    ...fileDataOf(unit),
    // Memory-only units are references, checked where they are used: a match inserted into an
    // article unit, or pre-translation, runs every check on it there. Checking a million
    // imported units up front would cost more than the whole import (~100 µs a unit).
    findings: [], overrides: [],
    createdBy: unit.createdBy ?? by,
  };
}

/** What the file said beyond the texts (note, props, its date), kept to be written back. */
function fileDataOf(unit: ImportedUnit): { fileData?: UnitFileData } {
  const data: UnitFileData = {};
  if (unit.note) data.note = unit.note;
  if (unit.props?.length) data.props = unit.props;
  if (unit.createdAt) data.createdAt = unit.createdAt;
  return Object.keys(data).length > 0 ? { fileData: data } : {};
}

/**
 * A set of 53-bit hashes in one Float64Array (open addressing): a million entries take 16 MB,
 * where a Set<number> takes about ten times that and keeps a bulk import over its memory budget.
 */
class HashSet53 {
  private slots = new Float64Array(1 << 16);
  private size = 0;

  /** Adds a hash (never 0: 0 marks an empty slot); false when it was already there. */
  add(hash: number): boolean {
    const value = hash === 0 ? 1 : hash;
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const inserted = HashSet53.place(this.slots, value);
    if (inserted) this.size++;
    return inserted;
  }

  private static place(slots: Float64Array, value: number): boolean {
    const mask = slots.length - 1;
    for (let i = (value % 4294967296) & mask; ; i = (i + 1) & mask) {
      if (slots[i] === 0) { slots[i] = value; return true; }
      if (slots[i] === value) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    for (const value of old) if (value !== 0) HashSet53.place(this.slots, value);
  }
}


/**
 * Every unit with something to export (a target, or texts in other languages), as ImportedUnit,
 * streamed page by page. `targetLocale`: a working locale selects its units; any other language
 * selects the units that hold it (the format writes just that pair).
 *
 * `bySource`: the units of one source text in different target locales (en → zh-Hans and
 * en → zh-Hant) come out together, numbered by `fileUnit`, so a multilingual format writes them
 * as one unit (TMX: one `<tu>` with a zh-CN and a zh-HK `<tuv>`). CAT tools need that: OmegaT
 * takes the exact locale from a `<tu>` that has it, but across separate `<tu>`s it reads every
 * Chinese one as "zh" and the last one wins, filling a ZH-CN project with Traditional text.
 * The k-th unit of a source in each target locale (by id) make a group; a group is written when
 * its first unit comes up, so nothing is held beyond a page and its siblings.
 */
export async function* exportableUnits(
  context: WorkflowContext,
  filter: { targetLocale?: LanguageTag; bySource?: boolean } = {},
): AsyncIterable<ImportedUnit> {
  const wanted = filter.targetLocale;
  const storeFilter = wanted !== undefined && isLocale(wanted) ? { targetLocale: wanted } : {};
  const exportable = (unit: TranslationUnit): boolean => {
    const hasTarget = unit.targetText.trim() !== '';
    return wanted !== undefined && isLocale(wanted) ? hasTarget : hasTarget || (unit.variants?.length ?? 0) > 0;
  };
  const grouped = filter.bySource === true && wanted === undefined;
  let afterId = 0;
  let groups = 0;
  for (;;) {
    const page = await context.store.listUnitsPage(storeFilter, afterId, 2000);
    if (page.length === 0) return;
    const siblings = grouped ? await sourceGroups(context.store, page.filter(exportable)) : null;
    for (const unit of page) {
      if (!exportable(unit)) continue;
      if (!siblings) { yield exportedUnit(unit); continue; }
      const group = siblings.get(unit.id);
      if (group && group[0].id !== unit.id) continue; // written with the group's first unit
      groups++;
      for (const member of group ?? [unit]) yield { ...exportedUnit(member), fileUnit: groups };
    }
    afterId = page[page.length - 1]!.id;
  }
}

function exportedUnit(unit: TranslationUnit): ImportedUnit {
  return {
    sourceLocale: unit.sourceLocale, sourceText: unit.sourceText,
    targetLocale: unit.targetLocale, targetText: unit.targetText,
    status: unit.status, origin: unit.origin, inlineCodes: unit.inlineCodes, note: unit.fileData?.note ?? null,
    ...(unit.variants?.length ? { variants: unit.variants } : {}),
    ...(unit.fileData?.props?.length ? { props: unit.fileData.props } : {}),
    // The file's date for a translation imported from one; else when Bitext made it.
    createdBy: unit.createdBy, createdAt: unit.fileData?.createdAt ?? unit.createdAt,
  };
}

/**
 * For each unit of the page, its group: the units with the same source (locale and text) whose
 * rank among that source's units in their own target locale is the same, ordered by id. Units
 * with no sibling in another target locale have no entry.
 */
async function sourceGroups(store: Repository, page: TranslationUnit[]): Promise<Map<number, TranslationUnit[]>> {
  const groups = new Map<number, TranslationUnit[]>();
  const bySourceLocale = new Map<Locale, string[]>();
  for (const u of page) {
    if (u.sourceText.trim() === '') continue; // a placeholder source (FR→DE) groups with nothing
    const texts = bySourceLocale.get(u.sourceLocale) ?? [];
    texts.push(u.sourceText);
    bySourceLocale.set(u.sourceLocale, texts);
  }
  for (const [sourceLocale, texts] of bySourceLocale) {
    // source text → target locale → units by id
    const found = new Map<string, Map<Locale, TranslationUnit[]>>();
    for (const targetLocale of LOCALES) {
      if (targetLocale === sourceLocale) continue;
      for (const u of await store.findUnitsBySources(sourceLocale, targetLocale, texts)) {
        if (u.targetText.trim() === '' && !u.variants?.length) continue;
        const perTarget = found.get(u.sourceText) ?? new Map<Locale, TranslationUnit[]>();
        const list = perTarget.get(targetLocale) ?? [];
        list.push(u);
        perTarget.set(targetLocale, list);
        found.set(u.sourceText, perTarget);
      }
    }
    for (const perTarget of found.values()) {
      if (perTarget.size < 2) continue;
      const lists = [...perTarget.values()].map((l) => l.sort((a, b) => a.id - b.id));
      const depth = Math.max(...lists.map((l) => l.length));
      for (let k = 0; k < depth; k++) {
        const group = lists.map((l) => l[k]).filter((u): u is TranslationUnit => u !== undefined).sort((a, b) => a.id - b.id);
        if (group.length < 2) continue;
        for (const u of group) groups.set(u.id, group);
      }
    }
  }
  return groups;
}
