/**
 * Which build a benchmark of a hot path measures: by default the one users run (dist/, as tsc
 * compiles it); `--src` measures src/ through tsx instead, for a change not yet built. tsx's
 * module wrappers make the same code slower than what ships (an export getter on every call
 * across modules, a name set on every closure: a third more per fuzzy lookup), so the targets
 * are for dist/.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** The newest modification time of the .ts files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** src/FOLDER's public surface, from dist/ unless `--src` is among `args` or there is no build; `what` says which. */
export function shippedModule<T>(folder: string, args: readonly string[]): { module: T; what: string } {
  const built = join(ROOT, 'dist', folder, 'index.js');
  const useSource = args.includes('--src');
  if (useSource || !existsSync(built)) {
    return {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      module: require(join(ROOT, 'src', folder)) as T,
      what: useSource ? 'src/ through tsx (--src)' : 'src/ through tsx (no dist/: run `npm run build` to measure what ships)',
    };
  }
  // Every folder's build is one tsc run: a source newer than this index is newer than the build.
  const stale = newestSource(join(ROOT, 'src')) > statSync(built).mtimeMs ? '; src/ is newer: run `npm run build` first' : '';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { module: require(built) as T, what: `dist/ (the build that ships${stale})` };
}
