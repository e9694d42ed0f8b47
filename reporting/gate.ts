/**
 * `npm run report:gate [-- <reports dir>]`: the release gate's verdict, read from a conformance report (a run's, or
 * a merge of shards'). Exits 0 only when checks ran and every one ended as expected; 1 on any unexpected result or
 * when no check ran; 2 when a configuration or preflight error stopped the run. Prints the run's summary line and,
 * on GitHub Actions, sets it as the step output `summary`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EXIT_AS_EXPECTED, EXIT_CONFIG_ERROR, EXIT_UNEXPECTED } from './exit-code';
import { summaryLine, type RunReport } from './model';
import { reportsDir } from './reporters';

export function gate(run: RunReport): { code: number; reason: string } {
  if (run.configError) return { code: EXIT_CONFIG_ERROR, reason: `a configuration error stopped the run: ${run.configError.split('\n')[0]}` };
  if (run.totals.unexpected > 0) return { code: EXIT_UNEXPECTED, reason: `${run.totals.unexpected} unexpected result(s); see conformance.md` };
  if (run.totals.checks === 0 || run.totals.passed + run.totals['known-failure'] + run.totals.flaky === 0) {
    return { code: EXIT_UNEXPECTED, reason: 'no check ran: a release is not gated by an empty run' };
  }
  if (run.status !== 'passed') return { code: EXIT_UNEXPECTED, reason: `the run ended ${run.status}: ${run.globalErrors[0]?.split('\n')[0] ?? 'see its log'}` };
  return { code: EXIT_AS_EXPECTED, reason: 'every check ended as expected' };
}

function main(): void {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : reportsDir();
  const file = path.join(dir, 'conformance.json');
  if (!fs.existsSync(file)) {
    process.stderr.write(`release gate: no conformance report at ${file}; run \`npm run conformance\` (or merge the shards' blob reports) first, or pass the reports folder, e.g. \`npm run report:gate -- reports\`\n`);
    process.exit(EXIT_UNEXPECTED);
  }
  const run = JSON.parse(fs.readFileSync(file, 'utf8')) as RunReport;
  const verdict = gate(run);
  const line = summaryLine(run);
  process.stdout.write(`${line}\nrelease gate: ${verdict.code === EXIT_AS_EXPECTED ? 'open' : 'closed'}: ${verdict.reason}\n`);
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `summary=${line}\ngate=${verdict.code === EXIT_AS_EXPECTED ? 'open' : 'closed'}\n`);
  process.exit(verdict.code);
}

if (require.main === module) main();
