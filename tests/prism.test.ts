/**
 * The worked example stays true: against Stoplight Prism serving our fragment, the suite is green with
 * expectations/prism.json, and the checks that fail are exactly the listed ones, so a strict run (any failure is
 * unexpected) is red on exactly those. The strict run itself is not repeated here: its 26 unexpected failures make
 * Playwright restart its worker 26 times (`npm run conformance:prism -- --strict` shows it, exit 1).
 */
import { expect, test } from '@playwright/test';
import { loadBaseline } from '../harness/baseline';
import { runProjects } from './broken-servers/run-suite';
import { startPrism } from '../scripts/prism';

test('Prism: green with its committed baseline, and failing exactly the listed checks', async () => {
  test.setTimeout(240_000);
  const baseline = loadBaseline('prism');
  const known = [...baseline.entries.keys()].sort();
  const prism = await startPrism();
  let runs;
  try {
    runs = await runProjects(
      [{ name: 'prism', serviceRoot: prism.serviceRoot, baseline: Object.fromEntries(baseline.entries) }],
      1,
    );
  } finally {
    await prism.stop();
  }
  const withBaseline = runs.get('prism')!;
  expect(withBaseline.errors, withBaseline.stderr).toEqual([]);
  expect(withBaseline.unexpected, 'with the baseline: unexpected outcomes (an unlisted failure or an unexpected pass)').toEqual([]);
  expect(withBaseline.failing.sort(), 'with the baseline: the checks that fail are the listed ones').toEqual(known);
  expect(withBaseline.exitCode, withBaseline.stderr).toBe(0);
  process.stdout.write(`prism: ${withBaseline.checks.length - known.length} passed, ${known.length} known failures (expectations/prism.json) [${(withBaseline.durationMs / 1000).toFixed(1)}s]\n`);
});
