/** The one request of the floor run: the documented enable, answered 204 by the embedded mock. */
import { expect, test } from '@playwright/test';
import { REFERENCE_MOCK_TOKEN } from '../harness/config';
import { documentedEnable } from './requests';

test('the embedded mock answers the documented enable with 204', async ({ request }) => {
  const serviceRoot = process.env.GRAPH_MOCK_SERVICE_ROOT;
  expect(serviceRoot, 'the webServer stores the mock service root in GRAPH_MOCK_SERVICE_ROOT').toBeTruthy();
  const { path, body } = documentedEnable(serviceRoot!);
  const res = await request.put(new URL(serviceRoot!).origin + path, {
    headers: { Authorization: `Bearer ${process.env.MOCK_TOKEN?.trim() || REFERENCE_MOCK_TOKEN}`, 'Content-Type': 'application/json' },
    data: Buffer.from(body),
  });
  expect(res.status()).toBe(204);
});

// The padded floor (BENCH_FLOOR_TESTS=N, set by `npm run bench`): the same run with N tests, the others empty. They
// check nothing on purpose: the figure is what Playwright costs per test, to read the suite-overhead target by.
const padding = Number(process.env.BENCH_FLOOR_TESTS ?? 1) - 1;
for (let i = 1; i <= padding; i++) test(`padding ${i}: no check, Playwright's cost of one test`, () => {});
