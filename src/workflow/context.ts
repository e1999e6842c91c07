import { EventEmitter } from 'node:events';
import type { Store, StoreChange } from '../store';
import type { Concept } from '../termbase';
import type { CheckContext } from '../checks';
import { createCheckContext } from '../checks';
import { buildTermRecognizer, type TermRecognizer } from '../termbase';
import { TranslationMemoryIndex } from '../memory';
import type { TranslationUnit } from '../memory';

/** The termbase as the checks and the converter need it, rebuilt only when the termbase changes. */
export interface TermbaseSnapshot {
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
  }

  /** Tells the other processes; a failure to tell them must not fail the write that succeeded. */
  private publish(change: StoreChange): void {
    this.store.notify(change).catch(() => undefined);
  }

  termbaseSnapshot(): Promise<TermbaseSnapshot> {
    this.termbase ??= this.store.listConcepts().then((concepts) => ({
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

  /** The fuzzy-match index over every unit with a target, built on first use. */
  memoryIndex(): Promise<TranslationMemoryIndex> {
    this.memory ??= this.buildMemoryIndex();
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

  /** Drops the index so the next lookup rebuilds it (after bulk imports). */
  invalidateMemory(): void {
    this.dropMemory();
    this.publish({ kind: 'memory' });
  }

  articleChanged(slug: string): void {
    this.events.emit('article-changed', slug);
    this.publish({ kind: 'article', slug });
  }

  private dropMemory(): void {
    this.memory = null;
    this.indexedVersions = new Map();
  }

  private async applyUnit(unit: TranslationUnit): Promise<void> {
    if (!this.memory) return;
    const versions = this.indexedVersions;
    const index = await this.memory;
    if (versions !== this.indexedVersions) return; // the index was dropped meanwhile
    const seen = versions.get(unit.id);
    if (seen !== undefined && seen > unit.version) return;
    versions.set(unit.id, unit.version);
    index.remove(unit.id);
    if (isMemoryWorthy(unit)) index.add(unit);
  }

  private async removeUnits(ids: number[]): Promise<void> {
    if (!this.memory || ids.length === 0) return;
    const versions = this.indexedVersions;
    const index = await this.memory;
    if (versions !== this.indexedVersions) return;
    for (const id of ids) {
      index.remove(id);
      // Ids are never reused: no later copy can come back.
      versions.set(id, Number.MAX_SAFE_INTEGER);
    }
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
          this.dropMemory();
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
          // Anything may have changed while we were not listening.
          this.dropMemory();
          this.dropTermbase();
          return;
      }
    };
    this.remoteQueue = this.remoteQueue.then(apply).catch(() => {
      // Could not re-read (the store is down): rebuilding later from the store is always right.
      this.dropMemory();
    });
  }

  private async buildMemoryIndex(): Promise<TranslationMemoryIndex> {
    const index = new TranslationMemoryIndex();
    let afterId = 0;
    for (;;) {
      const page = await this.store.listUnitsPage({}, afterId, 5000);
      if (page.length === 0) break;
      for (const unit of page) if (isMemoryWorthy(unit)) index.add(unit);
      afterId = page[page.length - 1]!.id;
    }
    return index;
  }
}

/** A unit offers a translation when it has a target; new (untranslated) ones do not. */
export function isMemoryWorthy(unit: TranslationUnit): boolean {
  return unit.status !== 'new' && unit.targetText.trim() !== '';
}
