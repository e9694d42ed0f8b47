/**
 * The nightly workflow splits the suite into shards, each writing a blob report, and merges them
 * (.github/workflows/nightly.yml). This runs exactly that against one reference mock, shards in parallel with an
 * unsharded run, and shows the merged conformance report holds the same checks with the same results.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { REFERENCE_MOCK_TOKEN } from '../harness/config';
import { ReferenceMock } from '../mock/server';
import type { RunReport } from '../reporting/model';
import { removeTempDirs, runConformance, runPlaywright, tempDir, zipEntries } from './reports-run';

function verdicts(run: RunReport): Record<string, string> {
  return Object.fromEntries(run.checks.map((c) => [c.id, c.verdict]));
}

function readRun(reports: string): RunReport {
  return JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as RunReport;
}

/** The checks a blob report holds: one onTestEnd event per finished check in its report.jsonl. */
function checksInBlob(blobDir: string): number {
  const zips = fs.readdirSync(blobDir).filter((f) => f.endsWith('.zip'));
  expect(zips, `one blob report in ${blobDir}`).toHaveLength(1);
  const jsonl = zipEntries(fs.readFileSync(path.join(blobDir, zips[0]!))).get('report.jsonl')?.toString('utf8') ?? '';
  return jsonl.split('\n').filter((line) => line.startsWith('{"method":"onTestEnd"')).length;
}

test.afterEach(({}, testInfo) => removeTempDirs(testInfo.status === testInfo.expectedStatus));

test('the merged blob reports of --shard=1/2 and --shard=2/2 hold the same checks and results as an unsharded run', async () => {
  test.setTimeout(120_000);
  const mock = new ReferenceMock({ token: REFERENCE_MOCK_TOKEN, log: () => {} });
  const root = await mock.listen(0);
  const target = { GRAPH_BASE_URL: root, GRAPH_TOKEN: REFERENCE_MOCK_TOKEN };
  const [one, two, whole] = [tempDir('shard-1'), tempDir('shard-2'), tempDir('unsharded')];
  let outcomes;
  try {
    // The nightly workflow's shard command; the checks' cross-process flow lock keeps the three runs apart on one mock.
    outcomes = await Promise.all([
      runConformance(one, ['--shard=1/2', '--reporter=blob'], { ...target, PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(one, 'blob') }),
      runConformance(two, ['--shard=2/2', '--reporter=blob'], { ...target, PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(two, 'blob') }),
      runConformance(whole, [], target),
    ]);
  } finally {
    await mock.close();
  }
  for (const outcome of outcomes) expect(outcome.code, outcome.stderr).toBe(0);

  const inShard = [checksInBlob(path.join(one, 'blob')), checksInBlob(path.join(two, 'blob'))];
  expect(inShard[0], 'shard 1 ran some checks').toBeGreaterThan(0);
  expect(inShard[1], 'shard 2 ran some checks').toBeGreaterThan(0);

  // The merge job: every shard's blob in one folder, merged with the same reporters as a run.
  const merge = tempDir('merge');
  const blobs = path.join(merge, 'all-blob-reports');
  fs.mkdirSync(blobs);
  for (const dir of [one, two]) for (const zip of fs.readdirSync(path.join(dir, 'blob'))) fs.copyFileSync(path.join(dir, 'blob', zip), path.join(blobs, zip));
  const merged = await runPlaywright(merge, ['merge-reports', '--config', 'reporting/merge.config.ts', blobs]);
  expect(merged.code, merged.stderr).toBe(0);

  const mergedRun = readRun(path.join(merge, 'reports'));
  const wholeRun = readRun(path.join(whole, 'reports'));
  expect(wholeRun.checks.length, 'the unsharded run ran the suite').toBeGreaterThan(10);
  expect(inShard[0]! + inShard[1]!, 'the shards split the suite without overlap').toBe(wholeRun.checks.length);
  expect(verdicts(mergedRun)).toEqual(verdicts(wholeRun));
  expect(mergedRun.totals).toEqual(wholeRun.totals);
  expect(mergedRun.serviceRoot).toBe(root);
  for (const check of mergedRun.checks) {
    const same = wholeRun.checks.find((c) => c.id === check.id)!;
    expect({ clauses: check.clauses, tags: check.tags, exchanges: check.exchanges }, check.id).toEqual({ clauses: same.clauses, tags: same.tags, exchanges: same.exchanges });
  }
  expect(merged.stdout).toContain(`conformance: ${wholeRun.totals.passed} passed, 0 failed`);
  expect(fs.existsSync(path.join(merge, 'reports', 'html', 'index.html')), 'the merge writes the HTML report').toBe(true);
  expect(fs.readFileSync(path.join(merge, 'reports', 'junit.xml'), 'utf8')).toMatch(new RegExp(`<testsuites [^>]*tests="${wholeRun.checks.length}"`));
});
