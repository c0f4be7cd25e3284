import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**'],
    // The embedded PostgreSQL and the template database, once for the run (in the main process).
    globalSetup: ['test/support/global-setup.ts'],
    // In every worker, before each file: the network guard (Telegram is the outside world: no test may
    // reach it, or anything else but loopback, for real) and a fresh Bot API emulator.
    setupFiles: ['test/support/worker-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test' },
  },
});
