/**
 * A fixed-seed run of the fuzz property (bench/fuzz.ts) against an in-process mock, and proof that the property
 * catches each kind of breakage it claims to. The long random run is `npm run fuzz`.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { REFERENCE_MOCK_TOKEN } from '../harness/config';
import { describeCase, mockInvariants } from '../bench/fuzz';
import { ReferenceMock, type Ctx } from '../mock/server';
import type { Step, UserFlow } from '../mock/state';

const SEED = 424_242;
const RUNS = 300;

async function fuzz(mock: ReferenceMock, runs: number, statuses?: Record<string, number>): Promise<fc.RunDetails<[import('../bench/fuzz').FuzzCase]>> {
  await mock.listen(0);
  try {
    const port = (mock.server.address() as { port: number }).port;
    // A broken variant only has to be caught, not shrunk: stop at the first failure.
    return await fc.check(mockInvariants(mock, port, statuses), { seed: SEED, numRuns: runs, endOnFailure: true });
  } finally {
    await mock.close();
  }
}

const quiet = { token: REFERENCE_MOCK_TOKEN, log: () => {} };

test(`${RUNS} random requests keep every invariant: no 5xx, no drop, 4xx an unchanging ODataError, 204 as documented`, async () => {
  const statuses: Record<string, number> = {};
  const details = await fuzz(new ReferenceMock(quiet), RUNS, statuses);
  expect(details.failed, details.counterexample ? `${describeCase(details.counterexample[0])}\n${String(details.errorInstance)}` : '').toBe(false);
  expect(details.numRuns).toBe(RUNS);
  // The run reached the interesting answers, not only rejections at the door.
  expect(statuses['204'] ?? 0).toBeGreaterThan(20);
  expect(statuses['400'] ?? 0).toBeGreaterThan(20);
  expect(statuses['401'] ?? 0).toBeGreaterThan(10);
});

test('the fuzz property catches a 5xx', async () => {
  class Crashing extends ReferenceMock {
    protected override unbind(): void {
      throw new Error('injected failure');
    }
  }
  const details = await fuzz(new Crashing(quiet), RUNS);
  expect(details.failed).toBe(true);
  expect(String(details.errorInstance)).toContain('answered 500');
});

test('the fuzz property catches a 4xx without the error envelope', async () => {
  class Plain extends ReferenceMock {
    protected override errorBody(_ctx: Ctx, code: string): unknown {
      return { code };
    }
  }
  const details = await fuzz(new Plain(quiet), RUNS);
  expect(details.failed).toBe(true);
  expect(String(details.errorInstance)).toContain('not an ODataError');
});

test('the fuzz property catches a 4xx that changed the configuration', async () => {
  class Careless extends ReferenceMock {
    // Clears the step before checking the body, so a rejected PUT still unbinds it.
    protected override parseReferenceBody(ctx: Ctx, body: unknown): string | null {
      const [, , flowId, , step] = ctx.segments;
      const flow = this.state.flows.get(flowId!);
      if (flow) flow.apiConnectorConfiguration[step as Step] = null;
      return super.parseReferenceBody(ctx, body);
    }
  }
  // Both steps bound first, so that clearing one is a visible change.
  const mock = new Careless(quiet);
  for (const flow of mock.state.flows.values()) flow.apiConnectorConfiguration = { postFederationSignup: 'be1a9a8d-2b3f-4c4e-9a55-4f1bd4e3c1a0', postAttributeCollection: 'be1a9a8d-2b3f-4c4e-9a55-4f1bd4e3c1a0' };
  const details = await fuzz(mock, RUNS);
  expect(details.failed).toBe(true);
  expect(String(details.errorInstance)).toMatch(/answered 4\d\d but changed the configuration/);
});

test('the fuzz property catches a 204 that stored something else than documented', async () => {
  class WrongStep extends ReferenceMock {
    protected override bind(flow: UserFlow, step: Step, connectorId: string): void {
      super.bind(flow, step === 'postFederationSignup' ? 'postAttributeCollection' : 'postFederationSignup', connectorId);
    }
  }
  const details = await fuzz(new WrongStep(quiet), RUNS);
  expect(details.failed).toBe(true);
  expect(String(details.errorInstance)).toContain('answered 204 but the configuration is');
});
