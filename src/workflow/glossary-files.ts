import type { NewConcept } from '../termbase/types';
import { getGlossaryFormat, detectGlossaryFormat } from '../formats';

/** Reads a TBX or CSV glossary file as concepts, by its extension. */
export function readGlossaryFile(input: NodeJS.ReadableStream, fileName: string): AsyncIterable<NewConcept> {
  return getGlossaryFormat(detectGlossaryFormat(fileName)).read(input, { fileName });
}
