/**
 * The suite proves it can fail. It runs, as a subprocess with the JSON reporter, against the reference mock (every
 * check must pass, strict, through the suite's own playwright.config.ts) and then against every broken server of
 * tests/broken-servers/catalogue.ts at once: one Playwright run, one project per server (selftest.config.ts), each
 * server in this process on port 0. The checks that fail on each must be exactly the ones declared for it.
 *
 * Each broken server's project selects its declared failures as a baseline. The failing set is read from what the
 * checks did (a failure is a failure, expected or not), so the comparison is the one a strict run would give; but an
 * expected failure does not make Playwright restart its worker, which made strict runs four times slower. One more
 * project runs a broken server strict, to show that its failures alone turn the exit code to 1.
 */
import os from 'node:os';
import { expect, test } from '@playwright/test';
import { availableTargets, loadBaseline } from '../harness/baseline';
import { CLAUSES, type ClauseId } from '../harness/clauses';
import { REFERENCE_MOCK_TOKEN } from '../harness/config';
import { ReferenceMock } from '../mock/server';
import { CATALOGUE, declaredFailures } from './broken-servers/catalogue';
import { runProjects, runSuite, type SuiteRun } from './broken-servers/run-suite';

/** Clauses about the request the suite itself builds: no server can break them. */
const CLIENT_SIDE_CLAUSES: ClauseId[] = ['ref-url', 'ref-body'];
/** Also run strict (no baseline) in the same run: a cheap variant whose one failure must turn the exit code to 1. */
const STRICT_VARIANT = 'unknown-flow-accepted';
const CONCURRENCY = Math.max(1, Math.min(3, Number(process.env.SELFTEST_CONCURRENCY) || os.availableParallelism() + 1));

async function against(server: typeof ReferenceMock, run: (serviceRoot: string) => Promise<SuiteRun>): Promise<SuiteRun> {
  const mock = new server({ token: REFERENCE_MOCK_TOKEN, log: () => {} });
  const serviceRoot = await mock.listen(0);
  try {
    return await run(serviceRoot);
  } finally {
    await mock.close();
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

test.describe.configure({ mode: 'serial' });

let allChecks: string[] = [];

test('the reference mock passes every check, and every committed baseline names existing checks', async () => {
  test.setTimeout(120_000);
  const run = await against(ReferenceMock, (root) => runSuite(root));
  expect(run.errors, `errors outside any check:\n${run.stderr}`).toEqual([]);
  expect(run.failing, 'checks that fail on the reference mock').toEqual([]);
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.checks.length, 'the suite ran no check').toBeGreaterThan(0);
  allChecks = run.checks;
  process.stdout.write(`reference mock: ${run.checks.length} checks passed [${seconds(run.durationMs)}]\n`);

  for (const target of availableTargets()) {
    const baseline = loadBaseline(target);
    const unknown = [...baseline.entries.keys()].filter((id) => !allChecks.includes(id));
    expect(unknown, `${baseline.file}: entries naming no check of the suite`).toEqual([]);
  }
});

test('the catalogue: at least 15 broken servers, unique names, every server-side clause broken, declared checks exist', () => {
  expect(allChecks.length, 'the reference run must come first').toBeGreaterThan(0);
  expect(CATALOGUE.length).toBeGreaterThanOrEqual(15);
  const names = CATALOGUE.map((v) => v.name);
  expect(names.filter((n, i) => names.indexOf(n) !== i), 'duplicate names').toEqual([]);
  const broken = new Set(CATALOGUE.flatMap((v) => v.breaks));
  const unbroken = (Object.keys(CLAUSES) as ClauseId[]).filter((c) => !CLIENT_SIDE_CLAUSES.includes(c) && !broken.has(c));
  expect(unbroken, 'clauses no broken server breaks').toEqual([]);
  for (const variant of CATALOGUE) {
    const declared = declaredFailures(variant, allChecks);
    expect(declared.length, `${variant.name} declares no failing check`).toBeGreaterThan(0);
    expect(declared.filter((id) => !allChecks.includes(id)), `${variant.name} declares checks the suite does not have`).toEqual([]);
  }
});

test('every broken server fails exactly its declared checks, and a strict run against one is red', async () => {
  test.setTimeout(600_000);
  const servers = await Promise.all(
    CATALOGUE.map(async (variant) => {
      const mock = new variant.server({ token: REFERENCE_MOCK_TOKEN, log: () => {} });
      return { variant, mock, serviceRoot: await mock.listen(0) };
    }),
  );
  // The same kind of server once more, without a baseline: its failures are the run's only unexpected outcomes.
  const strictVariant = CATALOGUE.find((v) => v.name === STRICT_VARIANT)!;
  const strictMock = new strictVariant.server({ token: REFERENCE_MOCK_TOKEN, log: () => {} });
  const strictRoot = await strictMock.listen(0);
  let runs;
  try {
    runs = await runProjects(
      [
        ...servers.map(({ variant, serviceRoot }) => {
          const reason = `broken server ${variant.name} breaks ${variant.breaks.join(', ')}`;
          return { name: variant.name, serviceRoot, baseline: Object.fromEntries(declaredFailures(variant, allChecks).map((id) => [id, { status: 'fail' as const, reason }])) };
        }),
        { name: `strict-${STRICT_VARIANT}`, serviceRoot: strictRoot },
      ],
      CONCURRENCY,
    );
  } finally {
    await Promise.all([...servers.map(({ mock }) => mock.close()), strictMock.close()]);
  }

  const verdicts = CATALOGUE.map((variant) => {
    const run = runs.get(variant.name)!;
    const declared = declaredFailures(variant, allChecks);
    const undeclared = run.failing.filter((id) => !declared.includes(id));
    const passed = declared.filter((id) => !run.failing.includes(id));
    const problems: string[] = [];
    if (run.checks.length !== allChecks.length) problems.push(`ran ${run.checks.length} checks, the reference run ${allChecks.length}`);
    if (undeclared.length) problems.push(`failed but not declared:\n${undeclared.map((id) => `        + ${id}`).join('\n')}`);
    if (passed.length) problems.push(`declared but passed:\n${passed.map((id) => `        - ${id}`).join('\n')}`);
    return { variant, run, detected: run.failing.length > 0, problems };
  });
  const run = runs.get(CATALOGUE[0]!.name)!;
  const detected = verdicts.filter((v) => v.detected).length;
  const lines = verdicts.map(({ variant, run: r, problems }) =>
    problems.length
      ? `  ✘ ${variant.name} (${variant.breaks.join(', ')})\n${problems.map((p) => `      ${p}`).join('\n')}`
      : `  ✓ ${variant.name} (${variant.breaks.join(', ')}): ${r.failing.length} check(s) failed, as declared`,
  );
  process.stdout.write(`${lines.join('\n')}\nbroken servers detected: ${detected}/${CATALOGUE.length} (${allChecks.length} checks each, ${seconds(run.durationMs)}, ${CONCURRENCY} workers)\n`);

  expect(run.errors, `errors outside any check:\n${run.stderr}`).toEqual([]);
  expect(verdicts.filter((v) => !v.detected).map((v) => v.variant.name), 'broken servers no check caught').toEqual([]);
  expect(verdicts.filter((v) => v.problems.length).map((v) => v.variant.name), 'broken servers whose failing checks differ from the declared ones (see above)').toEqual([]);
  // Every failure but the strict project's was declared as a baseline entry: those alone make the run red.
  const unexpected = [...runs].flatMap(([project, r]) => r.unexpected.map((id) => `${project}: ${id}`));
  expect(unexpected.sort(), 'unexpected outcomes: only the strict project may have them').toEqual(declaredFailures(strictVariant, allChecks).map((id) => `strict-${STRICT_VARIANT}: ${id}`));
  expect(run.exitCode, 'a strict run with a failing check exits 1').toBe(1);
});
