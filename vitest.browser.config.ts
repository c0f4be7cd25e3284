import { defineConfig } from 'vitest/config';

// Browser tests: headless Debian Chromium driven by playwright-core (`npm run test:browser`).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/worker-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 90_000,
    env: { NODE_ENV: 'test' },
  },
});
