/**
 * `npm run conformance [-- playwright args]`: check the configuration first (exit 2 on a bad one, before anything
 * starts), then run the conformance checks with Playwright. Exit 0 when every check ended as expected, 1 on any
 * unexpected result, 2 on a configuration or preflight error (reporting/exit-code.ts).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { preflightBaseline } from '../harness/baseline';
import { ConfigError, loadDotEnv, preflightConfig, resolveConfig, usesEmbeddedMock } from '../harness/config';
import { exitCodeFor, readFreshReport } from '../reporting/exit-code';
import { reportsDir } from '../reporting/reporters';

export const EXIT_CONFIG_ERROR = 2;

loadDotEnv();
try {
  preflightConfig();
  preflightBaseline();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(EXIT_CONFIG_ERROR);
}
const root = path.resolve(__dirname, '..');
const cli = require.resolve('@playwright/test/cli', { paths: [root] });
const started = Date.now();
// stderr is passed through and its tail kept: an error in the config file or the mock's variables shows only there.
const child = spawn(process.execPath, [cli, 'test', '--config', path.join(root, 'playwright.config.ts'), ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'pipe'], cwd: root });
let stderrTail = '';
child.stderr.on('data', (chunk: Buffer) => {
  process.stderr.write(chunk);
  stderrTail = (stderrTail + chunk.toString('utf8')).slice(-65_536);
});
// Ctrl-C reaches Playwright through the process group already (a second SIGINT would make it skip its teardown);
// a SIGTERM sent to this wrapper alone is handed on, so Playwright stops its mock and tears down.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
/**
 * Global teardown restores the configuration; if Playwright ended without (killed, or its teardown failed), the run's
 * snapshot is still on disk under its pid, and is restored here before exiting (harness/restore.ts).
 */
async function restoreLeftBehind(pid: number | undefined): Promise<void> {
  if (pid === undefined || usesEmbeddedMock()) return;
  // Loaded only here: they pull in Playwright's client, which would cost every run most of a second before it starts.
  const { redactText } = await import('../harness/redact');
  const { describeRestore, restoreRun, snapshotDir } = await import('../harness/restore');
  const { withGraphClient } = await import('../harness/session');
  try {
    const config = resolveConfig();
    const outcome = await withGraphClient(config, (graph) => restoreRun(graph, snapshotDir(), pid));
    if (outcome) process.stdout.write(`tenant as found (restored after Playwright exited): ${describeRestore(outcome)}\n`);
  } catch (err) {
    process.stderr.write(redactText(`WARNING: the configuration was NOT restored: ${(err as Error).message}\nIts snapshot stays in ${snapshotDir()}; run \`npm run restore\` to retry.\n`));
  }
}

child.on('close', (status) => {
  void restoreLeftBehind(child.pid).finally(() => {
    // 0 as expected, 1 an unexpected result, 2 a configuration or preflight error: see reporting/exit-code.ts.
    process.exit(exitCodeFor(status, stderrTail, readFreshReport(reportsDir(), started)));
  });
});
