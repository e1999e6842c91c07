/** Writes an export to a file and waits until it is on disk. */
import { createWriteStream } from 'node:fs';

export async function exportToFile(path: string, write: (out: NodeJS.WritableStream) => Promise<void>): Promise<string> {
  const out = createWriteStream(path);
  await write(out);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return path;
}
