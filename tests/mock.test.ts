/** The reference mock on its own: a fresh server on port 0 per test, closed in teardown. */
import { expect, test as base } from '@playwright/test';
import { REFERENCE_MOCK_TOKEN } from '../harness/config';
import { startMock, type ReferenceMock } from '../mock/server';

const test = base.extend<{ mock: ReferenceMock; root: string }>({
  mock: async ({}, use) => {
    const { mock } = await startMock({ token: REFERENCE_MOCK_TOKEN, log: () => {} });
    await use(mock);
    await mock.close();
  },
  root: async ({ mock }, use) => {
    const address = mock.server.address() as { port: number };
    await use(`http://127.0.0.1:${address.port}/v1.0`);
  },
});

const auth = { Authorization: `Bearer ${REFERENCE_MOCK_TOKEN}` };
const flow = 'B2X_1_testuserflow';
const connector = 'be1a9a8d-2b3f-4c4e-9a55-4f1bd4e3c1a0';

test('serves the documented PUT with 204 and stores the binding', async ({ request, root, mock }) => {
  const res = await request.put(`${root}/identity/b2xUserFlows/${flow}/apiConnectorConfiguration/postFederationSignup/$ref`, {
    headers: { ...auth, 'Content-Type': 'application/json' },
    data: Buffer.from(JSON.stringify({ '@odata.id': `${root}/identity/apiConnectors/${connector}` })),
  });
  expect(res.status()).toBe(204);
  expect((await res.body()).length).toBe(0);
  expect(mock.state.flows.get(flow)!.apiConnectorConfiguration.postFederationSignup).toBe(connector);
});

test('lists user flows and connectors in the collection shape', async ({ request, root }) => {
  for (const path of ['/identity/b2xUserFlows', '/identity/apiConnectors']) {
    const res = await request.get(`${root}${path}`, { headers: auth });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { value: { id: string }[] };
    expect(body.value.length).toBeGreaterThan(0);
  }
});

test('never reads back a connector password', async ({ request, root }) => {
  const res = await request.get(`${root}/identity/apiConnectors/${connector}`, { headers: auth });
  expect((await res.json()).authenticationConfiguration.password).toBe('******');
});

test('answers a request without a bearer token 401 with the error envelope', async ({ request, root }) => {
  const res = await request.get(`${root}/identity/b2xUserFlows`);
  expect(res.status()).toBe(401);
  const body = await res.json();
  expect(body.error.code).toBe('InvalidAuthenticationToken');
  expect(body.error.innerError['request-id']).toBe(res.headers()['request-id']);
});

test('stays up after malformed JSON and answers the next request', async ({ request, root }) => {
  const url = `${root}/identity/b2xUserFlows/${flow}/apiConnectorConfiguration/postFederationSignup/$ref`;
  const bad = await request.put(url, { headers: { ...auth, 'Content-Type': 'application/json' }, data: Buffer.from('{"@odata') });
  expect(bad.status()).toBe(400);
  const good = await request.get(`${root}/identity/b2xUserFlows`, { headers: auth });
  expect(good.status()).toBe(200);
});
