/**
 * Baselines of known failures, per target: `CONFORMANCE_TARGET=<name>` selects `expectations/<name>.json`, whose
 * entries are keyed by a check's stable id and say what that target is known to do instead of passing. The
 * automatic fixture (harness/index.ts) applies an entry with Playwright's own modifiers, so every reporter shows it;
 * harness/baseline-reporter.ts catches entries that name no check and prints unexpected passes. See INTERPRETING.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TestInfo } from '@playwright/test';
import { ConfigError } from './config';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const EXPECTATIONS_DIR = path.join(PROJECT_ROOT, 'expectations');

/** expectations/ unless CONFORMANCE_EXPECTATIONS_DIR names another folder (a user's own baselines, the self-test's). */
export function expectationsDir(env: Record<string, string | undefined> = process.env): string {
  const dir = env.CONFORMANCE_EXPECTATIONS_DIR?.trim();
  return dir ? path.resolve(dir) : EXPECTATIONS_DIR;
}
/** Between the file and each title of a check id, as Playwright's own reporters join a title path. */
export const ID_SEPARATOR = ' › ';

export const BASELINE_STATUSES = ['fail', 'flaky', 'skip'] as const;
export type BaselineStatus = (typeof BASELINE_STATUSES)[number];

export interface BaselineEntry {
  status: BaselineStatus;
  reason: string;
}

export interface Baseline {
  target: string;
  /** The file, relative to the project root, for messages. */
  file: string;
  entries: Map<string, BaselineEntry>;
}

/**
 * A check's stable id: its file relative to the project root, then its describe titles and its own title, as
 * `checks/state.spec.ts › postFederationSignup › DELETE on the $ref unbinds the step`. Line numbers and tags are
 * left out on purpose: moving a check in its file or retagging it must not orphan a baseline entry.
 */
export function checkId(file: string, titles: readonly string[]): string {
  const relative = path.isAbsolute(file) ? path.relative(PROJECT_ROOT, file) : file;
  return [relative.split(path.sep).join('/'), ...titles].join(ID_SEPARATOR);
}

/** The id of the running check: testInfo.titlePath starts with the file's name, which checkId replaces by its path. */
export function checkIdOf(testInfo: Pick<TestInfo, 'file' | 'titlePath'>): string {
  return checkId(testInfo.file, testInfo.titlePath.slice(1));
}

export function availableTargets(dir = expectationsDir()): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function baselinePath(target: string, dir = expectationsDir()): string {
  return path.join(dir, `${target}.json`);
}

const ENTRY_KEYS = new Set(['status', 'reason']);
const ID_SHAPE = /^checks\/[^›]+\.spec\.ts › ./;
const EXAMPLE_ENTRY = '"checks/errors.spec.ts › an unknown property in $expand is answered 400": {"status": "fail", "reason": "ignores unknown $expand items; reported as ISSUE-12"}';

/**
 * Read and check a baseline file. Every problem is reported at once, naming the file and the entry, so that a
 * person fixes it in one pass. A reason still starting with "TODO" (as `npm run baseline` writes it) is refused:
 * a known failure nobody has explained is not yet known.
 */
export function loadBaseline(target: string, dir = expectationsDir()): Baseline {
  const file = baselinePath(target, dir);
  const relative = path.relative(PROJECT_ROOT, file);
  const shown = relative.startsWith('..') ? file : relative.split(path.sep).join('/');
  if (!fs.existsSync(file)) {
    const targets = availableTargets(dir);
    throw new ConfigError([
      `CONFORMANCE_TARGET=${target} names no baseline: ${shown} does not exist. ` +
        (targets.length ? `Available targets: ${targets.join(', ')} (e.g. CONFORMANCE_TARGET=${targets[0]}); ` : 'No baseline exists yet; ') +
        `unset CONFORMANCE_TARGET for a strict run, or write one with \`npm run baseline -- ${target}\`.`,
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`baseline ${shown} is not valid JSON: ${(err as Error).message}`]);
  }
  const problems: string[] = [];
  const entries = new Map<string, BaselineEntry>();
  const top = raw as Record<string, unknown>;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([`baseline ${shown} must be a JSON object {"checks": {...}}, e.g. {"checks": {${EXAMPLE_ENTRY}}}`]);
  }
  for (const key of Object.keys(top)) {
    if (key !== 'checks' && key !== '$comment' && key !== 'target') problems.push(`baseline ${shown}: unknown top-level property "${key}" (allowed: "$comment", "target", "checks")`);
  }
  if (top.target !== undefined && top.target !== target) problems.push(`baseline ${shown}: "target" is ${JSON.stringify(top.target)} but the file is selected as "${target}"`);
  const checks = top.checks;
  if (checks === null || typeof checks !== 'object' || Array.isArray(checks)) {
    problems.push(`baseline ${shown}: "checks" must be an object keyed by check id, e.g. {${EXAMPLE_ENTRY}}`);
  } else {
    for (const [id, value] of Object.entries(checks as Record<string, unknown>)) {
      const where = `baseline ${shown}: entry "${id}"`;
      if (!ID_SHAPE.test(id)) problems.push(`${where}: a check id is "checks/<file>.spec.ts › <title>" (run \`npm run conformance -- --list\` to see the titles)`);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`${where}: must be {"status": "fail" | "flaky" | "skip", "reason": "..."}`);
        continue;
      }
      const entry = value as Record<string, unknown>;
      for (const key of Object.keys(entry)) if (!ENTRY_KEYS.has(key)) problems.push(`${where}: unknown property "${key}" (allowed: "status", "reason")`);
      const status = entry.status;
      if (typeof status !== 'string' || !(BASELINE_STATUSES as readonly string[]).includes(status)) {
        problems.push(`${where}: "status" must be one of ${BASELINE_STATUSES.join(', ')}; found ${JSON.stringify(status)}`);
      }
      const reason = entry.reason;
      if (typeof reason !== 'string' || reason.trim() === '') {
        problems.push(`${where}: "reason" is required: a sentence or a link saying why the target fails it`);
      } else if (/^\s*TODO\b/i.test(reason)) {
        problems.push(`${where}: "reason" still reads "${reason.slice(0, 60)}"; replace the TODO with why the target fails it`);
      }
      if (problems.length === 0) entries.set(id, { status: status as BaselineStatus, reason: (reason as string).trim() });
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return { target, file: shown, entries };
}

/** Validate the selected baseline before anything starts; a strict run (no target) has none. */
export function preflightBaseline(env: Record<string, string | undefined> = process.env): Baseline | undefined {
  const target = env.CONFORMANCE_TARGET?.trim();
  return target ? loadBaseline(target) : undefined;
}

const loaded = new Map<string, Baseline>();

/** The baseline of a target, read once per process. */
export function baselineFor(target: string | undefined): Baseline | undefined {
  if (!target) return undefined;
  let baseline = loaded.get(target);
  if (!baseline) {
    baseline = loadBaseline(target);
    loaded.set(target, baseline);
  }
  return baseline;
}

export const UNEXPECTED_PASS = 'unexpected pass: remove it from the baseline';

/**
 * The automatic fixture's body. `fail`: test.fail, so a pass fails the run ("Expected to fail, but passed", and our
 * own line saying what to do). `skip`: test.skip, so the check never runs. `flaky`: the check runs; a pass is a
 * pass, a failure is turned into an expected failure after the fact and annotated, so it neither breaks the run nor
 * hides (reports list it as a tolerated flaky failure). Every listed check carries a `baseline` annotation.
 */
export async function applyBaseline(target: string | undefined, testInfo: TestInfo, use: () => Promise<void>): Promise<void> {
  const baseline = baselineFor(target);
  const id = checkIdOf(testInfo);
  const entry = baseline?.entries.get(id);
  if (!baseline || !entry) return use();
  testInfo.annotations.push({ type: 'baseline', description: `${entry.status}: ${entry.reason}` });
  if (entry.status === 'skip') {
    testInfo.skip(true, `baseline ${baseline.file}: ${entry.reason}`);
    return;
  }
  if (entry.status === 'fail') {
    testInfo.fail(true, `baseline ${baseline.file}: ${entry.reason}`);
    await use();
    if (testInfo.status === 'passed') {
      const line = `${UNEXPECTED_PASS} ${baseline.file}: ${id}`;
      testInfo.annotations.push({ type: 'unexpected-pass', description: line });
      process.stderr.write(`${line}\n`);
    }
    return;
  }
  await use();
  if (testInfo.status === 'failed' || testInfo.status === 'timedOut') {
    testInfo.annotations.push({ type: 'flaky-failure', description: `failed this time; tolerated as flaky by ${baseline.file}` });
    testInfo.fail(true, `baseline ${baseline.file} (flaky): ${entry.reason}`);
  }
}

// ---- reading Playwright's JSON report (the self-test and `npm run baseline`) ------------------------------------

interface JsonSuite {
  title: string;
  file: string;
  specs?: { title: string; file: string; tests: { projectName: string; status: string; results: { status: string; error?: { message?: string } }[] }[] }[];
  suites?: JsonSuite[];
}

/** The parts of Playwright's JSON report (`--reporter=json`) that outcomes() reads. */
export interface JsonReport {
  config: { rootDir: string };
  suites: JsonSuite[];
  errors: { message?: string }[];
}

export interface Outcome {
  id: string;
  project: string;
  /** Playwright's verdict against the expectation: expected, unexpected, flaky, skipped. */
  outcome: string;
  /** What the check itself did in its last attempt: passed, failed, timedOut, skipped, interrupted. */
  result: string;
  /** The first line of its last error, if any. */
  error?: string;
}

/** Flatten a JSON report into one outcome per check and project. */
export function outcomes(report: JsonReport): Outcome[] {
  const out: Outcome[] = [];
  const walk = (suite: JsonSuite, titles: string[]): void => {
    for (const spec of suite.specs ?? []) {
      const id = checkId(path.join(report.config.rootDir, spec.file), [...titles, spec.title]);
      for (const test of spec.tests) {
        const last = test.results.at(-1);
        out.push({ id, project: test.projectName, outcome: test.status, result: last?.status ?? 'skipped', error: last?.error?.message?.split('\n')[0] });
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  // The top-level suites are files: their title is the file's name, which checkId replaces by its path.
  for (const file of report.suites) walk(file, []);
  return out;
}
