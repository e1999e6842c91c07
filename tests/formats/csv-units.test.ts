import { csvUnitsAdapter, type ImportedUnit } from '../../src/formats';
import { unitFormatHarness } from './unit-format-harness';

const { read, write, readError } = unitFormatHarness(csvUnitsAdapter, 'units.csv', 5);

describe('units CSV', () => {
  test('reads with and without status/origin, locales mapped, quoted commas and newlines', async () => {
    const units = await read('source_locale,source,target_locale,target\nen,"Hello, world",zh-CN,你好，世界\nen-GB,"Two\nlines",zh-TW,兩行\n');
    expect(units).toEqual([
      { sourceLocale: 'en', sourceText: 'Hello, world', targetLocale: 'zh-Hans', targetText: '你好，世界', status: 'translated', origin: 'imported', inlineCodes: [], note: null },
      { sourceLocale: 'en', sourceText: 'Two\nlines', targetLocale: 'zh-Hant', targetText: '兩行', status: 'translated', origin: 'imported', inlineCodes: [], note: null },
    ]);
    const withStatus = await read('source_locale,source,target_locale,target,status,origin\nzh,這個國家,en,This country,approved,human\n');
    expect(withStatus[0]).toMatchObject({ sourceLocale: 'zh-Hant', status: 'approved', origin: 'human' });
  });

  test('round trip', async () => {
    const units: ImportedUnit[] = [
      { sourceLocale: 'en', sourceText: 'Say "hi", then {ph:1} leave', targetLocale: 'zh-Hans', targetText: '说“嗨”，然后离开', status: 'approved', origin: 'human', inlineCodes: [], note: null },
      { sourceLocale: 'zh-Hant', sourceText: '多行\n文字', targetLocale: 'en', targetText: 'multi-line, text', status: 'draft', origin: 'mt:deepl', inlineCodes: [], note: null },
    ];
    const text = await write(units);
    expect(text.split('\n')[0]).toBe('source_locale,source,target_locale,target,status,origin,note');
    expect(await read(text)).toEqual(units);
  });

  test('an empty export still has its header', async () => {
    expect((await write([])).trim()).toBe('source_locale,source,target_locale,target,status,origin,note');
  });

  test('missing column, bad quote, wrong cell count, bad status or locale: FormatError naming the line', async () => {
    const missing = await readError('source_locale,source,target\nen,a,b\n');
    expect(missing.message).toMatch(/units\.csv \(line 1\): missing column\(s\) target_locale/);
    const quote = await readError('source_locale,source,target_locale,target\nen,ok,zh,好\nen,"broken"x,zh,坏\n');
    expect(quote.line).toBe(3);
    expect(quote.message).toMatch(/units\.csv \(line 3\): bad CSV/);
    expect((await readError('source_locale,source,target_locale,target\nen,a,zh\n')).line).toBe(2);
    expect((await readError('source_locale,source,target_locale,target,status\nen,a,zh,甲,done\n')).message).toMatch(/line 2.*unknown status "done"/);
    // Any BCP 47 language is kept since #18 (fr was refused before); a malformed tag is not.
    expect((await readError('source_locale,source,target_locale,target\nxx_YY@foo,a,zh,甲\n')).message).toMatch(/line 2.*source_locale "xx_YY@foo" is not a BCP 47 language tag/);
  });

  test('0-byte and binary files', async () => {
    expect((await readError(Buffer.alloc(0))).message).toMatch(/empty/);
    expect((await readError(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]))).message).toMatch(/binary|not valid/);
  });

  test('other languages are kept (EN→FR), and formula cells are neutralised both ways (#18)', async () => {
    const [fr] = await read('source_locale,source,target_locale,target\nen,Hello,fr-FR,Bonjour\n');
    expect(fr).toMatchObject({ sourceLocale: 'en', sourceText: 'Hello', targetLocale: 'zh-Hans', targetText: '', variants: [{ locale: 'fr-FR', text: 'Bonjour' }] });
    const text = await write([fr, { sourceLocale: 'en', sourceText: '=1+1', targetLocale: 'zh-Hans', targetText: '-2', status: 'translated', origin: 'human', note: null, inlineCodes: [] }]);
    expect(text).toContain('en,Hello,fr-FR,Bonjour');
    expect(text).toContain("en,'=1+1,zh-CN,'-2");
    const back = await read(text);
    expect(back.map((u) => [u.sourceText, u.targetText, u.variants ?? []])).toEqual([['Hello', '', [{ locale: 'fr-FR', text: 'Bonjour' }]], ['=1+1', '-2', []]]);
  });
});
