/** Unit and integration tests; e2e (Chromium) tests live in tests/e2e and run in the same suite. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
    // ESM-only packages (parse5 and what it imports) become CommonJS for jest.
    '^.+/node_modules/(parse5|entities|htmlparser2|domhandler|domutils|dom-serializer|domelementtype)/.+\\.js$': '<rootDir>/tests/support/esm-transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(parse5|entities|htmlparser2|domhandler|domutils|dom-serializer|domelementtype)/)'],
  testTimeout: 60000,
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  setupFiles: ['<rootDir>/tests/support/fast-check-seed.ts'],
};
