import { join } from 'node:path';

/**
 * The hand-aligned development corpora, read in place (never copied into the repository).
 * BITEXT_CORPORA points elsewhere, e.g. at a missing folder to check that CI fails without them.
 */
export const CORPORA = process.env.BITEXT_CORPORA ?? join(__dirname, '..', '..', '..', 'shared', 'corpora');
