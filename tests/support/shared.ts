/**
 * The team's shared material next to the repository (`../shared`: the seed article, the aligner's
 * hand-aligned corpora), read in place and never copied into the repository.
 *
 * A test that needs it skips on a developer machine without it, but FAILS under `CI=true`: CI must
 * not pass without measuring anything. BITEXT_SHARED (or BITEXT_CORPORA for the corpora alone)
 * points elsewhere, e.g. at a missing folder to check that CI fails without them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SHARED = process.env.BITEXT_SHARED ?? join(__dirname, '..', '..', '..', 'shared');
export const CORPORA = process.env.BITEXT_CORPORA ?? join(SHARED, 'corpora');
/** The seed article's English text as published (footer included). */
export const SEED_EN = join(SHARED, 'seed', 'jiangmen-achievements.en.txt');

/** Under CI every missing path is a failure; on a developer machine a skip. */
export function onCi(): boolean {
  return process.env.CI === 'true';
}

/**
 * Inside a describe: true when every path exists. Otherwise registers one test that fails under
 * CI=true (naming the missing paths and what could not be checked) or is skipped elsewhere, and
 * returns false so the caller registers nothing else.
 */
export function sharedPresent(paths: string | readonly string[], what: string): boolean {
  const missing = (typeof paths === 'string' ? [paths] : paths).filter((path) => !existsSync(path));
  if (missing.length === 0) return true;
  const name = `needs ${missing.join(', ')}`;
  if (onCi()) {
    it(name, () => { throw new Error(`${missing.join(', ')} missing: ${what} cannot be checked (CI=true)`); });
  } else {
    it.skip(`${name} (not found: skipped)`, () => undefined);
  }
  return false;
}

/** A describe block that runs only with the shared paths there (see `sharedPresent`). */
export function describeWithShared(name: string, paths: string | readonly string[], body: () => void): void {
  describe(name, () => {
    if (sharedPresent(paths, name)) body();
  });
}
