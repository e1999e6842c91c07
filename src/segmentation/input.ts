/** Turning an uploaded file's bytes into text, or saying precisely why they are not text. */

export class SegmentationInputError extends Error {
  readonly file: string;
  /** 1-based line of the problem, or null when it concerns the whole file. */
  readonly line: number | null;
  /** The request's field that held the file, when a caller knows it (an upload's `english` or `chinese`). */
  field?: string;

  constructor(file: string, line: number | null, problem: string) {
    super(line === null ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
    this.name = 'SegmentationInputError';
    this.file = file;
    this.line = line;
  }
}

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence (no overlongs, no
 * surrogates, nothing above U+10FFFF), or -1. Only called once the decoder has refused the bytes,
 * to say where.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += length;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function decodeUtf16(bytes: Uint8Array, bigEndian: boolean, fileName: string): string {
  if (bytes.length % 2 !== 0) {
    throw new SegmentationInputError(fileName, null, 'not valid UTF-16 text (odd number of bytes)');
  }
  let units = bytes;
  if (bigEndian) {
    units = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i += 2) {
      units[i] = bytes[i + 1]!;
      units[i + 1] = bytes[i]!;
    }
  }
  try {
    return new TextDecoder('utf-16le', { fatal: true }).decode(units);
  } catch {
    throw new SegmentationInputError(fileName, null, 'not valid UTF-16 text (unpaired surrogate)');
  }
}

/**
 * Decodes an uploaded document: UTF-8 (a BOM is dropped), or UTF-16 LE/BE when it starts with
 * a BOM. Line ends become LF. Throws SegmentationInputError, naming the file and line, when
 * the bytes are not UTF-8, contain NUL (a binary file), or hold no text at all.
 */
export function normaliseInput(buffer: Buffer, fileName: string): string {
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = decodeUtf16(bytes.subarray(2), false, fileName);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = decodeUtf16(bytes.subarray(2), true, fileName);
  else {
    const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      const offset = Math.max(firstInvalidUtf8(body), 0);
      const bad = body[offset] ?? 0;
      throw new SegmentationInputError(
        fileName,
        lineAt(body, offset),
        `not valid UTF-8 text (byte 0x${bad.toString(16).padStart(2, '0')}); save the file as UTF-8`,
      );
    }
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    throw new SegmentationInputError(fileName, line, 'contains NUL bytes: this looks like a binary file, not text');
  }
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new SegmentationInputError(fileName, null, 'the document is empty');
  return text;
}
