import type { NewConcept } from '../termbase';
import type * as Formats from '../formats';
import { WorkflowInputError } from './errors';

/** Reads a TBX or CSV glossary file as concepts, by its extension. */
export function readGlossaryFile(input: NodeJS.ReadableStream, fileName: string): AsyncIterable<NewConcept> {
  // Loaded on first use: every command opens the workflow, few read a glossary file (the format
  // adapters and their XML and CSV parsers were 5 ms of a one-pair `bitext check`).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getGlossaryFormat, detectGlossaryFormat } = require('../formats') as typeof Formats;
  const format = detectGlossaryFormat(fileName);
  if (!format) throw new WorkflowInputError('file', `${fileName}: not a glossary file (.tbx or .csv)`);
  return getGlossaryFormat(format).read(input, { fileName });
}
