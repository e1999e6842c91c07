/**
 * Unit id → slot, as an open-addressing hash table of slot numbers (linear probing) whose keys are
 * the ids kept per slot: 4 bytes a table entry at most half full, where a Map<number, number>
 * cost ~30 bytes an entry (≈30 MB of a 1,000,000-unit index).
 */
import { grow } from './int-list';

const EMPTY = -1;

export class SlotById {
  /** Unit id per slot (a killed slot keeps its id until the slot is reused: never, slots only grow). */
  slotId = new Float64Array(1024);
  /** Slot numbers, EMPTY where free; the capacity is a power of two. */
  private table = new Int32Array(1024).fill(EMPTY);
  private count = 0;

  get size(): number {
    return this.count;
  }

  private home(id: number): number {
    // Ids are integers; ones beyond 32 bits fold in their high part.
    const hash = Math.imul((id | 0) ^ Math.floor(id / 4294967296), 0x9e3779b1);
    return (hash >>> 0) & (this.table.length - 1);
  }

  /** The slot of the unit, or -1. */
  get(id: number): number {
    const table = this.table;
    const mask = table.length - 1;
    for (let i = this.home(id); ; i = (i + 1) & mask) {
      const s = table[i];
      if (s === EMPTY) return -1;
      if (this.slotId[s] === id) return s;
    }
  }

  has(id: number): boolean {
    return this.get(id) >= 0;
  }

  /** Maps the id to the slot (replacing any slot it had). */
  set(id: number, slot: number): void {
    this.slotId = grow(this.slotId, slot + 1);
    this.slotId[slot] = id;
    if (2 * (this.count + 1) > this.table.length) this.rehash(this.table.length * 2);
    const table = this.table;
    const mask = table.length - 1;
    for (let i = this.home(id); ; i = (i + 1) & mask) {
      const s = table[i];
      if (s === EMPTY) { table[i] = slot; this.count++; return; }
      if (s === slot || this.slotId[s] === id) { table[i] = slot; return; }
    }
  }

  /** Forgets the id; false when it was not mapped. */
  delete(id: number): boolean {
    const table = this.table;
    const mask = table.length - 1;
    let i = this.home(id);
    for (; ; i = (i + 1) & mask) {
      const s = table[i];
      if (s === EMPTY) return false;
      if (this.slotId[s] === id) break;
    }
    // Backward-shift deletion: move later entries of the probe run into the hole, so no tombstones.
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const s = table[j];
      if (s === EMPTY) break;
      const h = this.home(this.slotId[s]);
      // Entry j may fill hole i when its home is not in (i, j] (cyclically).
      if (i <= j ? h <= i || h > j : h <= i && h > j) { table[i] = s; i = j; }
    }
    table[i] = EMPTY;
    this.count--;
    return true;
  }

  /** Gives back the unused end of the id array (after a bulk load). */
  trim(slots: number): void {
    if (this.slotId.length > slots) this.slotId = this.slotId.slice(0, slots);
  }

  private rehash(capacity: number): void {
    const old = this.table;
    this.table = new Int32Array(capacity).fill(EMPTY);
    const mask = capacity - 1;
    for (const s of old) {
      if (s === EMPTY) continue;
      let i = this.home(this.slotId[s]);
      while (this.table[i] !== EMPTY) i = (i + 1) & mask;
      this.table[i] = s;
    }
  }
}
