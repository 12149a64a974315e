import { defineConfig } from 'vitest/config';

/** Checks that read `../shared/` (Adobe's source documents): `npm run test:shared`, called by .ci/run. */
export default defineConfig({
  test: {
    include: ['specs-shared/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
