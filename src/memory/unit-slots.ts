/**
 * The units of the candidate index, kept in slots as columns, not objects: per slot its kind
 * (locales, status, origin) as a small number, its texts (or, for a loaded index, their place in
 * the file), its source as token ids in one pool, a 16-byte record (feature signature, length,
 * pool offset), its numbers as ids in a pool of their own, and its penalty. An object per unit
 * cost ~100 bytes and its numbers' arrays ~170 more (Node keeps 8-byte fields): at 1,000,000
 * units that was ~140 MB of the index's heap. A unit object is made only for a unit that is
 * shown or ranked. Removing a unit kills its slot; editing one's source re-adds it in a new slot.
 */
import type { Locale } from '../locale';
import { NUMBER_KEY, eachToken, type TokenSink } from './normalise';
import { WordIds } from './word-ids';
import { penaltyFor, type IndexedUnit } from './match';
import type { UnitOrigin, UnitStatus } from './types';
import { grow } from './int-list';
import { SlotById } from './slot-by-id';
import { ALIVE, HAS_TARGET } from './slot-flags';
import { LocalePostings, MAX_INDEXED_TOKENS, freezePostings } from './postings';
import { writeIndexImage, type IndexFileMeta, type LoadedImage, type StoredTexts, type UnitKind } from './index-file';

/** Reused by every insert: the source's token ids, then its numbers. */
class IdSink implements TokenSink {
  ids = new Int32Array(256);
  length = 0;
  numbers: string[] = [];
  numberId = 0;
  words: WordIds | null = null;
  reset(words: WordIds, numberId: number): void {
    this.length = 0;
    this.numbers.length = 0;
    this.words = words;
    this.numberId = numberId;
  }
  private push(id: number): void {
    if (this.length === this.ids.length) this.ids = grow(this.ids, this.length + 1);
    this.ids[this.length++] = id;
  }
  word(text: string, start: number, end: number): void { this.push(this.words!.internWord(text, start, end)); }
  number(value: string): void { this.push(this.numberId); this.numbers.push(value); }
  other(key: string): void { this.push(this.words!.intern(key)); }
}
const idSink = new IdSink();

export { ALIVE, HAS_TARGET };

type Texts = [string, string, string | null, string | null];

export class UnitSlots {
  vocabulary = new Map<string, number>([[NUMBER_KEY, 0]]);
  slotCount = 0;
  slotOffset = new Int32Array(1024);
  /**
   * Per indexed slot, four words in one cache line: the bits (featureBit) of its source's features
   * (two words), its length and its pool offset. Every feature a unit shares with the query has its
   * bit set, so counting the query's features whose bits are set bounds the overlap from one
   * memory access, before the unit's tokens are read.
   */
  slotRecord = new Int32Array(4096);
  slotLength = new Int32Array(1024);
  /** Penalty points of a slot's unit (status and origin): its score is at most its similarity less these. */
  slotPenalty = new Uint8Array(1024);
  /** Per slot: ALIVE, and HAS_TARGET when the unit's target is not blank (a lookup then needs no text to rule it out). */
  slotFlags = new Uint8Array(1024);
  /** Per slot: its kind, an index into `kinds`. */
  slotKind = new Uint16Array(1024);
  /** The distinct (source locale, target locale, status, origin) of the units: a few dozen at most. */
  kinds: UnitKind[] = [];
  private kindOf = new Map<string, number>();
  private lastKind = 0;
  /**
   * Numbers of the sources, as ids into `numberValues`: slot s's are
   * numberPool[numberStart[s] .. numberStart[s + 1]), in order.
   */
  numberStart = new Int32Array(1025);
  numberPool = new Int32Array(1024);
  numberIds = new Map<string, number>();
  numberValues: string[] = [];
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
  /** Slots below this one are a loaded file's: their texts are read from it (and kept in `readTexts`). */
  private storedSlots = 0;
  /** Source, target, previous and next source of slot s ≥ storedSlots at 4·(s − storedSlots) … + 3. */
  private texts: Array<string | null> = [];
  /** Texts of stored slots read so far, or replaced since the load. */
  private readTexts = new Map<number, Texts>();

  get size(): number {
    return this.idToSlot.size;
  }

  /** The slots of a loaded index file; id map, penalties and the unindexed sets are derived here. */
  static fromImage(image: LoadedImage): UnitSlots {
    const u = new UnitSlots();
    const S = image.slotCount;
    u.vocabulary = image.vocabulary;
    u.slotCount = S;
    u.storedSlots = S;
    u.slotOffset = image.slotOffset;
    u.slotLength = image.slotLength;
    u.slotRecord = image.slotRecord;
    u.slotFlags = image.slotFlags;
    u.slotKind = image.slotKind;
    image.kinds.forEach((kind) => u.kindId(kind.sourceLocale, kind.targetLocale, kind.status, kind.origin));
    u.numberStart = image.numberStart;
    u.numberPool = image.numberPool;
    u.numberValues = image.numberValues;
    u.numberIds = image.numberIds;
    u.pool = image.pool;
    u.poolLength = image.pool.length;
    u.features = image.features;
    u.storedTexts = image.texts;
    u.slotPenalty = new Uint8Array(S);
    const kindPenalty = u.kinds.map((kind) => penaltyFor(kind.status, kind.origin).points);
    for (let s = 0; s < S; s++) {
      if ((u.slotFlags[s] & ALIVE) === 0) { u.dead++; continue; }
      u.slotPenalty[s] = kindPenalty[u.slotKind[s]];
      u.idToSlot.set(image.ids[s], s);
      const m = u.slotLength[s];
      if (m === 0 || m > MAX_INDEXED_TOKENS) u.unindexedOf(u.kinds[u.slotKind[s]].sourceLocale).add(s);
    }
    return u;
  }

  /** The kind's number, made on first use. */
  private kindId(sourceLocale: Locale, targetLocale: Locale, status: UnitStatus, origin: UnitOrigin): number {
    // A bulk load repeats a few kinds: most inserts are answered here, without building a key.
    const last = this.kinds[this.lastKind];
    if (last !== undefined && last.sourceLocale === sourceLocale && last.targetLocale === targetLocale && last.status === status
      && last.origin === origin) return this.lastKind;
    const key = `${sourceLocale}\u0000${targetLocale}\u0000${status}\u0000${origin}`;
    let id = this.kindOf.get(key);
    if (id === undefined) {
      id = this.kinds.length;
      if (id > 0xffff) throw new Error('more than 65,536 kinds of unit in one index');
      this.kinds.push({ sourceLocale, targetLocale, status, origin });
      this.kindOf.set(key, id);
    }
    this.lastKind = id;
    return id;
  }

  private unindexedOf(locale: Locale): Set<number> {
    let set = this.unindexed.get(locale);
    if (!set) this.unindexed.set(locale, (set = new Set()));
    return set;
  }

  isAlive(slot: number): boolean {
    return (this.slotFlags[slot] & ALIVE) !== 0;
  }

  kindAt(slot: number): UnitKind {
    return this.kinds[this.slotKind[slot]];
  }

  idAt(slot: number): number {
    return this.idToSlot.slotId[slot];
  }

  sourceText(slot: number): string {
    return slot < this.storedSlots ? this.stored(slot)[0] : this.texts[4 * (slot - this.storedSlots)]!;
  }

  targetText(slot: number): string {
    return slot < this.storedSlots ? this.stored(slot)[1] : this.texts[4 * (slot - this.storedSlots) + 1]!;
  }

  private stored(slot: number): Texts {
    let t = this.readTexts.get(slot);
    if (!t) this.readTexts.set(slot, (t = this.storedTexts!.texts(slot)));
    return t;
  }

  /** The unit of a live slot as an object of its own (null for a dead slot). */
  unitAt(slot: number): IndexedUnit | null {
    if (!this.isAlive(slot)) return null;
    const kind = this.kindAt(slot);
    let previousSource: string | null;
    let nextSource: string | null;
    let sourceText: string;
    let targetText: string;
    if (slot < this.storedSlots) {
      [sourceText, targetText, previousSource, nextSource] = this.stored(slot);
    } else {
      const at = 4 * (slot - this.storedSlots);
      sourceText = this.texts[at]!;
      targetText = this.texts[at + 1]!;
      previousSource = this.texts[at + 2];
      nextSource = this.texts[at + 3];
    }
    return {
      id: this.idAt(slot), sourceLocale: kind.sourceLocale, targetLocale: kind.targetLocale, sourceText, targetText,
      status: kind.status, origin: kind.origin, previousSource, nextSource,
    };
  }

  /** The numbers of a slot's source, in order. */
  numbersAt(slot: number): string[] {
    const out: string[] = [];
    for (let i = this.numberStart[slot]; i < this.numberStart[slot + 1]; i++) out.push(this.numberValues[this.numberPool[i]]);
    return out;
  }

  /** The slots as the chunks of an index file (every locale's postings frozen first). */
  toFile(meta: IndexFileMeta): Uint8Array[] {
    for (const [locale, lp] of this.features) if (lp.deltaSize > 0 || lp.delta.size > 0) this.freeze(locale, lp);
    this.storedTexts?.preload();
    return writeIndexImage(this, meta);
  }

  private wordIds: WordIds | null = null;

  /** The vocabulary's fast way in, made on first use (a loaded index may never add a unit). */
  private words(): WordIds {
    if (this.wordIds?.vocabulary !== this.vocabulary) this.wordIds = new WordIds(this.vocabulary);
    return this.wordIds;
  }

  intern(key: string): number {
    return this.words().intern(key);
  }

  /** Puts the unit in a new slot (its postings go to the delta lists); returns the slot. */
  insert(unit: IndexedUnit): number {
    // Each field read once: a unit read from a store may compute its texts.
    const { id, sourceLocale, targetLocale, sourceText, targetText, status, origin, previousSource, nextSource } = unit;
    const slot = this.slotCount++;
    this.idToSlot.set(id, slot);
    const cap = slot + 1;
    this.slotOffset = grow(this.slotOffset, cap);
    this.slotRecord = grow(this.slotRecord, 4 * cap);
    this.slotLength = grow(this.slotLength, cap);
    this.slotKind = grow(this.slotKind, cap);
    this.slotKind[slot] = this.kindId(sourceLocale, targetLocale, status, origin);
    this.texts.push(sourceText, targetText, previousSource, nextSource);

    const sink = idSink;
    const words = this.words();
    sink.reset(words, words.intern(NUMBER_KEY));
    eachToken(sourceText, sink);
    const n = sink.length;
    const scratchNumbers = sink.numbers;
    this.pool = grow(this.pool, this.poolLength + n);
    const off = this.poolLength;
    this.pool.set(sink.ids.subarray(0, n), off);
    this.poolLength += n;
    this.slotOffset[slot] = off;
    this.slotLength[slot] = n;

    const numbersFrom = this.numberStart[slot];
    this.numberStart = grow(this.numberStart, cap + 1);
    this.numberPool = grow(this.numberPool, numbersFrom + scratchNumbers.length);
    for (let i = 0; i < scratchNumbers.length; i++) {
      const value = scratchNumbers[i];
      let nid = this.numberIds.get(value);
      if (nid === undefined) { nid = this.numberValues.length; this.numberValues.push(value); this.numberIds.set(value, nid); }
      this.numberPool[numbersFrom + i] = nid;
    }
    this.numberStart[slot + 1] = numbersFrom + scratchNumbers.length;

    this.slotPenalty = grow(this.slotPenalty, cap);
    this.slotPenalty[slot] = penaltyFor(status, origin).points;
    this.slotFlags = grow(this.slotFlags, cap);
    this.slotFlags[slot] = ALIVE | (targetText.trim() !== '' ? HAS_TARGET : 0);

    if (n === 0 || n > MAX_INDEXED_TOKENS) {
      this.unindexedOf(sourceLocale).add(slot);
    } else {
      let lp = this.features.get(sourceLocale);
      if (!lp) this.features.set(sourceLocale, (lp = new LocalePostings()));
      lp.addDelta(slot, this.pool, off, n, this.slotRecord);
      const record = this.slotRecord;
      record[4 * slot + 2] = n;
      record[4 * slot + 3] = off;
    }
    return slot;
  }

  /** Replaces a slot's unit when only its status, origin or context changed (postings stay). */
  replace(slot: number, unit: IndexedUnit): void {
    const { sourceLocale, targetLocale, sourceText, targetText, status, origin, previousSource, nextSource } = unit;
    this.slotKind[slot] = this.kindId(sourceLocale, targetLocale, status, origin);
    if (slot < this.storedSlots) {
      this.readTexts.set(slot, [sourceText, targetText, previousSource, nextSource]);
    } else {
      const at = 4 * (slot - this.storedSlots);
      this.texts[at] = sourceText;
      this.texts[at + 1] = targetText;
      this.texts[at + 2] = previousSource;
      this.texts[at + 3] = nextSource;
    }
    this.slotPenalty[slot] = penaltyFor(status, origin).points;
    this.slotFlags[slot] = ALIVE | (targetText.trim() !== '' ? HAS_TARGET : 0);
  }

  kill(slot: number): void {
    if (!this.isAlive(slot)) return;
    this.unindexed.get(this.kindAt(slot).sourceLocale)?.delete(slot);
    this.slotFlags[slot] &= ~ALIVE;
    // The texts go now; the slot's tokens stay in the pool until the next rebuild.
    if (slot < this.storedSlots) this.readTexts.delete(slot);
    else this.texts.fill(null, 4 * (slot - this.storedSlots), 4 * (slot - this.storedSlots) + 4);
    this.dead++;
  }

  /** Merges a locale's delta lists into its frozen lists. */
  freeze(locale: Locale, lp: LocalePostings): void {
    const S = this.slotCount;
    const { slotLength, slotFlags, slotKind, kinds } = this;
    freezePostings(lp, {
      slotCount: S,
      belongs: (s) => {
        const m = slotLength[s];
        return (slotFlags[s] & ALIVE) !== 0 && kinds[slotKind[s]].sourceLocale === locale && m !== 0 && m <= MAX_INDEXED_TOKENS;
      },
      slotLength,
      slotOffset: this.slotOffset,
      pool: this.pool,
      vocabularySize: this.vocabulary.size,
    });
    // The arrays grew by doubling during the load; after a freeze (a bulk load's first lookup) they
    // stay as they are for a while, so their unused halves are given back. A loaded index's arrays
    // are exact views of its file and are left alone.
    this.pool = trimmed(this.pool, this.poolLength);
    this.slotOffset = trimmed(this.slotOffset, S);
    this.slotLength = trimmed(this.slotLength, S);
    this.slotRecord = trimmed(this.slotRecord, 4 * S);
    this.slotPenalty = trimmed(this.slotPenalty, S);
    this.slotFlags = trimmed(this.slotFlags, S);
    this.slotKind = trimmed(this.slotKind, S);
    this.numberStart = trimmed(this.numberStart, S + 1);
    this.numberPool = trimmed(this.numberPool, this.numberStart[S]);
    this.idToSlot.trim(S);
  }

  /** The live units, in slot order. */
  liveUnits(): IndexedUnit[] {
    this.storedTexts?.preload();
    const out: IndexedUnit[] = [];
    for (let s = 0; s < this.slotCount; s++) {
      const unit = this.unitAt(s);
      if (unit) out.push(unit);
    }
    return out;
  }
}

/** `a` itself, or a copy of its first `n` elements when over a quarter of it is unused. */
function trimmed<T extends Int32Array | Uint8Array | Uint16Array>(a: T, n: number): T {
  return a.length - n > a.length >> 2 ? (a.slice(0, n) as T) : a;
}
