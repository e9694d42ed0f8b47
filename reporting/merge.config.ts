/**
 * `npx playwright merge-reports --config reporting/merge.config.ts <blob dir>`: the shards' blob reports merged into
 * the same HTML, JUnit and conformance reports a single run leaves (reports/, or $CONFORMANCE_REPORTS_DIR), the HTML
 * report then redacted as a run's is (harness/redact-reporter.ts, listed last so that it ends after the HTML reporter).
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { reporters } from './reporters';

export default defineConfig({
  // Check files are rebased onto this folder, so ids read "checks/<file> › ..." as in a direct run.
  testDir: '../checks',
  reporter: [...reporters(), [path.join(__dirname, '..', 'harness', 'redact-reporter.ts')]],
});
