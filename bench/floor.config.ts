/**
 * The floor of the suite-overhead target: Playwright running one request against the embedded mock, started by the
 * same webServer mechanism as playwright.config.ts (mock/cli.ts on port 0, service root read from its stdout).
 * Used only by `npm run bench`; outputs go where BENCH_OUTPUT_DIR says.
 */
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const root = path.resolve(__dirname, '..');

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
  webServer: {
    command: 'node --import tsx mock/cli.ts',
    cwd: root,
    env: { MOCK_PORT: '0', MOCK_HOST: '127.0.0.1' },
    wait: { stdout: /service root (?<graph_mock_service_root>http:\/\/\S+)/ },
    stdout: 'ignore',
    stderr: 'pipe',
    reuseExistingServer: false,
    timeout: 30_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 2_000 },
  },
});
