import fc from 'fast-check';
import { normaliseInput, SegmentationInputError } from '../../src/segmentation';
import { firstInvalidUtf8 } from '../../src/segmentation/input';

function caught(fn: () => unknown): SegmentationInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SegmentationInputError) return error;
    throw error;
  }
  throw new Error('expected a SegmentationInputError');
}

const ARTICLE = 'The Achievements of Jiangmen\n\n江门全力聚焦大项目、大产业。\n';

describe('normaliseInput: decoding', () => {
  it('decodes UTF-8 and strips a BOM', () => {
    expect(normaliseInput(Buffer.from(ARTICLE, 'utf8'), 'a.txt')).toBe(ARTICLE);
    expect(normaliseInput(Buffer.from('\uFEFF' + ARTICLE, 'utf8'), 'a.txt')).toBe(ARTICLE);
  });

  it('turns CRLF and CR into LF', () => {
    expect(normaliseInput(Buffer.from('one\r\ntwo\rthree\n', 'utf8'), 'a.txt')).toBe('one\ntwo\nthree\n');
  });

  it('decodes UTF-16 LE and BE with a BOM', () => {
    const le = Buffer.from('\uFEFF' + ARTICLE, 'utf16le');
    const be = Buffer.from(le);
    be.swap16();
    expect(le[0]).toBe(0xff);
    expect(be[0]).toBe(0xfe);
    expect(normaliseInput(le, 'le.txt')).toBe(ARTICLE);
    expect(normaliseInput(be, 'be.txt')).toBe(ARTICLE);
    // A supplementary-plane character survives both byte orders.
    const ext = Buffer.from('\uFEFF𠀋字\n', 'utf16le');
    expect(normaliseInput(ext, 'ext.txt')).toBe('𠀋字\n');
  });

  it('rejects UTF-16 with an odd number of bytes', () => {
    const bytes = Buffer.concat([Buffer.from('\uFEFFabc', 'utf16le'), Buffer.from([0x41])]);
    expect(caught(() => normaliseInput(bytes, 'odd.txt')).message).toMatch(/^odd\.txt: not valid UTF-16/);
  });
});

describe('normaliseInput: refusals', () => {
  it('names the file and the line of the first byte that is not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('line one\nline two 江门\nbad ', 'utf8'), Buffer.from([0xff]), Buffer.from(' here\n')]);
    const error = caught(() => normaliseInput(bytes, 'article.txt'));
    expect(error).toBeInstanceOf(SegmentationInputError);
    expect(error.file).toBe('article.txt');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^article\.txt:3: not valid UTF-8 text \(byte 0xff\)/);
  });

  it('rejects a Latin-1 file, overlong forms, surrogates and a truncated sequence', () => {
    const latin1 = Buffer.from('Caf\xe9 au lait\n', 'latin1');
    expect(caught(() => normaliseInput(latin1, 'menu.txt')).line).toBe(1);
    for (const bad of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe6, 0xb1]]) {
      const bytes = Buffer.concat([Buffer.from('ok\n\n'), Buffer.from(bad)]);
      const error = caught(() => normaliseInput(bytes, 'x.md'));
      expect(error.line).toBe(3);
    }
  });

  it('rejects NUL bytes as binary, with the line', () => {
    const bytes = Buffer.from('first\nsecond\u0000third', 'utf8');
    const error = caught(() => normaliseInput(bytes, 'image.png'));
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/^image\.png:2: contains NUL bytes/);
  });

  it('rejects an empty or whitespace-only document', () => {
    for (const text of ['', '   \n\r\n\t', '\uFEFF', '\uFEFF \n']) {
      const error = caught(() => normaliseInput(Buffer.from(text, 'utf8'), 'empty.txt'));
      expect(error.message).toBe('empty.txt: the document is empty');
      expect(error.line).toBeNull();
    }
  });

  it('finds a bad byte exactly where TextDecoder refuses the bytes (random bytes)', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const bytes = fc.array(
      fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0x0a)),
      { maxLength: 24 },
    );
    fc.assert(
      fc.property(bytes, (array) => {
        const u8 = Uint8Array.from(array);
        let valid = true;
        try {
          decoder.decode(u8);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(u8) === -1).toBe(valid);
      }),
      { numRuns: 3000 },
    );
  });
});
