import { expect, test } from '@playwright/test';
import { REFERENCE_MOCK_TOKEN, resolveConfig } from '../harness/config';
import { describeExchange } from '../harness/exchange';
import { GraphClient } from '../harness/graph';
import { BACKOFF_CAP_MS, backoffMs, decideRetry, MAX_RETRIES, parseRetryAfter } from '../harness/retry';
import { HttpError, ReferenceMock, type Ctx } from '../mock/server';

const NOW = Date.parse('2026-11-28T12:00:00Z');

test('Retry-After in whole seconds is read as milliseconds', () => {
  expect(parseRetryAfter('3', NOW)).toBe(3000);
  expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
});

test('Retry-After in fractional seconds, as Graph sends it, is honoured to the millisecond', () => {
  expect(parseRetryAfter('0.5', NOW)).toBe(500);
  expect(parseRetryAfter('1.0005', NOW)).toBe(1001);
});

test('Retry-After as an HTTP date is the time left until then, never negative', () => {
  expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:07 GMT', NOW)).toBe(7000);
  expect(parseRetryAfter('Sat, 28 Nov 2026 11:59:00 GMT', NOW)).toBe(0);
});

test('an absent or unreadable Retry-After is undefined, so backoff applies', () => {
  for (const value of [undefined, '', 'soon', '-1', '5 minutes', '1e3', '2026-11-28T12:00:07Z']) expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
});

test('backoff doubles per attempt, keeps at least half its ceiling, and is capped', () => {
  expect(backoffMs(0, () => 0)).toBe(500);
  expect(backoffMs(0, () => 0.999999)).toBe(1000);
  expect(backoffMs(2, () => 0)).toBe(2000);
  expect(backoffMs(2, () => 0.999999)).toBe(4000);
  expect(backoffMs(20, () => 0.999999)).toBe(BACKOFF_CAP_MS);
  const spread = new Set(Array.from({ length: 20 }, () => backoffMs(3)));
  expect(spread.size, 'jitter spreads the waits of clients throttled together').toBeGreaterThan(1);
});

test('429, 503 and 504 are retried; no other status is', () => {
  for (const status of [429, 503, 504]) expect(decideRetry(status, '1', 0, 0, 60_000, NOW).retry, String(status)).toBe(true);
  for (const status of [200, 204, 400, 401, 403, 404, 409, 412, 500, 501, 502]) expect(decideRetry(status, '1', 0, 0, 60_000, NOW).retry, String(status)).toBe(false);
});

test('the wait is Retry-After when given, backoff otherwise', () => {
  expect(decideRetry(429, '2.5', 0, 0, 60_000, NOW).waitMs).toBe(2500);
  expect(decideRetry(503, undefined, 1, 0, 60_000, NOW, () => 0).waitMs).toBe(1000);
});

test('a wait that does not fit in what is left of the budget is not taken, and the reason names the budget', () => {
  const decision = decideRetry(429, '10', 1, 55_000, 60_000, NOW);
  expect(decision.retry).toBe(false);
  expect(decision.reason).toMatch(/GRAPH_RETRY_BUDGET_MS=60000/);
  expect(decideRetry(429, '5', 1, 55_000, 60_000, NOW).retry, 'exactly the budget still fits').toBe(true);
  expect(decideRetry(429, '0', 0, 0, 0, NOW).retry, 'a zero budget still allows a zero wait').toBe(true);
});

test('retries stop after MAX_RETRIES however large the budget', () => {
  expect(decideRetry(429, '0', MAX_RETRIES - 1, 0, 600_000, NOW).retry).toBe(true);
  expect(decideRetry(429, '0', MAX_RETRIES, 0, 600_000, NOW).retry).toBe(false);
});

/** Answers the first `times` requests with `status` (and Retry-After when given), then as the reference mock. */
class ThrottlesFirst extends ReferenceMock {
  seen = 0;
  readonly clientRequestIds: string[] = [];
  constructor(
    private readonly times: number,
    private readonly status: number,
    private readonly retryAfter: string | undefined,
  ) {
    super({ token: REFERENCE_MOCK_TOKEN, log: () => {} });
  }
  protected override async route(ctx: Ctx): Promise<void> {
    this.clientRequestIds.push(ctx.clientRequestId);
    if (++this.seen <= this.times) throw new HttpError(this.status, 'Throttled', 'try later', this.retryAfter === undefined ? {} : { 'Retry-After': this.retryAfter });
    return super.route(ctx);
  }
}

async function clientFor(mock: ReferenceMock, request: import('@playwright/test').APIRequestContext, env: Record<string, string> = {}, waits: number[] = []): Promise<GraphClient> {
  const root = await mock.listen(0);
  const config = resolveConfig({ GRAPH_BASE_URL: root, GRAPH_TOKEN: REFERENCE_MOCK_TOKEN, ...env });
  return new GraphClient(request, config, undefined, undefined, async (ms) => {
    waits.push(ms);
  });
}

test('a throttled request is sent again with a fresh client-request-id, and the retries are recorded and shown', async ({ request }) => {
  const mock = new ThrottlesFirst(2, 429, '0.25');
  const waits: number[] = [];
  try {
    const graph = await clientFor(mock, request, {}, waits);
    const exchange = await graph.readConfiguration();
    expect(exchange.response.status).toBe(200);
    expect(mock.seen).toBe(3);
    expect(new Set(mock.clientRequestIds).size, 'a fresh client-request-id per attempt').toBe(3);
    expect(exchange.request.headers['client-request-id']).toBe(mock.clientRequestIds[2]);
    expect(waits).toEqual([250, 250]);
    expect(exchange.retries).toEqual([
      { status: 429, waitedMs: 250 },
      { status: 429, waitedMs: 250 },
    ]);
    expect(describeExchange(exchange)).toContain('(answered 429, retried after 250 ms)');
  } finally {
    await mock.close();
  }
});

test('a 503 without Retry-After is retried after a backoff', async ({ request }) => {
  const mock = new ThrottlesFirst(1, 503, undefined);
  const waits: number[] = [];
  try {
    const graph = await clientFor(mock, request, {}, waits);
    const exchange = await graph.readConfiguration();
    expect(exchange.response.status).toBe(200);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(500);
    expect(waits[0]).toBeLessThanOrEqual(1000);
  } finally {
    await mock.close();
  }
});

test('a 500 is not retried: the wrong answer is what the check sees', async ({ request }) => {
  const mock = new ThrottlesFirst(1, 500, '0');
  try {
    const graph = await clientFor(mock, request);
    const exchange = await graph.readConfiguration();
    expect(exchange.response.status).toBe(500);
    expect(mock.seen).toBe(1);
    expect(exchange.retries).toBeUndefined();
  } finally {
    await mock.close();
  }
});

test('past the budget the throttled answer itself is returned', async ({ request }) => {
  const mock = new ThrottlesFirst(5, 429, '1');
  const waits: number[] = [];
  try {
    const graph = await clientFor(mock, request, { GRAPH_RETRY_BUDGET_MS: '2500' }, waits);
    const exchange = await graph.readConfiguration();
    expect(exchange.response.status).toBe(429);
    expect(waits).toEqual([1000, 1000]);
    expect(exchange.retries).toHaveLength(2);
  } finally {
    await mock.close();
  }
});

test("against the mock's MOCK_THROTTLE_EVERY, really waiting, every request ends in its real answer", async ({ request }) => {
  const mock = new ReferenceMock({ token: REFERENCE_MOCK_TOKEN, throttleEvery: 3, throttleRetryAfter: '0.05', log: () => {} });
  try {
    const root = await mock.listen(0);
    const graph = new GraphClient(request, resolveConfig({ GRAPH_BASE_URL: root, GRAPH_TOKEN: REFERENCE_MOCK_TOKEN }));
    const statuses: number[] = [];
    let retried = 0;
    for (let i = 0; i < 6; i++) {
      const exchange = i % 2 ? await graph.enable('postFederationSignup') : await graph.disable('postFederationSignup');
      statuses.push(exchange.response.status);
      retried += exchange.retries?.length ?? 0;
    }
    expect(statuses).toEqual([204, 204, 204, 204, 204, 204]);
    expect(retried, 'every third request was throttled').toBeGreaterThanOrEqual(2);
  } finally {
    await mock.close();
  }
});
