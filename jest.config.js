// Jest runs the TypeScript sources as ESM (the @actions toolkit is ESM-only), through ts-jest.
// `npm test` sets NODE_OPTIONS=--experimental-vm-modules, which Jest's ESM support needs.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  // The browser checks need Chromium: `npm run test:browser` (jest.browser.config.js) runs them.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/browser/'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 30000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
};
