/**
 * Run the conformance suite, as a user would, against a server started here: `playwright test` with the suite's own
 * config in a subprocess, pointed at the server by GRAPH_BASE_URL and GRAPH_TOKEN (so no webServer starts), with the
 * JSON reporter writing to a private folder. What comes back is what Playwright reported, by stable check id.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { outcomes, PROJECT_ROOT, type JsonReport } from '../../harness/baseline';
import { REFERENCE_MOCK_TOKEN } from '../../harness/config';

export interface SuiteRun {
  exitCode: number | null;
  /** Every check that ran, by stable id. */
  checks: string[];
  /** Checks that failed, whether a baseline expected it or not. */
  failing: string[];
  /** Checks whose outcome Playwright called `unexpected`: a failure nobody expected, or an expected failure that passed. */
  unexpected: string[];
  /** Errors outside any check (configuration, global setup), as Playwright reported them. */
  errors: string[];
  durationMs: number;
  /** The subprocess's stderr tail, for a message when the run went wrong as a whole. */
  stderr: string;
  /** Its stdout and stderr together, when RunOptions.reporters asked for console reporters. */
  output: string;
}

export interface RunOptions {
  /** Baseline entries for this run, written to a private expectations folder and selected as its target. */
  baseline?: Record<string, { status: 'fail' | 'flaky' | 'skip'; reason: string }>;
  args?: string[];
  env?: Record<string, string>;
  /** Reporters besides JSON, as --reporter takes them (e.g. 'list,./harness/baseline-reporter.ts'); their output is kept. */
  reporters?: string;
}

export async function runSuite(serviceRoot: string, options: RunOptions = {}): Promise<SuiteRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-selftest-'));
  const reportFile = path.join(dir, 'results.json');
  let target: string | undefined;
  if (options.baseline) {
    target = 'selftest';
    fs.mkdirSync(path.join(dir, 'expectations'));
    fs.writeFileSync(path.join(dir, 'expectations', `${target}.json`), JSON.stringify({ checks: options.baseline }, null, 2));
  }
  const env: Record<string, string | undefined> = {
    ...process.env,
    GRAPH_BASE_URL: serviceRoot,
    GRAPH_TOKEN: REFERENCE_MOCK_TOKEN,
    CONFORMANCE_TARGET: target,
    CONFORMANCE_EXPECTATIONS_DIR: path.join(dir, 'expectations'),
    CONFORMANCE_REPORTS_DIR: dir,
    PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile,
    // The parent is a Playwright worker: its test-runner variables must not leak into the child run.
    TEST_WORKER_INDEX: undefined,
    TEST_PARALLEL_INDEX: undefined,
    ...options.env,
  };
  const cli = require.resolve('@playwright/test/cli', { paths: [PROJECT_ROOT] });
  const started = Date.now();
  const { code, stderr, output } = await playwrightRun(
    // One worker: runs are parallel with each other, and one worker keeps each run's order of checks fixed.
    [cli, 'test', '--config', path.join(PROJECT_ROOT, 'playwright.config.ts'), `--reporter=${options.reporters ? `${options.reporters},` : ''}json`, '--workers=1', `--output=${path.join(dir, 'results')}`, ...(options.args ?? [])],
    env,
    Boolean(options.reporters),
  );
  const durationMs = Date.now() - started;
  try {
    if (!fs.existsSync(reportFile)) return { exitCode: code, checks: [], failing: [], unexpected: [], errors: [`no JSON report was written (exit ${code})`], durationMs, stderr, output };
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as JsonReport;
    const all = outcomes(report);
    return {
      exitCode: code,
      checks: all.map((o) => o.id),
      failing: all.filter((o) => o.result === 'failed' || o.result === 'timedOut').map((o) => o.id),
      unexpected: all.filter((o) => o.outcome === 'unexpected').map((o) => o.id),
      errors: report.errors.map((e) => (e.message ?? '').split('\n')[0]!),
      durationMs,
      stderr,
      output,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface ProjectTarget {
  /** The project's name; also its baseline's name when it has one. */
  name: string;
  serviceRoot: string;
  baseline?: RunOptions['baseline'];
}

/**
 * Run the suite once against several servers, one Playwright project each (tests/broken-servers/selftest.config.ts).
 * Returns a SuiteRun per project, all with the run's exit code, errors and duration.
 */
export async function runProjects(targets: ProjectTarget[], workers: number): Promise<Map<string, SuiteRun>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-selftest-'));
  const reportFile = path.join(dir, 'results.json');
  const expectations = path.join(dir, 'expectations');
  fs.mkdirSync(expectations);
  for (const t of targets) {
    if (t.baseline) fs.writeFileSync(path.join(expectations, `${t.name}.json`), JSON.stringify({ checks: t.baseline }, null, 2));
  }
  const env: Record<string, string | undefined> = {
    ...process.env,
    // The configuration's preflight needs a target; each project names its own through targetEnv.
    GRAPH_BASE_URL: targets[0]?.serviceRoot,
    GRAPH_TOKEN: REFERENCE_MOCK_TOKEN,
    CONFORMANCE_TARGET: undefined,
    CONFORMANCE_EXPECTATIONS_DIR: expectations,
    CONFORMANCE_REPORTS_DIR: dir,
    PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile,
    SELFTEST_TARGETS: JSON.stringify(targets.map((t) => ({ name: t.name, serviceRoot: t.serviceRoot, target: t.baseline ? t.name : undefined }))),
    TEST_WORKER_INDEX: undefined,
    TEST_PARALLEL_INDEX: undefined,
  };
  const cli = require.resolve('@playwright/test/cli', { paths: [PROJECT_ROOT] });
  const started = Date.now();
  const { code, stderr } = await playwrightRun(
    [cli, 'test', '--config', path.join(__dirname, 'selftest.config.ts'), '--reporter=json', `--workers=${workers}`, `--output=${path.join(dir, 'results')}`],
    env,
    false,
  );
  const durationMs = Date.now() - started;
  try {
    const runs = new Map<string, SuiteRun>();
    const report = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as JsonReport) : undefined;
    const errors = report ? report.errors.map((e) => (e.message ?? '').split('\n')[0]!) : [`no JSON report was written (exit ${code})`];
    const all = report ? outcomes(report) : [];
    for (const t of targets) {
      const mine = all.filter((o) => o.project === t.name);
      runs.set(t.name, {
        exitCode: code,
        checks: mine.map((o) => o.id),
        failing: mine.filter((o) => o.result === 'failed' || o.result === 'timedOut').map((o) => o.id),
        unexpected: mine.filter((o) => o.outcome === 'unexpected').map((o) => o.id),
        errors,
        durationMs,
        stderr,
        output: '',
      });
    }
    return runs;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A `playwright test` subprocess run to its end: its exit code, its stderr tail, and (when `keepOutput`) its stdout and
 * stderr together for console reporters. A self-test that times out ends its worker; the run it started must not
 * outlive it.
 */
function playwrightRun(args: string[], env: Record<string, string | undefined>, keepOutput: boolean): Promise<{ code: number | null; stderr: string; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', keepOutput ? 'pipe' : 'ignore', 'pipe'] });
    let err = '';
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-4000);
      output += chunk.toString('utf8');
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const orphanGuard = (): void => void child.kill('SIGKILL');
    process.once('exit', orphanGuard);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      process.off('exit', orphanGuard);
      resolve({ code: exitCode, stderr: err, output });
    });
  });
}
