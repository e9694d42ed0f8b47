/**
 * The part of a baseline only the runner can see: which checks exist. An entry naming no check (a typo, a renamed
 * or removed check) fails the run, since it would otherwise silently expect nothing; unexpected passes are listed
 * again at the end with what to do. Only the fixture applies entries; this reporter never changes a check's result.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { baselineFor, checkId, ID_SEPARATOR, PROJECT_ROOT, UNEXPECTED_PASS, type Baseline } from './baseline';
import { resolveConfig } from './config';

/** Options of `playwright test` that run fewer checks than the whole suite; with any of them, absence proves nothing. */
const FILTER_OPTIONS = /^(-g|--grep|-gv|--grep-invert|--project|--last-failed|--only-changed|--shard|--test-list|--test-list-invert)(=|$)/;
/** Options followed by a value, so the value is not taken for a file filter. */
const VALUED_OPTIONS = new Set(['-c', '--config', '--reporter', '--output', '-j', '--workers', '--timeout', '--retries', '--repeat-each', '--max-failures', '--global-timeout', '--tsconfig', '--trace', '--update-snapshots', '--update-source-method', '--add-reporter']);

/** True when argv may select a subset of the checks: a location argument or a filtering option. */
export function runIsFiltered(argv: readonly string[]): boolean {
  const start = argv.indexOf('test');
  if (start === -1) return true;
  const args = argv.slice(start + 1);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (FILTER_OPTIONS.test(arg)) return true;
    if (VALUED_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return true;
  }
  return false;
}

export function idOfTestCase(test: TestCase): string {
  // titlePath(): root, project, file (relative to testDir), describes..., title.
  return checkId(test.location.file, test.titlePath().slice(3));
}

export default class BaselineReporter implements Reporter {
  private baseline: Baseline | undefined;
  private readonly problems: string[] = [];
  private readonly unexpectedPasses: string[] = [];

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    try {
      this.baseline = baselineFor(resolveConfig({ GRAPH_MOCK_SERVICE_ROOT: 'http://127.0.0.1:0/v1.0', ...process.env }).target);
    } catch (err) {
      // playwright.config.ts validated both already; anything left is a bug worth failing on.
      this.problems.push((err as Error).message);
      return;
    }
    if (!this.baseline) return;
    const known = new Set(suite.allTests().map(idOfTestCase));
    const filtered = runIsFiltered(config.argv);
    for (const id of this.baseline.entries.keys()) {
      if (known.has(id)) continue;
      const file = id.split(ID_SEPARATOR)[0]!;
      if (!fs.existsSync(path.join(PROJECT_ROOT, file))) this.problems.push(`entry "${id}" names a file that does not exist (${file})`);
      else if (!filtered) this.problems.push(`entry "${id}" names no check of the suite (renamed or removed? \`npm run conformance -- --list\` shows the titles)`);
    }
    const counts = [...this.baseline.entries.values()].reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.status]: (acc[e.status] ?? 0) + 1 }), {});
    const summary = Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(', ');
    process.stdout.write(`baseline ${this.baseline.file}: ${this.baseline.entries.size} known failure(s) (${summary || 'none'})${filtered ? '; filtered run: entries outside it not checked' : ''}\n`);
    if (this.problems.length) process.stderr.write(this.describeProblems());
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (this.baseline && test.expectedStatus === 'failed' && result.status === 'passed' && result.annotations.some((a) => a.type === 'unexpected-pass')) {
      this.unexpectedPasses.push(idOfTestCase(test));
    }
  }

  async onEnd(result: FullResult): Promise<{ status: FullResult['status'] } | undefined> {
    if (this.unexpectedPasses.length && this.baseline) {
      process.stderr.write(`${this.unexpectedPasses.length} ${UNEXPECTED_PASS} ${this.baseline.file}:\n${this.unexpectedPasses.map((id) => `  - ${id}\n`).join('')}`);
    }
    if (!this.problems.length) return undefined;
    process.stderr.write(this.describeProblems());
    return { status: result.status === 'interrupted' ? 'interrupted' : 'failed' };
  }

  private describeProblems(): string {
    return `baseline error${this.baseline ? ` in ${this.baseline.file}` : ''}:\n${this.problems.map((p) => `  - ${p}\n`).join('')}`;
  }
}
