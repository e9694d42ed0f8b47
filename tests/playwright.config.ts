import { defineConfig } from '@playwright/test';

/** The project's own tests: the harness helpers, the fragment, the reference mock. No target, no webServer. */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.test.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  outputDir: '../reports/unit-results',
});
