import { acquireRunToken } from './auth';
import { describeConfig, resolveConfig, writeRefusal } from './config';
import { preflight, PreflightError } from './preflight';
import { describeSnapshot, RestoreError, snapshotDir, takeSnapshot } from './restore';
import { withGraphClient } from './session';

/**
 * Runs once in the Playwright runner, after the embedded mock (if any) has announced its service root and before
 * any check: print what this run targets, acquire the run's token, preflight the target, and snapshot the flow's
 * configuration so that global teardown can put it back (harness/restore.ts).
 */
export default async function globalSetup(): Promise<void> {
  const config = resolveConfig();
  process.stdout.write(`${describeConfig(config)}\n`);
  // playwright.config.ts refuses this already; a config that skips that check must still not write.
  const refusal = writeRefusal(config);
  if (refusal !== undefined) throw new PreflightError(refusal);

  const token = await acquireRunToken(config);
  await withGraphClient(config, async (graph) => {
    await preflight(graph, config, token);
    // The embedded mock's state dies with it at the end of the run: there is nothing to restore.
    if (config.embeddedMock) return;
    try {
      process.stdout.write(`${describeSnapshot(await takeSnapshot(graph, snapshotDir()))}\n`);
    } catch (err) {
      if (err instanceof RestoreError) throw new PreflightError(`cannot snapshot the configuration before writing it: ${err.message}`);
      throw err;
    }
  });
  // A SIGTERM would end the runner at once, skipping global teardown; as SIGINT, Playwright stops the checks and
  // tears down, which restores the configuration. A second SIGTERM still ends it at once.
  process.once('SIGTERM', () => process.kill(process.pid, 'SIGINT'));
}
