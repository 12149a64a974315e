import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['specs/**/*.spec.ts'],
    // The browser spec needs Debian's chromium: it runs from `npm run test:browser` (vitest.browser.config.ts), which .ci/run calls.
    exclude: [...configDefaults.exclude, 'specs/report/html-browser.spec.ts'],
    // CLI scenario specs spawn node processes; two cores is the machine size CI runs on.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
