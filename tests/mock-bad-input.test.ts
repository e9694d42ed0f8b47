/**
 * The reference mock against bad input, over raw sockets where no HTTP client would send it: each answer is a 4xx
 * with Graph's error envelope (ODataError), the configuration is untouched, and the mock still answers a normal
 * request afterwards.
 */
import { expect, test as base } from '@playwright/test';
import { REFERENCE_MOCK_TOKEN } from '../harness/config';
import { contract } from '../harness/contract';
import { buildRequest, rawAnswers, rawExchange, type RawAnswer, type RawOutcome } from '../bench/raw-http';
import { ReferenceMock } from '../mock/server';

const FLOW = 'B2X_1_testuserflow';
const CONNECTOR = 'be1a9a8d-2b3f-4c4e-9a55-4f1bd4e3c1a0';
const REF = `/v1.0/identity/b2xUserFlows/${FLOW}/apiConnectorConfiguration/postFederationSignup/$ref`;
const AUTH: [string, string] = ['Authorization', `Bearer ${REFERENCE_MOCK_TOKEN}`];
const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

const test = base.extend<{ mock: ReferenceMock; port: number }>({
  mock: async ({}, use) => {
    // A short request timeout, so that a lying Content-Length is cut off within the test.
    const mock = new ReferenceMock({ token: REFERENCE_MOCK_TOKEN, requestTimeout: 1_500, log: () => {} });
    await mock.listen(0);
    await use(mock);
    await mock.close();
  },
  port: async ({ mock }, use) => use((mock.server.address() as { port: number }).port),
});

function configuration(mock: ReferenceMock): string {
  return JSON.stringify([...mock.state.flows.values()].map((f) => f.apiConnectorConfiguration));
}

/** The outcome is a 4xx of this status whose body is Graph's error envelope. */
function expectEnvelope(outcome: RawOutcome, status: number): RawAnswer {
  expect(outcome.kind, JSON.stringify(outcome).slice(0, 300)).toBe('answer');
  const answer = (outcome as { answer: RawAnswer }).answer;
  expect(answer.status, answer.body.toString('utf8').slice(0, 300)).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const result = contract().validate('ODataError', JSON.parse(answer.body.toString('utf8')));
  expect(result.errors).toEqual([]);
  return answer;
}

/** After the bad input: a normal authenticated read is still answered 200. */
async function expectStillServing(port: number): Promise<void> {
  const outcome = await rawExchange(buildRequest('GET', `/v1.0/identity/b2xUserFlows/${FLOW}`, [AUTH], undefined, port), { port });
  expect(outcome.kind).toBe('answer');
  expect((outcome as { answer: RawAnswer }).answer.status).toBe(200);
}

function put(port: number, body: Buffer, headers: [string, string][] = [AUTH, JSON_TYPE], target = REF): Promise<RawOutcome> {
  return rawExchange(buildRequest('PUT', target, headers, body, port), { port });
}

test('a body over the limit is answered 413 with the envelope', async ({ mock, port }) => {
  const before = configuration(mock);
  const body = Buffer.from(JSON.stringify({ '@odata.id': `https://graph.microsoft.com/v1.0/identity/apiConnectors/${CONNECTOR}`, pad: 'x'.repeat(1100 * 1024) }));
  const answer = expectEnvelope(await put(port, body), 413);
  expect(JSON.parse(answer.body.toString()).error.code).toBe('RequestEntityTooLarge');
  expect(configuration(mock)).toBe(before);
  await expectStillServing(port);
});

test('a chunked body that grows over the limit is answered 413 with the envelope', async ({ mock, port }) => {
  const before = configuration(mock);
  const chunk = 'x'.repeat(64 * 1024);
  const chunks = Array.from({ length: 20 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
  const request = `PUT ${REF} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${REFERENCE_MOCK_TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}0\r\n\r\n`;
  expectEnvelope(await rawExchange(request, { port }), 413);
  expect(configuration(mock)).toBe(before);
  await expectStillServing(port);
});

test('deeply nested JSON is answered 400 with the envelope', async ({ mock, port }) => {
  const before = configuration(mock);
  expectEnvelope(await put(port, Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)), 400);
  expectEnvelope(await put(port, Buffer.from(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`)), 400);
  expectEnvelope(await put(port, Buffer.from(`{"@odata.id": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`)), 400);
  expect(configuration(mock)).toBe(before);
  await expectStillServing(port);
});

test('a body that is not valid UTF-8 is answered 400 with the envelope', async ({ mock, port }) => {
  const before = configuration(mock);
  const prefix = Buffer.from('{"@odata.id": "https://graph.microsoft.com/v1.0/identity/apiConnectors/');
  for (const bad of [[0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
    const answer = expectEnvelope(await put(port, Buffer.concat([prefix, Buffer.from(bad), Buffer.from('"}')])), 400);
    expect(JSON.parse(answer.body.toString()).error.message).toContain('UTF-8');
  }
  expect(configuration(mock)).toBe(before);
  await expectStillServing(port);
});

test('NUL bytes in the body, the path and a header are answered 400 with the envelope', async ({ mock, port }) => {
  const before = configuration(mock);
  expectEnvelope(await put(port, Buffer.from(`{"@odata.id": "https://graph.microsoft.com/v1.0/identity/apiConnectors/\u0000"}`)), 400);
  expectEnvelope(await put(port, Buffer.from(`{"@odata.id": "https://graph.microsoft.com/v1.0/identity/apiConnectors/${CONNECTOR.slice(0, 8)}\\u0000${CONNECTOR.slice(8)}"}`)), 404);
  expectEnvelope(await put(port, Buffer.from('\u0000{}')), 400);
  expectEnvelope(await put(port, Buffer.from('{}'), [AUTH, JSON_TYPE], REF.replace('postFederationSignup', 'postFederation%00Signup')), 400);
  expectEnvelope(await rawExchange(`GET /v1.0/identity\u0000/b2xUserFlows HTTP/1.1\r\nHost: x\r\n\r\n`, { port }), 400);
  expectEnvelope(await rawExchange(`GET /v1.0/identity/b2xUserFlows HTTP/1.1\r\nHost: x\r\nX-Test: a\u0000b\r\n\r\n`, { port }), 400);
  expect(configuration(mock)).toBe(before);
  await expectStillServing(port);
});

test('a very long path is answered with the envelope: 400 for an unknown segment, 431 past the header limit', async ({ mock, port }) => {
  const before = configuration(mock);
  expectEnvelope(await rawExchange(buildRequest('GET', `/v1.0/identity/${'a'.repeat(8_000)}`, [AUTH], undefined, port), { port }), 400);
  expectEnvelope(await put(port, Buffer.from('{}'), [AUTH, JSON_TYPE], `/v1.0/identity/b2xUserFlows/${'B'.repeat(10_000)}/apiConnectorConfiguration/postFederationSignup/$ref`), 404);
  const answer = expectEnvelope(await rawExchange(buildRequest('GET', `/v1.0/${'a/'.repeat(50_000)}`, [AUTH], undefined, port), { port }), 431);
  expect(answer.headers.connection).toBe('close');
  expect(configuration(mock)).toBe(before);
  await expectStillServing(port);
});

test('encoded traversal in the path or in a reference id reaches nothing and is answered with the envelope', async ({ mock, port }) => {
  const before = configuration(mock);
  const enable = Buffer.from(JSON.stringify({ '@odata.id': `https://graph.microsoft.com/v1.0/identity/apiConnectors/${CONNECTOR}` }));
  // A flow id that decodes to "../../..": an unknown flow, never a path outside the collection.
  expectEnvelope(await put(port, enable, [AUTH, JSON_TYPE], `/v1.0/identity/b2xUserFlows/%2e%2e%2f%2e%2e%2f${FLOW}/apiConnectorConfiguration/postFederationSignup/$ref`), 404);
  expectEnvelope(await put(port, enable, [AUTH, JSON_TYPE], `/v1.0/identity/b2xUserFlows/..%2F${FLOW}/apiConnectorConfiguration/postFederationSignup/$ref`), 404);
  expectEnvelope(await rawExchange(buildRequest('GET', '/v1.0/%2e%2e/%2e%2e/etc/passwd', [AUTH], undefined, port), { port }), 400);
  expectEnvelope(await rawExchange(buildRequest('GET', '/v1.0/../v1.0/identity/b2xUserFlows', [AUTH], undefined, port), { port }), 400);
  expectEnvelope(await rawExchange(buildRequest('GET', `/v1.0/identity/apiConnectors/..%2f..%2fb2xUserFlows%2f${FLOW}`, [AUTH], undefined, port), { port }), 404);
  // References that climb out of apiConnectors name no connector.
  expectEnvelope(await put(port, Buffer.from(JSON.stringify({ '@odata.id': `https://graph.microsoft.com/v1.0/identity/apiConnectors/../b2xUserFlows/${FLOW}` }))), 400);
  expectEnvelope(await put(port, Buffer.from(JSON.stringify({ '@odata.id': `https://graph.microsoft.com/v1.0/identity/apiConnectors/%2e%2e%2f${CONNECTOR}` }))), 404);
  expect(configuration(mock)).toBe(before);
  await expectStillServing(port);
});

test('a Content-Length larger than the body sent holds only that connection, then is answered 408 with the envelope', async ({ mock, port }) => {
  const before = configuration(mock);
  const lying = rawExchange(`PUT ${REF} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${REFERENCE_MOCK_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}`, { port, timeoutMs: 10_000 });
  // While it waits for the 98 missing bytes, everyone else is served.
  await expectStillServing(port);
  const answer = expectEnvelope(await lying, 408);
  expect(answer.headers.connection).toBe('close');
  expect(configuration(mock)).toBe(before);
  await expectStillServing(port);
});

test('a client that gives up on its lying Content-Length leaves the mock serving', async ({ mock, port }) => {
  const before = configuration(mock);
  const outcome = await rawExchange(`PUT ${REF} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${REFERENCE_MOCK_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"@odata.id": "`, { port, timeoutMs: 300 });
  expect(outcome.kind).toBe('timeout');
  expect(configuration(mock)).toBe(before);
  await expectStillServing(port);
});

test('a Content-Length smaller than the body sent: the declared bytes are the request, the rest a rejected one', async ({ mock, port }) => {
  // '{}' is the request (a documented disable, 204); what follows on the connection is garbage to the parser: 400.
  const answers = await rawAnswers(`PUT ${REF} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${REFERENCE_MOCK_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"@odata.id": "x"}`, { port });
  expect(answers.map((a) => a.status)).toEqual([204, 400]);
  expect(contract().validate('ODataError', JSON.parse(answers[1]!.body.toString('utf8'))).errors).toEqual([]);
  expect(mock.state.flows.get(FLOW)!.apiConnectorConfiguration.postFederationSignup).toBeNull();
  await expectStillServing(port);
});

test('garbage request lines are answered 400 with the envelope and the connection closed', async ({ mock, port }) => {
  const before = configuration(mock);
  const garbage = [
    'GARBAGE\r\n\r\n',
    'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
    'GET /v1.0 HTTP/1.1 extra\r\nHost: x\r\n\r\n',
    'PUT /v1.0 HTTP/1.1\r\nHost x\r\n\r\n',
    Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a]),
    `PUT ${REF} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    `PUT ${REF} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
  ];
  for (const request of garbage) {
    const answer = expectEnvelope(await rawExchange(request, { port }), 400);
    expect(answer.headers.connection).toBe('close');
  }
  expect(configuration(mock)).toBe(before);
  await expectStillServing(port);
});
