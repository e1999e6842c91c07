/**
 * The candidate index kept across processes (issue #20): saved beside the store (SQLite: a
 * sidecar file; PostgreSQL: a table), loaded instead of rebuilt, and brought up to date from
 * the store's unit change log, which is the truth: units added since the save are found by id
 * (ids only grow), units edited or removed since by the log's entries after the saved mark.
 *
 * A saved index is used only when its checksums hold, it belongs to this store (the store id in
 * its header) and its mark is not ahead of the store's (a restored backup). Otherwise, or when
 * catching up would cost more than building, the index is built from the store as before, and
 * saved for the next process.
 */
import { performance } from 'node:perf_hooks';
import { IndexFileError, TranslationMemoryIndex, type TranslationUnit } from '../memory';
import { UNIT_CHANGES_PRUNED_SETTING, type Store, type UnitChangeMark } from '../store';

/** The setting that names this store (written by migration 70). */
export const STORE_ID_SETTING = 'tm-index.store-id';
/** Past this many logged changes to catch up, a build is cheaper than re-reading them one by one. */
const MAX_CATCH_UP_CHANGES = 50_000;
const PAGE = 5000;
/**
 * The log keeps this many entries behind the newest saved mark: a reader further behind would
 * rebuild anyway (MAX_CATCH_UP_CHANGES), so pruning them costs nobody a rebuild.
 */
export const KEEP_LOGGED_CHANGES = MAX_CATCH_UP_CHANGES;

/** Up to which change the log was pruned (0: never). */
async function prunedThrough(store: Store): Promise<number> {
  const value = Number(await store.getSetting(UNIT_CHANGES_PRUNED_SETTING));
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/**
 * Prunes the change log up to `keep` entries behind `mark` (the mark just saved), so the log does
 * not grow without bound. Safe with other processes: the pruned point is raised in the same
 * transaction, and a reader whose mark is older checks it after reading the log and rebuilds.
 * A store that cannot be written (read-only) keeps its log: returns 0.
 */
export async function pruneChangeLog(store: Store, mark: UnitChangeMark, keep: number = KEEP_LOGGED_CHANGES): Promise<number> {
  const through = mark.changeSeq - keep;
  if (through <= 0) return 0;
  try {
    return await store.pruneUnitChanges(through);
  } catch {
    return 0;
  }
}

/** How the current index came to be, for diagnostics and tests. */
export interface MemoryIndexStatus {
  source: 'file' | 'built';
  /** Why a saved index was not used (missing, damaged, stale …); null when it was. */
  rejected: string | null;
  /** Milliseconds to load or build, before catching up. */
  openMs: number;
  /** Units re-read while catching up since the index was opened. */
  caughtUp: number;
  /** Last save: when, how many bytes, or why it failed. */
  saved: { at: string; bytes: number } | { error: string } | null;
}

/** A unit offers a translation when it has a target; new (untranslated) ones do not. */
export function isMemoryWorthy(unit: TranslationUnit): boolean {
  return unit.status !== 'new' && unit.targetText.trim() !== '';
}

export interface OpenedIndex {
  index: TranslationMemoryIndex;
  /** Every change up to here is in the index. */
  mark: UnitChangeMark;
  status: MemoryIndexStatus;
}

/** The saved index if it can be trusted, else null with the reason. */
export async function loadSavedIndex(store: Store, storeId: string | null): Promise<{ index: TranslationMemoryIndex; mark: UnitChangeMark } | string> {
  if (!store.readIndexFile) return 'the store keeps no saved index';
  if (!storeId) return 'the store has no id';
  let reader;
  try {
    reader = await store.readIndexFile();
  } catch (error) {
    return `cannot read ${store.indexFileLocation ?? 'the saved index'}: ${(error as Error).message}`;
  }
  if (!reader) return 'no saved index';
  try {
    const { index, meta } = TranslationMemoryIndex.fromFile(reader);
    const changeSeq = Number(meta.changeSeq);
    const maxUnitId = Number(meta.maxUnitId);
    const current = await store.unitChangeMark();
    let why: string | null = null;
    if (meta.storeId !== storeId) why = 'the saved index belongs to another store';
    else if (!Number.isSafeInteger(changeSeq) || !Number.isSafeInteger(maxUnitId) || changeSeq < 0 || maxUnitId < 0) why = 'the saved index has no valid mark';
    // The log only grows (the highest unit id may fall when the newest units are removed).
    else if (current && changeSeq > current.changeSeq) why = 'the saved index is ahead of the store (restored from a backup?)';
    else if (changeSeq < await prunedThrough(store)) why = 'the change log was pruned past the saved index';
    if (why) {
      index.release();
      return why;
    }
    return { index, mark: { changeSeq, maxUnitId } };
  } catch (error) {
    reader.close();
    if (error instanceof IndexFileError) return error.message;
    return `cannot read the saved index: ${(error as Error).message}`;
  }
}

/** Builds the index from the store; the mark is taken first, so the index holds at least that state. */
export async function buildIndex(store: Store): Promise<{ index: TranslationMemoryIndex; mark: UnitChangeMark }> {
  const mark = (await store.unitChangeMark()) ?? { changeSeq: 0, maxUnitId: 0 };
  const index = new TranslationMemoryIndex();
  let afterId = 0;
  for (;;) {
    const page = await store.listUnitsPage({}, afterId, PAGE);
    if (page.length === 0) break;
    for (const unit of page) if (isMemoryWorthy(unit)) index.update(unit);
    afterId = page[page.length - 1]!.id;
  }
  return { index, mark };
}

/** Applies one unit as the store has it now (added, changed, or no longer worth indexing). */
export type ApplyUnit = (index: TranslationMemoryIndex, unit: TranslationUnit) => void;
export type RemoveUnit = (index: TranslationMemoryIndex, id: number) => void;

/**
 * Brings an index from `from` up to what the store has committed now. Returns the new mark (the
 * old one when no consistent mark could be had: the changes seen are applied, and seen again
 * next time) and how many units were re-read; null when there is too much to catch up on.
 */
export async function catchUp(
  store: Store, index: TranslationMemoryIndex, from: UnitChangeMark, apply: ApplyUnit, remove: RemoveUnit,
): Promise<{ mark: UnitChangeMark; count: number } | null> {
  // Taken before reading: whatever was committed up to it is read below.
  const target = await store.unitChangeMark();
  if (target && target.changeSeq - from.changeSeq > MAX_CATCH_UP_CHANGES) return null;
  let count = 0;
  // Changed and removed units first (some may also be new: reading them twice does no harm).
  const changed = new Set<number>();
  for (let seq = from.changeSeq; ;) {
    const entries = await store.unitChangesSince(seq, PAGE);
    if (entries.length === 0) break;
    for (const e of entries) changed.add(e.unitId);
    seq = entries[entries.length - 1]!.seq;
    if (changed.size > MAX_CATCH_UP_CHANGES) return null;
  }
  // Read after the log: if another process pruned entries this index still needed, rebuild.
  if (from.changeSeq < await prunedThrough(store)) return null;
  for (const id of changed) {
    if (id > from.maxUnitId) continue; // read with the new units below
    const unit = await store.getUnit(id);
    if (unit) apply(index, unit); else remove(index, id);
    count++;
  }
  for (let afterId = from.maxUnitId; ;) {
    const page = await store.listUnitsPage({}, afterId, PAGE);
    if (page.length === 0) break;
    for (const unit of page) apply(index, unit);
    count += page.length;
    afterId = page[page.length - 1]!.id;
  }
  return { mark: target ?? from, count };
}

/** Opens the saved index and catches it up, or builds one; `status` says which and why. */
export async function openIndex(store: Store, apply: ApplyUnit, remove: RemoveUnit): Promise<OpenedIndex> {
  const started = performance.now();
  const storeId = await store.getSetting(STORE_ID_SETTING).catch(() => null);
  const saved = await loadSavedIndex(store, storeId);
  if (typeof saved !== 'string') {
    const openMs = performance.now() - started;
    const caught = await catchUp(store, saved.index, saved.mark, apply, remove);
    if (caught) {
      return { index: saved.index, mark: caught.mark, status: { source: 'file', rejected: null, openMs, caughtUp: caught.count, saved: null } };
    }
    saved.index.release();
    const built = await buildIndex(store);
    return { ...built, status: { source: 'built', rejected: 'too many changes since it was saved', openMs: performance.now() - started, caughtUp: 0, saved: null } };
  }
  const built = await buildIndex(store);
  return { ...built, status: { source: 'built', rejected: saved, openMs: performance.now() - started, caughtUp: 0, saved: null } };
}

/** Writes the index with its mark; false when the store keeps no saved index. */
export async function saveIndex(store: Store, index: TranslationMemoryIndex, mark: UnitChangeMark): Promise<number | false> {
  if (!store.writeIndexFile) return false;
  const storeId = await store.getSetting(STORE_ID_SETTING);
  if (!storeId) return false;
  const chunks = index.toFile({ storeId, changeSeq: mark.changeSeq, maxUnitId: mark.maxUnitId });
  await store.writeIndexFile(chunks);
  await pruneChangeLog(store, mark);
  return chunks.reduce((n, c) => n + c.length, 0);
}
