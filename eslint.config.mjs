import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

/*
 * The arrows of docs/ARCHITECTURE.md ("The arrows"), enforced here so that `npm run lint` (and every
 * landing) fails on an upward import, a folder cycle or an import that bypasses a folder's index.ts.
 */

/** Domain folders from the bottom up: a folder may import only folders listed before it (no folder cycles). */
const DOMAIN = [
  'locale', 'document', 'accounts', 'collaboration', 'segmentation', 'termbase', 'alignment', 'checks', 'memory',
  'conversion', 'translation', 'formats', 'release',
];
const STORE = 'store';
const WORKFLOW = 'workflow';
const SHELLS = ['server', 'cli'];
const FOLDERS = [...DOMAIN, STORE, WORKFLOW, ...SHELLS];
// A folder the lists do not name would escape every rule: each one must have its place.
const unplaced = readdirSync(join(import.meta.dirname, 'src'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !FOLDERS.includes(entry.name)).map((entry) => entry.name);
if (unplaced.length > 0) {
  throw new Error(`eslint.config.mjs: src/${unplaced.join(', src/')} has no place in the arrows: add it to DOMAIN (from the bottom up) or to SHELLS (docs/ARCHITECTURE.md, "The arrows")`);
}
const src = (folder) => `./src/${folder}`;

const layering = [
  // Each domain folder imports only the domain folders below it, never the store, workflow or shells.
  ...DOMAIN.map((folder, i) => ({
    target: src(folder),
    from: FOLDERS.filter((other) => other !== folder && !DOMAIN.slice(0, i).includes(other)).map(src),
    message: `${folder}/ may import only ${DOMAIN.slice(0, i).join(', ') || 'no other folder'} (docs/ARCHITECTURE.md, "The arrows"; to add an arrow that makes no cycle, move the folder in DOMAIN in eslint.config.mjs).`,
  })),
  {
    target: src(STORE),
    from: [WORKFLOW, ...SHELLS].map(src),
    message: 'The store knows domain types only: it never imports workflow, server or cli (docs/ARCHITECTURE.md, "The arrows").',
  },
  {
    target: src(WORKFLOW),
    from: SHELLS.map(src),
    message: 'workflow is below the shells: it never imports server or cli (docs/ARCHITECTURE.md, "The arrows").',
  },
  {
    target: SHELLS.map(src),
    from: src(STORE),
    message: 'The shells never import the store: go through workflow (docs/ARCHITECTURE.md, "The arrows").',
  },
  {
    target: src('server'),
    from: src('cli'),
    message: 'server never imports cli (docs/ARCHITECTURE.md, "The arrows").',
  },
];

// Across folders, only through the folder's index.ts (its public surface).
const indexOnly = FOLDERS.map((folder) => ({
  target: FOLDERS.filter((other) => other !== folder).map(src),
  from: src(folder),
  except: ['./index.ts'],
  message: `Import ${folder}/ through its index.ts (docs/ARCHITECTURE.md: "other folders import from that file"); export what you need there.`,
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain CommonJS build and config scripts run on Node.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error (an unhandled rejection ends Node),
    // and a promise where a void callback is expected (an Express handler, a listener) does the same;
    // `await` on what is not a promise (`await expect(x).toBeTruthy()`) asserts nothing it seems to.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.test.json', './src/server/workbench/browser/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle parses the modules an import leads to: it must know .ts files and their parser.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...layering, ...indexOnly] }],
      // Module cycles inside a folder (folder cycles are ruled out by DOMAIN's order above).
      'import-x/no-cycle': 'error',
    },
  },
  {
    // Domain modules know nothing of HTTP or SQL drivers (docs/ARCHITECTURE.md, "The arrows").
    files: [`src/{${[...DOMAIN, WORKFLOW].join(',')}}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['express', 'better-sqlite3', 'pg'],
      }],
    },
  },
);
