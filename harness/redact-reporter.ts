/**
 * Listed after the HTML reporter in playwright.config.ts: once that report is written, redact it
 * (harness/redact-reports.ts). Reporters end in the order they are listed. A sharded run replaces the configured
 * reporters with `--reporter=blob`; list this one after it (`--reporter=blob,./harness/redact-reporter.ts`) and it
 * redacts the blob reports too.
 */
import path from 'node:path';
import type { Reporter } from '@playwright/test/reporter';
import { reportsDir } from '../reporting/reporters';
import { HANDOFF_TOKEN_ENV } from './auth';
import { registerSecret } from './redact';
import { redactBlobReports, redactHtmlReport } from './redact-reports';

export default class RedactReporter implements Reporter {
  printsToStdio(): boolean {
    return false;
  }

  onEnd(): void {
    for (const name of ['GRAPH_TOKEN', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD', HANDOFF_TOKEN_ENV]) registerSecret(process.env[name]);
    redactHtmlReport(path.join(reportsDir(), 'html'));
    // Where Playwright's blob reporter writes, by its own rule.
    redactBlobReports(path.resolve(process.env.PLAYWRIGHT_BLOB_OUTPUT_DIR || 'blob-report'));
  }
}
