import { defineConfig } from '@playwright/test';
import { preflightBaseline } from './harness/baseline';
import { ConfigError, loadDotEnv, preflightConfig, usesEmbeddedMock } from './harness/config';
import { embeddedMockWebServer } from './harness/web-server';
import { EXIT_CONFIG_ERROR } from './reporting/exit-code';
import { reporters, RUN_METADATA_KEY, runMetadata } from './reporting/reporters';

loadDotEnv();
// Bad configuration stops the run here, before the mock starts or any request is made: its message alone (not
// Playwright's stack of this file) and exit 2, whether the run came through `npm run conformance` or not.
try {
  preflightConfig();
  preflightBaseline();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(EXIT_CONFIG_ERROR);
}

const embeddedMock = usesEmbeddedMock();

export default defineConfig({
  testDir: './checks',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  timeout: 60_000,
  // list, HTML, JUnit and the conformance report (reporting/reporters.ts); JSON too on CI.
  // The baseline reporter first: it fails a run whose baseline names no check (harness/baseline-reporter.ts).
  // The redact reporter last: it rewrites the finished HTML report without secrets (harness/redact-reports.ts).
  reporter: [['./harness/baseline-reporter.ts'], ...reporters(), ['./harness/redact-reporter.ts']],
  metadata: { [RUN_METADATA_KEY]: runMetadata() },
  outputDir: 'reports/test-results',
  // Setup preflights the target and snapshots the flow's configuration; teardown restores it (harness/restore.ts).
  globalSetup: './harness/global-setup.ts',
  globalTeardown: './harness/global-teardown.ts',
  use: {
    // API checks need no browser; tracing would store request headers, Authorization included.
    trace: 'off',
  },
  webServer: embeddedMock ? embeddedMockWebServer() : undefined,
});
