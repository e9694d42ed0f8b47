/**
 * `npx playwright merge-reports --config reporting/merge.config.ts <blob dir>`: the shards' blob reports merged into
 * the same HTML, JUnit and conformance reports a single run leaves (reports/, or $CONFORMANCE_REPORTS_DIR).
 */
import { defineConfig } from '@playwright/test';
import { reporters } from './reporters';

export default defineConfig({
  // Check files are rebased onto this folder, so ids read "checks/<file> > ..." as in a direct run.
  testDir: '../checks',
  reporter: reporters(),
});
