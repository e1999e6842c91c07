/** Reading and writing a unit format in tests: input in small chunks, output as a string. */
import { PassThrough, Readable } from 'node:stream';
import { FormatError, type FormatAdapter, type ImportedUnit } from '../../src/formats';

export function unitFormatHarness(adapter: FormatAdapter<ImportedUnit>, defaultFileName: string, chunkSize: number) {
  async function read(content: string | Buffer, fileName = defaultFileName): Promise<ImportedUnit[]> {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    // Small chunks: the streaming reader must cope with text split anywhere.
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
    const units: ImportedUnit[] = [];
    // The file-unit ordinal is checked where it matters (real-tools.test.ts, the import counts); here
    // it would only clutter every expected unit.
    for await (const { fileUnit: _fileUnit, ...u } of adapter.read(Readable.from(chunks), { fileName })) units.push(u);
    return units;
  }

  async function write(units: ImportedUnit[]): Promise<string> {
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on('data', (d: Buffer) => parts.push(d));
    await adapter.write(units, out);
    out.end();
    return Buffer.concat(parts).toString('utf8');
  }

  async function readError(content: string | Buffer): Promise<FormatError> {
    try {
      await read(content);
    } catch (error) {
      expect(error).toBeInstanceOf(FormatError);
      return error as FormatError;
    }
    throw new Error('expected a FormatError');
  }

  return { read, write, readError };
}
