/**
 * What a run leaves behind, read as CI and a person read it: the suite runs in a subprocess against a server that
 * breaks one clause, with a canary token, and every report is searched for what it must and must not hold.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ReferenceMock, type Ctx } from '../mock/server';
import type { RunReport } from '../reporting/model';
import { EXIT_CONFIG_ERROR, exitCodeFor, readFreshReport } from '../reporting/exit-code';
import { filesUnder, htmlReportData, removeTempDirs, ROOT, runConformance, runPlaywright, tempDir } from './reports-run';

const CANARY = 'canary-token-5e1f0c7a9b3d42e8';

/** Answers a DELETE on the $ref 200 with a body, where 204 No Content is due; remembers every request-id it sent. */
class AnswersOkToDelete extends ReferenceMock {
  readonly issued = new Set<string>();
  protected override graphHeaders(ctx: Ctx): Record<string, string> {
    this.issued.add(ctx.requestId);
    return super.graphHeaders(ctx);
  }
  protected override sendNoContent(ctx: Ctx): void {
    if (ctx.method === 'DELETE') this.sendJson(ctx, 200, { value: 'done' });
    else super.sendNoContent(ctx);
  }
}

test.afterEach(({}, testInfo) => removeTempDirs(testInfo.status === testInfo.expectedStatus));

test('a run against a failing target exits 1 and leaves HTML, JUnit and a conformance report naming each failure with its request-id', async () => {
  test.setTimeout(120_000);
  const mock = new AnswersOkToDelete({ token: CANARY, log: () => {} });
  const root = await mock.listen(0);
  const dir = tempDir('reports');
  const stepSummary = path.join(dir, 'step-summary.md');
  fs.writeFileSync(stepSummary, '# earlier step\n');
  let outcome;
  try {
    outcome = await runConformance(dir, [], { GRAPH_BASE_URL: root, GRAPH_TOKEN: CANARY, GITHUB_STEP_SUMMARY: stepSummary });
  } finally {
    await mock.close();
  }
  const reports = path.join(dir, 'reports');
  expect(outcome.code, outcome.stderr).toBe(1);

  const run = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as RunReport;
  expect(run).toMatchObject({ target: null, serviceRoot: root, embeddedMock: false, apiVersion: 'v1.0', status: 'failed', configError: null });
  expect(Date.parse(run.startTime)).not.toBeNaN();
  expect(run.durationMs).toBeGreaterThan(0);
  const failed = run.checks.filter((c) => c.verdict === 'failed');
  const passed = run.checks.filter((c) => c.verdict === 'passed');
  expect(failed.length, 'the DELETE checks fail').toBeGreaterThan(0);
  expect(failed.every((c) => c.clauses.includes('delete-ref')), 'only the DELETE checks fail').toBe(true);
  expect(passed.length, 'every other check passes').toBe(run.checks.length - failed.length);
  expect(run.totals).toMatchObject({ checks: run.checks.length, passed: passed.length, failed: failed.length, unexpected: failed.length });
  for (const check of run.checks) {
    expect(check.id.startsWith(`${check.file} › `), check.id).toBe(true);
    expect(check.clauses.length, `${check.id} names its clauses`).toBeGreaterThan(0);
    expect(check.tags.length, `${check.id} carries its tag`).toBe(1);
    expect(check.exchanges, `${check.id} recorded its exchanges`).toBeGreaterThan(0);
  }
  for (const check of failed) {
    expect(check.failure, check.id).toBeTruthy();
    expect(mock.issued.has(check.supportIds?.requestId ?? ''), `${check.id}: ${JSON.stringify(check.supportIds)} is a request-id the server sent`).toBe(true);
  }

  // The console's last line, in the shape CI log parsers look for, with the same numbers as the report.
  const lastLine = outcome.stdout.trim().split('\n').pop();
  expect(lastLine).toBe(`conformance: ${passed.length} passed, ${failed.length} failed, 0 known failures (target: ${new URL(root).host}, strict)`);

  const markdown = fs.readFileSync(path.join(reports, 'conformance.md'), 'utf8');
  expect(markdown).toContain('## By clause');
  expect(markdown).toMatch(new RegExp(`\\| \`delete-ref\` \\| ${failed.length} \\| 0 \\| 0 \\| ${failed.length} ❌ \\|`));
  expect(markdown).toContain('## By tag');
  for (const check of failed) {
    expect(markdown).toContain(`### FAILED: ${check.id}`);
    expect(markdown).toContain(check.supportIds!.requestId!);
  }
  expect(fs.readFileSync(stepSummary, 'utf8')).toBe(`# earlier step\n${markdown}`);

  const junit = fs.readFileSync(path.join(reports, 'junit.xml'), 'utf8');
  expect(junit).toMatch(new RegExp(`<testsuites [^>]*tests="${run.checks.length}" failures="${failed.length}"`));

  // The HTML report holds every check with its exchanges attached.
  const html = htmlReportData(path.join(reports, 'html'));
  const htmlText = [...html.values()].join('\n');
  for (const check of run.checks) expect(htmlText.includes(JSON.stringify(check.title).slice(1, -1)), `the HTML report shows ${check.id}`).toBe(true);
  expect(/"name":"exchange \d+: DELETE 200"/.test(htmlText), 'the HTML report attaches the failing exchange').toBe(true);
  expect(htmlText.includes('Bearer <redacted>'), 'the attached exchanges show the Authorization header redacted').toBe(true);

  // The token appears nowhere: not on the console, not in any file the run wrote, not inside the HTML report's zip.
  for (const file of filesUnder(dir)) expect(fs.readFileSync(file, 'latin1').includes(CANARY), file).toBe(false);
  expect(htmlText.includes(CANARY), 'the HTML report data never holds the token').toBe(false);
  expect(`${outcome.stdout}${outcome.stderr}`.includes(CANARY)).toBe(false);
});

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
