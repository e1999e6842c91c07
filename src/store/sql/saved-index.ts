/**
 * Where a store keeps the saved candidate index (../../memory/index-file.ts): a sidecar file
 * beside an SQLite database, or the rows of tm_index_parts in PostgreSQL, where several servers
 * share one copy. Each dialect picks one; both are written here once.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open as openFile, rename, unlink } from 'node:fs/promises';
import { bufferReader, type IndexFileReader } from '../../memory';
import type { SqlExecutor } from './executor';

export interface SavedIndex {
  /** Where it lives, for messages. */
  readonly location: string;
  /** The saved index, or null when there is none; the reader is the caller's to close. */
  read(): Promise<IndexFileReader | null>;
  /** Replaces it at once: readers see the old or the new one, never a mix. */
  write(chunks: readonly Uint8Array[]): Promise<void>;
}

/** Bytes per row of tm_index_parts (bytea travels as one message: keep each well under its limits). */
const PART_BYTES = 8 << 20;

/**
 * A file, read by position. Its descriptor stays open while the index reads texts from it: a
 * newer file renamed over it later leaves this one readable until it is closed. A new file is
 * written under a name of its own, then renamed over the old one, so two processes writing at
 * once each rename a whole file (the later one wins).
 */
export function sidecarFile(path: string): SavedIndex {
  return {
    location: path,
    async read() {
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return fileReader(fd, path);
    },
    async write(chunks) {
      const temp = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
      try {
        const handle = await openFile(temp, 'wx');
        try {
          // writev takes at most IOV_MAX (1024) buffers at a time.
          for (let i = 0; i < chunks.length; i += 1000) await handle.writev(chunks.slice(i, i + 1000) as Uint8Array[]);
        } finally {
          await handle.close();
        }
        await rename(temp, path);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
    },
  };
}

/**
 * The table tm_index_parts, written in one transaction under the dialect's index lock (two
 * servers writing at once do not mix their parts). Both run outside the caller's transaction.
 */
export function indexTable(x: SqlExecutor, location: string): SavedIndex {
  return {
    location,
    async read() {
      const rows = await x.outside(() => x.all('SELECT part, data FROM tm_index_parts ORDER BY part'));
      return rows.length === 0 ? null : bufferReader(Buffer.concat(rows.map((row) => row.data as Buffer)));
    },
    async write(chunks) {
      const whole = Buffer.concat(chunks);
      await x.outside(() => x.transaction(async () => {
        if (x.dialect.indexWriteLock) await x.get(x.dialect.indexWriteLock);
        await x.run('DELETE FROM tm_index_parts');
        for (let part = 0, at = 0; at < whole.length; part++, at += PART_BYTES) {
          await x.run('INSERT INTO tm_index_parts (part, data) VALUES (?, ?)', [part, whole.subarray(at, at + PART_BYTES)]);
        }
      }));
    },
  };
}

/** Reads an open file by position; the size is the file's when it was opened. */
function fileReader(fd: number, path: string): IndexFileReader {
  const size = fstatSync(fd).size;
  let closed = false;
  return {
    size,
    read(position, length) {
      if (closed) throw new Error(`index file ${path} is closed`);
      const out = new Uint8Array(length);
      for (let done = 0; done < length;) {
        const n = readSync(fd, out, done, length - done, position + done);
        if (n === 0) throw new Error(`index file ${path} ended before byte ${position + length}`);
        done += n;
      }
      return out;
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
