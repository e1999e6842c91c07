/** The glossary (termbase) formats by name, and by file name. */
import type { NewConcept } from '../termbase';
import type { FormatAdapter } from './adapter';
import { tbxAdapter } from './tbx';
import { glossaryCsvAdapter } from './glossary-csv';

export const GLOSSARY_FORMATS = ['tbx', 'csv'] as const;
export type GlossaryFormatName = (typeof GLOSSARY_FORMATS)[number];

const ADAPTERS: Record<GlossaryFormatName, FormatAdapter<NewConcept>> = { tbx: tbxAdapter, csv: glossaryCsvAdapter };

export function getGlossaryFormat(name: GlossaryFormatName): FormatAdapter<NewConcept> {
  const adapter = ADAPTERS[name];
  if (!adapter) throw new Error(`unknown glossary format "${String(name)}" (expected ${GLOSSARY_FORMATS.join(', ')})`);
  return adapter;
}

/** `.tbx` (also `.xml` holding TBX) or `.csv`; undefined otherwise. */
export function detectGlossaryFormat(fileName: string): GlossaryFormatName | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tbx') || lower.endsWith('.xml')) return 'tbx';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}
