import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: the HTML reports in headless Chromium (/usr/bin/chromium, installed by .ci/run). */
export default defineConfig({
  test: {
    include: ['specs/report/html-browser.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
