/**
 * The reference mock's contract, class by class of input: what it answers, that every 4xx/5xx is Graph's envelope,
 * and that bad input changes nothing. A fresh mock on port 0 per test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test as base, type APIRequestContext } from '@playwright/test';
import { REFERENCE_MOCK_TOKEN } from '../harness/config';
import { Contract } from '../harness/contract';
import { ReferenceMock, startMock, type Ctx } from '../mock/server';
import { loadSeed } from '../mock/state';

const contract = new Contract();
const flow = 'B2X_1_testuserflow';
const connector = 'be1a9a8d-2b3f-4c4e-9a55-4f1bd4e3c1a0';
const auth = { Authorization: `Bearer ${REFERENCE_MOCK_TOKEN}` };

const test = base.extend<{ mock: ReferenceMock; root: string; logs: string[] }>({
  logs: async ({}, use) => use([]),
  mock: async ({ logs }, use) => {
    const { mock } = await startMock({ token: REFERENCE_MOCK_TOKEN, bodyLimit: 4096, log: (line) => logs.push(line) });
    await use(mock);
    await mock.close();
  },
  root: async ({ mock }, use) => use(`http://127.0.0.1:${(mock.server.address() as { port: number }).port}/v1.0`),
});

function snapshot(mock: ReferenceMock): string {
  return JSON.stringify([...mock.state.flows.values()]);
}

async function expectEnvelope(res: Awaited<ReturnType<APIRequestContext['fetch']>>, status: number): Promise<void> {
  expect(res.status()).toBe(status);
  expect(res.headers()['content-type']).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { innerError: Record<string, string> } };
  expect(contract.validate('ODataError', body).errors).toEqual([]);
  expect(body.error.innerError['request-id']).toBe(res.headers()['request-id']);
  expect(body.error.innerError['client-request-id']).toBeTruthy();
  expect(Date.parse(body.error.innerError.date ?? "")).not.toBeNaN();
}

const ref = (root: string, step = 'postFederationSignup', userFlow = flow) => `${root}/identity/b2xUserFlows/${userFlow}/apiConnectorConfiguration/${step}/$ref`;
const reference = (root: string, id = connector) => Buffer.from(JSON.stringify({ '@odata.id': `${root}/identity/apiConnectors/${id}` }));
const put = (request: APIRequestContext, url: string, data: Buffer, headers: Record<string, string> = {}) =>
  request.fetch(url, { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json', ...headers }, data, failOnStatusCode: false });

test.describe('bad input is answered with the envelope and changes nothing', () => {
  const cases: { name: string; status: number; send: (request: APIRequestContext, root: string) => ReturnType<APIRequestContext['fetch']> }[] = [
    { name: 'unknown step', status: 400, send: (r, root) => put(r, ref(root, 'preTokenIssuance'), reference(root)) },
    { name: 'unknown user flow', status: 404, send: (r, root) => put(r, ref(root, 'postFederationSignup', 'B2X_1_nope'), reference(root)) },
    { name: 'an extra segment after $ref', status: 400, send: (r, root) => put(r, `${ref(root)}/more`, reference(root)) },
    { name: 'malformed JSON', status: 400, send: (r, root) => put(r, ref(root), Buffer.from('{"@odata')) },
    { name: 'empty body', status: 400, send: (r, root) => put(r, ref(root), Buffer.alloc(0)) },
    { name: 'JSON array', status: 400, send: (r, root) => put(r, ref(root), Buffer.from('[]')) },
    { name: 'JSON null', status: 400, send: (r, root) => put(r, ref(root), Buffer.from('null')) },
    { name: '{"id": ...}', status: 400, send: (r, root) => put(r, ref(root), Buffer.from(JSON.stringify({ id: connector }))) },
    { name: 'numeric reference id', status: 400, send: (r, root) => put(r, ref(root), Buffer.from('{"@odata.id": 42}')) },
    { name: 'a type annotation without a reference id', status: 400, send: (r, root) => put(r, ref(root), Buffer.from('{"@odata.type": "#microsoft.graph.identityApiConnector"}')) },
    { name: 'reference to a user', status: 400, send: (r, root) => put(r, ref(root), Buffer.from(JSON.stringify({ '@odata.id': `${root}/users/${connector}` }))) },
    { name: 'reference that is not a URL', status: 400, send: (r, root) => put(r, ref(root), Buffer.from('{"@odata.id": "http://[::1"}')) },
    { name: 'reference to a missing connector', status: 404, send: (r, root) => put(r, ref(root), reference(root, 'does-not-exist')) },
    { name: 'invalid UTF-8', status: 400, send: (r, root) => put(r, ref(root), Buffer.from([0x7b, 0xff, 0xfe, 0x7d])) },
    { name: 'non-JSON content type', status: 415, send: (r, root) => put(r, ref(root), reference(root), { 'Content-Type': 'text/plain' }) },
    { name: 'body over the limit', status: 413, send: (r, root) => put(r, ref(root), Buffer.alloc(10_000, 0x20)) },
    { name: 'no Authorization', status: 401, send: (r, root) => r.fetch(ref(root), { method: 'PUT', data: reference(root), headers: { 'Content-Type': 'application/json' } }) },
    { name: 'Basic Authorization', status: 401, send: (r, root) => put(r, ref(root), reference(root), { Authorization: 'Basic Y29uZm9ybWFuY2U6eA==' }) },
    { name: 'empty Bearer', status: 401, send: (r, root) => put(r, ref(root), reference(root), { Authorization: 'Bearer ' }) },
    { name: 'wrong token', status: 401, send: (r, root) => put(r, ref(root), reference(root), { Authorization: 'Bearer not-the-token' }) },
    { name: 'POST on the $ref', status: 405, send: (r, root) => r.fetch(ref(root), { method: 'POST', headers: auth, data: reference(root) }) },
    { name: 'PATCH on the configuration', status: 405, send: (r, root) => r.fetch(`${root}/identity/b2xUserFlows/${flow}/apiConnectorConfiguration`, { method: 'PATCH', headers: auth, data: Buffer.from('{}') }) },
    { name: 'unknown $expand property', status: 400, send: (r, root) => r.get(`${root}/identity/b2xUserFlows/${flow}/apiConnectorConfiguration?$expand=notAStep`, { headers: auth }) },
    { name: 'unknown system query option', status: 400, send: (r, root) => r.get(`${root}/identity/b2xUserFlows/${flow}/apiConnectorConfiguration?$frobnicate=1`, { headers: auth }) },
    { name: 'bad percent-encoding in the path', status: 400, send: (r, root) => put(r, `${root}/identity/b2xUserFlows/%E0%A4%A/apiConnectorConfiguration/postFederationSignup/$ref`, reference(root)) },
    { name: 'another API version', status: 404, send: (r, root) => r.get(root.replace('/v1.0', '/v2.0/identity/b2xUserFlows'), { headers: auth }) },
    { name: 'unknown collection', status: 400, send: (r, root) => r.get(`${root}/identity/conditionalAccess`, { headers: auth }) },
  ];
  for (const c of cases) {
    test(`${c.name} -> ${c.status}`, async ({ request, root, mock }) => {
      mock.state.flows.get(flow)!.apiConnectorConfiguration.postFederationSignup = connector;
      const before = snapshot(mock);
      await expectEnvelope(await c.send(request, root), c.status);
      expect(snapshot(mock)).toBe(before);
    });
  }
});

test('a percent-encoded %24ref is read as $ref, as Graph decodes path segments', async ({ request, root, mock }) => {
  const res = await put(request, ref(root).replace('/$ref', '/%24ref'), reference(root));
  expect(res.status()).toBe(204);
  expect(mock.state.flows.get(flow)!.apiConnectorConfiguration.postFederationSignup).toBe(connector);
});

test('the read with $expand answers context annotations and null for an unbound step', async ({ request, root, mock }) => {
  mock.state.flows.get(flow)!.apiConnectorConfiguration.postAttributeCollection = connector;
  const res = await request.get(`${root}/identity/b2xUserFlows/${flow}/apiConnectorConfiguration?$expand=postFederationSignup,postAttributeCollection`, { headers: auth });
  expect(res.status()).toBe(200);
  expect(res.headers()['odata-version']).toBe('4.0');
  const body = await res.json();
  expect(contract.validate('microsoft.graph.userFlowApiConnectorConfiguration', body).errors).toEqual([]);
  expect(body['@odata.context']).toContain("b2xUserFlows('B2X_1_testuserflow')/apiConnectorConfiguration(postFederationSignup(),postAttributeCollection())");
  expect(body.postFederationSignup).toBeNull();
  expect(body.postAttributeCollection.id).toBe(connector);
  expect(body['postAttributeCollection@odata.context']).toMatch(/postAttributeCollection\/\$entity$/);
});

test('DELETE on the $ref unbinds the step', async ({ request, root, mock }) => {
  mock.state.flows.get(flow)!.apiConnectorConfiguration.postFederationSignup = connector;
  const res = await request.delete(ref(root), { headers: auth });
  expect(res.status()).toBe(204);
  expect(mock.state.flows.get(flow)!.apiConnectorConfiguration.postFederationSignup).toBeNull();
});

test('gets a connector and a flow by id, 404 with the envelope for unknown ids', async ({ request, root }) => {
  expect((await (await request.get(`${root}/identity/apiConnectors/${connector}`, { headers: auth })).json()).id).toBe(connector);
  expect((await (await request.get(`${root}/identity/b2xUserFlows/${flow}`, { headers: auth })).json()).userFlowType).toBe('signUpOrSignIn');
  await expectEnvelope(await request.get(`${root}/identity/apiConnectors/nope`, { headers: auth }), 404);
  await expectEnvelope(await request.get(`${root}/identity/b2xUserFlows/B2X_1_nope`, { headers: auth }), 404);
});

test('echoes client-request-id and sends Graph headers on every answer', async ({ request, root }) => {
  for (const res of [await request.get(`${root}/identity/apiConnectors`, { headers: { ...auth, 'client-request-id': 'abc-123' } }), await request.get(`${root}/identity/apiConnectors`, { headers: { 'client-request-id': 'abc-123' } })]) {
    expect(res.headers()['client-request-id']).toBe('abc-123');
    expect(res.headers()['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers()['strict-transport-security']).toBeTruthy();
    expect(res.headers()['x-ms-ags-diagnostic']).toBeTruthy();
    expect(res.headers()['date']).toBeTruthy();
  }
});

test('an unexpected error becomes a 500 envelope and a log line, and the mock keeps serving', async ({ request }) => {
  class Exploding extends ReferenceMock {
    protected override listFlows(_ctx: Ctx): void {
      throw new Error('boom');
    }
  }
  const logs: string[] = [];
  const mock = new Exploding({ token: REFERENCE_MOCK_TOKEN, log: (l) => logs.push(l) });
  const root = await mock.listen(0);
  try {
    await expectEnvelope(await request.get(`${root}/identity/b2xUserFlows`, { headers: auth }), 500);
    expect(logs.join('\n')).toMatch(/500 on GET \/v1.0\/identity\/b2xUserFlows request-id=.*boom/);
    expect((await request.get(`${root}/identity/apiConnectors`, { headers: auth })).status()).toBe(200);
  } finally {
    await mock.close();
  }
});

test('many parallel enables and disables: no error, and a final state one of the writes explains', async ({ request, root, mock }) => {
  const writes: { step: string; value: string | null }[] = [];
  for (let i = 0; i < 200; i++) writes.push({ step: i % 2 ? 'postFederationSignup' : 'postAttributeCollection', value: i % 3 ? connector : null });
  const answers = await Promise.all(
    writes.map((w) =>
      w.value === null
        ? w.step === 'postFederationSignup' && writes.indexOf(w) % 4 === 1
          ? request.delete(ref(root, w.step), { headers: auth })
          : put(request, ref(root, w.step), Buffer.from('{}'))
        : put(request, ref(root, w.step), reference(root)),
    ),
  );
  expect(answers.map((a) => a.status()).filter((s) => s !== 204)).toEqual([]);
  const final = mock.state.flows.get(flow)!.apiConnectorConfiguration;
  for (const step of ['postFederationSignup', 'postAttributeCollection'] as const) {
    const written = new Set(writes.filter((w) => w.step === step).map((w) => w.value));
    expect(written.has(final[step])).toBe(true);
  }
  // The other flow was never written.
  expect(mock.state.flows.get('B2X_1_partnerflow')!.apiConnectorConfiguration.postAttributeCollection).toBeNull();
});

test('a seed file is checked before the mock starts, naming the file and the problem', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-'));
  const bad = path.join(dir, 'seed.json');
  fs.writeFileSync(bad, JSON.stringify({ userFlows: [{ id: 'B2X_1_x', apiConnectorConfiguration: { postFederationSignup: 'ghost' } }], apiConnectors: [] }));
  expect(() => loadSeed(bad)).toThrow(/seed\.json: B2X_1_x\.postFederationSignup names unknown connector ghost/);
  fs.writeFileSync(bad, '{');
  expect(() => loadSeed(bad)).toThrow(/cannot read it as JSON/);
  fs.writeFileSync(bad, JSON.stringify({ userFlows: [{ id: 'flow' }], apiConnectors: [] }));
  expect(() => loadSeed(bad)).toThrow(/start with "B2X_1_"/);
});
