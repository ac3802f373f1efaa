import { defineConfig } from 'vitest/config';

// Stryker runs the unit tests only: the pure logic it mutates is what they test, in seconds.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    setupFiles: ['test/support/propertySeed.ts'],
  },
});
