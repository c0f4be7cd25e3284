import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser and fault scenarios have suites of their own (vitest.browser.config.ts, vitest.faults.config.ts).
    exclude: ['test/browser/**', 'test/faults/**'],
    // The embedded PostgreSQL and the template database, once for the run (in the main process).
    globalSetup: ['test/support/global-setup.ts'],
    // In every worker, before each file: the network guard (Telegram is the outside world: no test may
    // reach it, or anything else but loopback, for real) and a fresh Bot API emulator.
    setupFiles: ['test/support/worker-setup.ts'],
    pool: 'forks',
    // A worker runs file after file in one process and keeps what it has loaded (AdminJS, MikroORM,
    // telegraf…): importing them again for each file took a third of the run. Each file still has its own
    // database and its own core; worker-setup.ts resets what the support modules share.
    isolate: false,
    // Both cores: while one worker waits on PostgreSQL the other runs.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test' },
  },
});
