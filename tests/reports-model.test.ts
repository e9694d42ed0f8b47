/** The conformance report's rules, on hand-made results: verdicts, support ids, totals, the summary line, the gate. */
import { expect, test } from '@playwright/test';
import { CLOUDS, ConfigError } from '../harness/config';
import { describeExchange, supportIds, type Exchange } from '../harness/exchange';
import { isConfigErrorMessage } from '../reporting/conformance-reporter';
import { EXIT_AS_EXPECTED, EXIT_CONFIG_ERROR, EXIT_UNEXPECTED, exitCodeFor } from '../reporting/exit-code';
import { gate } from '../reporting/gate';
import { runMetadata } from '../reporting/reporters';
import { buildCheck, buildRun, httpRetriesIn, renderMarkdown, summaryLine, supportIdsFromExchange, supportIdsFromMessage, verdictOf, type CaseLike, type CheckReport, type ResultLike, type RunInfo } from '../reporting/model';

function exchange(overrides: Partial<Exchange> = {}): Exchange {
  return {
    request: { method: 'PUT', url: 'http://127.0.0.1:4010/v1.0/identity/b2xUserFlows/B2X_1_f/apiConnectorConfiguration/postFederationSignup/$ref', headers: { Authorization: 'Bearer abcdefghijklmnop', 'client-request-id': 'sent-1' }, body: '{}' },
    response: { status: 200, statusText: 'OK', headers: { 'request-id': 'rid-1', 'client-request-id': 'sent-1', date: 'Sat, 28 Nov 2026 23:00:00 GMT' }, body: Buffer.from('{"value":1}') },
    durationMs: 12,
    ...overrides,
  };
}

function result(status: ResultLike['status'], extra: Partial<ResultLike> = {}): ResultLike {
  return { status, duration: 10, retry: 0, errors: [], attachments: [], ...extra };
}

function check(extra: Partial<CaseLike> = {}): CaseLike {
  return {
    file: 'checks/state.spec.ts',
    line: 3,
    titlePath: ['postFederationSignup', 'DELETE on the $ref unbinds the step'],
    tags: ['@stateful'],
    annotations: [{ type: 'clause', description: 'delete-ref: DELETE on the $ref unbinds the step' }],
    expectedStatus: 'passed',
    outcome: 'expected',
    results: [result('passed')],
    ...extra,
  };
}

const RUN: RunInfo = { target: null, serviceRoot: 'http://127.0.0.1:4010/v1.0', embeddedMock: true, startTime: new Date('2026-11-28T23:00:00Z'), durationMs: 1234, status: 'passed', configError: null, globalErrors: [] };

test('verdicts: expected and unexpected outcomes in both directions, skips, flakes and checks that never ran', () => {
  expect(verdictOf(check())).toBe('passed');
  expect(verdictOf(check({ outcome: 'unexpected', results: [result('failed')] }))).toBe('failed');
  expect(verdictOf(check({ outcome: 'unexpected', results: [result('timedOut')] }))).toBe('failed');
  expect(verdictOf(check({ expectedStatus: 'failed', outcome: 'expected', results: [result('failed')] }))).toBe('known-failure');
  expect(verdictOf(check({ expectedStatus: 'failed', outcome: 'unexpected', results: [result('passed')] }))).toBe('unexpected-pass');
  expect(verdictOf(check({ expectedStatus: 'skipped', outcome: 'skipped', results: [result('skipped')] }))).toBe('skipped');
  expect(verdictOf(check({ outcome: 'flaky', results: [result('failed'), result('passed', { retry: 1 })] }))).toBe('flaky');
  expect(verdictOf(check({ outcome: 'skipped', results: [] }))).toBe('not-run');
  expect(verdictOf(check({ outcome: 'unexpected', results: [result('interrupted')] }))).toBe('not-run');
});

test('support ids come from the failure message first, as supportIds() writes them', () => {
  const message = `delete-ref: DELETE postFederationSignup/$ref (${supportIds(exchange())})\n\nExpected: []`;
  expect(supportIdsFromMessage(message)).toEqual({ requestId: 'rid-1', clientRequestId: 'sent-1', date: 'Sat, 28 Nov 2026 23:00:00 GMT' });
  expect(supportIdsFromMessage('expect(received).toBe(expected)')).toBeNull();
  const noIds = exchange({ response: { ...exchange().response, headers: {} } });
  expect(supportIdsFromMessage(`x (${supportIds(noIds)})`)).toEqual({ requestId: null, clientRequestId: 'sent-1', date: null });
});

test('support ids fall back on the last exchange attached, as describeExchange() writes it', () => {
  expect(supportIdsFromExchange(describeExchange(exchange()))).toEqual({ requestId: 'rid-1', clientRequestId: 'sent-1', date: 'Sat, 28 Nov 2026 23:00:00 GMT' });
  const unechoed = exchange({ response: { ...exchange().response, headers: { 'request-id': 'rid-2' } } });
  expect(supportIdsFromExchange(describeExchange(unechoed))).toEqual({ requestId: 'rid-2', clientRequestId: 'sent-1', date: null });

  const attached = { name: 'exchange 01: PUT 200', contentType: 'text/plain', body: Buffer.from(describeExchange(exchange())) };
  const failed = buildCheck(check({ outcome: 'unexpected', results: [result('failed', { errors: [{ message: 'Error: no ids here' }], attachments: [attached] })] }));
  expect(failed.supportIds).toEqual({ requestId: 'rid-1', clientRequestId: 'sent-1', date: 'Sat, 28 Nov 2026 23:00:00 GMT', source: 'last-exchange' });
  expect(failed.exchanges).toBe(1);
  expect(buildCheck(check({ results: [result('passed', { attachments: [attached] })] })).supportIds, 'a passing check needs no ticket').toBeNull();
});

test('throttled retries recorded on an exchange are counted', () => {
  const retried = exchange({ retries: [{ status: 429, waitedMs: 1000 }, { status: 503, waitedMs: 2000 }] });
  expect(httpRetriesIn(describeExchange(retried))).toBe(2);
  expect(httpRetriesIn(describeExchange(exchange()))).toBe(0);
});

test('a check report carries its id, clauses, tags, baseline and a redacted failure', () => {
  const report = buildCheck(
    check({
      expectedStatus: 'failed',
      outcome: 'expected',
      annotations: [...check().annotations, { type: 'baseline', description: 'fail: answers 200 with a body; https://example.org/bug/1' }],
      results: [result('failed', { errors: [{ message: '\u001b[31mError: sent Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig\u001b[39m\nsecond line' }] })],
    }),
  );
  expect(report).toMatchObject({
    id: 'checks/state.spec.ts › postFederationSignup › DELETE on the $ref unbinds the step',
    clauses: ['delete-ref'],
    tags: ['@stateful'],
    verdict: 'known-failure',
    baseline: { expectation: 'fail', reason: 'answers 200 with a body; https://example.org/bug/1' },
    retries: 0,
  });
  expect(report.failure).toBe('Error: sent Authorization: Bearer <redacted>\nsecond line');
  expect(buildCheck(check({ expectedStatus: 'failed', outcome: 'unexpected', results: [result('passed')] })).failure).toContain('remove it from the baseline');
});

function runOf(...checks: CheckReport[]): ReturnType<typeof buildRun> {
  return buildRun(RUN, checks);
}

const passed = buildCheck(check());
const known = buildCheck(check({ titlePath: ['known'], expectedStatus: 'failed', outcome: 'expected', results: [result('failed')] }));
const failed = buildCheck(check({ titlePath: ['failed'], outcome: 'unexpected', results: [result('failed', { errors: [{ message: 'Error: x (request-id=rid-9 client-request-id=c date=(none))' }] })] }));
const unexpectedPass = buildCheck(check({ titlePath: ['unexpected pass'], expectedStatus: 'failed', outcome: 'unexpected', results: [result('passed')] }));

test('the summary line keeps the "N passed, N failed" shape and counts an unexpected pass as failed', () => {
  expect(summaryLine(runOf(passed, passed, known))).toBe('conformance: 2 passed, 0 failed, 1 known failure (target: reference, strict)');
  expect(summaryLine(runOf(passed, failed, unexpectedPass))).toBe('conformance: 1 passed, 2 failed, 0 known failures, 1 of the failed passed unexpectedly (target: reference, strict)');
  expect(summaryLine(buildRun({ ...RUN, target: 'prism', embeddedMock: false }, [passed, known]))).toBe('conformance: 1 passed, 0 failed, 1 known failure (target: prism)');
  expect(summaryLine(buildRun({ ...RUN, embeddedMock: false, serviceRoot: 'https://graph.microsoft.com/v1.0' }, [passed]))).toBe('conformance: 1 passed, 0 failed, 0 known failures (target: graph.microsoft.com, strict)');
  expect(summaryLine(buildRun({ ...RUN, status: 'failed', globalErrors: ['Error: worker crashed\nstack'] }, [passed]))).toBe('conformance: 1 passed, 0 failed, 0 known failures (target: reference, strict) - run failed: Error: worker crashed');
});

test('an interrupted run says how many of its failed checks did not run to an end, and that it was interrupted', () => {
  const interrupted = buildCheck(check({ titlePath: ['interrupted'], outcome: 'skipped', results: [result('interrupted')] }));
  const neverStarted = buildCheck(check({ titlePath: ['never started'], outcome: 'skipped', results: [] }));
  expect([interrupted.verdict, neverStarted.verdict]).toEqual(['not-run', 'not-run']);
  expect(summaryLine(buildRun({ ...RUN, status: 'interrupted' }, [passed, interrupted, neverStarted]))).toBe(
    'conformance: 1 passed, 2 failed, 0 known failures, 2 of the failed did not run to an end (target: reference, strict) - run interrupted',
  );
});

test('the Markdown report tabulates clauses and tags and lists each failure with its reason and ids', () => {
  const markdown = renderMarkdown(runOf(passed, known, failed, unexpectedPass));
  expect(markdown).toContain('| `delete-ref` | 4 | 1 | 1 | 2 ❌ | 0 |');
  expect(markdown).toContain('| `@stateful` | 4 | 1 | 1 | 2 ❌ | 0 |');
  expect(markdown).toContain('### FAILED: checks/state.spec.ts › failed');
  expect(markdown).toContain('request-id `rid-9`');
  expect(markdown).toContain('### UNEXPECTED PASS: checks/state.spec.ts › unexpected pass');
  expect(markdown.split('### UNEXPECTED PASS')[1], 'an unexpected pass has no support ids to give').not.toContain('support ids');
  expect(markdown).toContain('| checks/state.spec.ts › known | known failure |');
  expect(renderMarkdown(runOf(passed))).toContain('None: every check ended as expected.');
});

test('exit codes: 0 as expected, 1 unexpected, 2 when a configuration or preflight error stopped the run', () => {
  expect(exitCodeFor(0, '', undefined)).toBe(EXIT_AS_EXPECTED);
  expect(exitCodeFor(1, 'some stderr', { configError: null })).toBe(EXIT_UNEXPECTED);
  expect(exitCodeFor(null, '', undefined), 'killed by a signal').toBe(EXIT_UNEXPECTED);
  expect(exitCodeFor(1, '', { configError: 'configuration error: ...' })).toBe(EXIT_CONFIG_ERROR);
  expect(exitCodeFor(1, `Error: x\n${new ConfigError(['GRAPH_BASE_URL is bad']).name}: ${new ConfigError(['GRAPH_BASE_URL is bad']).message}`, undefined)).toBe(EXIT_CONFIG_ERROR);
  expect(exitCodeFor(1, '[WebServer] reference mock: configuration error:\n[WebServer]   - MOCK_PORT ...', undefined)).toBe(EXIT_CONFIG_ERROR);
  expect(isConfigErrorMessage('preflight error: the token lacks IdentityUserFlow.ReadWrite.All')).toBe(true);
  expect(isConfigErrorMessage('  1) checks/x.spec.ts › a check about configuration error handling')).toBe(false);
});

test('the release gate opens only when checks ran and every one ended as expected', () => {
  expect(gate(runOf(passed, known)).code).toBe(EXIT_AS_EXPECTED);
  expect(gate(runOf(passed, failed)).code).toBe(EXIT_UNEXPECTED);
  expect(gate(runOf(passed, unexpectedPass)).code).toBe(EXIT_UNEXPECTED);
  expect(gate(runOf()).code, 'an empty run is no evidence').toBe(EXIT_UNEXPECTED);
  expect(gate(runOf(buildCheck(check({ expectedStatus: 'skipped', outcome: 'skipped', results: [result('skipped')] })))).code, 'all skipped is no evidence').toBe(EXIT_UNEXPECTED);
  expect(gate(buildRun({ ...RUN, status: 'failed', globalErrors: ['baseline error: entry names no check'] }, [passed])).code).toBe(EXIT_UNEXPECTED);
  expect(gate(buildRun({ ...RUN, status: 'failed', configError: 'preflight error: no such user flow' }, [])).code).toBe(EXIT_CONFIG_ERROR);
});

test('the run metadata names the target a merge cannot ask: the service root of GRAPH_BASE_URL or GRAPH_CLOUD, the baseline', () => {
  const token = { GRAPH_TOKEN: 'eyJ0eXAiOiJKV1QifQ.e30.signature' };
  expect(runMetadata({ ...token, GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0/', CONFORMANCE_TARGET: 'graph-v1' })).toEqual({ target: 'graph-v1', serviceRoot: 'https://graph.microsoft.com/v1.0', embeddedMock: false });
  expect(runMetadata({ ...token, GRAPH_CLOUD: 'china' })).toEqual({ target: null, serviceRoot: `${CLOUDS.china.graphHost}/v1.0`, embeddedMock: false });
  expect(runMetadata({})).toEqual({ target: null, serviceRoot: null, embeddedMock: true });
});
