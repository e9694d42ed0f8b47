/**
 * The embedded reference mock as Playwright's webServer, shared by playwright.config.ts and the bench's floor run
 * (bench/floor.config.ts), so that the floor starts the mock exactly as the suite does.
 */
import path from 'node:path';
import type { PlaywrightTestConfig } from '@playwright/test';

type WebServer = Exclude<NonNullable<PlaywrightTestConfig['webServer']>, unknown[]>;

export function embeddedMockWebServer(): WebServer {
  return {
    // Port 0: any free port, so parallel runs and a user's own `npm run mock` never collide.
    command: 'node --import tsx mock/cli.ts',
    cwd: path.resolve(__dirname, '..'),
    env: { MOCK_PORT: '0', MOCK_HOST: '127.0.0.1' },
    // The service root the mock prints becomes GRAPH_MOCK_SERVICE_ROOT in every worker.
    wait: { stdout: /service root (?<graph_mock_service_root>http:\/\/\S+)/ },
    stdout: 'ignore',
    stderr: 'pipe',
    reuseExistingServer: false,
    timeout: 30_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 2_000 },
  };
}
