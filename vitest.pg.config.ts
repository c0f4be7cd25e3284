import { defineConfig } from 'vitest/config';
import { configFromEnvironment } from './core/config.js';
import suite from './vitest.config.js';

/**
 * `npm run test:pg`: the integration and end-to-end tiers on the PostgreSQL server in DATABASE_URL (the CI:
 * the machine's 15), besides the embedded 18 of `npm test`. Without DATABASE_URL it refuses to run instead of
 * testing the embedded server a second time; a server that does not answer fails the run at its set-up.
 */
if (!('url' in configFromEnvironment().database)) {
  throw new Error(
    'npm run test:pg tests the PostgreSQL server named by DATABASE_URL, and it is not set ' +
      '(e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run test:pg). `npm test` uses the embedded server.',
  );
}

export default defineConfig({
  test: {
    ...suite.test,
    include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
  },
});
