/**
 * The candidate index as one file, so that a process can load it instead of tokenising and
 * indexing every unit again (issue #20). The file holds the slots, the token pool, the vocabulary
 * and each locale's frozen posting lists as little-endian typed arrays, 8-byte aligned, which a
 * load turns into views of one buffer without copying; then the units' texts, which stay in the
 * file and are read one unit at a time when a unit is shown (a match, a concordance hit).
 *
 *   'BXTMIDX\n' · u32 format · u32 header length · u32 header CRC · header JSON · (pad) · index part · texts part
 *
 * Nothing in it is trusted: the length must be the one the header states (a truncated file), the
 * index part must match its CRC-32 (a damaged one), and each unit's texts their own CRC-32 when
 * read. The header carries what the caller needs to tell a stale file (`meta`: the store's id and
 * change marks) and the scorer version: a file written by another tokeniser or score is refused.
 */
import { crc32 } from 'node:zlib';
import type { Locale } from '../locale';
import { UNIT_ORIGINS, UNIT_STATUSES, type UnitOrigin, type UnitStatus } from './types';
import type { IndexedUnit } from './match';
import { LocalePostings } from './postings';
import { grow } from './int-list';
import { ALIVE, HAS_TARGET } from './slot-flags';

const MAGIC = Buffer.from('BXTMIDX\n', 'latin1');
/** Bytes before the header JSON: magic, format, header length, header CRC. */
const PREFIX = 20;
/** Layout of the file. */
export const INDEX_FILE_FORMAT = 1;
/**
 * Version of what the file's numbers mean: the tokeniser, the vocabulary keys and the similarity.
 * Bump it with any change to normalise.ts or score.ts, so old files are rebuilt, never misread.
 */
export const SCORER_VERSION = 1;

/** Random access to the bytes of an index file (a file descriptor, or a buffer). */
export interface IndexFileReader {
  readonly size: number;
  /** Exactly `length` bytes at `position` (throws when the file is shorter). */
  read(position: number, length: number): Uint8Array;
  /** Releases the file (a reader of a buffer has nothing to release). */
  close(): void;
}

/** A file that cannot be used: missing parts, damaged, or written by another version. */
export class IndexFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexFileError';
  }
}

/** What the caller stores with the index to tell later whether the file is stale. */
export type IndexFileMeta = Record<string, string | number | null>;

type ArrayKind = 'f64' | 'i32' | 'u16' | 'u8';
const BYTES: Record<ArrayKind, number> = { f64: 8, i32: 4, u16: 2, u8: 1 };
type AnyArray = Float64Array | Int32Array | Uint16Array | Uint8Array;

interface Header {
  format: number;
  scorer: number;
  meta: IndexFileMeta;
  slots: number;
  poolLength: number;
  locales: Locale[];
  /** Source and target locale per pair number. */
  pairs: Array<[Locale, Locale]>;
  statuses: string[];
  origins: string[];
  /** Locales with posting lists, in section order. */
  postingLocales: Locale[];
  /** name → [offset in the index part, element count, kind]. */
  sections: Record<string, [number, number, ArrayKind]>;
  indexBytes: number;
  indexCrc: number;
  textsBytes: number;
  fileBytes: number;
}

/** What a unit's slot records besides its texts: its locales, status and origin. */
export interface UnitKind {
  readonly sourceLocale: Locale;
  readonly targetLocale: Locale;
  readonly status: UnitStatus;
  readonly origin: UnitOrigin;
}

/** The parts of the index the file holds (UnitSlots and its postings, seen as plain data). */
export interface IndexImage {
  readonly slotCount: number;
  /** A live slot's unit, null for a dead one. */
  unitAt(slot: number): IndexedUnit | null;
  /** The numbers of a slot's source, in order. */
  numbersAt(slot: number): string[];
  slotOffset: Int32Array;
  slotLength: Int32Array;
  slotRecord: Int32Array;
  pool: Int32Array;
  poolLength: number;
  vocabulary: Map<string, number>;
  /** Frozen postings per locale (no delta lists: freeze before writing). */
  features: Map<Locale, LocalePostings>;
}

const FLAG_ALIVE = 1;
const FLAG_TARGET = 2;
const NO_TEXT = -1;

const align8 = (n: number): number => (n + 7) & ~7;

/** Writes the index as the chunks of one file (the caller writes them in order). */
export function writeIndexImage(image: IndexImage, meta: IndexFileMeta): Uint8Array[] {
  const S = image.slotCount;
  const pairs: Array<[Locale, Locale]> = [];
  const pairOf = new Map<string, number>();
  const locales = new Set<Locale>();
  const ids = new Float64Array(S);
  const info = new Uint8Array(4 * S);
  const textPos = new Float64Array(S);
  const textLen = new Int32Array(4 * S).fill(NO_TEXT);
  const textCrc = new Int32Array(S);
  const texts: Buffer[] = [];
  let textsBytes = 0;
  const numbersIndex = new Int32Array(S + 1);
  const numberParts: string[] = [];
  let numberBytes = 0;
  for (let s = 0; s < S; s++) {
    numbersIndex[s] = numberBytes;
    const unit = image.unitAt(s);
    if (!unit) continue;
    const pairKey = `${unit.sourceLocale}\u0000${unit.targetLocale}`;
    let pair = pairOf.get(pairKey);
    if (pair === undefined) {
      if (pairs.length >= 255) throw new IndexFileError('more than 255 language pairs in one index');
      pair = pairs.length;
      pairs.push([unit.sourceLocale, unit.targetLocale]);
      pairOf.set(pairKey, pair);
      locales.add(unit.sourceLocale).add(unit.targetLocale);
    }
    ids[s] = unit.id;
    info[4 * s] = UNIT_STATUSES.indexOf(unit.status);
    info[4 * s + 1] = UNIT_ORIGINS.indexOf(unit.origin);
    info[4 * s + 2] = pair;
    info[4 * s + 3] = FLAG_ALIVE | (unit.targetText.trim() !== '' ? FLAG_TARGET : 0);
    textPos[s] = textsBytes;
    const parts = [unit.sourceText, unit.targetText, unit.previousSource, unit.nextSource];
    const pieces: Buffer[] = [];
    for (let k = 0; k < 4; k++) {
      const t = parts[k];
      if (t === null) continue;
      const bytes = Buffer.from(t, 'utf8');
      textLen[4 * s + k] = bytes.length;
      pieces.push(bytes);
    }
    const joined = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
    textCrc[s] = crc32(joined) | 0;
    texts.push(joined);
    textsBytes += joined.length;
    const numbers = image.numbersAt(s);
    if (numbers.length) {
      const joined = `${numbers.join(' ')}`;
      numberParts.push(joined);
      numberBytes += Buffer.byteLength(joined, 'utf8');
    }
  }
  numbersIndex[S] = numberBytes;
  const vocabulary = Buffer.from([...image.vocabulary.keys()].join('\n'), 'utf8');
  const sections: Array<[string, AnyArray, ArrayKind]> = [
    ['ids', ids, 'f64'], ['textPos', textPos, 'f64'],
    ['info', info, 'u8'], ['offset', image.slotOffset.subarray(0, S), 'i32'], ['length', image.slotLength.subarray(0, S), 'i32'],
    ['record', image.slotRecord.subarray(0, 4 * S), 'i32'], ['pool', image.pool.subarray(0, image.poolLength), 'i32'],
    ['textLen', textLen, 'i32'], ['textCrc', textCrc, 'i32'], ['numbersIndex', numbersIndex, 'i32'],
    ['numbers', new Uint8Array(Buffer.from(numberParts.join(''), 'utf8')), 'u8'], ['vocabulary', new Uint8Array(vocabulary), 'u8'],
  ];
  const postingLocales: Locale[] = [];
  for (const [locale, lp] of image.features) {
    if (lp.deltaSize > 0 || lp.delta.size > 0 || lp.pending.length > 0) throw new IndexFileError(`the postings of ${locale} are not frozen`);
    const i = postingLocales.length;
    postingLocales.push(locale);
    const occKeys = new Float64Array(lp.occurrenceFeature.size);
    const occValues = new Int32Array(lp.occurrenceFeature.size);
    let j = 0;
    for (const [k, v] of lp.occurrenceFeature) { occKeys[j] = k; occValues[j++] = v; }
    sections.push(
      [`p${i}.occKeys`, occKeys, 'f64'], [`p${i}.tokenFeature`, lp.tokenFeature, 'i32'], [`p${i}.occValues`, occValues, 'i32'],
      [`p${i}.start`, lp.start, 'i32'], [`p${i}.postings`, lp.postings, 'i32'], [`p${i}.dirStart`, lp.dirStart, 'i32'],
      [`p${i}.dirPos`, lp.dirPos, 'i32'], [`p${i}.dirLength`, lp.dirLength, 'u16'],
    );
  }
  // The index part: every section 8-aligned, in one buffer so its CRC is one call.
  const table: Header['sections'] = {};
  let indexBytes = 0;
  for (const [name, array, kind] of sections) {
    table[name] = [indexBytes, array.length, kind];
    indexBytes = align8(indexBytes + array.byteLength);
  }
  const index = Buffer.alloc(indexBytes);
  for (const [name, array] of sections) {
    index.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), table[name][0]);
  }
  const header: Omit<Header, 'fileBytes'> & { fileBytes: number } = {
    format: INDEX_FILE_FORMAT, scorer: SCORER_VERSION, meta, slots: S, poolLength: image.poolLength,
    locales: [...locales], pairs, statuses: [...UNIT_STATUSES], origins: [...UNIT_ORIGINS], postingLocales,
    sections: table, indexBytes, indexCrc: crc32(index) | 0, textsBytes, fileBytes: 0,
  };
  // The header states the file's length, which depends on the header's own length: settle it.
  let headerBytes = Buffer.alloc(0);
  for (let guess = 0; ;) {
    header.fileBytes = guess;
    headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const total = align8(PREFIX + headerBytes.length) + indexBytes + textsBytes;
    if (total === guess) break;
    guess = total;
  }
  const prefix = Buffer.alloc(align8(PREFIX + headerBytes.length));
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(INDEX_FILE_FORMAT, 8);
  prefix.writeUInt32LE(headerBytes.length, 12);
  prefix.writeInt32LE(crc32(headerBytes) | 0, 16);
  headerBytes.copy(prefix, PREFIX);
  return [prefix, index, ...texts];
}

/** The header of an index file, checked for magic, format and length; null when it is not one. */
export function readIndexHeader(reader: IndexFileReader): Header {
  if (reader.size < PREFIX) throw new IndexFileError('too short to be an index file');
  const head = Buffer.from(reader.read(0, PREFIX));
  if (!head.subarray(0, 8).equals(MAGIC)) throw new IndexFileError('not an index file');
  const format = head.readUInt32LE(8);
  if (format !== INDEX_FILE_FORMAT) throw new IndexFileError(`index file format ${format}, not ${INDEX_FILE_FORMAT}`);
  const headerLength = head.readUInt32LE(12);
  if (headerLength > reader.size - PREFIX || headerLength > 1 << 24) throw new IndexFileError('truncated index file (header)');
  const raw = reader.read(PREFIX, headerLength);
  if ((crc32(raw) | 0) !== head.readInt32LE(16)) throw new IndexFileError('damaged index file: the header fails its checksum');
  let header: Header;
  try {
    header = JSON.parse(Buffer.from(raw).toString('utf8')) as Header;
  } catch {
    throw new IndexFileError('damaged index file header');
  }
  if (header.scorer !== SCORER_VERSION) throw new IndexFileError(`index file of scorer ${header.scorer}, not ${SCORER_VERSION}`);
  if (header.fileBytes !== reader.size) throw new IndexFileError(`index file of ${reader.size} bytes, its header says ${header.fileBytes}: truncated or overwritten`);
  return header;
}

/** The units' texts, left in the file and read (and checked) one unit at a time. */
export class StoredTexts {
  private preloaded: Uint8Array | null = null;

  constructor(
    private readonly reader: IndexFileReader,
    private readonly base: number,
    private readonly bytes: number,
    private readonly pos: Float64Array,
    private readonly len: Int32Array,
    private readonly crc: Int32Array,
  ) {}

  /** Reads every text at once (before a pass over all units: a concordance build, a rewrite). */
  preload(): void {
    this.preloaded ??= this.reader.read(this.base, this.bytes);
  }

  /** Source, target, previous and next source of a slot. */
  texts(slot: number): [string, string, string | null, string | null] {
    let total = 0;
    for (let k = 0; k < 4; k++) if (this.len[4 * slot + k] > 0) total += this.len[4 * slot + k];
    const at = this.pos[slot];
    const raw = this.preloaded ? this.preloaded.subarray(at, at + total) : this.reader.read(this.base + at, total);
    if ((crc32(raw) | 0) !== this.crc[slot]) throw new IndexFileError(`damaged index file: the texts of slot ${slot} fail their checksum`);
    const buffer = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const out: Array<string | null> = [];
    let p = 0;
    for (let k = 0; k < 4; k++) {
      const n = this.len[4 * slot + k];
      if (n < 0) { out.push(null); continue; }
      out.push(buffer.toString('utf8', p, p + n));
      p += n;
    }
    return [out[0] ?? '', out[1] ?? '', out[2] ?? null, out[3] ?? null];
  }

  close(): void {
    this.reader.close();
  }
}

/** What a load gives back: the arrays of the index, its stored units, and the caller's meta. */
export interface LoadedImage {
  meta: IndexFileMeta;
  slotCount: number;
  /** Unit ids by slot (a dead slot's is meaningless). */
  ids: Float64Array<ArrayBuffer>;
  slotKind: Uint16Array<ArrayBuffer>;
  kinds: UnitKind[];
  slotOffset: Int32Array<ArrayBuffer>;
  slotLength: Int32Array<ArrayBuffer>;
  slotRecord: Int32Array<ArrayBuffer>;
  /** ALIVE and HAS_TARGET bits (unit-slots.ts), as the live index keeps them. */
  slotFlags: Uint8Array<ArrayBuffer>;
  numberStart: Int32Array<ArrayBuffer>;
  numberPool: Int32Array<ArrayBuffer>;
  numberValues: string[];
  /** numberValues' inverse. */
  numberIds: Map<string, number>;
  pool: Int32Array<ArrayBuffer>;
  vocabulary: Map<string, number>;
  features: Map<Locale, LocalePostings>;
  texts: StoredTexts;
}

/** Reads and checks an index file; throws IndexFileError when it cannot be trusted. */
export function readIndexImage(reader: IndexFileReader): LoadedImage {
  const header = readIndexHeader(reader);
  const headerLength = Buffer.from(reader.read(12, 4)).readUInt32LE(0);
  const indexStart = align8(PREFIX + headerLength);
  if (indexStart + header.indexBytes + header.textsBytes !== reader.size) throw new IndexFileError('index file parts do not add up to its length');
  // Copied into a buffer of its own, so every section is a properly aligned view.
  const index = new Uint8Array(new ArrayBuffer(header.indexBytes));
  index.set(reader.read(indexStart, header.indexBytes));
  if ((crc32(index) | 0) !== header.indexCrc) throw new IndexFileError('damaged index file: the index fails its checksum');
  const view = <T extends AnyArray>(name: string): T => {
    const entry = header.sections[name];
    if (!entry) throw new IndexFileError(`index file without its ${name} section`);
    const [offset, count, kind] = entry;
    if (offset % 8 !== 0 || offset + count * BYTES[kind] > header.indexBytes) throw new IndexFileError(`index file section ${name} out of bounds`);
    const buffer = index.buffer;
    switch (kind) {
      case 'f64': return new Float64Array(buffer, offset, count) as T;
      case 'i32': return new Int32Array(buffer, offset, count) as T;
      case 'u16': return new Uint16Array(buffer, offset, count) as T;
      default: return new Uint8Array(buffer, offset, count) as T;
    }
  };
  const S = header.slots;
  const ids = view<Float64Array<ArrayBuffer>>('ids');
  const info = view<Uint8Array<ArrayBuffer>>('info');
  const textPos = view<Float64Array<ArrayBuffer>>('textPos');
  const textLen = view<Int32Array<ArrayBuffer>>('textLen');
  const textCrc = view<Int32Array<ArrayBuffer>>('textCrc');
  const numbersIndex = view<Int32Array<ArrayBuffer>>('numbersIndex');
  const numbersBlob = Buffer.from(view<Uint8Array<ArrayBuffer>>('numbers'));
  const slotOffset = view<Int32Array<ArrayBuffer>>('offset');
  const slotLength = view<Int32Array<ArrayBuffer>>('length');
  const slotRecord = view<Int32Array<ArrayBuffer>>('record');
  const pool = view<Int32Array<ArrayBuffer>>('pool');
  if (ids.length !== S || info.length !== 4 * S || slotRecord.length !== 4 * S || textLen.length !== 4 * S || numbersIndex.length !== S + 1
    || pool.length !== header.poolLength) {
    throw new IndexFileError('index file sections disagree on the number of slots');
  }
  const texts = new StoredTexts(reader, indexStart + header.indexBytes, header.textsBytes, textPos, textLen, textCrc);
  const statuses = header.statuses as UnitStatus[];
  const origins = header.origins as UnitOrigin[];
  const slotFlags = new Uint8Array(S);
  const slotKind = new Uint16Array(S);
  const kinds: UnitKind[] = [];
  const kindOf = new Map<number, number>();
  const numberStart = new Int32Array(S + 1);
  const numberIds = new Map<string, number>();
  const numberValues: string[] = [];
  let numberPool = new Int32Array(1024);
  let numbers = 0;
  for (let s = 0; s < S; s++) {
    numberStart[s] = numbers;
    const flags = info[4 * s + 3];
    if ((flags & FLAG_ALIVE) === 0) continue;
    const code = info[4 * s] | (info[4 * s + 1] << 8) | (info[4 * s + 2] << 16);
    let kind = kindOf.get(code);
    if (kind === undefined) {
      const status = statuses[info[4 * s]];
      const origin = origins[info[4 * s + 1]];
      const pair = header.pairs[info[4 * s + 2]];
      if (!status || !origin || !pair || !UNIT_STATUSES.includes(status) || !UNIT_ORIGINS.includes(origin)) {
        throw new IndexFileError(`index file slot ${s} has an unknown status, origin or language pair`);
      }
      kind = kinds.length;
      kinds.push({ sourceLocale: pair[0], targetLocale: pair[1], status, origin });
      kindOf.set(code, kind);
    }
    slotKind[s] = kind;
    slotFlags[s] = ALIVE | ((flags & FLAG_TARGET) !== 0 ? HAS_TARGET : 0);
    const a = numbersIndex[s];
    const b = numbersIndex[s + 1];
    if (b <= a) continue;
    for (const value of numbersBlob.toString('utf8', a, b).split(' ')) {
      let id = numberIds.get(value);
      if (id === undefined) { id = numberValues.length; numberValues.push(value); numberIds.set(value, id); }
      if (numbers === numberPool.length) numberPool = grow(numberPool, numbers + 1);
      numberPool[numbers++] = id;
    }
  }
  numberStart[S] = numbers;
  const vocabulary = new Map<string, number>();
  const keys = Buffer.from(view<Uint8Array<ArrayBuffer>>('vocabulary')).toString('utf8').split('\n');
  for (let i = 0; i < keys.length; i++) vocabulary.set(keys[i], i);
  const features = new Map<Locale, LocalePostings>();
  header.postingLocales.forEach((locale, i) => {
    const lp = new LocalePostings();
    lp.tokenFeature = view<Int32Array<ArrayBuffer>>(`p${i}.tokenFeature`);
    const occKeys = view<Float64Array<ArrayBuffer>>(`p${i}.occKeys`);
    const occValues = view<Int32Array<ArrayBuffer>>(`p${i}.occValues`);
    for (let j = 0; j < occKeys.length; j++) lp.occurrenceFeature.set(occKeys[j], occValues[j]);
    lp.start = view<Int32Array<ArrayBuffer>>(`p${i}.start`);
    lp.postings = view<Int32Array<ArrayBuffer>>(`p${i}.postings`);
    lp.dirStart = view<Int32Array<ArrayBuffer>>(`p${i}.dirStart`);
    lp.dirPos = view<Int32Array<ArrayBuffer>>(`p${i}.dirPos`);
    lp.dirLength = view<Uint16Array<ArrayBuffer>>(`p${i}.dirLength`);
    const last = lp.start[lp.start.length - 1];
    if (last !== lp.postings.length || lp.dirStart[lp.dirStart.length - 1] !== lp.dirPos.length) {
      throw new IndexFileError(`index file postings of ${locale} do not add up`);
    }
    features.set(locale, lp);
  });
  return {
    meta: header.meta, slotCount: S, ids, slotKind, kinds, slotOffset, slotLength, slotRecord, slotFlags,
    numberStart, numberPool: numberPool.slice(0, numbers), numberValues, numberIds, pool, vocabulary, features, texts,
  };
}

/** A reader over bytes in memory (PostgreSQL's stored copy, tests). */
export function bufferReader(bytes: Uint8Array): IndexFileReader {
  return {
    size: bytes.length,
    read(position, length) {
      if (position < 0 || position + length > bytes.length) throw new IndexFileError('read past the end of the index file');
      return bytes.subarray(position, position + length);
    },
    close() { /* nothing held */ },
  };
}
