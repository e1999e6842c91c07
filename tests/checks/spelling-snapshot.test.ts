import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parsedSpeller, readSpellingSnapshot, writeSpellingSnapshot } from '../../src/checks/english';

/**
 * The build's spelling snapshot answers exactly as nspell over dictionary-en's files: every form
 * of the dictionary in its own case, upper case, lower case and capitalised, possessives with a
 * curly apostrophe (ICONV), ordinals through the compound rules, and arbitrary letter strings.
 */
describe('spelling snapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bitext-spelling-'));
  const file = join(dir, 'spelling-en.txt');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const parsed = parsedSpeller();
  const forms = writeSpellingSnapshot(file);
  const snapshot = readSpellingSnapshot(file)!;

  it('is read back', () => {
    expect(forms).toBeGreaterThan(100_000);
    expect(snapshot).not.toBeNull();
  });

  it('agrees with nspell on every form of the dictionary and its casings', () => {
    const words = Object.keys((parsed as unknown as { data: Record<string, unknown> }).data);
    let differ: string[] = [];
    for (const word of words) {
      const capital = word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
      for (const w of [word, word.toUpperCase(), word.toLowerCase(), capital, word.replace(/'/g, '’'), `${word}x`]) {
        if (snapshot.correct(w) !== parsed.correct(w)) differ.push(w);
      }
    }
    differ = differ.slice(0, 20);
    expect(differ).toEqual([]);
  });

  it('agrees on ordinals, numbers and odd strings', () => {
    const samples = ['1st', '11th', '21st', '112th', '3rd', '13rd', '2nd', '12nd', '101st', '42', 'colour', 'color', "don't", 'don’t', 'Ma’am', '', ' ', 'constructor', '__proto__', 'toString', 'hasOwnProperty'];
    for (const w of samples) expect([w, snapshot.correct(w)]).toEqual([w, parsed.correct(w)]);
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z'’0-9]{1,12}$/), (w) => snapshot.correct(w) === parsed.correct(w)), { numRuns: 3000 });
  });

  it('is not used when it is for another dictionary, truncated or garbage', () => {
    const text = readFileSync(file, 'utf8');
    const other = join(dir, 'other.txt');
    writeFileSync(other, text.replace('"stamp":"', '"stamp":"x'));
    expect(readSpellingSnapshot(other)).toBeNull();
    writeFileSync(other, text.replace('"version":2', '"version":1'));
    expect(readSpellingSnapshot(other)).toBeNull();
    writeFileSync(other, 'not a snapshot');
    expect(readSpellingSnapshot(other)).toBeNull();
    expect(readSpellingSnapshot(join(dir, 'missing.txt'))).toBeNull();
  });
});

describe('spelling snapshot, cut short', () => {
  it('is not used when truncated anywhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bitext-spelling-'));
    try {
      const file = join(dir, 'spelling-en.txt');
      writeSpellingSnapshot(file);
      const text = readFileSync(file, 'utf8');
      for (const cut of [1, 40, text.length >> 1, text.length - 20, text.length - 1]) {
        writeFileSync(file, text.slice(0, cut));
        expect(readSpellingSnapshot(file)).toBeNull();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
