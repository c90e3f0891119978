import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Finds or installs Chromium, finds or starts Redis, before any test file (fails loudly).
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only make the socket and browser tests fight for CPU.
    maxWorkers: 2,
  },
});
