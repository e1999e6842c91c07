/**
 * Streaming input for every XML and CSV format (TMX, XLIFF, TBX, CSV): byte-order and
 * declared-encoding detection, decoding, refusal of empty, binary and mixed-encoding files, and
 * a guarded saxes driver. saxes never resolves external entities; on top of that we refuse any
 * DOCTYPE that declares entities (billion laughs), cap element depth, the length of text and the
 * size of the file, and stop at the first error with the file and line.
 */
import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { FormatError } from './adapter';

export const MAX_DEPTH = 64;
/** Characters of text without any markup before we call the file hostile. */
export const MAX_TEXT = 4_000_000;

/** Limits on one input file; each format has its defaults. */
export interface InputLimits {
  /** Deepest element nesting accepted. */
  maxDepth: number;
  /** Longest run of text without markup, in characters. */
  maxText: number;
  /** Largest file, in bytes. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: InputLimits = { maxDepth: MAX_DEPTH, maxText: MAX_TEXT, maxBytes: Number.POSITIVE_INFINITY };

/** Bytes read before the XML declaration must have shown its encoding. */
const DECLARATION_BYTES = 256;

function sniff(head: Buffer): { encoding: string; bom: number; declared: boolean } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3, declared: false };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2, declared: false };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2, declared: false };
  // UTF-16 without a BOM still starts with '<' next to a zero byte.
  if (head[0] === 0x3c && head[1] === 0x00) return { encoding: 'utf-16le', bom: 0, declared: false };
  if (head[0] === 0x00 && head[1] === 0x3c) return { encoding: 'utf-16be', bom: 0, declared: false };
  // An ASCII-compatible file may name its encoding in the XML declaration (ISO-8859-1, GB18030, Big5 …).
  const declaration = /^<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(head.subarray(0, DECLARATION_BYTES).toString('latin1'));
  if (declaration && !/^utf-?(8|16)/i.test(declaration[1])) return { encoding: declaration[1], bom: 0, declared: true };
  return { encoding: 'utf-8', bom: 0, declared: false };
}

function decoderFor(encoding: string, declared: boolean, fileName: string): TextDecoder {
  try {
    return new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new FormatError(fileName, declared ? `the XML declaration names encoding "${encoding}", which Bitext cannot read` : `unknown encoding ${encoding}`, { line: 1 });
  }
}

function looksBinary(text: string): boolean {
  // NUL and other C0 controls (except tab, newline, carriage return) never occur in text files.
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(text);
}

/**
 * Decoded text of a byte stream, chunk by chunk; a 0-byte, binary, oversized or mixed-encoding
 * file (bytes that are not valid in its encoding) is a FormatError naming the line.
 */
export async function* decodeText(input: NodeJS.ReadableStream, fileName: string, maxBytes = Number.POSITIVE_INFINITY): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let pending = Buffer.alloc(0);
  let total = 0;
  let line = 1;
  const decode = (bytes: Buffer, final: boolean): string => {
    let text: string;
    try {
      text = decoder!.decode(bytes, { stream: !final });
    } catch {
      const bad = firstInvalidByte(decoder!.encoding, bytes);
      const at = bad === null ? '' : `: byte 0x${bytes[bad.offset]!.toString(16).toUpperCase().padStart(2, '0')}`;
      throw new FormatError(fileName, `not valid ${decoder!.encoding} text${at}: mixed encodings, or a binary file`, { line: line + (bad?.newlines ?? 0) });
    }
    if (looksBinary(text)) throw new FormatError(fileName, 'binary file: it contains control characters', { line });
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
    return text;
  };
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    total += bytes.length;
    if (total > maxBytes) throw new FormatError(fileName, `larger than ${maxBytes} bytes`, { line });
    if (decoder === null) {
      pending = Buffer.concat([pending, bytes]);
      // Enough to decide: the XML declaration (if any) is complete, or it cannot be one.
      if (pending.length < 4 || (pending.length < DECLARATION_BYTES && pending.subarray(0, 5).toString('latin1') === '<?xml' && !pending.includes('?>'))) continue;
      const { encoding, bom, declared } = sniff(pending);
      decoder = decoderFor(encoding, declared, fileName);
      const text = decode(pending.subarray(bom), false);
      pending = Buffer.alloc(0);
      if (text) yield text;
      continue;
    }
    const text = decode(bytes, false);
    if (text) yield text;
  }
  if (total === 0) throw new FormatError(fileName, 'empty file (0 bytes)');
  if (decoder === null) {
    const { encoding, bom, declared } = sniff(pending);
    decoder = decoderFor(encoding, declared, fileName);
    const text = decode(pending.subarray(bom), true);
    if (text) yield text;
    return;
  }
  const rest = decode(Buffer.alloc(0), true);
  if (rest) yield rest;
}

/**
 * Where a chunk stops being valid in its encoding: the offset of the first byte no decoder
 * accepts, and the newlines before it (so the error names the line). Binary search over
 * prefixes, each decoded in streaming mode so that a sequence cut at the end is not an error.
 */
function firstInvalidByte(encoding: string, bytes: Buffer): { offset: number; newlines: number } | null {
  const decodes = (n: number): string | null => {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
    } catch {
      return null;
    }
  };
  if (decodes(bytes.length) !== null) return null; // the chunk is fine alone: the bad bytes began in the one before
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    if (decodes(mid) !== null) good = mid; else bad = mid;
  }
  const text = decodes(good) ?? '';
  let newlines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines++;
  // The decoder holds an unfinished sequence back: the bad byte is where that sequence began,
  // right after the text it gave (in the Unicode encodings, whose byte length we know).
  const consumed = encoding === 'utf-8' ? Buffer.byteLength(text, 'utf8') : encoding.startsWith('utf-16') ? text.length * 2 : bad - 1;
  return { offset: Math.min(consumed, bytes.length - 1), newlines };
}

export interface XmlHandlers {
  open(tag: SaxesTagPlain, line: number): void;
  close(tag: SaxesTagPlain, line: number): void;
  text(text: string, line: number): void;
}

/**
 * Runs saxes over the stream and yields whatever the handlers put into `out` as it goes,
 * so a million-unit file is never held whole.
 */
export interface StreamXmlOptions {
  limits?: InputLimits;
  /** Wording of a well-formedness error (TBX says "not XML: …" before the root, "not well-formed XML: …" after). */
  describeXmlError?: (reason: string, sawRoot: boolean) => string;
}

export async function* streamXml<T>(
  input: NodeJS.ReadableStream, fileName: string, handlers: XmlHandlers, out: T[], options: StreamXmlOptions = {},
): AsyncGenerator<T> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  let depth = 0;
  let sinceEvent = 0;
  let sawRoot = false;
  const fail = (message: string): never => {
    throw new FormatError(fileName, message, { line: parser.line });
  };
  parser.on('error', (e) => {
    const reason = e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '');
    fail(options.describeXmlError ? options.describeXmlError(reason, sawRoot) : reason);
  });
  parser.on('doctype', (doctype) => {
    // Entity declarations are how billion-laughs and external-entity attacks start; no format needs them.
    if (/<!ENTITY/i.test(doctype)) fail('DOCTYPE declares entities, which are not allowed');
  });
  // An element's line is where its start tag begins: a long start tag (XLIFF's <xliff> with its
  // namespaces) spans lines, and the attribute a message names is nearer its first line.
  let tagLine = 1;
  parser.on('opentagstart', () => { tagLine = parser.line; });
  parser.on('opentag', (tag) => {
    sinceEvent = 0;
    sawRoot = true;
    if (++depth > limits.maxDepth) fail(`elements nested deeper than ${limits.maxDepth}`);
    handlers.open(tag, tagLine);
  });
  parser.on('closetag', (tag) => {
    sinceEvent = 0;
    depth--;
    handlers.close(tag, parser.line);
  });
  parser.on('text', (text) => {
    sinceEvent = 0;
    handlers.text(text, parser.line);
  });
  parser.on('cdata', (text) => {
    sinceEvent = 0;
    handlers.text(text, parser.line);
  });
  for await (const text of decodeText(input, fileName, limits.maxBytes)) {
    // Feed in slices so one enormous text node is caught before it fills memory.
    for (let i = 0; i < text.length; i += 65536) {
      const slice = text.slice(i, i + 65536);
      parser.write(slice);
      sinceEvent += slice.length;
      if (sinceEvent > limits.maxText) fail(`more than ${limits.maxText} characters without markup`);
      if (out.length > 0) { yield* out; out.length = 0; }
    }
  }
  parser.close();
  if (!sawRoot) {
    throw new FormatError(fileName, options.describeXmlError ? options.describeXmlError('no element found', false) : 'no XML element found (not an XML file?)');
  }
  if (out.length > 0) { yield* out; out.length = 0; }
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return escapeXml(text).replace(/"/g, '&quot;');
}

/** Serialises a start tag as read, for keeping native inline markup. */
export function startTag(tag: SaxesTagPlain, selfClosing = false): string {
  let s = `<${tag.name}`;
  for (const [k, v] of Object.entries(tag.attributes)) s += ` ${k}="${escapeAttribute(v)}"`;
  return s + (selfClosing ? '/>' : '>');
}

/** Writes text to a stream, waiting when it asks us to. */
export async function writeOut(output: NodeJS.WritableStream, text: string): Promise<void> {
  if (!output.write(text)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
}

export async function* items<T>(source: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  for await (const item of source as AsyncIterable<T>) yield item;
}
