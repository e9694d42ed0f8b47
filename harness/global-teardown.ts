import { resolveConfig } from './config';
import { redactText } from './redact';
import { describeRestore, restoreRun, snapshotDir } from './restore';
import { withGraphClient } from './session';

/**
 * Runs once in the Playwright runner after the checks, whether they passed, failed or were interrupted (SIGINT, or
 * SIGTERM which global setup turns into one): put the flow's configuration back as global setup found it.
 * A failed restore is reported on stderr and leaves the snapshot on disk for scripts/conformance.ts, the next run
 * or `npm run restore`; it does not fail the run, whose checks say what was wrong with the target.
 */
export default async function globalTeardown(): Promise<void> {
  const config = resolveConfig();
  if (config.embeddedMock) return;
  try {
    const outcome = await withGraphClient(config, (graph) => restoreRun(graph, snapshotDir(), process.pid));
    if (outcome) process.stdout.write(`tenant as found: ${describeRestore(outcome)}\n`);
  } catch (err) {
    process.stderr.write(redactText(`WARNING: the configuration was NOT restored: ${(err as Error).message}\nIts snapshot stays in ${snapshotDir()}; run \`npm run restore\` to retry.\n`));
  }
}
