/**
 * Streaming input for the XML and CSV unit formats: byte-order detection, decoding, refusal of
 * empty and binary files, and a guarded saxes driver. saxes never resolves external entities;
 * on top of that we refuse any DOCTYPE that declares entities (billion laughs), cap element
 * depth and the length of text, and stop at the first error with the file and line.
 */
import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { FormatError } from './adapter';

export const MAX_DEPTH = 64;
/** Characters of text without any markup before we call the file hostile. */
export const MAX_TEXT = 4_000_000;

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

function sniff(head: Buffer): { encoding: Encoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  // UTF-16 without a BOM still starts with '<' next to a zero byte.
  if (head[0] === 0x3c && head[1] === 0x00) return { encoding: 'utf-16le', bom: 0 };
  if (head[0] === 0x00 && head[1] === 0x3c) return { encoding: 'utf-16be', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

function looksBinary(text: string): boolean {
  // NUL and other C0 controls (except tab, newline, carriage return) never occur in text files.
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/.test(text);
}

/** Decoded text of a byte stream, chunk by chunk; a 0-byte or binary file is a FormatError. */
export async function* decodeText(input: NodeJS.ReadableStream, fileName: string): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let pending = Buffer.alloc(0);
  let total = 0;
  let line = 1;
  const decode = (bytes: Buffer, final: boolean): string => {
    let text: string;
    try {
      text = decoder!.decode(bytes, { stream: !final });
    } catch {
      throw new FormatError(fileName, `not valid ${decoder!.encoding} text (a binary file?)`, { line });
    }
    if (looksBinary(text)) throw new FormatError(fileName, 'binary file: it contains control characters', { line });
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
    return text;
  };
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    total += bytes.length;
    if (decoder === null) {
      pending = Buffer.concat([pending, bytes]);
      if (pending.length < 4) continue;
      const { encoding, bom } = sniff(pending);
      decoder = new TextDecoder(encoding, { fatal: true });
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
    const { encoding, bom } = sniff(pending);
    decoder = new TextDecoder(encoding, { fatal: true });
    const text = decode(pending.subarray(bom), true);
    if (text) yield text;
    return;
  }
  const rest = decode(Buffer.alloc(0), true);
  if (rest) yield rest;
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
export async function* streamXml<T>(
  input: NodeJS.ReadableStream, fileName: string, handlers: XmlHandlers, out: T[],
): AsyncGenerator<T> {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  let depth = 0;
  let sinceEvent = 0;
  let sawRoot = false;
  const fail = (message: string): never => {
    throw new FormatError(fileName, message, { line: parser.line });
  };
  parser.on('error', (e) => fail(e.message.replace(/^[^:]*:\d+:\d+: /, '').replace(/\.$/, '')));
  parser.on('doctype', (doctype) => {
    // Entity declarations are how billion-laughs and external-entity attacks start; TMX needs none.
    if (/<!ENTITY/i.test(doctype)) fail('DOCTYPE declares entities, which are not allowed');
  });
  parser.on('opentag', (tag) => {
    sinceEvent = 0;
    sawRoot = true;
    if (++depth > MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`);
    handlers.open(tag, parser.line);
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
  for await (const text of decodeText(input, fileName)) {
    // Feed in slices so one enormous text node is caught before it fills memory.
    for (let i = 0; i < text.length; i += 65536) {
      const slice = text.slice(i, i + 65536);
      parser.write(slice);
      sinceEvent += slice.length;
      if (sinceEvent > MAX_TEXT) fail(`more than ${MAX_TEXT} characters without markup`);
      if (out.length > 0) { yield* out; out.length = 0; }
    }
  }
  parser.close();
  if (!sawRoot) throw new FormatError(fileName, 'no XML element found (not an XML file?)');
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
