/**
 * Preflight, before any write: each way a target can be unfit stops the run with a message naming what to fix, and
 * `npm run conformance` exits 2 for it, not 1.
 */
import net from 'node:net';
import { expect, test } from '@playwright/test';
import type { TokenCredential } from '@azure/identity';
import { accessToken, acquireRunToken, resetTokenSource } from '../harness/auth';
import { REFERENCE_MOCK_TOKEN, resolveConfig } from '../harness/config';
import { GraphClient } from '../harness/graph';
import { preflight, REQUIRED_PERMISSION, tokenClaimProblems } from '../harness/preflight';
import { ReferenceMock } from '../mock/server';
import { removeTempDirs, runConformance, tempDir } from './reports-run';

test.afterEach(({}, testInfo) => removeTempDirs(testInfo.status === testInfo.expectedStatus));

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'RS256' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const FUTURE = Math.floor(Date.now() / 1000) + 3600;

test('an application token without IdentityUserFlow.ReadWrite.All is named, with the roles it has', () => {
  const [problem] = tokenClaimProblems(jwt({ exp: FUTURE, roles: ['User.Read.All'] }));
  expect(problem).toMatch(new RegExp(`lacks ${REQUIRED_PERMISSION.replace(/\./g, '\\.')}: its application permission \\(roles\\) claim holds User\\.Read\\.All`));
});

test('a delegated token without the permission in scp is named too', () => {
  expect(tokenClaimProblems(jwt({ exp: FUTURE, scp: 'openid profile User.Read' })).join()).toMatch(/delegated permission \(scp\) claim holds openid, profile, User\.Read/);
});

test('a token carrying the permission, or no JWT at all, raises nothing', () => {
  expect(tokenClaimProblems(jwt({ exp: FUTURE, roles: [REQUIRED_PERMISSION] }))).toEqual([]);
  expect(tokenClaimProblems(jwt({ exp: FUTURE, scp: `User.Read ${REQUIRED_PERMISSION}` }))).toEqual([]);
  expect(tokenClaimProblems(REFERENCE_MOCK_TOKEN)).toEqual([]);
  expect(tokenClaimProblems('a.b.c')).toEqual([]);
});

test('an expired token is named with its expiry', () => {
  expect(tokenClaimProblems(jwt({ exp: 1_700_000_000, roles: [REQUIRED_PERMISSION] })).join()).toMatch(/expired at 2023-11-14T22:13:20\.000Z/);
});

async function preflightAgainst(env: Record<string, string>, request: import('@playwright/test').APIRequestContext): Promise<string> {
  const mock = new ReferenceMock({ token: REFERENCE_MOCK_TOKEN, log: () => {} });
  const root = await mock.listen(0);
  try {
    const config = resolveConfig({ GRAPH_BASE_URL: root, GRAPH_TOKEN: REFERENCE_MOCK_TOKEN, ...env });
    await preflight(new GraphClient(request, config), config, config.token!);
    return 'passed';
  } catch (err) {
    return (err as Error).message;
  } finally {
    await mock.close();
  }
}

test('the reference mock passes preflight', async ({ request }) => {
  expect(await preflightAgainst({}, request)).toBe('passed');
});

test('a user flow the tenant does not have is named by its variable', async ({ request }) => {
  expect(await preflightAgainst({ B2X_USER_FLOW_ID: 'B2X_1_nosuchflow' }, request)).toMatch(/^preflight error: B2X_USER_FLOW_ID=B2X_1_nosuchflow names no user flow.*404 ResourceNotFound \(request-id=\S+ client-request-id=\S+ date=/);
});

test('a connector the tenant does not have is named by its variable', async ({ request }) => {
  expect(await preflightAgainst({ API_CONNECTOR_ID: 'nope' }, request)).toMatch(/^preflight error: API_CONNECTOR_ID=nope names no API connector/);
});

test('a token the target refuses is a preflight error naming the token variables', async ({ request }) => {
  expect(await preflightAgainst({ GRAPH_TOKEN: 'not-the-mock-token-canary' }, request)).toMatch(/^preflight error: the target refused the token.*401 InvalidAuthenticationToken.*Check GRAPH_TOKEN/);
});

test('a target that does not answer is a preflight error naming it', async ({ request }) => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const config = resolveConfig({ GRAPH_BASE_URL: `http://127.0.0.1:${port}/v1.0`, GRAPH_TOKEN: REFERENCE_MOCK_TOKEN });
  const message = await preflight(new GraphClient(request, config), config, REFERENCE_MOCK_TOKEN).then(
    () => 'passed',
    (err: Error) => err.message,
  );
  expect(message).toMatch(new RegExp(`^preflight error: the target does not answer at http://127\\.0\\.0\\.1:${port}/v1\\.0`));
});

test('with a fake app credential, the run token is acquired once and accepted by the target', async ({ request }) => {
  const token = 'fake-app-token-canary-0001';
  const mock = new ReferenceMock({ token, log: () => {} });
  const root = await mock.listen(0);
  let calls = 0;
  const credential: TokenCredential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000, ...{ calls: ++calls } }) };
  const env: Record<string, string | undefined> = {};
  try {
    const config = resolveConfig({ GRAPH_BASE_URL: root, AZURE_TENANT_ID: 'contoso.onmicrosoft.com', AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555', AZURE_CLIENT_SECRET: 'secret-canary-0005' });
    expect(await acquireRunToken(config, credential, env)).toBe(token);
    const graph = new GraphClient(request, config, undefined, () => accessToken(config, env));
    await preflight(graph, config, token);
    expect((await graph.enable('postAttributeCollection')).response.status).toBe(204);
    expect((await graph.disable('postAttributeCollection')).response.status).toBe(204);
    expect(calls, 'one sign-in for the whole run').toBe(1);
  } finally {
    resetTokenSource();
    await mock.close();
  }
});

test('npm run conformance exits 2 on a preflight error, before any check runs', async () => {
  test.setTimeout(60_000);
  const mock = new ReferenceMock({ token: REFERENCE_MOCK_TOKEN, log: () => {} });
  const root = await mock.listen(0);
  try {
    const dir = tempDir('preflight-exit');
    const run = await runConformance(dir, [], { GRAPH_BASE_URL: root, GRAPH_TOKEN: REFERENCE_MOCK_TOKEN, B2X_USER_FLOW_ID: 'B2X_1_nosuchflow' });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/preflight error: B2X_USER_FLOW_ID=B2X_1_nosuchflow names no user flow/);
    expect(run.stdout).toMatch(/conformance: 0 passed, 0 failed/);
  } finally {
    await mock.close();
  }
});
