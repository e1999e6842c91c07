/**
 * The workbench's browser side for `npm run build` (after tsc, which compiles the Node code
 * only): each page script in src/server/workbench/browser/ (TypeScript, type-checked by
 * `npm run typecheck` with its own tsconfig) is bundled by esbuild into one IIFE, and the
 * stylesheet and icon are copied beside them, into dist/server/workbench/assets/ — the folder
 * the server serves at /workbench/assets. The test setup calls `buildAssets()` too, so a test run
 * from src/ never serves a stale bundle.
 */
const { copyFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');

const root = join(__dirname, '..');
const BROWSER = join(root, 'src', 'server', 'workbench', 'browser');
const OUT = join(root, 'dist', 'server', 'workbench', 'assets');
/** One script per page (the page names it in its <script src>). */
const ENTRIES = ['articles', 'review', 'termbase', 'admin', 'memory'];
/** Served as they are. */
const STATIC = ['workbench.css', 'favicon.svg'];

async function buildAssets(outDir = OUT) {
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: ENTRIES.map((name) => join(BROWSER, `${name}.ts`)),
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari15'],
    sourcemap: true,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const name of STATIC) copyFileSync(join(BROWSER, name), join(outDir, name));
  return { outDir, scripts: ENTRIES.length, files: STATIC.length };
}

module.exports = { buildAssets, ASSETS_OUT: OUT };

if (require.main === module) {
  buildAssets().then(
    ({ scripts, files }) => process.stdout.write(`build-assets: ${scripts} script bundle(s) and ${files} file(s) in dist/server/workbench/assets/\n`),
    (error) => {
      process.stderr.write(`build-assets: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
