/**
 * Exit code 2: a configuration or preflight error is told apart from a failed check, wherever it is raised. (What a
 * run's reports hold is read back in tests/sharding.test.ts, which shares its runs with the sharding proof.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { EXIT_CONFIG_ERROR, exitCodeFor, readFreshReport } from '../reporting/exit-code';
import { removeTempDirs, ROOT, runConformance, runPlaywright, tempDir } from './reports-run';

test.afterEach(({}, testInfo) => removeTempDirs(testInfo.status === testInfo.expectedStatus));

test('a configuration error raised in global setup is exit code 2, not a failed check', async () => {
  const dir = tempDir('config-error');
  const out = path.join(dir, 'out');
  const abs = (p: string): string => JSON.stringify(path.join(ROOT, p));
  fs.writeFileSync(path.join(dir, 'playwright.config.ts'), `export default { testDir: '.', globalSetup: './setup.ts', reporter: [[${abs('reporting/conformance-reporter.ts')}, { outputDir: ${JSON.stringify(out)}, printSummary: false }]] };\n`);
  fs.writeFileSync(path.join(dir, 'setup.ts'), `import { ConfigError } from ${abs('harness/config')};\nexport default function setup(): void { throw new ConfigError(['B2X_USER_FLOW_ID names no user flow of the target (e.g. B2X_USER_FLOW_ID=B2X_1_signup)']); }\n`);
  fs.writeFileSync(path.join(dir, 'never.spec.ts'), `import { test } from ${abs('node_modules/@playwright/test')};\ntest('never runs', () => {});\n`);
  const started = Date.now();
  const outcome = await runPlaywright(dir, ['test', '-c', path.join(dir, 'playwright.config.ts')]);
  expect(outcome.code, 'Playwright itself says only "failed"').toBe(1);
  const report = readFreshReport(out, started);
  expect(report?.configError).toContain('B2X_USER_FLOW_ID names no user flow');
  expect(exitCodeFor(outcome.code, outcome.stderr, report)).toBe(EXIT_CONFIG_ERROR);
});

test('a bad variable of the embedded mock stops `npm run conformance` with exit code 2 and says so on its last line', async () => {
  const dir = tempDir('mock-config');
  const outcome = await runConformance(dir, [], { MOCK_BODY_LIMIT: 'lots' });
  expect(outcome.code, outcome.stderr).toBe(EXIT_CONFIG_ERROR);
  expect(outcome.stderr).toContain('MOCK_BODY_LIMIT must be a whole number');
  expect(outcome.stdout.trim().split('\n').pop()).toBe('conformance: 0 passed, 0 failed, 0 known failures (target: reference, strict) - stopped by a configuration error');
});
