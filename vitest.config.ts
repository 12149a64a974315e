import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['specs/**/*.spec.ts'],
    // CLI scenario specs spawn node processes; two cores is the machine size CI runs on.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
