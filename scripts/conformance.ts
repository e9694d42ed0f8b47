/**
 * `npm run conformance [-- playwright args]`: check the configuration first (exit 2 on a bad one, before anything
 * starts), then run the conformance checks with Playwright and pass its exit code on.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadDotEnv, preflightConfig } from '../harness/config';

export const EXIT_CONFIG_ERROR = 2;

loadDotEnv();
try {
  preflightConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(EXIT_CONFIG_ERROR);
}
const root = path.resolve(__dirname, '..');
const cli = require.resolve('@playwright/test/cli', { paths: [root] });
const run = spawnSync(process.execPath, [cli, 'test', '--config', path.join(root, 'playwright.config.ts'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
