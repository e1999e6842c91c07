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
