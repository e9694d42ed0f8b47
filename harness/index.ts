/** What a check imports: the test function with the harness's fixtures, expect, and the assertion helpers. */
import { test as base, expect, type APIRequestContext } from '@playwright/test';
import { workerApiContext } from './api-context';
import { applyBaseline } from './baseline';
import { loadDotEnv, resolveConfig, type ConformanceConfig } from './config';
import { contract as sharedContract, type Contract } from './contract';
import { describeExchange } from './exchange';
import { GraphClient } from './graph';
import { lockUserFlow } from './lock';

interface WorkerFixtures {
  /**
   * Option: environment variables that take precedence over process.env for this project's configuration, so that
   * one run can check several targets as Playwright projects (tests/selftest.test.ts checks every broken server so).
   */
  targetEnv: Record<string, string>;
  config: ConformanceConfig;
  contract: Contract;
  /**
   * One request context per worker rather than Playwright's per-test `request`: setting that up and tearing it down
   * for each check cost more than the check's own requests (measured with `npm run bench -- --only suite`).
   * GraphClient passes every header, timeout and redirect rule per request; the one thing a context keeps between
   * checks is cookies, and Graph's API sets none (a target that did would have them sent back by later checks).
   */
  api: APIRequestContext;
}

interface Fixtures {
  graph: GraphClient;
  /** Option: the check writes the configuration or compares it before and after; see harness/lock.ts. */
  writesConfiguration: boolean;
  /** Automatic: applies the CONFORMANCE_TARGET baseline's entry for this check, if any (harness/baseline.ts). */
  baseline: void;
  /** Automatic: holds the user flow's cross-worker lock for the whole check when writesConfiguration is set. */
  userFlowLock: void;
}

loadDotEnv();

export const test = base.extend<Fixtures, WorkerFixtures>({
  targetEnv: [{}, { option: true, scope: 'worker' }],
  config: [async ({ targetEnv }, use) => use(resolveConfig({ ...process.env, ...targetEnv })), { scope: 'worker' }],
  contract: [async ({}, use) => use(sharedContract()), { scope: 'worker' }],
  api: [workerApiContext, { scope: 'worker' }],
  // The harness's own fixtures are boxed away ('self'): as report steps they said nothing a check's failure does not,
  // and each one cost Playwright a step message to its runner (measured with `npm run bench -- --only suite`).
  graph: [
    async ({ api, config }, use, testInfo) => {
      let recorded = 0;
      const client = new GraphClient(api, config, (exchange) => {
        const n = String(++recorded).padStart(2, '0');
        // Pushed rather than testInfo.attach(): the same attachment in every report, without a step for each, whose
        // stack capture cost more than the request it records.
        testInfo.attachments.push({ name: `exchange ${n}: ${exchange.request.method} ${exchange.response.status}`, contentType: 'text/plain', body: Buffer.from(describeExchange(exchange)) });
      });
      await use(client);
    },
    { box: 'self' },
  ],
  writesConfiguration: [false, { option: true, box: 'self' }],
  // Declared before userFlowLock so that a skipped check never waits for the lock.
  baseline: [async ({ config }, use, testInfo) => applyBaseline(config.target, testInfo, use), { auto: true, box: 'self' }],
  userFlowLock: [
    async ({ config, writesConfiguration }, use) => {
      if (!writesConfiguration) return use();
      const release = await lockUserFlow(config.serviceRoot, config.userFlowId);
      try {
        await use();
      } finally {
        await release();
      }
    },
    { auto: true, box: 'self' },
  ],
});

export { expect };
export { meta } from './clauses';
export * from './assertions';
export { buildDocumentedRequest, documentedExamples } from './examples';
export { bodyJson, describeExchange, header, supportIds, type Exchange } from './exchange';
export { CONFIGURATION_TEMPLATE, REF_TEMPLATE } from './graph';
export { arrange, expectBindings, otherStep, readBindings, type Bindings } from './bindings';
