/**
 * `npm run conformance [-- playwright args]`: run the conformance checks with Playwright. Exit 0 when every check
 * ended as expected, 1 on any unexpected result, 2 on a configuration or preflight error (reporting/exit-code.ts).
 * A bad configuration is refused by playwright.config.ts before the mock starts or any request is made.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

// Playwright starts first, and this wrapper loads what it needs while it does: loaded before, the project's modules
// delayed every run by a quarter of a second (`npm run bench -- --only suite`).
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

// Loaded once Playwright is on its way, on the other core, rather than after it has finished. require, not
// import: tsx/cjs compiles what require loads, and import() would bypass it.
const { ConfigError, loadDotEnv, resolveConfig, usesEmbeddedMock } = require('../harness/config') as typeof import('../harness/config');
const { exitCodeFor, readFreshReport } = require('../reporting/exit-code') as typeof import('../reporting/exit-code');
const { reportsDir } = require('../reporting/reporters') as typeof import('../reporting/reporters');
loadDotEnv();

/**
 * Global teardown restores the configuration; if Playwright ended without (killed, or its teardown failed), the run's
 * snapshot is still on disk under its pid, and is restored here before exiting (harness/restore.ts).
 */
async function restoreLeftBehind(pid: number | undefined): Promise<void> {
  if (pid === undefined || usesEmbeddedMock()) return;
  let config;
  try {
    config = resolveConfig();
  } catch (err) {
    // playwright.config.ts refused this configuration (and said why) before any snapshot could be taken.
    if (err instanceof ConfigError) return;
    throw err;
  }
  // Loaded only here: they pull in Playwright's client, which would cost every run most of a second.
  const { redactText } = require('../harness/redact') as typeof import('../harness/redact');
  const { describeRestore, restoreRun, snapshotDir } = require('../harness/restore') as typeof import('../harness/restore');
  const { withGraphClient } = require('../harness/session') as typeof import('../harness/session');
  try {
    const outcome = await withGraphClient(config, (graph) => restoreRun(graph, snapshotDir(), pid));
    if (outcome) process.stdout.write(`tenant as found (restored after Playwright exited): ${describeRestore(outcome)}\n`);
  } catch (err) {
    process.stderr.write(redactText(`WARNING: the configuration was NOT restored: ${(err as Error).message}\nIts snapshot stays in ${snapshotDir()}; run \`npm run restore\` to retry.\n`));
  }
}

child.on('close', (status) => {
  void restoreLeftBehind(child.pid)
    .catch((err: unknown) => process.stderr.write(`${(err as Error).message}\n`))
    .finally(() => {
      // 0 as expected, 1 an unexpected result, 2 a configuration or preflight error: see reporting/exit-code.ts.
      process.exit(exitCodeFor(status, stderrTail, readFreshReport(reportsDir(), started)));
    });
});
