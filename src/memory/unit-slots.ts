/**
 * The units of the candidate index, kept in slots: the unit, its source as token ids in one pool,
 * and per slot a 16-byte record (feature signature, length, pool offset), its numbers and its
 * penalty. Removing a unit kills its slot; editing one's source re-adds it in a new slot.
 */
import type { Locale } from '../locale';
import { NUMBER_KEY, tokenKeys } from './normalise';
import { penaltyFor, type IndexedUnit } from './match';
import { grow } from './int-list';
import { SlotById } from './slot-by-id';
import { LocalePostings, MAX_INDEXED_TOKENS, freezePostings } from './postings';
import { writeIndexImage, type IndexFileMeta, type LoadedImage, type StoredTexts } from './index-file';

// Reused by every insert: the keys and numbers of the source being added.
const scratchKeys: string[] = [];
const scratchNumbers: string[] = [];

/** slotFlags bit: the unit has a target to offer. */
export const HAS_TARGET = 1;

export class UnitSlots {
  vocabulary = new Map<string, number>([[NUMBER_KEY, 0]]);
  slots: Array<IndexedUnit | null> = [];
  slotOffset = new Int32Array(1024);
  /**
   * Per indexed slot, four words in one cache line: the bits (featureBit) of its source's features
   * (two words), its length and its pool offset. Every feature a unit shares with the query has its
   * bit set, so counting the query's features whose bits are set bounds the overlap from one
   * memory access, before the unit's tokens are read.
   */
  slotRecord = new Int32Array(4096);
  slotLength = new Int32Array(1024);
  /** The numbers of a slot's source, null when it has none (most have none: no array for them). */
  slotNumbers: Array<string[] | null> = [];
  /** Penalty points of a slot's unit (status and origin): its score is at most its similarity less these. */
  slotPenalty = new Uint8Array(1024);
  /** Per slot: HAS_TARGET when the unit's target is not blank (a lookup then needs no text to rule it out). */
  slotFlags = new Uint8Array(1024);
  pool = new Int32Array(1 << 16);
  poolLength = 0;
  idToSlot = new SlotById();
  dead = 0;
  /** Source-side features per source locale. */
  features = new Map<Locale, LocalePostings>();
  /** Slots not in the posting lists (no tokens, or very long), per source locale. */
  unindexed = new Map<Locale, Set<number>>();

  /** The texts of the units loaded from an index file (null for an index built in memory). */
  storedTexts: StoredTexts | null = null;

  get size(): number {
    return this.idToSlot.size;
  }

  /** The slots of a loaded index file; id map, penalties and the unindexed sets are derived here. */
  static fromImage(image: LoadedImage): UnitSlots {
    const u = new UnitSlots();
    const S = image.slots.length;
    u.vocabulary = image.vocabulary;
    u.slots = image.slots;
    u.slotOffset = image.slotOffset;
    u.slotLength = image.slotLength;
    u.slotRecord = image.slotRecord;
    u.slotNumbers = image.slotNumbers;
    u.slotFlags = image.slotFlags;
    u.pool = image.pool;
    u.poolLength = image.pool.length;
    u.features = image.features;
    u.storedTexts = image.texts;
    u.slotPenalty = new Uint8Array(S);
    const penalties = new Map<string, number>();
    for (let s = 0; s < S; s++) {
      const unit = image.slots[s];
      if (!unit) { u.dead++; continue; }
      const key = `${unit.status}\u0000${unit.origin}`;
      let points = penalties.get(key);
      if (points === undefined) penalties.set(key, (points = penaltyFor(unit.status, unit.origin).points));
      u.slotPenalty[s] = points;
      u.idToSlot.set(unit.id, s);
      const m = u.slotLength[s];
      if (m === 0 || m > MAX_INDEXED_TOKENS) {
        let set = u.unindexed.get(unit.sourceLocale);
        if (!set) u.unindexed.set(unit.sourceLocale, (set = new Set()));
        set.add(s);
      }
    }
    return u;
  }

  /** The slots as the chunks of an index file (every locale's postings frozen first). */
  toFile(meta: IndexFileMeta): Uint8Array[] {
    for (const [locale, lp] of this.features) if (lp.deltaSize > 0 || lp.delta.size > 0) this.freeze(locale, lp);
    this.storedTexts?.preload();
    return writeIndexImage(this, meta);
  }

  intern(key: string): number {
    let id = this.vocabulary.get(key);
    if (id === undefined) { id = this.vocabulary.size; this.vocabulary.set(key, id); }
    return id;
  }

  /** Puts a copy of the unit in a new slot (its postings go to the delta lists); returns the slot. */
  insert(unit: IndexedUnit): number {
    const copy = copyUnit(unit);
    const slot = this.slots.length;
    this.slots.push(copy);
    this.idToSlot.set(unit.id, slot);
    const cap = slot + 1;
    this.slotOffset = grow(this.slotOffset, cap);
    this.slotRecord = grow(this.slotRecord, 4 * cap);
    this.slotLength = grow(this.slotLength, cap);

    const keys = scratchKeys;
    tokenKeys(copy.sourceText, keys, scratchNumbers);
    const n = keys.length;
    this.pool = grow(this.pool, this.poolLength + n);
    const off = this.poolLength;
    for (let i = 0; i < n; i++) this.pool[off + i] = this.intern(keys[i]);
    const numbers = scratchNumbers.length > 0 ? scratchNumbers.slice() : null;
    this.poolLength += n;
    this.slotOffset[slot] = off;
    this.slotLength[slot] = n;
    this.slotNumbers.push(numbers);
    this.slotPenalty = grow(this.slotPenalty, cap);
    this.slotPenalty[slot] = penaltyFor(copy.status, copy.origin).points;
    this.slotFlags = grow(this.slotFlags, cap);
    this.slotFlags[slot] = copy.targetText.trim() !== '' ? HAS_TARGET : 0;

    if (n === 0 || n > MAX_INDEXED_TOKENS) {
      let set = this.unindexed.get(copy.sourceLocale);
      if (!set) this.unindexed.set(copy.sourceLocale, (set = new Set()));
      set.add(slot);
    } else {
      let lp = this.features.get(copy.sourceLocale);
      if (!lp) this.features.set(copy.sourceLocale, (lp = new LocalePostings()));
      lp.addDelta(slot, this.pool, off, n, this.slotRecord);
      const record = this.slotRecord;
      record[4 * slot + 2] = n;
      record[4 * slot + 3] = off;
    }
    return slot;
  }

  /** Replaces a slot's unit when only its status, origin or context changed (postings stay). */
  replace(slot: number, unit: IndexedUnit): void {
    this.slots[slot] = copyUnit(unit);
    this.slotPenalty[slot] = penaltyFor(unit.status, unit.origin).points;
    this.slotFlags[slot] = unit.targetText.trim() !== '' ? HAS_TARGET : 0;
  }

  kill(slot: number): void {
    const unit = this.slots[slot];
    if (!unit) return;
    this.slots[slot] = null;
    this.unindexed.get(unit.sourceLocale)?.delete(slot);
    this.dead++;
  }

  /** Merges a locale's delta lists into its frozen lists. */
  freeze(locale: Locale, lp: LocalePostings): void {
    const slots = this.slots;
    const slotLength = this.slotLength;
    freezePostings(lp, {
      slotCount: slots.length,
      belongs: (s) => {
        const u = slots[s];
        const m = slotLength[s];
        return u !== null && u.sourceLocale === locale && m !== 0 && m <= MAX_INDEXED_TOKENS;
      },
      slotLength,
      slotOffset: this.slotOffset,
      pool: this.pool,
      vocabularySize: this.vocabulary.size,
    });
    // The arrays grew by doubling during the load; after a freeze (a bulk load's first lookup) they
    // stay as they are for a while, so their unused halves are given back. A loaded index's arrays
    // are exact views of its file and are left alone.
    const S = slots.length;
    this.pool = trimmed(this.pool, this.poolLength);
    this.slotOffset = trimmed(this.slotOffset, S);
    this.slotLength = trimmed(this.slotLength, S);
    this.slotRecord = trimmed(this.slotRecord, 4 * S);
    this.slotPenalty = trimmed(this.slotPenalty, S);
    this.slotFlags = trimmed(this.slotFlags, S);
    this.idToSlot.trim(S);
  }

  /** The live units, in slot order. */
  liveUnits(): IndexedUnit[] {
    this.storedTexts?.preload();
    return this.slots.filter((u): u is IndexedUnit => u !== null);
  }
}

/** `a` itself, or a copy of its first `n` elements when over a quarter of it is unused. */
function trimmed<T extends Int32Array | Uint8Array>(a: T, n: number): T {
  return a.length - n > a.length >> 2 ? (a.slice(0, n) as T) : a;
}

/** A plain copy of a unit (a stored unit's texts are read here, once). */
export function copyUnit(u: IndexedUnit): IndexedUnit {
  return {
    id: u.id, sourceLocale: u.sourceLocale, targetLocale: u.targetLocale, sourceText: u.sourceText,
    targetText: u.targetText, status: u.status, origin: u.origin, previousSource: u.previousSource, nextSource: u.nextSource,
  };
}
