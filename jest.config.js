// Jest runs the TypeScript sources as ESM (the @actions toolkit is ESM-only), through ts-jest.
// `npm test` sets NODE_OPTIONS=--experimental-vm-modules, which Jest's ESM support needs.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  // The npm pack test installs a tarball (~16 s alone, twice that beside the other suites): it
  // runs on its own, `npm run test:pack`, which .ci/run runs before `npm test`. The browser
  // checks need Chromium: `npm run test:browser` (jest.browser.config.js) runs them.
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/__tests__/browser/',
    ...(process.env.PROMPTGATE_TEST_PACK ? [] : ['<rootDir>/__tests__/repo/pack.test.ts']),
  ],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 30000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
};
