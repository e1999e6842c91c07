import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Domain modules know nothing of HTTP or SQL (DESIGN.md: arrows run downward only).
    files: ['src/{locale,segmentation,alignment,memory,termbase,checks,conversion,translation,formats,workflow}/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['express', 'better-sqlite3', 'pg'],
        patterns: ['**/server/**', '**/cli/**', '**/store/sqlite/**', '**/store/postgres/**'],
      }],
    },
  },
);
