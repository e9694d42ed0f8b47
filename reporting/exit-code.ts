/**
 * The exit codes of `npm run conformance`, as README and INTERPRETING.md document them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isConfigErrorMessage } from './conformance-reporter';

/** Every check ended as expected: passed, or failed where the baseline says it fails. */
export const EXIT_AS_EXPECTED = 0;
/** A check failed, or passed where the baseline says it fails, or did not finish. */
export const EXIT_UNEXPECTED = 1;
/** The configuration or the preflight stopped the run: nothing about the target's conformance is known. */
export const EXIT_CONFIG_ERROR = 2;

/**
 * Playwright exits 1 for a failed check and for an error in the config file or global setup alike; those errors are
 * told apart by their message (harness/config.ts ConfigError: "configuration error: ...", a preflight's "preflight
 * error: ...") on stderr (config file) or in this run's conformance report (global setup, via reporter.onError).
 */
export function exitCodeFor(playwrightStatus: number | null, stderrTail: string, report: { configError: string | null } | undefined): number {
  if (report?.configError || isConfigErrorMessage(stderrTail)) return EXIT_CONFIG_ERROR;
  if (playwrightStatus === null) return EXIT_UNEXPECTED;
  return playwrightStatus;
}

/** This run's conformance report, or undefined when the run left none (or only an older run's). */
export function readFreshReport(dir: string, notBeforeMs: number): { configError: string | null } | undefined {
  const file = path.join(dir, 'conformance.json');
  try {
    if (fs.statSync(file).mtimeMs < notBeforeMs) return undefined;
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { configError: string | null };
  } catch {
    return undefined;
  }
}
