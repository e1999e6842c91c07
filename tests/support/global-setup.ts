import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const DEFAULT_URL = 'postgres://bitext:bitext@127.0.0.1:5432/bitext_test';

/**
 * The workbench's browser bundles, as `npm run build` makes them: the e2e tests run the server
 * from src/, which serves dist/'s bundles, and a focused `npx jest` must not see stale ones.
 */
function buildWorkbenchAssets(): void {
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build-assets.js')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 60_000 });
}

/**
 * Makes `npm test` whole on a machine like CI's: when no PostgreSQL URL is given and this user can
 * run the local cluster (root, PostgreSQL 15 installed), prepare it with .ci/pg-setup.sh so the
 * PostgreSQL suite runs too. Elsewhere the suite says why it skipped (and fails under CI).
 */
export default function globalSetup(): void {
  buildWorkbenchAssets();
  if (process.env.BITEXT_TEST_PG_URL) return;
  const script = join(__dirname, '..', '..', '.ci', 'pg-setup.sh');
  const canRun = process.getuid?.() === 0 && existsSync('/usr/bin/pg_ctlcluster') && existsSync(script);
  if (!canRun) return;
  try {
    execFileSync('bash', [script], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
    process.env.BITEXT_TEST_PG_URL = DEFAULT_URL;
  } catch (error) {
    process.stderr.write(`PostgreSQL could not be prepared (${(error as Error).message}); its suite will say so.\n`);
  }
}
