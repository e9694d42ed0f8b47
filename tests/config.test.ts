import { expect, test } from '@playwright/test';
import { ConfigError, describeConfig, preflightConfig, resolveConfig, DEFAULT_USER_FLOW_ID, REFERENCE_MOCK_TOKEN } from '../harness/config';
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

test('GRAPH_CLOUD=china alone targets the China cloud: its Graph host, login authority and token scope', () => {
  const config = resolveConfig({ GRAPH_CLOUD: 'china', GRAPH_TOKEN: 'abcdefghij' });
  expect(config).toMatchObject({ serviceRoot: 'https://microsoftgraph.chinacloudapi.cn/v1.0', embeddedMock: false, cloud: 'china', authorityHost: 'https://login.chinacloudapi.cn', scope: 'https://microsoftgraph.chinacloudapi.cn/.default' });
});

test('with no GRAPH_CLOUD the cloud is global, and GRAPH_BASE_URL still sets the service root', () => {
  const config = resolveConfig({ GRAPH_BASE_URL: 'https://graph.microsoft.com/beta', GRAPH_TOKEN: 'abcdefghij' });
  expect(config).toMatchObject({ serviceRoot: 'https://graph.microsoft.com/beta', cloud: 'global', authorityHost: 'https://login.microsoftonline.com', scope: 'https://graph.microsoft.com/.default' });
});

test('a US Government cloud is refused: the API is not offered there', () => {
  for (const cloud of ['usgov', 'USGovernment', 'dod', 'gcc-high']) expect(problems({ GRAPH_CLOUD: cloud, GRAPH_TOKEN: 'abcdefghij' }), cloud).toMatch(/not offered in the US Government clouds/);
  expect(problems({ GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0', GRAPH_TOKEN: 'abcdefghij' })).toMatch(/graph\.microsoft\.us, a US Government cloud.*not offered there/);
  expect(problems({ GRAPH_CLOUD: 'mars', GRAPH_TOKEN: 'abcdefghij' })).toMatch(/GRAPH_CLOUD must be global or china; found "mars"/);
});

test("a service root on one cloud's Graph host with the other cloud named is refused", () => {
  expect(problems({ GRAPH_CLOUD: 'china', GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0', GRAPH_TOKEN: 'abcdefghij' })).toMatch(/the global cloud, but GRAPH_CLOUD=china.*e\.g\. GRAPH_CLOUD=global/);
});

const APP = { GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0', AZURE_TENANT_ID: 'contoso.onmicrosoft.com', AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555' };

test('app credentials with a client secret replace GRAPH_TOKEN, and the secret is redacted everywhere', () => {
  const config = resolveConfig({ ...APP, AZURE_CLIENT_SECRET: 'client-secret-canary-0001' });
  expect(config.token).toBeUndefined();
  expect(config.credential).toEqual({ kind: 'client-secret', tenantId: 'contoso.onmicrosoft.com', clientId: APP.AZURE_CLIENT_ID, clientSecret: 'client-secret-canary-0001' });
  expect(describeConfig(config)).not.toContain('client-secret-canary-0001');
  expect(describeConfig(config)).toMatch(/token\s+minted by app 11111111-2222-3333-4444-555555555555 in tenant contoso\.onmicrosoft\.com with a client secret \(redacted\)/);
  expect(redactText('AADSTS error for client-secret-canary-0001')).not.toContain('client-secret-canary-0001');
});

test('a certificate credential needs its file, and its password is redacted', () => {
  expect(problems({ ...APP, AZURE_CLIENT_CERTIFICATE_PATH: '/no/such/app.pem' })).toMatch(/AZURE_CLIENT_CERTIFICATE_PATH names no readable file: "\/no\/such\/app\.pem"/);
  const config = resolveConfig({ ...APP, AZURE_CLIENT_CERTIFICATE_PATH: __filename, AZURE_CLIENT_CERTIFICATE_PASSWORD: 'cert-password-canary-0001' });
  expect(config.credential).toMatchObject({ kind: 'client-certificate', certificatePath: __filename, certificatePassword: 'cert-password-canary-0001' });
  expect(redactText('bad password cert-password-canary-0001')).not.toContain('cert-password-canary-0001');
});

test('workload identity federation reads AZURE_FEDERATED_TOKEN_FILE', () => {
  expect(resolveConfig({ ...APP, AZURE_FEDERATED_TOKEN_FILE: __filename }).credential).toMatchObject({ kind: 'workload-identity', tokenFilePath: __filename });
});

test('incomplete or ambiguous app credentials name each missing or extra variable', () => {
  const missing = problems({ GRAPH_BASE_URL: APP.GRAPH_BASE_URL, AZURE_CLIENT_SECRET: 'client-secret-canary-0002' });
  expect(missing).toMatch(/AZURE_TENANT_ID is required/);
  expect(missing).toMatch(/AZURE_CLIENT_ID is required/);
  expect(missing).not.toMatch(/GRAPH_TOKEN is required/);
  expect(problems({ ...APP })).toMatch(/one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE/);
  expect(problems({ ...APP, AZURE_CLIENT_SECRET: 'client-secret-canary-0003', AZURE_FEDERATED_TOKEN_FILE: __filename })).toMatch(/set only one of AZURE_CLIENT_SECRET, AZURE_FEDERATED_TOKEN_FILE/);
  expect(problems({ ...APP, AZURE_CLIENT_ID: 'my-app', AZURE_CLIENT_SECRET: 'client-secret-canary-0004' })).toMatch(/AZURE_CLIENT_ID must be the application \(client\) id, a GUID; found "my-app"/);
});

test('GRAPH_TOKEN wins over app credentials', () => {
  const config = resolveConfig({ ...APP, GRAPH_TOKEN: 'abcdefghij', AZURE_CLIENT_SECRET: 'client-secret-canary-0005' });
  expect(config.token).toBe('abcdefghij');
  expect(config.credential).toBeUndefined();
});

test('the retry budget is read from GRAPH_RETRY_BUDGET_MS, and a bad one is refused', () => {
  expect(resolveConfig(MOCK).retryBudgetMs).toBe(30_000);
  expect(resolveConfig({ ...MOCK, GRAPH_RETRY_BUDGET_MS: '0' }).retryBudgetMs).toBe(0);
  expect(problems({ ...MOCK, GRAPH_RETRY_BUDGET_MS: '1m' })).toMatch(/GRAPH_RETRY_BUDGET_MS must be a whole number.*found "1m"/);
});

test('a target outside loopback is refused without CONFORMANCE_ALLOW_WRITES=1, saying what would be changed and restored', () => {
  const env = { GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0', GRAPH_TOKEN: 'abcdefghij', B2X_USER_FLOW_ID: 'B2X_1_signup' };
  let message = '';
  try {
    preflightConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    message = (err as Error).message;
  }
  expect(message).toMatch(/CONFORMANCE_ALLOW_WRITES=1 is required to run against https:\/\/graph\.microsoft\.com\/v1\.0/);
  expect(message).toMatch(/change the apiConnectorConfiguration of user flow B2X_1_signup/);
  expect(message).toMatch(/restores it when the run ends, fails or is interrupted/);
  expect(() => preflightConfig({ ...env, CONFORMANCE_ALLOW_WRITES: '1' })).not.toThrow();
  expect(() => preflightConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:4010/v1.0', GRAPH_TOKEN: 'abcdefghij' })).not.toThrow();
  expect(() => preflightConfig({ GRAPH_BASE_URL: 'http://[::1]:4010/v1.0', GRAPH_TOKEN: 'abcdefghij' })).not.toThrow();
  expect(() => preflightConfig({ GRAPH_BASE_URL: 'http://localhost.example.com/v1.0', GRAPH_TOKEN: 'abcdefghij' })).toThrow(/CONFORMANCE_ALLOW_WRITES/);
  expect(() => preflightConfig({})).not.toThrow();
});
