/**
 * Where reports go and which reporters write them, shared by playwright.config.ts (a run) and reporting/merge.config.ts
 * (`npx playwright merge-reports` over shards' blob reports), so both leave the same files.
 */
import path from 'node:path';
import type { ReporterDescription } from '@playwright/test';
import { resolveConfig, usesEmbeddedMock } from '../harness/config';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** reports/ by default; CONFORMANCE_REPORTS_DIR moves them (tests that run the suite use a temporary folder). */
export function reportsDir(env: Record<string, string | undefined> = process.env): string {
  const dir = env.CONFORMANCE_REPORTS_DIR?.trim();
  return dir ? path.resolve(dir) : path.join(PROJECT_ROOT, 'reports');
}

/** config.metadata key of what the run targets; Playwright carries metadata through blob reports to a merge. */
export const RUN_METADATA_KEY = 'conformance';

export interface RunMetadata {
  /** The baseline name (CONFORMANCE_TARGET), or null for a strict run. */
  target: string | null;
  /** The target's service root, or null for the embedded mock, whose port is known only once it has started. */
  serviceRoot: string | null;
  embeddedMock: boolean;
}

export function runMetadata(env: Record<string, string | undefined> = process.env): RunMetadata {
  const target = env.CONFORMANCE_TARGET?.trim() || null;
  const embeddedMock = usesEmbeddedMock(env);
  if (embeddedMock) return { target, serviceRoot: null, embeddedMock };
  try {
    // GRAPH_BASE_URL, or the Graph host of GRAPH_CLOUD, as the harness resolves it.
    return { target, serviceRoot: resolveConfig({ ...env, GRAPH_MOCK_SERVICE_ROOT: undefined }).serviceRoot, embeddedMock };
  } catch {
    // A bad configuration stops the run before it matters (playwright.config.ts preflights first).
    return { target, serviceRoot: null, embeddedMock };
  }
}

/**
 * The console list, Playwright's HTML report (every check with its exchanges attached, never opened by itself),
 * JUnit for CI test tabs, and the conformance report with the run's summary line, which must come last.
 */
export function reporters(dir = reportsDir(), options: { console?: boolean } = {}): ReporterDescription[] {
  return [
    ...(options.console === false ? [] : [['list'] as ReporterDescription]),
    ['html', { outputFolder: path.join(dir, 'html'), open: 'never' }],
    ['junit', { outputFile: path.join(dir, 'junit.xml') }],
    ...(process.env.CI ? [['json', { outputFile: path.join(dir, 'results.json') }] as ReporterDescription] : []),
    [path.join(__dirname, 'conformance-reporter.ts'), { outputDir: dir }],
  ];
}
