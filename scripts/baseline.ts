/**
 * `npm run baseline -- <target> [--from <report.json>]`: write expectations/<target>.json from a run's results, for a
 * person to review. It reads Playwright's JSON report (default reports/results.json, or $CONFORMANCE_REPORTS_DIR/
 * results.json), e.g. from
 *
 *   GRAPH_BASE_URL=... GRAPH_TOKEN=... PLAYWRIGHT_JSON_OUTPUT_FILE=reports/results.json \
 *     npm run conformance -- --reporter=list,json
 *
 * Every check that failed becomes a `fail` entry (one that failed, then passed on a retry, a `flaky` entry). An entry
 * already in the file keeps its status and reason; a new one gets the reason "TODO: ...", which the loader refuses,
 * so nobody runs with a baseline that has not been read. Entries of checks that now pass are dropped and listed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { baselinePath, expectationsDir, outcomes, PROJECT_ROOT, type BaselineEntry, type JsonReport } from '../harness/baseline';

const USAGE = 'usage: npm run baseline -- <target> [--from <report.json>]   (e.g. npm run baseline -- my-server)';

function fail(message: string): never {
  process.stderr.write(`baseline: ${message}\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  const fromIndex = argv.indexOf('--from');
  const from = fromIndex === -1 ? undefined : argv[fromIndex + 1];
  if (fromIndex !== -1 && !from) fail(`--from needs a file. ${USAGE}`);
  const positional = argv.filter((a, i) => !a.startsWith('--') && (fromIndex === -1 || i !== fromIndex + 1));
  if (positional.length !== 1) fail(`name exactly one target. ${USAGE}`);
  const target = positional[0]!;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(target)) fail(`the target "${target}" must be lowercase letters, digits and "-" (it is the CONFORMANCE_TARGET value), e.g. my-server`);

  const reportsDir = process.env.CONFORMANCE_REPORTS_DIR?.trim() ? path.resolve(process.env.CONFORMANCE_REPORTS_DIR) : path.join(PROJECT_ROOT, 'reports');
  const reportFile = path.resolve(from ?? path.join(reportsDir, 'results.json'));
  if (!fs.existsSync(reportFile)) {
    fail(`no JSON report at ${reportFile}. Run the suite with the JSON reporter first, e.g.\n  PLAYWRIGHT_JSON_OUTPUT_FILE=reports/results.json npm run conformance -- --reporter=list,json\nor name one with --from <file>.`);
  }
  let report: JsonReport;
  try {
    report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as JsonReport;
    if (!Array.isArray(report.suites) || typeof report.config?.rootDir !== 'string') throw new Error('not a Playwright JSON report (no "suites" or "config.rootDir")');
  } catch (err) {
    fail(`${reportFile}: ${(err as Error).message}`);
  }

  const file = baselinePath(target, expectationsDir());
  let existing: Record<string, BaselineEntry> = {};
  let comment = `Known failures of target "${target}": review every entry and replace each TODO with the reason (a sentence, a link).`;
  if (fs.existsSync(file)) {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { checks?: Record<string, BaselineEntry>; $comment?: string };
      existing = parsed.checks ?? {};
      comment = parsed.$comment ?? comment;
    } catch (err) {
      fail(`${file} exists but is not valid JSON (${(err as Error).message}); fix or remove it first`);
    }
  }

  const results = outcomes(report);
  if (results.length === 0) fail(`${reportFile} holds no checks`);
  const checks: Record<string, BaselineEntry> = {};
  const added: string[] = [];
  for (const o of [...results].sort((a, b) => a.id.localeCompare(b.id))) {
    const failed = o.result === 'failed' || o.result === 'timedOut';
    const flaky = o.outcome === 'flaky';
    const keep = existing[o.id];
    if (keep && (failed || flaky || keep.status === 'skip' || keep.status === 'flaky')) {
      checks[o.id] = keep;
    } else if (failed || flaky) {
      checks[o.id] = { status: flaky ? 'flaky' : 'fail', reason: `TODO: why ${target} ${flaky ? 'sometimes fails' : 'fails'} this check (${(o.error ?? 'see the report').slice(0, 160)})` };
      added.push(o.id);
    }
  }
  const ran = new Set(results.map((o) => o.id));
  const dropped = Object.keys(existing).filter((id) => !checks[id] && ran.has(id));
  const notRun = Object.keys(existing).filter((id) => !ran.has(id));
  for (const id of notRun) checks[id] = existing[id]!;

  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ $comment: comment, target, checks }, null, 2)}\n`);
  const show = (p: string): string => (path.relative(PROJECT_ROOT, p).startsWith('..') ? p : path.relative(PROJECT_ROOT, p));
  process.stdout.write(`baseline: wrote ${show(file)} from ${show(reportFile)}: ${Object.keys(checks).length} entries\n`);
  if (added.length) process.stdout.write(`  ${added.length} new, each with a TODO reason to replace before CONFORMANCE_TARGET=${target} accepts the file:\n${added.map((id) => `    + ${id}\n`).join('')}`);
  if (dropped.length) process.stdout.write(`  ${dropped.length} dropped (they pass now):\n${dropped.map((id) => `    - ${id}\n`).join('')}`);
  if (notRun.length) process.stdout.write(`  ${notRun.length} kept unchanged (not in this run)\n`);
}

main(process.argv.slice(2));
