/** The hand-aligned development corpora, read in place (see ./shared.ts: skip on a dev machine, fail under CI). */
export { CORPORA } from './shared';
