/**
 * The archive's files: a bounded recursive walk of a folder (symlinks followed once, loops named),
 * and a document's text read by its kind. HTML is read through a plain text extraction behind
 * `DocumentTextReader`, which the HTML article support (#15) can replace.
 */
import { opendir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { Parser } from 'htmlparser2';
import { normaliseInput } from '../segmentation';

/** Documents larger than this are refused by name (a web page's text is far smaller). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** Files one folder may hold before the walk stops with a message (memory stays bounded). */
export const MAX_ARCHIVE_FILES = 200_000;
const MAX_DEPTH = 64;

export interface ArchiveFile {
  /** Path relative to the folder, with forward slashes: the name used in every report. */
  name: string;
  path: string;
  size: number;
}

export interface WalkResult {
  files: ArchiveFile[];
  /** Entries that could not be walked, by name, with the reason. */
  problems: Array<{ name: string; reason: string }>;
  /** Hidden entries (.git, .DS_Store…) left out: counted, so the report says they were not read. */
  hidden: number;
}

export class ArchiveFolderError extends Error {
  constructor(readonly folder: string, message: string) {
    super(`${folder}: ${message}`);
    this.name = 'ArchiveFolderError';
  }
}

/** Every regular file under `root`, sorted by name; symlinked folders followed unless they loop. */
export async function walkArchive(root: string, maxFiles: number = MAX_ARCHIVE_FILES): Promise<WalkResult> {
  const info = await stat(root).catch(() => null);
  if (!info) throw new ArchiveFolderError(root, 'no such folder');
  if (!info.isDirectory()) throw new ArchiveFolderError(root, 'not a folder');
  const files: ArchiveFile[] = [];
  const problems: WalkResult['problems'] = [];
  let hidden = 0;
  const visited = new Set<string>([await realpath(root)]);
  const name = (path: string): string => relative(root, path).split('\\').join('/');
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) {
      problems.push({ name: name(dir), reason: `nested more than ${MAX_DEPTH} folders deep: not read` });
      return;
    }
    let handle;
    try {
      handle = await opendir(dir);
    } catch (error) {
      problems.push({ name: name(dir) || '.', reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    const entries: string[] = [];
    for await (const entry of handle) {
      // Hidden files and folders (.git, .DS_Store) are not documents.
      if (entry.name.startsWith('.')) { hidden++; continue; }
      entries.push(entry.name);
    }
    entries.sort();
    for (const entry of entries) {
      const path = join(dir, entry);
      const st = await stat(path).catch((error: NodeJS.ErrnoException) => error);
      if (st instanceof Error) {
        problems.push({ name: name(path), reason: st.code === 'ENOENT' ? 'a broken symbolic link' : st.code === 'ELOOP' ? 'a symbolic link loop' : `cannot be read (${st.code ?? 'error'})` });
        continue;
      }
      if (st.isDirectory()) {
        const real = await realpath(path).catch(() => path);
        if (visited.has(real)) {
          problems.push({ name: name(path), reason: 'a symbolic link back into a folder already read (a loop): not followed' });
          continue;
        }
        visited.add(real);
        await walk(path, depth + 1);
      } else if (st.isFile()) {
        if (files.length >= maxFiles) throw new ArchiveFolderError(root, `more than ${maxFiles.toLocaleString('en')} files: split the archive`);
        files.push({ name: name(path), path, size: st.size });
      } else {
        problems.push({ name: name(path), reason: 'not a regular file (a pipe, socket or device): not read' });
      }
    }
  };
  await walk(root, 0);
  return { files, problems, hidden };
}

/** Turns a file's bytes into plain text, paragraphs separated by blank lines. */
export interface DocumentTextReader {
  read(bytes: Buffer, fileName: string): string;
}

const BLOCKS = new Set(['p', 'div', 'br', 'li', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'section', 'article', 'header', 'footer', 'title', 'dt', 'dd', 'figcaption', 'caption', 'hr']);
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head']);

/** HTML as text: block elements become paragraph breaks; script, style and the head's furniture are left out. */
export const htmlTextReader: DocumentTextReader = {
  read(bytes, fileName) {
    const html = normaliseInput(bytes, fileName);
    const paragraphs: string[] = [];
    let current = '';
    let skip = 0;
    let title = '';
    let inTitle = false;
    const flush = (): void => {
      const text = current.replace(/\s+/g, ' ').trim();
      if (text) paragraphs.push(text);
      current = '';
    };
    const parser = new Parser({
      onopentag(tag) {
        if (tag === 'title') inTitle = true;
        if (SKIPPED.has(tag)) skip++;
        if (BLOCKS.has(tag)) flush();
      },
      ontext(text) {
        if (inTitle) title += text;
        else if (skip === 0) current += text;
      },
      onclosetag(tag) {
        if (tag === 'title') inTitle = false;
        if (SKIPPED.has(tag)) skip = Math.max(0, skip - 1);
        if (BLOCKS.has(tag)) flush();
      },
    }, { decodeEntities: true });
    parser.write(html);
    parser.end();
    flush();
    if (paragraphs.length === 0 && title.trim()) paragraphs.push(title.trim());
    return paragraphs.join('\n\n') + '\n';
  },
};

export const plainTextReader: DocumentTextReader = {
  read: (bytes, fileName) => normaliseInput(bytes, fileName),
};

export function readerFor(fileName: string): DocumentTextReader {
  return /^\.x?html?$/i.test(extname(fileName)) ? htmlTextReader : plainTextReader;
}

/** A document's text, or why it has none (empty, binary, not UTF-8, too large, unreadable). */
/**
 * `text` is what pairing compares (HTML as plain paragraphs); `source` is the decoded file itself,
 * what the alignment imports, so that an HTML page keeps its blocks and inline markup.
 */
export async function readArchiveDocument(file: ArchiveFile): Promise<{ text: string; source: string } | { problem: string }> {
  if (file.size > MAX_DOCUMENT_BYTES) {
    return { problem: `too large (${(file.size / 1024 / 1024).toFixed(0)} MB; documents up to ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB are read)` };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file.path);
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const text = readerFor(file.name).read(bytes, file.name);
    if (text.trim() === '') return { problem: 'the document is empty' };
    return { text, source: readerFor(file.name) === plainTextReader ? text : normaliseInput(bytes, file.name) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The segmentation's message starts with the file name; the report names it already.
    if (!message.startsWith(`${file.name}:`)) return { problem: message };
    const rest = message.slice(file.name.length + 1);
    const line = /^(\d+): /.exec(rest);
    return { problem: line ? `line ${line[1]}: ${rest.slice(line[0].length)}` : rest.trimStart() };
  }
}
