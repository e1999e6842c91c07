import { buildTermRecognizer, type Concept, type TermRecognizer } from '../termbase';
import type { CheckContext } from './types';

/** Builds the context once for many units: the recognizer is the expensive part. */
export function createCheckContext(concepts: readonly Concept[]): CheckContext {
  return { concepts, recognizer: buildTermRecognizer(concepts) };
}

interface Termbase {
  recognizer: TermRecognizer;
  byId: Map<string, Concept>;
}

// Keyed on the concepts array, so a context built by hand (no recognizer) still builds it only once.
const termbases = new WeakMap<readonly Concept[], Termbase>();

/** The recognizer and a concept index for a context. */
export function termbaseOf(context: CheckContext): Termbase {
  let termbase = termbases.get(context.concepts);
  if (!termbase || (context.recognizer && termbase.recognizer !== context.recognizer)) {
    termbase = {
      recognizer: context.recognizer ?? buildTermRecognizer(context.concepts),
      byId: new Map(context.concepts.map((c) => [c.id, c])),
    };
    termbases.set(context.concepts, termbase);
  }
  return termbase;
}
