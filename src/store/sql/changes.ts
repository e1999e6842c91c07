/**
 * Changes between processes that share one database, the half both dialects share: who listens,
 * the origin id that keeps a store object's own changes from coming back to it, and merging a
 * batch. A dialect says how a change leaves (`publish`) and how other processes' changes arrive
 * (`start` / `stop`, then `receive`): PostgreSQL LISTEN/NOTIFY (../postgres/changes.ts), SQLite
 * a polled change log (../sqlite/sqlite-store.ts).
 */
import { randomUUID } from 'node:crypto';
import { StoreUnavailableError } from '../repository';
import type { StoreChange } from '../repository';

export type ChangeListener = (change: StoreChange) => void;

/** Ids per change in a merged batch (ids are at most 20 characters: a NOTIFY payload stays small). */
const IDS_PER_CHANGE = 300;

export abstract class ChangeFeed {
  /** Tells this store object's changes apart from other processes'. */
  readonly origin = randomUUID();
  private readonly listeners = new Set<ChangeListener>();
  protected closed = false;

  /** `store` names the store in errors (SqlExecutor.store). */
  constructor(private readonly store: string) {}

  /** Tells the other processes; inside a transaction it goes out with the commit, or not at all. */
  abstract publish(change: StoreChange): Promise<void>;
  /** Starts hearing other processes (called at every `listen`: once started, it does nothing). */
  protected abstract start(): Promise<void>;
  /** Stops hearing them (after the last listener leaves, and at close). */
  protected abstract stop(): void;

  protected get listened(): boolean {
    return this.listeners.size > 0;
  }

  async listen(listener: ChangeListener): Promise<() => void> {
    if (this.closed) throw new StoreUnavailableError(`${this.store} is closed`);
    this.listeners.add(listener);
    await this.start();
    return () => {
      if (this.listeners.delete(listener) && !this.listened) this.stop();
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.stop();
  }

  /** Delivers another store object's changes (never this one's own). */
  protected receive(origin: string, changes: readonly StoreChange[]): void {
    if (origin === this.origin) return;
    for (const change of changes) this.deliver(change);
  }

  protected deliver(change: StoreChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // One listener's failure must not stop the others (nor the feed).
      }
    }
  }
}

/**
 * Changes queued in one turn of the event loop leave together, merged (for a channel where each
 * message costs, as NOTIFY does); the batches leave one after another, in the order queued.
 */
export class ChangeBatches {
  private outgoing: StoreChange[] = [];
  private scheduled: Promise<void> | null = null;
  private sending: Promise<void> = Promise.resolve();

  constructor(private readonly send: (merged: StoreChange[]) => Promise<void>) {}

  /** Resolves once the change's batch is sent (rejects if sending it failed). */
  add(change: StoreChange): Promise<void> {
    this.outgoing.push(change);
    this.scheduled ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.scheduled = null;
      const batch = this.outgoing;
      this.outgoing = [];
      const flush = this.sending.then(() => this.send(mergeChanges(batch)));
      this.sending = flush.catch(() => undefined);
      return flush;
    });
    return this.scheduled;
  }

  /** Waits for what is queued and in flight. */
  async drain(): Promise<void> {
    await (this.scheduled ?? Promise.resolve()).catch(() => undefined);
    await this.sending;
  }
}

/** Merges a batch: ids deduplicated, the unit lists dropped when the whole memory is rebuilt anyway. */
export function mergeChanges(changes: readonly StoreChange[]): StoreChange[] {
  const slugs = new Set<string>();
  const changed = new Set<number>();
  const removed = new Set<number>();
  let memory = false;
  let termbase = false;
  let resync = false;
  for (const change of changes) {
    switch (change.kind) {
      case 'article': slugs.add(change.slug); break;
      case 'units': for (const id of change.ids) changed.add(id); break;
      case 'units-removed': for (const id of change.ids) removed.add(id); break;
      case 'memory': memory = true; break;
      case 'termbase': termbase = true; break;
      case 'resync': resync = true; break;
    }
  }
  if (resync) return [{ kind: 'resync' }];
  const out: StoreChange[] = [];
  if (termbase) out.push({ kind: 'termbase' });
  if (memory) {
    out.push({ kind: 'memory' });
  } else {
    const list = (ids: Set<number>) => [...ids].sort((a, b) => a - b);
    for (let i = 0, ids = list(removed); i < ids.length; i += IDS_PER_CHANGE) out.push({ kind: 'units-removed', ids: ids.slice(i, i + IDS_PER_CHANGE) });
    for (let i = 0, ids = list(changed); i < ids.length; i += IDS_PER_CHANGE) out.push({ kind: 'units', ids: ids.slice(i, i + IDS_PER_CHANGE) });
  }
  for (const slug of slugs) out.push({ kind: 'article', slug });
  return out;
}
