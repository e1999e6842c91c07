/**
 * Sentence and paragraph alignment of English ⇄ Chinese texts: dynamic programming over beads with
 * a length model and dictionary / number / name / termbase evidence (CC-CEDICT, CC BY-SA 4.0).
 */
export type { Bead, AlignLanguage, AlignOptions, DocumentBead } from './types';
export { alignSentences, alignDocument } from './aligner';
export { alignStructured } from './structure';
export type { StructuredBlock } from './structure';
export { beadType, formatBead, parseBead } from './format';
export { alignSentenceFiles } from './files';
export { galeChurch } from './gale-church';
import { getDictionary } from './dictionary';

/** Loads the bilingual dictionary now rather than on the first alignment. */
export function loadDictionary(): void {
  getDictionary();
}
export { ArchivePairer, documentLanguage } from './pairing';
export type { ArchivePair, ArchiveSide, PairingOptions, PairingResult, UnpairedDocument } from './pairing';
