/**
 * Module cycles with type imports counted (`npm run lint`). eslint's import-x/no-cycle, which
 * every landing runs, sees only imports that survive compilation; a type-only cycle is still two
 * modules that cannot be understood apart (docs/ARCHITECTURE.md, "The arrows"). The layering
 * rules live in eslint.config.mjs.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module cycle, type imports included: move the shared piece into a module both can import (often the folder\'s types.ts).',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
  },
};
