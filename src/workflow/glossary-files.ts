import type { NewConcept } from '../termbase';
import { getGlossaryFormat, detectGlossaryFormat } from '../formats';
import { WorkflowInputError } from './errors';

/** Reads a TBX or CSV glossary file as concepts, by its extension. */
export function readGlossaryFile(input: NodeJS.ReadableStream, fileName: string): AsyncIterable<NewConcept> {
  const format = detectGlossaryFormat(fileName);
  if (!format) throw new WorkflowInputError('file', `${fileName}: not a glossary file (.tbx or .csv)`);
  return getGlossaryFormat(format).read(input, { fileName });
}
