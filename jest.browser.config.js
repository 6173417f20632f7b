// The browser checks (`npm run test:browser`): the comment rendered as GitHub shows it and the
// HTML report, in Debian's Chromium (.ci/run installs it). `npm test` leaves them out.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/__tests__/browser/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 60000,
  maxWorkers: 1,
};
