/**
 * `npm run fuzz [-- --runs 5000 --seed N]`: property-based fuzzing of the reference mock (bench/fuzz.ts) against an
 * in-process mock. The seed is printed (random unless given, or FUZZ_SEED/FUZZ_RUNS), so any failure replays exactly.
 * Exit 1 on a broken invariant, with the shrunk counterexample; 2 on a bad flag.
 */
import fc from 'fast-check';
import { REFERENCE_MOCK_TOKEN } from '../harness/config';
import { describeCase, mockInvariants } from '../bench/fuzz';
import { ReferenceMock } from '../mock/server';
import { readFlags } from '../bench/flags';

function parseArgs(argv: string[]): { runs: number; seed: number } {
  const { whole } = readFlags('fuzz', '--runs 5000 --seed 12345', argv, { runs: process.env.FUZZ_RUNS, seed: process.env.FUZZ_SEED });
  return { runs: whole('runs', 5000, 1, 10_000_000), seed: whole('seed', Math.floor(Math.random() * 2 ** 31), -(2 ** 31), 2 ** 31 - 1) };
}

async function main(): Promise<void> {
  const { runs, seed } = parseArgs(process.argv.slice(2));
  const mock = new ReferenceMock({ token: REFERENCE_MOCK_TOKEN, log: (line) => process.stderr.write(`${line}\n`) });
  await mock.listen(0);
  const port = (mock.server.address() as { port: number }).port;
  process.stdout.write(`fuzz: ${runs} cases, seed ${seed} (replay: npm run fuzz -- --runs ${runs} --seed ${seed})\n`);
  const started = performance.now();
  try {
    const statuses: Record<string, number> = {};
    const details = await fc.check(mockInvariants(mock, port, statuses), { seed, numRuns: runs });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (details.failed) {
      process.stdout.write(`fuzz: FAILED after ${details.numRuns} cases (${seconds} s), seed ${seed}, path ${details.counterexamplePath ?? ''}\n`);
      if (details.counterexample) process.stdout.write(`counterexample (shrunk): ${describeCase(details.counterexample[0])}\n`);
      process.stdout.write(`${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`fuzz: ${details.numRuns} cases passed in ${seconds} s: no 5xx, no dropped connection, every 4xx an ODataError leaving the configuration unchanged, every 204 as documented\nanswers by status: ${JSON.stringify(statuses)}\n`);
    }
  } finally {
    await mock.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`fuzz: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
