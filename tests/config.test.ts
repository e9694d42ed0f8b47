import { expect, test } from '@playwright/test';
import { ConfigError, describeConfig, resolveConfig, DEFAULT_USER_FLOW_ID, REFERENCE_MOCK_TOKEN } from '../harness/config';
import { redactText } from '../harness/redact';

const MOCK = { GRAPH_MOCK_SERVICE_ROOT: 'http://127.0.0.1:4010/v1.0' };

function problems(env: Record<string, string>): string {
  try {
    resolveConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

test('no configuration targets the embedded mock with its dev token and the page sample flow', () => {
  const config = resolveConfig(MOCK);
  expect(config).toMatchObject({ serviceRoot: MOCK.GRAPH_MOCK_SERVICE_ROOT, embeddedMock: true, token: REFERENCE_MOCK_TOKEN, userFlowId: DEFAULT_USER_FLOW_ID });
});

test('GRAPH_BASE_URL wins over the mock, loses a trailing slash and keeps its version', () => {
  const config = resolveConfig({ ...MOCK, GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0/', GRAPH_TOKEN: 'eyJ0eXAiOiJKV1QifQ.x.y' });
  expect(config.serviceRoot).toBe('https://graph.microsoft.com/v1.0');
  expect(config.embeddedMock).toBe(false);
});

test('a service root without a version is refused with an example', () => {
  expect(problems({ GRAPH_BASE_URL: 'https://graph.microsoft.com', GRAPH_TOKEN: 'abcdefghij' })).toMatch(/GRAPH_BASE_URL must end with the API version.*e\.g\. GRAPH_BASE_URL=https:\/\/graph\.microsoft\.com\/v1\.0/);
});

test('a relative or non-http service root is refused', () => {
  expect(problems({ GRAPH_BASE_URL: 'graph.microsoft.com/v1.0', GRAPH_TOKEN: 'abcdefghij' })).toMatch(/not an absolute URL/);
  expect(problems({ GRAPH_BASE_URL: 'ftp://x/v1.0', GRAPH_TOKEN: 'abcdefghij' })).toMatch(/http or https/);
});

test('a real target needs GRAPH_TOKEN', () => {
  expect(problems({ GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' })).toMatch(/GRAPH_TOKEN is required/);
});

test('a token pasted with its Bearer prefix is refused, and the message does not echo it', () => {
  const message = problems({ ...MOCK, GRAPH_TOKEN: 'Bearer s3cr3t-canary-value' });
  expect(message).toMatch(/without the "Bearer " prefix/);
  expect(message).not.toContain('s3cr3t-canary-value');
});

test('a user flow id without the B2X_1_ prefix is refused with an example', () => {
  expect(problems({ ...MOCK, B2X_USER_FLOW_ID: 'testuserflow' })).toMatch(/B2X_USER_FLOW_ID.*found "testuserflow".*e\.g\. B2X_USER_FLOW_ID=B2X_1_testuserflow/);
});

test('a connector id that is not one path segment is refused', () => {
  expect(problems({ ...MOCK, API_CONNECTOR_ID: 'a/b' })).toMatch(/API_CONNECTOR_ID must be one URL path segment/);
});

test('every problem is reported at once', () => {
  const message = problems({ GRAPH_BASE_URL: 'nope', B2X_USER_FLOW_ID: 'x', GRAPH_TIMEOUT_MS: 'soon' });
  for (const name of ['GRAPH_BASE_URL', 'GRAPH_TOKEN', 'B2X_USER_FLOW_ID', 'GRAPH_TIMEOUT_MS']) expect(message).toContain(name);
});

test('the printed configuration never shows the token', () => {
  const token = 'canary-token-0123456789';
  const printed = describeConfig(resolveConfig({ ...MOCK, GRAPH_TOKEN: token }));
  expect(printed).not.toContain(token);
  expect(printed).toMatch(/token\s+set \(redacted\)/);
  expect(redactText(`Authorization: Bearer ${token}`)).not.toContain(token);
});
