/**
 * Change notification between processes that share one PostgreSQL database: NOTIFY on the
 * way out, LISTEN on one dedicated connection on the way in.
 *
 * Outgoing changes are merged for one turn of the event loop and sent as few NOTIFYs as fit
 * PostgreSQL's 8000-byte payload, each tagged with this store object's origin id so that its
 * own echo is ignored. NOTIFY is not queued for a listener that is disconnected, so when the
 * listening connection comes back (a server restart, a network cut) the listeners are told to
 * `resync`: drop every cache, since any change may have been missed meanwhile.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { StoreChange } from '../repository';

type Listener = (change: StoreChange) => void;

/** Bytes a NOTIFY payload may have, with room to spare under PostgreSQL's 8000. */
const MAX_PAYLOAD = 7000;
/** Ids per change in one payload (ids are at most 20 characters). */
const IDS_PER_CHANGE = 300;
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 2000;

interface Envelope {
  /** Origin: the store object that sent it. */
  o: string;
  c: StoreChange[];
}

/** The channel for a schema: one per schema, so tests (and tenants) in one database stay apart. */
export function channelName(schema: string | undefined): string {
  const name = schema ? `bitext_changes_${schema}` : 'bitext_changes';
  // Identifiers are cut at 63 bytes; a long schema name gets a hash instead of a collision.
  return name.length <= 63 ? name : `bitext_changes_${createHash('sha256').update(schema!).digest('hex').slice(0, 32)}`;
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

/** Packs changes into payloads under MAX_PAYLOAD bytes each. */
export function encodeChanges(origin: string, changes: readonly StoreChange[]): string[] {
  const payloads: string[] = [];
  let current: StoreChange[] = [];
  const encode = (c: StoreChange[]) => JSON.stringify({ o: origin, c } satisfies Envelope);
  for (const change of changes) {
    const next = [...current, change];
    if (current.length > 0 && Buffer.byteLength(encode(next)) > MAX_PAYLOAD) {
      payloads.push(encode(current));
      current = [change];
    } else {
      current = next;
    }
  }
  if (current.length) payloads.push(encode(current));
  // A slug long enough to overflow alone cannot be sent whole: everyone drops everything instead.
  return payloads.map((p) => (Buffer.byteLength(p) > MAX_PAYLOAD ? encode([{ kind: 'resync' }]) : p));
}

function parseEnvelope(payload: string | undefined): Envelope | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as Partial<Envelope>;
    return typeof value.o === 'string' && Array.isArray(value.c) ? (value as Envelope) : null;
  } catch {
    return null;
  }
}

export interface ChangeChannelOptions {
  url: string;
  /** Set before the first `listen`. */
  channel: string;
  connectionTimeoutMs: number;
  /** Sends one NOTIFY (through the store's pool). */
  send: (channel: string, payload: string) => Promise<void>;
}

export class ChangeChannel {
  readonly origin = randomUUID();
  private outgoing: StoreChange[] = [];
  private scheduled: Promise<void> | null = null;
  /** Flushes run one after another, so changes leave in the order they were made. */
  private sending: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<Listener>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = RETRY_FIRST_MS;
  /** Set when changes may have been missed; the next successful LISTEN reports a resync. */
  private missed = false;
  private closed = false;

  constructor(private readonly options: ChangeChannelOptions) {}

  get channel(): string {
    return this.options.channel;
  }

  set channel(name: string) {
    this.options.channel = name;
  }

  /** Whether the listening connection is up (for diagnostics and tests). */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Queues changes; they go out together at the end of this turn of the event loop. */
  publish(changes: readonly StoreChange[]): Promise<void> {
    if (this.closed || changes.length === 0) return Promise.resolve();
    this.outgoing.push(...changes);
    this.scheduled ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.scheduled = null;
      const batch = this.outgoing;
      this.outgoing = [];
      const flush = this.sending.then(() => this.sendAll(batch));
      this.sending = flush.catch(() => undefined);
      return flush;
    });
    return this.scheduled;
  }

  private async sendAll(batch: StoreChange[]): Promise<void> {
    for (const payload of encodeChanges(this.origin, mergeChanges(batch))) {
      await this.options.send(this.options.channel, payload);
    }
  }

  async listen(listener: Listener): Promise<() => void> {
    if (this.closed) throw new Error('the change channel is closed');
    this.listeners.add(listener);
    if (!this.client) await this.connect();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.disconnect();
    };
  }

  /** Sends what is queued, then stops listening. */
  async close(): Promise<void> {
    if (this.closed) return;
    await (this.scheduled ?? Promise.resolve()).catch(() => undefined);
    await this.sending;
    this.closed = true;
    this.listeners.clear();
    this.disconnect();
  }

  /** One attempt; on failure a retry is scheduled and the caller goes on (changes are then resynced). */
  private connect(): Promise<void> {
    this.connecting ??= this.attempt().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async attempt(): Promise<void> {
    if (this.closed || this.listeners.size === 0) return;
    const client = new Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: this.options.connectionTimeoutMs,
      keepAlive: true,
    });
    // Without these an ended connection would crash the process ('error' unhandled).
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === this.options.channel) this.receive(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.options.channel}"`);
    } catch {
      client.removeAllListeners('end');
      client.end().catch(() => undefined);
      this.missed = true;
      this.scheduleRetry();
      return;
    }
    if (this.closed || this.listeners.size === 0) {
      client.removeAllListeners('end');
      client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RETRY_FIRST_MS;
    if (this.missed) {
      this.missed = false;
      this.deliver({ kind: 'resync' });
    }
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.closed || this.listeners.size === 0) return;
    this.missed = true;
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, wait);
    // A pending reconnect alone must not keep a finished CLI command alive.
    this.retryTimer.unref();
  }

  private disconnect(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      client.end().catch(() => undefined);
    }
  }

  private receive(payload: string | undefined): void {
    const envelope = parseEnvelope(payload);
    if (!envelope || envelope.o === this.origin) return;
    for (const change of envelope.c) this.deliver(change);
  }

  private deliver(change: StoreChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // One listener's failure must not stop the others (nor the connection's event loop).
      }
    }
  }
}
