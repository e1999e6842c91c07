/**
 * The precompiled CC-CEDICT snapshot (dist/data/cedict.bin, written by `npm run build`) holds
 * exactly the dictionary derived from the data file, and a snapshot that is truncated, for
 * another data file or not a snapshot at all is refused (the loader then derives it).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dictionaryDataStamp, getDictionary, readSnapshot, writeDictionarySnapshot,
} from '../../src/alignment/dictionary';
import { readings, writeReadingsSnapshot } from '../../src/alignment/chinese';
import { isHanCode } from '../../src/locale';

const dir = mkdtempSync(join(tmpdir(), 'bitext-cedict-'));
const path = join(dir, 'cedict.bin');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reads back the dictionary it was written from', () => {
  writeDictionarySnapshot(path);
  const snap = readSnapshot(path, dictionaryDataStamp());
  expect(snap).not.toBeNull();
  const dict = getDictionary();
  expect(snap!.headwords.length).toBe(dict.headwords.length);
  expect([...snap!.headwords]).toEqual([...dict.headwords]);
  expect(snap!.byEnglish.size).toBe(dict.byEnglish.size);
  for (const [key, ids] of dict.byEnglish) expect([key, [...(snap!.byEnglish.get(key) ?? [])]]).toEqual([key, [...ids]]);
  // The snapshot's index is searched in place: every key it lists, and none that is not there.
  expect([...snap!.byEnglish].map(([key]) => key)).toEqual([...dict.byEnglish].map(([key]) => key).sort());
  for (const key of ['zzzzzz', 'a', '', 'café', 'naïve', 'aaaaaaaaaaaaaaaaaaaa']) expect(snap!.byEnglish.get(key)).toBe(dict.byEnglish.get(key));
  expect(snap!.byEnglish.has('water')).toBe(true);
  for (const name of ['rootChild', 'childStart', 'childCount', 'edgeCode', 'edgeNode', 'terminal'] as const) {
    expect(Buffer.from(snap!.trie[name].buffer, snap!.trie[name].byteOffset, snap!.trie[name].byteLength)
      .equals(Buffer.from(dict.trie[name].buffer, dict.trie[name].byteOffset, dict.trie[name].byteLength))).toBe(true);
  }
});

it('refuses a truncated snapshot, another data file\'s, and a file that is not one', () => {
  writeDictionarySnapshot(path);
  const bytes = readFileSync(path);
  expect(readSnapshot(path, 'another:stamp')).toBeNull();
  writeFileSync(path, bytes.subarray(0, bytes.length - 1));
  expect(readSnapshot(path, dictionaryDataStamp())).toBeNull();
  writeFileSync(path, 'not a snapshot');
  expect(readSnapshot(path, dictionaryDataStamp())).toBeNull();
  expect(readSnapshot(join(dir, 'missing.bin'), dictionaryDataStamp())).toBeNull();
});

describe('the pinyin readings snapshot (dist/data/readings.json)', () => {
  it('gives the readings pinyin-pro gives (every seventh BMP Han character checked)', () => {
    const file = join(dir, 'readings.json');
    writeReadingsSnapshot(file);
    const snap = JSON.parse(readFileSync(file, 'utf8')) as { from: number; readings: string[] };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the reference the snapshot is made from
    const { pinyin } = require('pinyin-pro') as typeof import('pinyin-pro');
    let checked = 0;
    for (let i = 0; i < snap.readings.length; i += 7) {
      const code = snap.from + i;
      if (!isHanCode(code) || (code >= 0xd800 && code <= 0xdfff)) continue;
      const raw = pinyin(String.fromCharCode(code), { toneType: 'none', multiple: true, type: 'array' }) as string[];
      const expected = [...new Set(raw.map((s) => s.replace(/ü|v/g, 'u').toLowerCase()).filter((s) => /^[a-z]+$/.test(s)))].slice(0, 3);
      expect([code, snap.readings[i] ? snap.readings[i].split(' ') : []]).toEqual([code, expected]);
      checked++;
    }
    expect(checked).toBeGreaterThan(3000);
    expect(readings('长')).toEqual(['chang', 'zhang']);
  });
});
