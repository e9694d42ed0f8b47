/**
 * `npm run restore`: put back the user flow configuration that an interrupted or killed run left changed. It restores
 * every snapshot under {reports}/tenant-snapshots/ for the configured target and flow whose run is over (the oldest,
 * the state before any run wrote, last). Exit 0 when nothing is left to restore, 1 when a restore failed, 2 on a
 * configuration error.
 */
import { ConfigError, loadDotEnv, resolveConfig, usesEmbeddedMock } from '../harness/config';
import { PreflightError } from '../harness/preflight';
import { redactText } from '../harness/redact';
import { describeRestore, restoreLeftovers, snapshotDir } from '../harness/restore';
import { withGraphClient } from '../harness/session';

async function main(): Promise<number> {
  loadDotEnv();
  if (usesEmbeddedMock()) {
    process.stderr.write('configuration error: set GRAPH_BASE_URL (or GRAPH_CLOUD) to the target whose configuration to restore; the embedded mock keeps no state between runs\n');
    return 2;
  }
  const config = resolveConfig();
  const outcomes = await withGraphClient(config, (graph) => restoreLeftovers(graph, snapshotDir()));
  if (!outcomes.length) process.stdout.write(`nothing to restore for ${config.userFlowId} at ${config.serviceRoot} in ${snapshotDir()}\n`);
  for (const outcome of outcomes) process.stdout.write(`${describeRestore(outcome)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${redactText((err as Error).message)}\n`);
    process.exit(err instanceof ConfigError ? 2 : err instanceof PreflightError ? 2 : 1);
  },
);
