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
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { StoreChange } from '../repository';
import { ChangeBatches, ChangeFeed } from '../sql/changes';
import type { SqlExecutor } from '../sql/executor';

/** Bytes a NOTIFY payload may have, with room to spare under PostgreSQL's 8000. */
const MAX_PAYLOAD = 7000;
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

export class ChangeChannel extends ChangeFeed {
  /** Set (per schema) before the first `listen`. */
  channel = channelName(undefined);
  /** Merged per turn of the event loop, sent as few NOTIFYs as fit, in order. */
  private readonly outgoing = new ChangeBatches(async (changes) => {
    for (const payload of encodeChanges(this.origin, changes)) await this.x.get('SELECT pg_notify(?, ?)', [this.channel, payload]);
  });
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = RETRY_FIRST_MS;
  /** Set when changes may have been missed; the next successful LISTEN reports a resync. */
  private missed = false;

  /** `x` sends the NOTIFYs (on its pool); LISTEN has a connection of its own to `url`. */
  constructor(private readonly x: SqlExecutor, private readonly url: string, private readonly connectionTimeoutMs: number) {
    super(x.store);
  }

  /**
   * Inside a transaction the change waits for the commit (the others would otherwise re-read
   * the old rows), and a failed NOTIFY must not fail the commit. It is sent on the pool, outside
   * whatever async context queued it: never inside someone's transaction.
   */
  publish(change: StoreChange): Promise<void> {
    if (this.x.afterCommit(() => void this.queue(change).catch(() => undefined))) return Promise.resolve();
    return this.x.outside(() => this.queue(change));
  }

  private queue(change: StoreChange): Promise<void> {
    return this.closed ? Promise.resolve() : this.outgoing.add(change);
  }

  protected async start(): Promise<void> {
    if (!this.client) await this.connect();
  }

  /** Sends what is queued, then stops listening. */
  override async close(): Promise<void> {
    if (this.closed) return;
    await this.outgoing.drain();
    await super.close();
  }

  /** One attempt; on failure a retry is scheduled and the caller goes on (changes are then resynced). */
  private connect(): Promise<void> {
    this.connecting ??= this.attempt().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async attempt(): Promise<void> {
    if (this.closed || !this.listened) return;
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.connectionTimeoutMs,
      keepAlive: true,
    });
    // Without these an ended connection would crash the process ('error' unhandled).
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.heard(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch {
      hangUp(client);
      this.missed = true;
      this.scheduleRetry();
      return;
    }
    if (this.closed || !this.listened) return hangUp(client);
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
    hangUp(client);
    if (this.closed || !this.listened) return;
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

  protected stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.client) hangUp(this.client);
    this.client = null;
  }

  private heard(payload: string | undefined): void {
    const envelope = parseEnvelope(payload);
    if (envelope) this.receive(envelope.o, envelope.c);
  }
}

/** Ends a LISTEN connection without hearing its end as a loss. */
function hangUp(client: Client): void {
  client.removeAllListeners('end');
  client.end().catch(() => undefined);
}
