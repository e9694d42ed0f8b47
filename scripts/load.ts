/**
 * `npm run load [-- flags]`: a bounded load test of the reference mock on loopback (bench/load.ts): enables, disables
 * and reads mixed across both steps; fails (exit 1) on any 5xx, connection error, impossible read or a final state no
 * acknowledged write explains. Exit 2 on a bad flag.
 *
 * Flags (or environment):  --connections 64 (LOAD_CONNECTIONS)  --duration 30 seconds (LOAD_DURATION)
 *                          --seed N (LOAD_SEED, random by default and printed)
 *                          --target http://127.0.0.1:4010/v1.0 (LOAD_TARGET; default: a fresh mock in a child process;
 *                          the token is LOAD_TOKEN, else the mock's dev token)
 */
import { REFERENCE_MOCK_TOKEN } from '../harness/config';
import { runLoad } from '../bench/load';
import { readFlags } from '../bench/flags';
import { startServer, type RunningServer } from '../bench/servers';

function parseArgs(argv: string[]): { connections: number; durationS: number; seed: number; target: string | undefined } {
  const { raw, whole, usageError } = readFlags('load', '--connections 64 --duration 30 --seed 12345 --target http://127.0.0.1:4010/v1.0', argv, {
    connections: process.env.LOAD_CONNECTIONS,
    duration: process.env.LOAD_DURATION,
    seed: process.env.LOAD_SEED,
    target: process.env.LOAD_TARGET,
  });
  const target = raw.target?.trim() || undefined;
  if (target !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(target);
    } catch {
      // reported below
    }
    if (!url || url.protocol !== 'http:') usageError(`--target must be an http:// service root, e.g. http://127.0.0.1:4010/v1.0; found ${JSON.stringify(target)}`);
  }
  return {
    connections: whole('connections', 64, 1, 4096),
    durationS: whole('duration', 30, 1, 3600),
    seed: whole('seed', Math.floor(Math.random() * 2 ** 31), 0, 2 ** 31 - 1),
    target: target?.replace(/\/+$/, ''),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let mock: RunningServer | undefined;
  const serviceRoot = args.target ?? (mock = await startServer('mock')).serviceRoot;
  const token = args.target ? process.env.LOAD_TOKEN?.trim() || REFERENCE_MOCK_TOKEN : REFERENCE_MOCK_TOKEN;
  process.stdout.write(`load: ${args.connections} connections for ${args.durationS} s against ${serviceRoot}, seed ${args.seed} (replay: --seed ${args.seed})\n`);
  try {
    const result = await runLoad({ serviceRoot, token, connections: args.connections, durationMs: args.durationS * 1000, seed: args.seed });
    const rate = Math.round(result.requests / (result.durationMs / 1000));
    process.stdout.write(
      [
        `requests ${result.requests} (${rate} req/s): ${result.writes} acknowledged writes, ${result.reads} reads`,
        `statuses ${JSON.stringify(result.statuses)}; 5xx ${result.serverErrors}; connection errors ${result.connectionErrors}`,
        `initial ${JSON.stringify(result.initial)}`,
        `final   ${JSON.stringify(result.final)} (acceptable: ${JSON.stringify(result.acceptableFinal)})`,
        '',
      ].join('\n'),
    );
    if (result.problems.length) {
      process.stdout.write(`load: FAILED, seed ${args.seed}:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write('load: passed: no 5xx, no connection error, reads and final state consistent with the writes\n');
    }
  } finally {
    await mock?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`load: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
