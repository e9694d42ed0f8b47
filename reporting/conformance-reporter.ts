/**
 * Playwright reporter for the conformance report: reports/conformance.json and reports/conformance.md (also appended
 * to $GITHUB_STEP_SUMMARY), and the run's one summary line on the console. It reads only what Playwright hands every
 * reporter (titles, tags, annotations, attachments, errors), so it gives the same report for a direct run and for
 * `npx playwright merge-reports` over the blob reports of shards.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError } from '@playwright/test/reporter';
import { TAGS } from '../harness/clauses';
import { usesEmbeddedMock } from '../harness/config';
import { registerSecret, redactText } from '../harness/redact';
import { buildCheck, buildRun, renderMarkdown, stripAnsi, summaryLine, type AttachmentLike, type CaseLike, type RunReport } from './model';
import { PROJECT_ROOT, reportsDir, RUN_METADATA_KEY, type RunMetadata } from './reporters';

export interface ConformanceReporterOptions {
  /** Where conformance.json and conformance.md go; default $CONFORMANCE_REPORTS_DIR or reports/. */
  outputDir?: string;
  /** Print the summary line (default true). */
  printSummary?: boolean;
}

/**
 * Messages of errors that are the configuration's fault, not a check's: harness/config.ts ConfigError, a preflight
 * error, a baseline naming no check (harness/baseline-reporter.ts), the embedded mock refusing its MOCK_* variables.
 */
export const CONFIG_ERROR_PATTERN = /^(?:\[WebServer\] )?(?:reference mock: |\w*Error: )?(?:configuration|preflight|baseline) error\b/im;

export function isConfigErrorMessage(message: string): boolean {
  return CONFIG_ERROR_PATTERN.test(stripAnsi(message));
}

export default class ConformanceReporter implements Reporter {
  private config: FullConfig | undefined;
  private suite: Suite | undefined;
  private readonly errors: string[] = [];
  private readonly options: Required<ConformanceReporterOptions>;

  constructor(options: ConformanceReporterOptions = {}) {
    this.options = { outputDir: options.outputDir ?? reportsDir(), printSummary: options.printSummary ?? true };
    // The merge-reports process never loaded harness/config.ts, which registers these.
    for (const name of ['GRAPH_TOKEN', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD']) registerSecret(process.env[name]);
  }

  printsToStdio(): boolean {
    return this.options.printSummary;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
  }

  onError(error: TestError): void {
    this.errors.push(redactText(stripAnsi(error.message ?? error.value ?? String(error))).trim());
  }

  /** Output outside any check: the embedded mock's stderr, where it refuses a bad MOCK_* variable. */
  onStdErr(chunk: string | Buffer, test: TestCase | void): void {
    if (test) return;
    const text = redactText(stripAnsi(chunk.toString())).trim();
    if (isConfigErrorMessage(text)) this.errors.push(text.split('\n').map((line) => line.replace(/^\[WebServer\] /, '')).join('\n'));
  }

  async onEnd(result: FullResult): Promise<void> {
    const run = this.build(result);
    // Failure texts are redacted where they are read (model.ts); the rest is check titles and ids, which a redaction
    // pass over the whole file would corrupt (a title may name the fake credential a check sends).
    const json = JSON.stringify(run, null, 2);
    const markdown = renderMarkdown(run);
    await fs.promises.mkdir(this.options.outputDir, { recursive: true });
    await fs.promises.writeFile(path.join(this.options.outputDir, 'conformance.json'), `${json}\n`);
    await fs.promises.writeFile(path.join(this.options.outputDir, 'conformance.md'), `${markdown}\n`);
    const stepSummary = process.env.GITHUB_STEP_SUMMARY;
    if (stepSummary) await fs.promises.appendFile(stepSummary, `${markdown}\n`);
    if (this.options.printSummary) process.stdout.write(`\n${summaryLine(run)}\n`);
  }

  build(result: FullResult): RunReport {
    const metadata = (this.config?.metadata?.[RUN_METADATA_KEY] ?? {}) as Partial<RunMetadata>;
    const checks = (this.suite?.allTests() ?? []).map((test) => buildCheck(caseOf(test, PROJECT_ROOT)));
    const embeddedMock = metadata.embeddedMock ?? usesEmbeddedMock();
    const configError = this.errors.find(isConfigErrorMessage) ?? null;
    return buildRun(
      {
        // What the run itself was given (carried through blob reports), before this process's environment.
        target: 'target' in metadata ? (metadata.target ?? null) : process.env.CONFORMANCE_TARGET?.trim() || null,
        // The embedded mock's root exists only after webServer started, so it is read here, at the end; a merged
        // report has no mock process to ask and falls back on the URLs its exchanges went to.
        serviceRoot: (embeddedMock ? process.env.GRAPH_MOCK_SERVICE_ROOT : metadata.serviceRoot) ?? serviceRootFromExchanges(this.suite) ?? null,
        embeddedMock,
        startTime: result.startTime,
        durationMs: result.duration,
        status: result.status,
        configError,
        globalErrors: this.errors,
      },
      checks,
    );
  }
}

function caseOf(test: TestCase, projectRoot: string): CaseLike {
  // titlePath(): ['', project, file, ...describes, title]; the id uses the project-relative file instead.
  const titles = test.titlePath().slice(3);
  return {
    file: path.relative(projectRoot, test.location.file).split(path.sep).join('/'),
    line: test.location.line,
    titlePath: titles,
    // Playwright also makes a tag of any "@word" in a title ("{\"@odata.id\": ...}"); only the suite's own tags count.
    tags: test.tags.filter((tag) => (TAGS as readonly string[]).includes(tag)),
    annotations: test.annotations,
    expectedStatus: test.expectedStatus,
    outcome: test.outcome(),
    results: test.results.map((r) => ({
      status: r.status,
      duration: r.duration,
      retry: r.retry,
      errors: r.errors,
      annotations: r.annotations,
      attachments: r.attachments.map((a): AttachmentLike => ({ name: a.name, contentType: a.contentType, body: a.body, text: a.path ? () => readIfExists(a.path!) : undefined })),
    })),
  };
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** "PUT http://host/v1.0/identity/..." on an exchange attachment's first line: the root is what precedes /identity/. */
function serviceRootFromExchanges(suite: Suite | undefined): string | undefined {
  for (const test of suite?.allTests() ?? []) {
    for (const result of test.results) {
      for (const a of result.attachments) {
        if (!/^exchange \d+:/.test(a.name)) continue;
        const first = (a.body?.toString('utf8') ?? (a.path ? readIfExists(a.path) : undefined) ?? '').split('\n')[0] ?? '';
        const root = /^\S+ (https?:\/\/\S+?)\/identity\//.exec(first)?.[1];
        if (root) return root;
      }
    }
  }
  return undefined;
}
