/**
 * Baselines: the loader's errors (in process), and the whole mechanism in one run of the suite against a broken
 * server, with a baseline holding one entry of each kind and the reporters a user sees.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { checkId, loadBaseline, PROJECT_ROOT, UNEXPECTED_PASS } from '../harness/baseline';
import { runIsFiltered } from '../harness/baseline-reporter';
import { ConfigError, REFERENCE_MOCK_TOKEN } from '../harness/config';
import { NoRequestId } from './broken-servers/servers';
import { runSuite } from './broken-servers/run-suite';

const ID = 'checks/errors.spec.ts › an unknown property in $expand is answered 400';

function dirWith(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-test-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

function loadError(target: string, dir: string): string {
  try {
    loadBaseline(target, dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`loadBaseline(${target}) accepted the file`);
}

test('a valid baseline loads, keyed by check id', () => {
  const dir = dirWith({ 'my-server.json': { target: 'my-server', checks: { [ID]: { status: 'fail', reason: 'ignores unknown $expand items (ISSUE-12)' } } } });
  const baseline = loadBaseline('my-server', dir);
  expect([...baseline.entries]).toEqual([[ID, { status: 'fail', reason: 'ignores unknown $expand items (ISSUE-12)' }]]);
});

test('a missing baseline names the file and lists the available targets', () => {
  const dir = dirWith({ 'prism.json': { checks: {} }, 'staging.json': { checks: {} } });
  const message = loadError('nope', dir);
  expect(message).toContain('nope.json does not exist');
  expect(message).toContain('Available targets: prism, staging');
});

test('a baseline that is not JSON names the file', () => {
  const message = loadError('broken', dirWith({ 'broken.json': '{"checks": {' }));
  expect(message).toMatch(/broken\.json is not valid JSON/);
});

test('every bad entry is reported at once, naming the file and the entry', () => {
  const dir = dirWith({
    'bad.json': {
      checks: {
        [ID]: { status: 'broken', reason: 'x' },
        'checks/state.spec.ts › a': { status: 'fail', reason: '' },
        'checks/auth.spec.ts › b': { status: 'skip', reason: 'TODO: why bad fails this check' },
        'checks/headers.spec.ts › c': { status: 'flaky', reason: 'r', reson: 'typo' },
        'an unknown property in $expand is answered 400': { status: 'fail', reason: 'no file in the id' },
      },
    },
  });
  const message = loadError('bad', dir);
  expect(message).toContain(`entry "${ID}": "status" must be one of fail, flaky, skip; found "broken"`);
  expect(message).toContain('entry "checks/state.spec.ts › a": "reason" is required');
  expect(message).toContain('entry "checks/auth.spec.ts › b": "reason" still reads "TODO');
  expect(message).toContain('entry "checks/headers.spec.ts › c": unknown property "reson"');
  expect(message).toContain('entry "an unknown property in $expand is answered 400": a check id is "checks/<file>.spec.ts › <title>"');
});

test('a baseline selected for another target than its "target" says so', () => {
  expect(loadError('one', dirWith({ 'one.json': { target: 'two', checks: {} } }))).toContain('"target" is "two" but the file is selected as "one"');
});

test('a check id is its file from the project root, then its describe titles and title', () => {
  expect(checkId(path.join(PROJECT_ROOT, 'checks', 'state.spec.ts'), ['postFederationSignup', 'DELETE on the $ref unbinds the step'])).toBe(
    'checks/state.spec.ts › postFederationSignup › DELETE on the $ref unbinds the step',
  );
});

test('a run is filtered by a location, --grep or --project, not by options that only shape it', () => {
  const cli = ['node', 'cli.js', 'test'];
  expect(runIsFiltered([...cli, '--config', 'playwright.config.ts', '--reporter', 'list', '--workers=2'])).toBe(false);
  expect(runIsFiltered([...cli, '--grep', '@auth'])).toBe(true);
  expect(runIsFiltered([...cli, '-g=@auth'])).toBe(true);
  expect(runIsFiltered([...cli, 'checks/auth.spec.ts'])).toBe(true);
  expect(runIsFiltered([...cli, '--shard=1/2'])).toBe(true);
});

test('an unknown CONFORMANCE_TARGET stops `npm run conformance` with exit 2, listing the targets', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'conformance.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CONFORMANCE_TARGET: 'no-such-target', CONFORMANCE_EXPECTATIONS_DIR: '' },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).toContain('CONFORMANCE_TARGET=no-such-target names no baseline');
  expect(run.stderr).toContain('Available targets: prism');
});

test('a baseline applied: expected failures pass the check, an unexpected pass and an unlisted failure fail the run', async () => {
  test.setTimeout(180_000);
  // NoRequestId fails the three request-id checks; the client-request-id echo still works.
  const mock = new NoRequestId({ token: REFERENCE_MOCK_TOKEN, log: () => {} });
  const root = await mock.listen(0);
  const headers = (title: string): string => `checks/headers.spec.ts › ${title}`;
  const expectedFailure = headers('a 204 answer to the PUT carries a request-id');
  const flakyFailure = headers('a 200 answer to the configuration read carries a request-id');
  const unlistedFailure = headers('an error answer carries a request-id');
  const unexpectedPass = headers('a client-request-id sent with the PUT is echoed back');
  const skipped = ID;
  try {
    const run = await runSuite(root, {
      baseline: {
        [expectedFailure]: { status: 'fail', reason: 'sends no request-id' },
        [flakyFailure]: { status: 'flaky', reason: 'sometimes sends no request-id' },
        [unexpectedPass]: { status: 'fail', reason: 'used not to echo it' },
        [skipped]: { status: 'skip', reason: 'not relevant to this target' },
        'checks/gone.spec.ts › a check that was removed': { status: 'fail', reason: 'a stale entry' },
      },
      args: ['--grep', '@headers|unknown property in'],
      reporters: `list,${path.join(PROJECT_ROOT, 'harness', 'baseline-reporter.ts')}`,
    });
    expect(run.failing.sort()).toEqual([expectedFailure, flakyFailure, unlistedFailure].sort());
    expect(run.unexpected.sort(), 'outcomes that fail the run').toEqual([unexpectedPass, unlistedFailure].sort());
    expect(run.checks).toContain(skipped);
    expect(run.exitCode).toBe(1);
    expect(run.output).toContain(`${UNEXPECTED_PASS} `);
    expect(run.output).toContain(unexpectedPass);
    expect(run.output).toContain('entry "checks/gone.spec.ts › a check that was removed" names a file that does not exist');
  } finally {
    await mock.close();
  }
});
