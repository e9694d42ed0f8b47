/**
 * A short version of `npm run load` (bench/load.ts) against an in-process mock: 16 connections for 3 s, fixed seed.
 * The full-length run is `npm run load` (64 connections, 30 s), kept out of `npm test` for time.
 */
import { expect, test } from '@playwright/test';
import { REFERENCE_MOCK_TOKEN } from '../harness/config';
import { runLoad } from '../bench/load';
import { ReferenceMock, type Ctx } from '../mock/server';
import type { Step, UserFlow } from '../mock/state';

const SEED = 20_261_128;

test('sixteen connections of mixed writes and reads for three seconds: no 5xx, no dropped connection, a consistent final state', async () => {
  const mock = new ReferenceMock({ token: REFERENCE_MOCK_TOKEN, log: () => {} });
  const serviceRoot = await mock.listen(0);
  try {
    const result = await runLoad({ serviceRoot, token: REFERENCE_MOCK_TOKEN, connections: 16, durationMs: 3_000, seed: SEED });
    expect(result.problems).toEqual([]);
    expect(result.serverErrors).toBe(0);
    expect(result.connectionErrors).toBe(0);
    expect(result.writes).toBeGreaterThan(50);
    expect(result.reads).toBeGreaterThan(50);
    // The final read over HTTP and the mock's own state agree.
    const flow = mock.state.flows.get('B2X_1_testuserflow')!;
    expect(flow.apiConnectorConfiguration).toEqual(result.final);
  } finally {
    await mock.close();
  }
});

test('the load test reports a mock that answers some reads 500', async () => {
  let calls = 0;
  class FlakyMock extends ReferenceMock {
    protected override readStepRef(ctx: Ctx, flow: UserFlow, step: Step): void {
      if (++calls % 10 === 0) throw new Error('injected failure');
      super.readStepRef(ctx, flow, step);
    }
  }
  const mock = new FlakyMock({ token: REFERENCE_MOCK_TOKEN, log: () => {} });
  const serviceRoot = await mock.listen(0);
  try {
    const result = await runLoad({ serviceRoot, token: REFERENCE_MOCK_TOKEN, connections: 4, durationMs: 1_000, seed: SEED });
    expect(result.serverErrors).toBeGreaterThan(0);
    expect(result.problems.some((p) => p.includes('answered 500'))).toBe(true);
  } finally {
    await mock.close();
  }
});

test('the load test reports writes acknowledged but lost', async () => {
  class ForgetfulMock extends ReferenceMock {
    // Acknowledges every enable with 204 and keeps none.
    protected override bind(): void {}
  }
  const mock = new ForgetfulMock({ token: REFERENCE_MOCK_TOKEN, log: () => {} });
  const serviceRoot = await mock.listen(0);
  try {
    // One connection and enables only: the last enable is the only acceptable final value of each step it wrote.
    const result = await runLoad({ serviceRoot, token: REFERENCE_MOCK_TOKEN, connections: 1, durationMs: 300, seed: SEED, mix: { enable: 1, disable: 0, read: 0 } });
    expect(result.writes).toBeGreaterThan(0);
    expect(result.problems.some((p) => /^final \w+ is null, but the last acknowledged writes set \["/.test(p))).toBe(true);
  } finally {
    await mock.close();
  }
});
