/**
 * The floor of the suite-overhead target: Playwright running one request against the embedded mock, started by the
 * same webServer as playwright.config.ts (harness/web-server.ts: mock/cli.ts on port 0, service root from its stdout).
 * Used only by `npm run bench`; outputs go where BENCH_OUTPUT_DIR says.
 */
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { embeddedMockWebServer } from '../harness/web-server';

export default defineConfig({
  testDir: __dirname,
  testMatch: 'floor.spec.ts',
  // As playwright.config.ts: each test its own group, so the padded floor is dispatched as the suite's checks are.
  fullyParallel: true,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  outputDir: path.join(process.env.BENCH_OUTPUT_DIR ?? os.tmpdir(), 'floor-results'),
  use: { trace: 'off' },
  webServer: embeddedMockWebServer(),
});
