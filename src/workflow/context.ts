import { EventEmitter } from 'node:events';
import type { Store } from '../store/repository';
import type { Concept } from '../termbase/types';
import type { CheckContext } from '../checks/types';
import { createCheckContext } from '../checks';
import { buildTermRecognizer, type TermRecognizer } from '../termbase';
import { TranslationMemoryIndex } from '../memory';
import type { TranslationUnit } from '../memory/types';

/** The termbase as the checks and the converter need it, rebuilt only when the termbase changes. */
export interface TermbaseSnapshot {
  concepts: Concept[];
  recognizer: TermRecognizer;
  checkContext: CheckContext;
}

/**
 * Shared state of one workflow instance: the store, caches derived from it, and change events.
 * Caches are per process; `invalidate*` is called on every write that affects them.
 */
export class WorkflowContext {
  readonly events = new EventEmitter();
  private termbase: Promise<TermbaseSnapshot> | null = null;
  private memory: Promise<TranslationMemoryIndex> | null = null;

  constructor(
    readonly store: Store,
    /** Hong Kong standard by default: the Traditional readers of a Greater Bay Area site are in HK and Macao. */
    readonly traditionalVariant: 'hk' | 'tw' | 'twp' = 'hk',
  ) {
    this.events.setMaxListeners(0);
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
    if (!this.memory) return;
    const index = await this.memory;
    index.remove(unit.id);
    if (isMemoryWorthy(unit)) index.add(unit);
  }

  async unitsRemoved(ids: number[]): Promise<void> {
    if (!this.memory) return;
    const index = await this.memory;
    for (const id of ids) index.remove(id);
  }

  /** Drops the index so the next lookup rebuilds it (after bulk imports). */
  invalidateMemory(): void {
    this.memory = null;
  }

  articleChanged(slug: string): void {
    this.events.emit('article-changed', slug);
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
