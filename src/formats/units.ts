/** The unit (translation memory) formats by name, and by file name. */
import type { FormatAdapter, ImportedUnit } from './adapter';
import { csvUnitsAdapter } from './csv-units';
import { tmxAdapter } from './tmx';
import { xliffAdapter } from './xliff';

export const UNIT_FORMATS = ['tmx', 'xliff', 'csv'] as const;
export type UnitFormatName = (typeof UNIT_FORMATS)[number];

const ADAPTERS: Record<UnitFormatName, FormatAdapter<ImportedUnit>> = {
  tmx: tmxAdapter,
  xliff: xliffAdapter,
  csv: csvUnitsAdapter,
};

export function getUnitFormat(name: UnitFormatName): FormatAdapter<ImportedUnit> {
  const adapter = ADAPTERS[name];
  if (!adapter) throw new Error(`unknown unit format "${String(name)}" (expected ${UNIT_FORMATS.join(', ')})`);
  return adapter;
}

/** The format a file name suggests (`.tmx`, `.xlf`/`.xliff`/`.xlf2`, `.csv`), or undefined. */
export function detectUnitFormat(fileName: string): UnitFormatName | undefined {
  const lower = fileName.toLowerCase().replace(/\.(gz|txt)$/, '');
  if (lower.endsWith('.tmx')) return 'tmx';
  if (/\.(xlf|xliff|xlf2|xliff2|sdlxliff)$/.test(lower)) return 'xliff';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}
