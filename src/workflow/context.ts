import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Store, StoreChange, UnitChangeMark } from '../store';
import type { Concept } from '../termbase';
import type { CheckContext } from '../checks';
import { createCheckContext } from '../checks';
import { buildTermRecognizer, type TermRecognizer } from '../termbase';
import type { TranslationMemoryIndex, TranslationUnit } from '../memory';
import type { Release } from '../release';
import { buildIndex, catchUp, isMemoryWorthy, openIndex, saveIndex, type MemoryIndexStatus } from './memory-index';

export { isMemoryWorthy } from './memory-index';

/** Units caught up on since the last save beyond which the saved index is written again. */
const SAVE_AFTER_CHANGES = 1000;

/** The termbase as the checks and the converter need it, rebuilt only when the termbase changes. */
export interface TermbaseSnapshot {
  /** Which termbase this is (a digest of every concept's id and version): kept in each release. */
  version: string;
  concepts: Concept[];
  recognizer: TermRecognizer;
  checkContext: CheckContext;
}

/**
 * Shared state of one workflow instance: the store, caches derived from it, and change events.
 * Caches are per process; `invalidate*` is called on every write that affects them, and each
 * such call is also published through the store (`Store.notify`) so that other processes
 * sharing it (several `bitext serve` on one PostgreSQL) update theirs: they receive it through
 * `Store.listen` and apply the same change to their own caches, without publishing it again.
 */
export class WorkflowContext {
  readonly events = new EventEmitter();
  /** Resolves once changes from other processes are being received (at once where there are none). */
  readonly ready: Promise<void>;
  private termbase: Promise<TermbaseSnapshot> | null = null;
  private memory: Promise<TranslationMemoryIndex> | null = null;
  /** Every logged unit change up to here is in the current index. */
  private memoryMark: UnitChangeMark | null = null;
  /** Units caught up on since the index was last saved (or loaded). */
  private unsaved = 0;
  private saving: Promise<void> | null = null;
  /** How the current index came to be (null before the first use). */
  memoryStatus: MemoryIndexStatus | null = null;
  /**
   * Version of each unit put into the current index since it was built, so that an older copy
   * arriving late (a local write racing a re-read for another process's change) never replaces
   * a newer one.
   */
  private indexedVersions = new Map<number, number>();
  /** Changes from other processes are applied one at a time, in the order they came. */
  private remoteQueue: Promise<void> = Promise.resolve();
  private stopListening: (() => void) | null = null;
  private closed = false;
  /**
   * Where release events go (BITEXT_WEBHOOK_URL), read when the workflow opens; null: none are
   * queued. Every process that can make a release queues; `bitext serve` delivers.
   */
  webhookTarget: string | null = process.env.BITEXT_WEBHOOK_URL?.trim() || null;

  constructor(
    readonly store: Store,
    /** Hong Kong standard by default: the Traditional readers of a Greater Bay Area site are in HK and Macao. */
    readonly traditionalVariant: 'hk' | 'tw' | 'twp' = 'hk',
    /** Reviewers may approve targets they wrote themselves (`BITEXT_SELF_REVIEW=1`, for small offices). */
    readonly selfReview = false,
  ) {
    this.events.setMaxListeners(0);
    this.ready = store.listen((change) => this.receive(change)).then((stop) => {
      if (this.closed) stop();
      else this.stopListening = stop;
    });
    // Whoever awaits `ready` sees a failure; nobody awaiting it must not crash the process.
    this.ready.catch(() => undefined);
  }

  /** Stops listening for other processes' changes (the store itself is the caller's to close). */
  async close(): Promise<void> {
    this.closed = true;
    await this.ready.catch(() => undefined);
    this.stopListening?.();
    this.stopListening = null;
    await this.remoteQueue;
    // A save under way finishes (a process that exits mid-write leaves only a temporary file).
    await this.saving;
    const memory = this.memory;
    this.memory = null;
    if (memory) (await memory.catch(() => null))?.release();
  }

  /** Tells the other processes; a failure to tell them must not fail the write that succeeded. */
  private publish(change: StoreChange): void {
    this.store.notify(change).catch(() => undefined);
  }

  termbaseSnapshot(): Promise<TermbaseSnapshot> {
    this.termbase ??= this.store.listConcepts().then((concepts) => ({
      version: termbaseVersion(concepts),
      concepts,
      recognizer: buildTermRecognizer(concepts),
      checkContext: createCheckContext(concepts),
    }));
    return this.termbase;
  }

  invalidateTermbase(): void {
    this.dropTermbase();
    this.publish({ kind: 'termbase' });
  }

  private dropTermbase(): void {
    this.termbase = null;
    this.events.emit('termbase-changed');
  }

  /**
   * The fuzzy-match index over every unit with a target: the saved one brought up to date from
   * the store's change log, else built (and then saved), on first use.
   */
  memoryIndex(): Promise<TranslationMemoryIndex> {
    if (!this.memory) {
      const versions = this.indexedVersions;
      const opening = openIndex(this.store, (index, unit) => this.put(index, unit, versions), (index, id) => this.take(index, id, versions));
      this.memory = opening.then(({ index, mark, status }) => {
        this.memoryMark = mark;
        this.memoryStatus = status;
        this.unsaved = status.source === 'built' ? Number.MAX_SAFE_INTEGER : status.caughtUp;
        if (this.unsaved >= SAVE_AFTER_CHANGES) this.scheduleSave();
        return index;
      });
      const current = this.memory;
      current.catch(() => { if (this.memory === current) this.dropMemory(); });
    }
    return this.memory;
  }

  /** Keeps a built index in step with a unit that was added or changed. */
  async unitChanged(unit: TranslationUnit): Promise<void> {
    this.publish({ kind: 'units', ids: [unit.id] });
    await this.applyUnit(unit);
  }

  async unitsRemoved(ids: number[]): Promise<void> {
    if (ids.length) this.publish({ kind: 'units-removed', ids });
    await this.removeUnits(ids);
  }

  /** After bulk changes (imports): the index catches up from the change log before the next lookup. */
  invalidateMemory(): void {
    void this.catchUpMemory();
    this.publish({ kind: 'memory' });
  }

  /**
   * Queues a catch-up from the store's change log; lookups made meanwhile wait for it. If it
   * fails (the store is down) the index is dropped, to be opened again by the next lookup.
   */
  private catchUpMemory(): Promise<void> {
    const previous = this.memory;
    // Not open: the next open reads the store as it is then.
    if (!previous) return Promise.resolve();
    const next = previous.then((index) => this.catchUpNow(index));
    this.memory = next;
    return next.then(() => undefined, () => { if (this.memory === next) this.dropMemory(); });
  }

  /** The index brought up to the store's log; a new one built when the log cannot bring it there. */
  private async catchUpNow(index: TranslationMemoryIndex): Promise<TranslationMemoryIndex> {
    const versions = this.indexedVersions;
    const from = this.memoryMark;
    if (!from) return index; // dropped meanwhile
    const caught = await catchUp(this.store, index, from, (i, unit) => this.put(i, unit, versions), (i, id) => this.take(i, id, versions));
    if (versions !== this.indexedVersions) return index;
    if (!caught) {
      // Too much changed to re-read unit by unit, or another process pruned the log past this
      // index: build afresh (lookups wait for it, so their answers stay right), then save it.
      const built = await buildIndex(this.store);
      if (versions !== this.indexedVersions) return index;
      // Edits made here meanwhile waited for this index (applyUnit awaits it); the mark was taken
      // before the build read the units, so the next catch-up re-reads whatever came after.
      this.indexedVersions = new Map();
      this.memoryMark = built.mark;
      this.unsaved = Number.MAX_SAFE_INTEGER;
      if (this.memoryStatus) Object.assign(this.memoryStatus, { source: 'built', rejected: 'the change log could not bring the index up to date' });
      setTimeout(() => index.release(), 5000).unref();
      this.scheduleSave();
      return built.index;
    }
    this.memoryMark = caught.mark;
    this.unsaved += caught.count;
    if (this.memoryStatus) this.memoryStatus.caughtUp += caught.count;
    if (this.unsaved >= SAVE_AFTER_CHANGES) this.scheduleSave();
    return index;
  }

  /** Saves the index now (after a save under way), and says how it went. */
  async saveMemoryIndex(): Promise<MemoryIndexStatus['saved']> {
    await this.saving;
    if (!this.memory) return null;
    await this.memory;
    this.scheduleSave();
    await this.saving;
    return this.memoryStatus?.saved ?? null;
  }

  /** Saves the index in the background (one save at a time); a failure is recorded, never thrown. */
  private scheduleSave(): void {
    if (this.saving || this.closed || !this.store.writeIndexFile || !this.store.indexFileLocation) return;
    this.saving = (async () => {
      // Let the lookup that opened the index answer first.
      await new Promise((resolve) => setImmediate(resolve));
      const memory = this.memory;
      if (!memory) return;
      const index = await memory;
      if (this.memory !== memory || !this.memoryMark) return;
      const mark = this.memoryMark;
      const unsaved = this.unsaved;
      const bytes = await saveIndex(this.store, index, mark);
      if (bytes !== false) {
        this.unsaved -= unsaved;
        if (this.memoryStatus) this.memoryStatus.saved = { at: new Date().toISOString(), bytes };
      }
    })().catch((error: unknown) => {
      // A read-only folder, a full disk: the index still serves from memory; the next process builds again.
      if (this.memoryStatus) this.memoryStatus.saved = { error: (error as Error).message };
    }).finally(() => { this.saving = null; });
  }

  articleChanged(slug: string): void {
    this.events.emit('article-changed', slug);
    this.publish({ kind: 'article', slug });
  }

  /**
   * After the commit of releases (or a withdrawal): other articles' pages link to these, so every
   * cached page may change (rare: a release is an approval that completed a locale).
   */
  released(releases: readonly Release[]): void {
    if (releases.length === 0) return;
    this.articleChanged('*');
    // The webhook loop wakes on this, not on every page change: its events were queued with the releases.
    this.events.emit('released', releases);
  }

  private dropMemory(): void {
    const memory = this.memory;
    this.memory = null;
    this.memoryMark = null;
    this.indexedVersions = new Map();
    // A loaded index reads its texts from the saved file: closed a little later, once whoever
    // already holds it (a lookup is synchronous once it has the index) is done with it.
    memory?.then((index) => setTimeout(() => index.release(), 5000).unref(), () => undefined);
  }

  /** Puts a unit as read from the store into the index, unless a newer copy is already there. */
  private put(index: TranslationMemoryIndex, unit: TranslationUnit, versions: Map<number, number>): void {
    if (versions !== this.indexedVersions) return; // the index was dropped meanwhile
    const seen = versions.get(unit.id);
    if (seen !== undefined && seen > unit.version) return;
    versions.set(unit.id, unit.version);
    if (isMemoryWorthy(unit)) index.update(unit); else index.remove(unit.id);
  }

  private take(index: TranslationMemoryIndex, id: number, versions: Map<number, number>): void {
    if (versions !== this.indexedVersions) return;
    index.remove(id);
    // Ids are never reused: no later copy can come back.
    versions.set(id, Number.MAX_SAFE_INTEGER);
  }

  private async applyUnit(unit: TranslationUnit): Promise<void> {
    if (!this.memory) return;
    const versions = this.indexedVersions;
    const index = await this.memory;
    this.put(index, unit, versions);
  }

  private async removeUnits(ids: number[]): Promise<void> {
    if (!this.memory || ids.length === 0) return;
    const versions = this.indexedVersions;
    const index = await this.memory;
    for (const id of ids) this.take(index, id, versions);
  }

  /** A change made by another process sharing the store: apply it here, do not publish it again. */
  private receive(change: StoreChange): void {
    const apply = async (): Promise<void> => {
      switch (change.kind) {
        case 'article':
          this.events.emit('article-changed', change.slug);
          return;
        case 'termbase':
          this.dropTermbase();
          return;
        case 'memory':
          await this.catchUpMemory();
          return;
        case 'units-removed':
          await this.removeUnits(change.ids);
          return;
        case 'units':
          if (!this.memory) return; // built later from the store, which has them already
          for (const id of change.ids) {
            const unit = await this.store.getUnit(id);
            if (unit) await this.applyUnit(unit);
            else await this.removeUnits([id]);
          }
          return;
        case 'resync':
          // Anything may have changed while we were not listening: the change log has it all.
          this.dropTermbase();
          await this.catchUpMemory();
          return;
      }
    };
    this.remoteQueue = this.remoteQueue.then(apply).catch(() => {
      // Could not re-read (the store is down): rebuilding later from the store is always right.
      this.dropMemory();
    });
  }
}

/** A short digest of every concept's id and version: equal exactly when the termbase is. */
export function termbaseVersion(concepts: readonly Concept[]): string {
  const hash = createHash('sha256');
  for (const c of [...concepts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) hash.update(`${c.id}\u0000${c.version}\n`);
  return `${concepts.length}.${hash.digest('base64url').slice(0, 12)}`;
}
