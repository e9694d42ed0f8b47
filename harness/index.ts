/** What a check imports: the test function with the harness's fixtures, expect, and the assertion helpers. */
import { test as base, expect } from '@playwright/test';
import { applyBaseline } from './baseline';
import { loadDotEnv, resolveConfig, type ConformanceConfig } from './config';
import { contract as sharedContract, type Contract } from './contract';
import { describeExchange, type Exchange } from './exchange';
import { GraphClient } from './graph';
import { lockUserFlow } from './lock';

interface Fixtures {
  /**
   * Option: environment variables that take precedence over process.env for this project's configuration, so that
   * one run can check several targets as Playwright projects (tests/selftest.test.ts checks every broken server so).
   */
  targetEnv: Record<string, string>;
  config: ConformanceConfig;
  contract: Contract;
  graph: GraphClient;
  /** The exchanges of this check so far, for failure messages. */
  exchanges: Exchange[];
  /** Option: the check writes the configuration or compares it before and after; see harness/lock.ts. */
  writesConfiguration: boolean;
  /** Automatic: applies the CONFORMANCE_TARGET baseline's entry for this check, if any (harness/baseline.ts). */
  baseline: void;
  /** Automatic: holds the user flow's cross-worker lock for the whole check when writesConfiguration is set. */
  userFlowLock: void;
}

loadDotEnv();

export const test = base.extend<Fixtures>({
  targetEnv: [{}, { option: true }],
  config: async ({ targetEnv }, use) => use(resolveConfig({ ...process.env, ...targetEnv })),
  contract: async ({}, use) => use(sharedContract()),
  exchanges: async ({}, use) => use([]),
  graph: async ({ request, config, exchanges }, use, testInfo) => {
    const client = new GraphClient(request, config, async (exchange) => {
      exchanges.push(exchange);
      const n = String(exchanges.length).padStart(2, '0');
      await testInfo.attach(`exchange ${n}: ${exchange.request.method} ${exchange.response.status}`, { body: describeExchange(exchange), contentType: 'text/plain' });
    });
    await use(client);
  },
  writesConfiguration: [false, { option: true }],
  // Declared before userFlowLock so that a skipped check never waits for the lock.
  baseline: [async ({ config }, use, testInfo) => applyBaseline(config.target, testInfo, use), { auto: true }],
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
    { auto: true },
  ],
});

export { expect };
export { meta } from './clauses';
export * from './assertions';
export { buildDocumentedRequest, documentedExamples } from './examples';
export { bodyJson, describeExchange, header, supportIds, type Exchange } from './exchange';
export { CONFIGURATION_TEMPLATE, REF_TEMPLATE } from './graph';
export { arrange, expectBindings, otherStep, readBindings, type Bindings } from './bindings';
