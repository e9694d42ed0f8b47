/**
 * The suite's own configuration, with one Playwright project per server under test (SELFTEST_TARGETS, written by
 * tests/broken-servers/run-suite.ts): one runner for every broken server instead of one per server. Each project
 * points the harness at its server through the targetEnv option and selects that server's baseline; its checks run
 * one at a time in the suite's order, as `--workers=1` would, since some declared failures depend on that order.
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import suite from '../../playwright.config';

interface SelftestTarget {
  name: string;
  serviceRoot: string;
  target?: string;
}

const raw = process.env.SELFTEST_TARGETS;
if (!raw) throw new Error('SELFTEST_TARGETS is unset: this configuration is run by tests/broken-servers/run-suite.ts, not by hand');
const targets = JSON.parse(raw) as SelftestTarget[];
const root = path.resolve(__dirname, '..', '..');
/** The suite's config names files relative to the project root; this file lives two folders down. */
const fromRoot = <T>(value: T): T => (typeof value === 'string' && value.startsWith('.') ? (path.resolve(root, value) as T) : value);

export default defineConfig<{ targetEnv: Record<string, string> }>({
  ...suite,
  testDir: path.join(root, 'checks'),
  globalSetup: fromRoot(suite.globalSetup),
  globalTeardown: fromRoot(suite.globalTeardown),
  webServer: undefined,
  // run-suite.ts passes --reporter=json; the suite's own reporters would also be resolved from the wrong folder.
  reporter: [['json']],
  projects: targets.map((t) => ({
    name: t.name,
    workers: 1,
    use: { targetEnv: { GRAPH_BASE_URL: t.serviceRoot, ...(t.target ? { CONFORMANCE_TARGET: t.target } : {}) } },
  })),
});
