import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: the product as real processes (`node --import tsx main.ts`) killed, cut off from
 * Telegram or from PostgreSQL while they work, and what they left behind counted. Slow (each start of the
 * product takes seconds), so kept out of `npm test`; `.ci/run` runs it after the suite.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    // The same embedded PostgreSQL and migrated template as the suite: each scenario clones a database of its own.
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/worker-setup.ts'],
    pool: 'forks',
    // One scenario at a time: each runs one or two product processes of its own, and timing is part of what they test.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test' },
  },
});
