/**
 * One set of runs, read two ways (a run of the suite is the expensive part, so it is made once):
 * - sharding: the nightly workflow's shards (`--shard=1/2`, `--shard=2/2`, blob reporter) and its merge
 *   (`npx playwright merge-reports --config reporting/merge.config.ts`) give the same checks and results as an
 *   unsharded run against the same server;
 * - reports: what a run leaves for CI and for a person, read back (exit code, summary line, conformance.json and .md,
 *   the step summary, JUnit, HTML with the exchanges), and a canary token found nowhere.
 * The server answers a DELETE on the $ref 200 with a body, and a baseline lists one of the two DELETE checks as a
 * known failure: a failure, a known failure and passes in the same runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ReferenceMock, type Ctx } from '../mock/server';
import type { RunReport } from '../reporting/model';
import { filesUnder, htmlReportData, removeTempDirs, runConformance, runNode, runPlaywright, tempDir, zipEntries, type RunOutcome } from './reports-run';

const CANARY = 'canary-token-5e1f0c7a9b3d42e8';
/** A baseline that knows one of the two DELETE checks fails: a known failure and a failure in the same runs. */
const KNOWN = 'checks/state.spec.ts › postFederationSignup › DELETE on the $ref unbinds the step';
const KNOWN_REASON = 'answers DELETE with 200 and a body (a baseline written for this test)';

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

interface Runs {
  root: string;
  issued: Set<string>;
  dirs: { one: string; two: string; whole: string; merge: string };
  shards: [RunOutcome, RunOutcome];
  whole: RunOutcome;
  merged: RunOutcome;
  stepSummary: string;
  wholeRun: RunReport;
  mergedRun: RunReport;
}

function readRun(reports: string): RunReport {
  return JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as RunReport;
}

function verdicts(run: RunReport): Record<string, string> {
  return Object.fromEntries(run.checks.map((c) => [c.id, c.verdict]));
}

/** The checks a blob report holds: one onTestEnd event per finished check in its report.jsonl. */
function checksInBlob(blobDir: string): number {
  const zips = fs.readdirSync(blobDir).filter((f) => f.endsWith('.zip'));
  expect(zips, `one blob report in ${blobDir}`).toHaveLength(1);
  const jsonl = zipEntries(fs.readFileSync(path.join(blobDir, zips[0]!))).get('report.jsonl')?.toString('utf8') ?? '';
  return jsonl.split('\n').filter((line) => line.startsWith('{"method":"onTestEnd"')).length;
}

// The runs are shared by every test below: one worker, in order, and a failure does not skip the others.
test.describe.configure({ mode: 'default' });

let runs: Runs;
let allPassed = true;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const mock = new AnswersOkToDelete({ token: CANARY, log: () => {} });
  const root = await mock.listen(0);
  const dirs = { one: tempDir('shard-1'), two: tempDir('shard-2'), whole: tempDir('unsharded'), merge: tempDir('merge') };
  const expectations = path.join(dirs.merge, 'expectations');
  fs.mkdirSync(expectations);
  fs.writeFileSync(path.join(expectations, 'delete-200.json'), JSON.stringify({ checks: { [KNOWN]: { status: 'fail', reason: KNOWN_REASON } } }));
  const target = { GRAPH_BASE_URL: root, GRAPH_TOKEN: CANARY, CONFORMANCE_TARGET: 'delete-200', CONFORMANCE_EXPECTATIONS_DIR: expectations };
  const stepSummary = path.join(dirs.whole, 'step-summary.md');
  fs.writeFileSync(stepSummary, '# earlier step\n');
  let shards: [RunOutcome, RunOutcome];
  let whole: RunOutcome;
  try {
    // The nightly workflow's shard command; the checks' cross-process flow lock keeps the three runs apart on one server.
    [shards, whole] = await Promise.all([
      Promise.all([
        runConformance(dirs.one, ['--shard=1/2', '--reporter=blob,list,./reporting/conformance-reporter.ts,./harness/redact-reporter.ts'], { ...target, PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(dirs.one, 'blob') }),
        runConformance(dirs.two, ['--shard=2/2', '--reporter=blob,list,./reporting/conformance-reporter.ts,./harness/redact-reporter.ts'], { ...target, PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(dirs.two, 'blob') }),
      ]),
      runConformance(dirs.whole, [], { ...target, GITHUB_STEP_SUMMARY: stepSummary }),
    ]);
  } finally {
    await mock.close();
  }
  // The merge job: every shard's blob in one folder, merged with the same reporters as a run.
  const blobs = path.join(dirs.merge, 'all-blob-reports');
  fs.mkdirSync(blobs);
  for (const dir of [dirs.one, dirs.two]) for (const zip of fs.readdirSync(path.join(dir, 'blob'))) fs.copyFileSync(path.join(dir, 'blob', zip), path.join(blobs, zip));
  const merged = await runPlaywright(dirs.merge, ['merge-reports', '--config', 'reporting/merge.config.ts', blobs]);
  runs = { root, issued: mock.issued, dirs, shards, whole, merged, stepSummary, wholeRun: readRun(path.join(dirs.whole, 'reports')), mergedRun: readRun(path.join(dirs.merge, 'reports')) };
});

test.afterEach(({}, testInfo) => {
  allPassed &&= testInfo.status === testInfo.expectedStatus;
});

test.afterAll(() => removeTempDirs(allPassed));

test.describe('sharding', () => {
  test('the merged blob reports of --shard=1/2 and --shard=2/2 hold the same checks and results as an unsharded run', () => {
    const { dirs, wholeRun, mergedRun } = runs;
    const inShard = [checksInBlob(path.join(dirs.one, 'blob')), checksInBlob(path.join(dirs.two, 'blob'))];
    expect(inShard[0], 'shard 1 ran some checks').toBeGreaterThan(0);
    expect(inShard[1], 'shard 2 ran some checks').toBeGreaterThan(0);
    expect(wholeRun.checks.length, 'the unsharded run ran the suite').toBeGreaterThan(10);
    expect(inShard[0]! + inShard[1]!, 'the shards split the suite without overlap').toBe(wholeRun.checks.length);
    expect(verdicts(mergedRun)).toEqual(verdicts(wholeRun));
    expect(mergedRun.totals).toEqual(wholeRun.totals);
    expect(mergedRun.totals.failed, 'failures survive the merge too').toBeGreaterThan(0);
    expect(mergedRun.totals['known-failure'], 'known failures survive the merge too').toBe(1);
    expect(mergedRun.target, 'the merge names the baseline the shards ran with').toBe('delete-200');
    // Exchange counts are not compared: arrange() writes only what differs from the state earlier checks left, and
    // a shard runs after other checks than the whole run does.
    for (const check of mergedRun.checks) {
      const same = wholeRun.checks.find((c) => c.id === check.id)!;
      expect(check.exchanges, `${check.id}: its exchanges are attached in the merge`).toBeGreaterThan(0);
      expect({ clauses: check.clauses, tags: check.tags, failure: check.failure !== null }, check.id).toEqual({ clauses: same.clauses, tags: same.tags, failure: same.failure !== null });
    }
  });

  test('the merge ends with the whole run\'s summary line, and the nightly verdict on it fails as the whole run does', async () => {
    const { shards, whole, merged, mergedRun, root } = runs;
    const shardFailures = shards.map((s) => s.code);
    expect(whole.code, whole.stderr).toBe(1);
    // merge-reports itself exits 0 whatever the results; the nightly's verdict step is what turns the night red.
    expect(merged.code, merged.stderr).toBe(0);
    const verdict = await runNode(runs.dirs.merge, ['--import', 'tsx', 'reporting/gate.ts', path.join(runs.dirs.merge, 'reports')]);
    expect(verdict.code, verdict.stdout + verdict.stderr).toBe(1);
    expect(verdict.stdout).toContain('release gate: closed');
    for (const code of shardFailures) expect([0, 1], 'a shard without a DELETE check passes, one with fails').toContain(code);
    for (const shard of shards) expect(shard.stdout.trim().split('\n').pop(), 'each shard ends with its own summary line').toMatch(/^conformance: \d+ passed, \d+ failed, [01] known failures? \(target: delete-200\)$/);
    expect(shardFailures, 'the DELETE checks failed in some shard').toContain(1);
    expect(mergedRun.serviceRoot).toBe(root);
    expect(merged.stdout.trim().split('\n').pop()).toBe(whole.stdout.trim().split('\n').pop());
    expect(fs.readFileSync(path.join(runs.dirs.merge, 'reports', 'junit.xml'), 'utf8')).toMatch(new RegExp(`<testsuites [^>]*tests="${mergedRun.checks.length}" failures="${mergedRun.totals.failed}"`));
    expect(htmlReportData(path.join(runs.dirs.merge, 'reports', 'html')).size, 'the merge writes the HTML report').toBeGreaterThan(1);
  });
});

test.describe('reports', () => {
  test('conformance.json holds the target and every check with its clauses, tags and exchanges; the DELETE checks fail, one as known', () => {
    const { wholeRun: run, root } = runs;
    expect(run).toMatchObject({ target: 'delete-200', serviceRoot: root, embeddedMock: false, apiVersion: 'v1.0', status: 'failed', configError: null });
    expect(Date.parse(run.startTime)).not.toBeNaN();
    expect(run.durationMs).toBeGreaterThan(0);
    const failed = run.checks.filter((c) => c.verdict === 'failed');
    expect(failed.length, 'the DELETE checks fail').toBeGreaterThan(0);
    expect(failed.every((c) => c.clauses.includes('delete-ref')), 'only the DELETE checks fail').toBe(true);
    const known = run.checks.find((c) => c.id === KNOWN);
    expect(known, 'the baseline entry names a check of the suite').toBeTruthy();
    expect(known).toMatchObject({ verdict: 'known-failure', expectedStatus: 'failed', status: 'failed', baseline: { expectation: 'fail', reason: KNOWN_REASON } });
    expect(known!.supportIds?.requestId, 'a known failure carries its ids too').toBeTruthy();
    expect(run.totals).toMatchObject({ checks: run.checks.length, passed: run.checks.length - failed.length - 1, failed: failed.length, 'known-failure': 1, unexpected: failed.length });
    for (const check of run.checks) {
      expect(check.id.startsWith(`${check.file} › `), check.id).toBe(true);
      expect(check.clauses.length, `${check.id} names its clauses`).toBeGreaterThan(0);
      expect(check.tags.length, `${check.id} carries its tag`).toBe(1);
      expect(check.exchanges, `${check.id} recorded its exchanges`).toBeGreaterThan(0);
    }
  });

  test('each failure carries its reason and the request-id the server sent on the failing exchange', () => {
    for (const check of runs.wholeRun.checks.filter((c) => c.verdict === 'failed')) {
      expect(check.failure, check.id).toContain('delete-ref');
      expect(check.supportIds?.source, check.id).toBe('failure-message');
      expect(runs.issued.has(check.supportIds?.requestId ?? ''), `${check.id}: ${JSON.stringify(check.supportIds)} is a request-id the server sent`).toBe(true);
    }
  });

  test('the console ends with "N passed, N failed" and the target', () => {
    const { totals } = runs.wholeRun;
    expect(runs.whole.stdout.trim().split('\n').pop()).toBe(`conformance: ${totals.passed} passed, ${totals.failed} failed, 1 known failure (target: delete-200)`);
  });

  test('conformance.md tabulates clauses and tags, lists each failure with its ids, and is appended to the step summary', () => {
    const failed = runs.wholeRun.checks.filter((c) => c.verdict === 'failed');
    const markdown = fs.readFileSync(path.join(runs.dirs.whole, 'reports', 'conformance.md'), 'utf8');
    expect(markdown).toContain('## By clause');
    expect(markdown).toMatch(new RegExp(`\\| \`delete-ref\` \\| ${failed.length + 1} \\| 0 \\| 1 \\| ${failed.length} ❌ \\|`));
    expect(markdown).toContain(`| ${KNOWN} | known failure | fail: ${KNOWN_REASON} |`);
    expect(markdown).toContain('## By tag');
    for (const check of failed) {
      expect(markdown).toContain(`### FAILED: ${check.id}`);
      expect(markdown).toContain(check.supportIds!.requestId!);
    }
    expect(fs.readFileSync(runs.stepSummary, 'utf8')).toBe(`# earlier step\n${markdown}`);
  });

  test('JUnit counts the checks and failures; the HTML report shows every check with its exchanges attached, redacted', () => {
    const { wholeRun: run, dirs } = runs;
    const junit = fs.readFileSync(path.join(dirs.whole, 'reports', 'junit.xml'), 'utf8');
    expect(junit).toMatch(new RegExp(`<testsuites [^>]*tests="${run.checks.length}" failures="${run.totals.failed}"`));
    const htmlText = [...htmlReportData(path.join(dirs.whole, 'reports', 'html')).values()].join('\n');
    // Redaction leaves ordinary words alone ("Basic credentials" is no credential), so every title appears as written.
    for (const check of run.checks) expect(htmlText.includes(JSON.stringify(check.title).slice(1, -1)), `the HTML report shows ${check.id}`).toBe(true);
    expect(/"name":"exchange \d+: DELETE 200"/.test(htmlText), 'the HTML report attaches the failing exchange').toBe(true);
    expect(htmlText.includes('Bearer <redacted>'), 'the attached exchanges show the Authorization header redacted').toBe(true);
  });

  test('the token appears nowhere: console, report files, test results, blobs, the HTML report data', () => {
    for (const dir of Object.values(runs.dirs)) for (const file of filesUnder(dir)) expect(fs.readFileSync(file, 'latin1').includes(CANARY), file).toBe(false);
    for (const dir of [runs.dirs.whole, runs.dirs.merge]) expect([...htmlReportData(path.join(dir, 'reports', 'html')).values()].some((text) => text.includes(CANARY)), `${dir}: HTML report data`).toBe(false);
    for (const dir of [runs.dirs.one, runs.dirs.two]) {
      const blob = fs.readdirSync(path.join(dir, 'blob')).find((f) => f.endsWith('.zip'))!;
      expect([...zipEntries(fs.readFileSync(path.join(dir, 'blob', blob))).values()].some((data) => data.toString('latin1').includes(CANARY)), `${dir}: blob report`).toBe(false);
    }
    for (const outcome of [...runs.shards, runs.whole, runs.merged]) expect(`${outcome.stdout}${outcome.stderr}`.includes(CANARY)).toBe(false);
  });
});
