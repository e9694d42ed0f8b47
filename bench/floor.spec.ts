/** The one request of the floor run: the documented enable, answered 204 by the embedded mock. */
import { expect, test as base, type APIRequestContext } from '@playwright/test';
import { workerApiContext } from '../harness/api-context';
import { REFERENCE_MOCK_TOKEN } from '../harness/config';
import { documentedEnable } from './requests';

// Every test of the file from one test type: tests whose worker fixtures differ never share a worker, and a second
// worker's start-up would be counted as the cost of the requests.
const test = base.extend<object, { api: APIRequestContext }>({ api: [workerApiContext, { scope: 'worker' }] });

let documented: { url: string; headers: Record<string, string>; data: Buffer } | undefined;

/** Built once per worker: the padded floors count what Playwright costs per request, not what building one does. */
function documentedPut(request: APIRequestContext) {
  if (!documented) {
    const serviceRoot = process.env.GRAPH_MOCK_SERVICE_ROOT;
    if (!serviceRoot) throw new Error('the webServer stores the mock service root in GRAPH_MOCK_SERVICE_ROOT, which is not set');
    const { path, body } = documentedEnable(serviceRoot);
    const headers = { Authorization: `Bearer ${process.env.MOCK_TOKEN?.trim() || REFERENCE_MOCK_TOKEN}`, 'Content-Type': 'application/json' };
    documented = { url: new URL(serviceRoot).origin + path, headers, data: Buffer.from(body) };
  }
  return request.put(documented.url, { headers: documented.headers, data: documented.data });
}

test('the embedded mock answers the documented enable with 204', async ({ request }) => {
  const res = await documentedPut(request);
  expect(res.status()).toBe(204);
});

// The padded floors, references set by `npm run bench`: the same run with BENCH_FLOOR_TESTS tests in all, the others
// checking nothing on purpose. With BENCH_FLOOR_REQUESTS they also send that many requests in all (the suite's count),
// through one context per worker as the suite's checks do: what Playwright costs per test and per request, to read
// the suite-overhead target by.
const padding = Number(process.env.BENCH_FLOOR_TESTS ?? 1) - 1;
const extraRequests = Math.max(0, Number(process.env.BENCH_FLOOR_REQUESTS ?? 1) - 1);
for (let i = 1; i <= padding; i++) {
  const requests = Math.floor(extraRequests / padding) + (i <= extraRequests % padding ? 1 : 0);
  if (requests === 0) {
    test(`padding ${i}: no check, Playwright's cost of one test`, () => {});
    continue;
  }
  test(`padding ${i}: ${requests} request(s), no check`, async ({ api }) => {
    for (let n = 0; n < requests; n++) {
      const res = await documentedPut(api);
      // Not an expect: that would add Playwright's cost of a step to each request, which the figure leaves out.
      if (res.status() !== 204) throw new Error(`the embedded mock answered ${res.status()}`);
    }
  });
}
