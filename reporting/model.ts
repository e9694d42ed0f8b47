/**
 * The conformance report as data: what one check's results mean for the run, the run's totals, and how a person
 * reads them (Markdown, one console line). Pure functions over plain shapes, so they are tested without a run.
 */
import { redactText } from '../harness/redact';

/** A check's final verdict, after retries and after its baseline expectation is taken into account. */
export type Verdict =
  /** Passed, as expected. */
  | 'passed'
  /** Failed where its baseline says it fails: reported, and the run stays green. */
  | 'known-failure'
  /** Failed first and passed on a retry. */
  | 'flaky'
  /** Skipped on purpose (a baseline `skip`, or a check that does not apply). */
  | 'skipped'
  /** Failed where nothing said it would: fails the run. */
  | 'failed'
  /** Passed where its baseline says it fails: fails the run, the baseline entry must go. */
  | 'unexpected-pass'
  /** Never ran to an end (the run was interrupted or stopped early): fails the run. */
  | 'not-run';

/** Verdicts that make the run fail (exit code 1). */
export const UNEXPECTED: ReadonlySet<Verdict> = new Set(['failed', 'unexpected-pass', 'not-run']);

export type PlaywrightStatus = 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';

/** The ids a support ticket needs, taken from the exchange the check failed on. */
export interface SupportIds {
  requestId: string | null;
  clientRequestId: string | null;
  date: string | null;
  /** Where they came from: the failure message (the exchange the check names) or the check's last exchange. */
  source: 'failure-message' | 'last-exchange';
}

export interface CheckReport {
  /** Stable identity across runs and targets: file, then the title path (what baselines are keyed by). */
  id: string;
  file: string;
  line: number;
  title: string;
  clauses: string[];
  tags: string[];
  verdict: Verdict;
  /** Playwright's status of the last attempt, and what it expected (test.fail() expects 'failed'). */
  status: PlaywrightStatus | null;
  expectedStatus: PlaywrightStatus;
  baseline: { expectation: string; reason: string } | null;
  durationMs: number;
  /** Attempts after the first, as Playwright's `retries` setting made them. */
  retries: number;
  /** Throttled HTTP answers (429/503/504) the harness retried during the check's last attempt. */
  httpRetries: number;
  exchanges: number;
  /** The failure, redacted, first line of each error; null when the check did not fail. */
  failure: string | null;
  supportIds: SupportIds | null;
}

export interface RunReport {
  /** The baseline name (CONFORMANCE_TARGET), or null: strict, every check must pass. */
  target: string | null;
  /** What the console line calls the target: the baseline name, "reference" for the embedded mock, or the host. */
  targetLabel: string;
  serviceRoot: string | null;
  embeddedMock: boolean;
  apiVersion: string | null;
  startTime: string;
  durationMs: number;
  /** Playwright's own verdict on the run. */
  status: 'passed' | 'failed' | 'timedout' | 'interrupted';
  /** A configuration or preflight error stopped the run before the checks (exit code 2). */
  configError: string | null;
  /** Errors outside any check (global setup, worker crashes), redacted. */
  globalErrors: string[];
  totals: Record<Verdict, number> & { checks: number; unexpected: number };
  checks: CheckReport[];
}

// ---------------------------------------------------------------------------------------------------------------
// One check

export interface AttachmentLike {
  name: string;
  contentType: string;
  body?: Buffer;
  /** Read lazily: an attachment on disk (merged blob reports keep them as files). */
  text?: () => string | undefined;
}

export interface ResultLike {
  status: PlaywrightStatus;
  duration: number;
  retry: number;
  errors: { message?: string; value?: string }[];
  annotations?: { type: string; description?: string }[];
  attachments: AttachmentLike[];
}

export interface CaseLike {
  file: string;
  line: number;
  titlePath: string[];
  tags: string[];
  annotations: { type: string; description?: string }[];
  expectedStatus: PlaywrightStatus;
  outcome: 'skipped' | 'expected' | 'unexpected' | 'flaky';
  results: ResultLike[];
}


/**
 * A check's stable id, as baselines key it (harness/baseline.ts): the project-relative file, then the describe titles
 * and the title, joined as Playwright's own reporters join a title path.
 */
export function checkId(file: string, titlePath: readonly string[]): string {
  return [file, ...titlePath].join(' › ');
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Harness annotations are "<id>: <sentence>"; reports group by the id. */
function annotationKey(description: string | undefined): string {
  const text = description ?? '';
  const colon = text.indexOf(':');
  return (colon === -1 ? text : text.slice(0, colon)).trim();
}

function parseBaseline(annotations: { type: string; description?: string }[]): CheckReport['baseline'] {
  const found = annotations.find((a) => a.type === 'baseline');
  if (!found) return null;
  const text = found.description ?? '';
  const colon = text.indexOf(':');
  return colon === -1 ? { expectation: text.trim(), reason: '' } : { expectation: text.slice(0, colon).trim(), reason: text.slice(colon + 1).trim() };
}

export function verdictOf(c: Pick<CaseLike, 'outcome' | 'expectedStatus' | 'results'>): Verdict {
  const last = c.results[c.results.length - 1];
  if (!last) return c.expectedStatus === 'skipped' ? 'skipped' : 'not-run';
  switch (c.outcome) {
    case 'flaky':
      return 'flaky';
    case 'skipped':
      return last.status === 'interrupted' ? 'not-run' : 'skipped';
    case 'expected':
      return last.status === 'passed' ? 'passed' : 'known-failure';
    case 'unexpected':
      if (last.status === 'interrupted') return 'not-run';
      return last.status === 'passed' && c.expectedStatus === 'failed' ? 'unexpected-pass' : 'failed';
  }
}

const EXCHANGE_ATTACHMENT = /^exchange \d+:/;

function attachmentText(a: AttachmentLike): string | undefined {
  if (a.body) return a.body.toString('utf8');
  return a.text?.();
}

/** `request-id=…` as harness/exchange.ts supportIds() writes it into failure messages. */
export function supportIdsFromMessage(message: string): Omit<SupportIds, 'source'> | null {
  const text = stripAnsi(message);
  const requestId = /(?<![\w-])request-id=(\(none\)|[^\s)]+)/.exec(text)?.[1];
  if (requestId === undefined) return null;
  const clientRequestId = /client-request-id=(\(none\)|[^\s)]+)/.exec(text)?.[1];
  const date = /\bdate=(\(none\)|[^)\n]+?)(?=\)|\n|$)/.exec(text)?.[1];
  const none = (v: string | undefined): string | null => (v === undefined || v === '(none)' ? null : v.trim());
  return { requestId: none(requestId), clientRequestId: none(clientRequestId), date: none(date) };
}

/** The response headers of an exchange attachment (harness/exchange.ts describeExchange()): after the HTTP line. */
export function supportIdsFromExchange(text: string): Omit<SupportIds, 'source'> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^HTTP \d{3}\b/.test(l));
  const headers = new Map<string, string>();
  for (const line of start === -1 ? [] : lines.slice(start + 1)) {
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  let clientRequestId = headers.get('client-request-id');
  if (clientRequestId === undefined) {
    // Not echoed: the id the client sent is what a support engineer searches for.
    const sent = lines.slice(0, start === -1 ? lines.length : start).find((l) => /^client-request-id:/i.test(l));
    clientRequestId = sent?.slice(sent.indexOf(':') + 1).trim();
  }
  return { requestId: headers.get('request-id') ?? null, clientRequestId: clientRequestId ?? null, date: headers.get('date') ?? null };
}

/** Throttled attempts, as describeExchange() lists them: "(answered 429, retried after 1000 ms)". */
export function httpRetriesIn(exchangeText: string): number {
  return (exchangeText.match(/^\(answered \d{3}, retried after \d+ ms\)$/gm) ?? []).length;
}

const MAX_ERROR_LINES = 24;

/** The failure as the check worded it and expect() explained it (expected/received), without the call log. */
function shortError(message: string): string {
  const lines = message.split('\n');
  const callLog = lines.findIndex((l) => /^Call log:/.test(l.trim()));
  const kept = (callLog === -1 ? lines : lines.slice(0, callLog)).map((l) => l.trimEnd());
  while (kept.length && kept[kept.length - 1] === '') kept.pop();
  return kept.length > MAX_ERROR_LINES ? [...kept.slice(0, MAX_ERROR_LINES), `... (${kept.length - MAX_ERROR_LINES} more lines)`].join('\n') : kept.join('\n');
}

export function buildCheck(c: CaseLike): CheckReport {
  const last = c.results[c.results.length - 1];
  const annotations = [...c.annotations, ...(last?.annotations ?? [])];
  const seen = new Set<string>();
  const unique = annotations.filter((a) => {
    const key = `${a.type}\u0000${a.description ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // A baseline `flaky` entry turns a failure into an expected one after the fact and says so (harness/baseline.ts).
  const tolerated = unique.some((a) => a.type === 'flaky-failure');
  const verdict = verdictOf(c) === 'known-failure' && tolerated ? 'flaky' : verdictOf(c);
  const exchangeTexts = (last?.attachments ?? []).filter((a) => EXCHANGE_ATTACHMENT.test(a.name)).map((a) => attachmentText(a) ?? '');
  const errors = (last?.errors ?? []).map((e) => redactText(stripAnsi(e.message ?? e.value ?? '')).trim()).filter(Boolean);
  const failedRun = last !== undefined && last.status !== 'passed' && last.status !== 'skipped';

  let supportIds: SupportIds | null = null;
  if (failedRun) {
    const fromMessage = errors.map(supportIdsFromMessage).find((ids) => ids !== null);
    if (fromMessage) supportIds = { ...fromMessage, source: 'failure-message' };
    else if (exchangeTexts.length) supportIds = { ...supportIdsFromExchange(exchangeTexts[exchangeTexts.length - 1]!), source: 'last-exchange' };
  }
  let failure: string | null = null;
  if (verdict === 'unexpected-pass') failure = 'unexpected pass: the check passed but its baseline says it fails; remove it from the baseline';
  else if (verdict === 'not-run') failure = 'the check did not run to an end (the run was interrupted or stopped early)';
  else if (failedRun) failure = errors.length ? errors.map(shortError).join('\n\n') : `the check ended ${last!.status}`;

  return {
    id: checkId(c.file, c.titlePath),
    file: c.file,
    line: c.line,
    title: c.titlePath[c.titlePath.length - 1] ?? '',
    clauses: unique.filter((a) => a.type === 'clause').map((a) => annotationKey(a.description)),
    tags: [...c.tags],
    verdict,
    status: last?.status ?? null,
    expectedStatus: c.expectedStatus,
    baseline: parseBaseline(unique),
    durationMs: c.results.reduce((sum, r) => sum + r.duration, 0),
    retries: Math.max(0, c.results.length - 1),
    httpRetries: exchangeTexts.reduce((sum, t) => sum + httpRetriesIn(t), 0),
    exchanges: exchangeTexts.length,
    failure,
    supportIds,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The run

export interface RunInfo {
  target: string | null;
  serviceRoot: string | null;
  embeddedMock: boolean;
  startTime: Date;
  durationMs: number;
  status: RunReport['status'];
  configError: string | null;
  globalErrors: string[];
}

export function apiVersionOf(serviceRoot: string | null): string | null {
  return serviceRoot ? (/\/(v1\.0|beta)$/.exec(serviceRoot)?.[1] ?? null) : null;
}

export function buildRun(info: RunInfo, checks: CheckReport[]): RunReport {
  const totals = { checks: checks.length, unexpected: 0, passed: 0, 'known-failure': 0, flaky: 0, skipped: 0, failed: 0, 'unexpected-pass': 0, 'not-run': 0 };
  for (const c of checks) {
    totals[c.verdict] += 1;
    if (UNEXPECTED.has(c.verdict)) totals.unexpected += 1;
  }
  let host: string | null = null;
  try {
    host = info.serviceRoot ? new URL(info.serviceRoot).host : null;
  } catch {
    host = null;
  }
  return {
    target: info.target,
    targetLabel: info.target ?? (info.embeddedMock ? 'reference' : (host ?? 'unknown')),
    serviceRoot: info.serviceRoot,
    embeddedMock: info.embeddedMock,
    apiVersion: apiVersionOf(info.serviceRoot),
    startTime: info.startTime.toISOString(),
    durationMs: Math.round(info.durationMs),
    status: info.status,
    configError: info.configError,
    globalErrors: info.globalErrors,
    totals,
    checks: [...checks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

/**
 * The console's last line. "N passed, N failed" keeps the shape CI log parsers look for; "failed" counts every
 * unexpected result (a failure, an unexpected pass, a check that never finished).
 */
export function summaryLine(run: RunReport): string {
  const t = run.totals;
  const parts = [`${t.passed} passed`, `${t.unexpected} failed`, `${t['known-failure']} known failure${t['known-failure'] === 1 ? '' : 's'}`];
  if (t.flaky) parts.push(`${t.flaky} flaky`);
  if (t.skipped) parts.push(`${t.skipped} skipped`);
  if (t['unexpected-pass']) parts.push(`${t['unexpected-pass']} of the failed passed unexpectedly`);
  // An interrupted run counts its unfinished checks as failed (they gate like failures), but says which they are.
  if (t['not-run']) parts.push(`${t['not-run']} of the failed did not run to an end`);
  const strict = run.target === null ? ', strict' : '';
  // A run that broke outside every check must not read like a clean one to whoever sees only this line.
  const firstError = run.globalErrors[0]?.split('\n')[0];
  const stopped = run.configError
    ? ' - stopped by a configuration error'
    : run.status === 'interrupted' || (run.status !== 'passed' && t.unexpected === 0)
      ? ` - run ${run.status}${firstError ? `: ${firstError}` : ''}`
      : '';
  return `conformance: ${parts.join(', ')} (target: ${run.targetLabel}${strict})${stopped}`;
}

const VERDICT_WORDS: Record<Verdict, string> = {
  passed: 'passed',
  'known-failure': 'known failure',
  flaky: 'flaky',
  skipped: 'skipped',
  failed: 'FAILED',
  'unexpected-pass': 'UNEXPECTED PASS',
  'not-run': 'NOT RUN',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function groupTable(heading: string, checks: CheckReport[], keysOf: (c: CheckReport) => string[]): string[] {
  const groups = new Map<string, CheckReport[]>();
  for (const c of checks) for (const key of keysOf(c).length ? keysOf(c) : ['(none)']) groups.set(key, [...(groups.get(key) ?? []), c]);
  const rows = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  const lines = [`| ${heading} | checks | passed | known failures | failed | other |`, '|---|---:|---:|---:|---:|---:|'];
  for (const [key, group] of rows) {
    const count = (pred: (c: CheckReport) => boolean): number => group.filter(pred).length;
    const passed = count((c) => c.verdict === 'passed');
    const known = count((c) => c.verdict === 'known-failure');
    const failed = count((c) => UNEXPECTED.has(c.verdict));
    lines.push(`| \`${cell(key)}\` | ${group.length} | ${passed} | ${known} | ${failed}${failed ? ' ❌' : ''} | ${group.length - passed - known - failed} |`);
  }
  return lines;
}

function idsLine(ids: SupportIds | null): string {
  if (!ids) return 'no exchange recorded';
  const from = ids.source === 'failure-message' ? 'the failing exchange' : 'the last exchange';
  return `request-id \`${ids.requestId ?? '(none)'}\`, client-request-id \`${ids.clientRequestId ?? '(none)'}\`, date ${ids.date ?? '(none)'} (${from})`;
}

/** The report a person reads in a CI summary: totals, a table per clause and per tag, then every failure. */
export function renderMarkdown(run: RunReport): string {
  const t = run.totals;
  const lines = [
    '# Conformance report',
    '',
    `**${summaryLine(run)}**`,
    '',
    `- service root: ${run.serviceRoot ? `\`${run.serviceRoot}\`` : 'unknown'}${run.embeddedMock ? ' (embedded reference mock)' : ''}`,
    `- API version: ${run.apiVersion ?? 'unknown'}`,
    `- baseline: ${run.target ? `\`expectations/${run.target}.json\`` : 'none (strict: every check must pass)'}`,
    `- started ${run.startTime}, took ${(run.durationMs / 1000).toFixed(1)} s; ${t.checks} checks`,
    '',
  ];
  if (run.configError) lines.push('## Configuration error', '', '```', run.configError, '```', '');
  if (run.globalErrors.length && !run.configError) lines.push('## Errors outside any check', '', ...run.globalErrors.map((e) => `- ${cell(e.split('\n')[0] ?? '')}`), '');
  lines.push('## By clause', '', ...groupTable('clause', run.checks, (c) => c.clauses), '');
  lines.push('## By tag', '', ...groupTable('tag', run.checks, (c) => c.tags), '');

  const unexpected = run.checks.filter((c) => UNEXPECTED.has(c.verdict));
  const known = run.checks.filter((c) => c.verdict === 'known-failure' || c.verdict === 'skipped' || c.verdict === 'flaky');
  lines.push(`## Unexpected results (${unexpected.length})`, '');
  if (!unexpected.length) lines.push('None: every check ended as expected.', '');
  for (const c of unexpected) {
    lines.push(`### ${VERDICT_WORDS[c.verdict]}: ${c.id}`, '', `- clauses: ${c.clauses.map((k) => `\`${k}\``).join(', ') || 'none'}; tags: ${c.tags.join(' ') || 'none'}; ${c.file}:${c.line}`);
    if (c.baseline) lines.push(`- baseline: ${c.baseline.expectation}: ${c.baseline.reason}`);
    // An unexpected pass has nothing to raise with the target's support: the baseline is what changes.
    if (c.verdict !== 'unexpected-pass') lines.push(`- support ids: ${idsLine(c.supportIds)}`);
    lines.push('', '```', c.failure ?? '', '```', '');
  }
  if (known.length) {
    lines.push(`## Known failures, skips and flaky checks (${known.length})`, '', '| check | result | baseline reason | request-id |', '|---|---|---|---|');
    for (const c of known) lines.push(`| ${cell(c.id)} | ${VERDICT_WORDS[c.verdict]} | ${cell(c.baseline ? `${c.baseline.expectation}: ${c.baseline.reason}` : '')} | ${c.supportIds?.requestId ? `\`${c.supportIds.requestId}\`` : ''} |`);
    lines.push('');
  }
  return lines.join('\n');
}
