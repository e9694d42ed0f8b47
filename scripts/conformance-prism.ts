/**
 * `npm run conformance:prism [-- --strict] [-- playwright args]`: start Prism on a free port (scripts/prism.ts), run
 * `npm run conformance` against it with CONFORMANCE_TARGET=prism (its committed baseline, expectations/prism.json),
 * stop Prism, and exit with the suite's exit code. `--strict` runs without the baseline: every difference fails.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PRISM_TOKEN, startPrism } from './prism';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const strict = args.includes('--strict');
  const passOn = args.filter((a) => a !== '--strict');
  const prism = await startPrism();
  process.stdout.write(`prism: service root ${prism.serviceRoot}${strict ? ' (strict: no baseline)' : ' (baseline expectations/prism.json)'}\n`);
  try {
    const root = path.resolve(__dirname, '..');
    const env: Record<string, string | undefined> = { ...process.env, GRAPH_BASE_URL: prism.serviceRoot, GRAPH_TOKEN: PRISM_TOKEN, CONFORMANCE_TARGET: strict ? undefined : 'prism' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'conformance.ts'), ...passOn], { stdio: 'inherit', cwd: root, env });
    return run.status ?? 1;
  } finally {
    await prism.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`conformance:prism: ${err.message}\n`);
    process.exit(2);
  },
);
