import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/propertySeed.ts'],
    // Printed once per run: the seed every property test used (see test/support/propertySeed.ts).
    globalSetup: ['test/support/printSeed.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own local stack; two cores run two at a time.
    maxWorkers: 2,
  },
});
