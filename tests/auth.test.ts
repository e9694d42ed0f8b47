/**
 * Tokens: the @azure/identity credentials built from the AZURE_* variables, the run's token cache and its refresh.
 * Nothing here reaches a login endpoint: credentials get a fake transport or are fakes themselves.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AccessToken, TokenCredential, TokenCredentialOptions } from '@azure/identity';
import { expect, test } from '@playwright/test';
import { accessToken, acquireRunToken, createCredential, HANDOFF_EXPIRES_ENV, HANDOFF_TOKEN_ENV, REFRESH_MARGIN_MS, resetTokenSource, TokenSource } from '../harness/auth';
import { CLOUDS, resolveConfig, type CredentialSettings } from '../harness/config';
import { redactText } from '../harness/redact';

type HttpClient = NonNullable<TokenCredentialOptions['httpClient']>;
type PipelineRequest = Parameters<HttpClient['sendRequest']>[0];
type PipelineResponse = Awaited<ReturnType<HttpClient['sendRequest']>>;

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';

function headers(values: Record<string, string>): PipelineResponse['headers'] {
  const map = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    get: (name: string) => map.get(name.toLowerCase()),
    has: (name: string) => map.has(name.toLowerCase()),
    set: (name: string, value: string | number | boolean) => void map.set(name.toLowerCase(), String(value)),
    delete: (name: string) => void map.delete(name.toLowerCase()),
    toJSON: () => Object.fromEntries(map),
    [Symbol.iterator]: () => map.entries(),
  };
}

/** A transport that answers every token request itself and records what was asked. */
function fakeLogin(accessTokenValue: string): { httpClient: HttpClient; requests: { url: URL; form: URLSearchParams }[] } {
  const requests: { url: URL; form: URLSearchParams }[] = [];
  const httpClient: HttpClient = {
    sendRequest: async (request: PipelineRequest) => {
      requests.push({ url: new URL(request.url), form: new URLSearchParams(typeof request.body === 'string' ? request.body : '') });
      const body = { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessTokenValue };
      return { request, status: 200, headers: headers({ 'content-type': 'application/json' }), bodyAsText: JSON.stringify(body) };
    },
  };
  return { httpClient, requests };
}

test('a client secret credential asks the global authority for {graph host}/.default with the app id and secret', async () => {
  const login = fakeLogin('fake-access-token-global-0001');
  const settings: CredentialSettings = { kind: 'client-secret', tenantId: TENANT, clientId: CLIENT, clientSecret: 'secret-canary-0001' };
  const credential = createCredential(settings, CLOUDS.global.authorityHost, { httpClient: login.httpClient });
  const token = await credential.getToken(`${CLOUDS.global.graphHost}/.default`);
  expect(token?.token).toBe('fake-access-token-global-0001');
  expect(login.requests).toHaveLength(1);
  const [request] = login.requests;
  expect(request!.url.origin).toBe('https://login.microsoftonline.com');
  expect(request!.url.pathname).toBe(`/${TENANT}/oauth2/v2.0/token`);
  expect(request!.form.get('scope')).toBe('https://graph.microsoft.com/.default');
  expect(request!.form.get('client_id')).toBe(CLIENT);
  expect(request!.form.get('client_secret')).toBe('secret-canary-0001');
  expect(request!.form.get('grant_type')).toBe('client_credentials');
});

test('GRAPH_CLOUD=china asks the China authority for the China Graph scope', async () => {
  const config = resolveConfig({ GRAPH_CLOUD: 'china', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 'secret-canary-0002', CONFORMANCE_ALLOW_WRITES: '1' });
  const login = fakeLogin('fake-access-token-china-0001');
  const credential = createCredential(config.credential!, config.authorityHost, { httpClient: login.httpClient });
  await credential.getToken(config.scope);
  const [request] = login.requests;
  // MSAL knows the China cloud's token endpoint under its partner alias; either name is the China authority.
  expect(['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']).toContain(request!.url.hostname);
  expect(request!.form.get('scope')).toBe('https://microsoftgraph.chinacloudapi.cn/.default');
});

test('workload identity federation sends the federated token file as the client assertion', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-wif-')), 'token');
  fs.writeFileSync(file, 'federated-assertion-from-github-0001');
  try {
    const login = fakeLogin('fake-access-token-wif-0001');
    const credential = createCredential({ kind: 'workload-identity', tenantId: TENANT, clientId: CLIENT, tokenFilePath: file }, CLOUDS.global.authorityHost, { httpClient: login.httpClient });
    expect((await credential.getToken(`${CLOUDS.global.graphHost}/.default`))?.token).toBe('fake-access-token-wif-0001');
    const [request] = login.requests;
    expect(request!.form.get('client_assertion')).toBe('federated-assertion-from-github-0001');
    expect(request!.form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

/** A credential that mints numbered tokens living `lifeMs`, counting its calls. */
function fakeCredential(clock: { now: number }, lifeMs: number, extra: Partial<AccessToken> = {}): TokenCredential & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    getToken: async (scope: string | string[]) => {
      calls.push(String(scope));
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { token: `fake-run-token-${String(calls.length).padStart(4, '0')}`, expiresOnTimestamp: clock.now + lifeMs, ...extra };
    },
  };
}

test('one token serves every request until five minutes before it expires, then a fresh one is acquired', async () => {
  const clock = { now: 1_000_000 };
  const credential = fakeCredential(clock, 60 * 60_000);
  const source = new TokenSource(() => credential, 'https://graph.microsoft.com/.default', undefined, () => clock.now);
  expect((await source.token()).token).toBe('fake-run-token-0001');
  clock.now += 60 * 60_000 - REFRESH_MARGIN_MS - 1;
  expect((await source.token()).token).toBe('fake-run-token-0001');
  clock.now += 1;
  expect((await source.token()).token).toBe('fake-run-token-0002');
  expect(credential.calls).toEqual(['https://graph.microsoft.com/.default', 'https://graph.microsoft.com/.default']);
});

test("a token's refreshAfterTimestamp, when earlier, decides the refresh", async () => {
  const clock = { now: 1_000_000 };
  const credential = fakeCredential(clock, 60 * 60_000, { refreshAfterTimestamp: 1_000_000 + 10 * 60_000 });
  const source = new TokenSource(() => credential, 'scope', undefined, () => clock.now);
  await source.token();
  clock.now += 10 * 60_000;
  expect((await source.token()).token).toBe('fake-run-token-0002');
});

test('concurrent requests for a token share one acquisition', async () => {
  const clock = { now: 0 };
  const credential = fakeCredential(clock, 60 * 60_000);
  const source = new TokenSource(() => credential, 'scope', undefined, () => clock.now);
  const tokens = await Promise.all(Array.from({ length: 8 }, () => source.token()));
  expect(new Set(tokens.map((t) => t.token))).toEqual(new Set(['fake-run-token-0001']));
  expect(credential.calls).toHaveLength(1);
});

test('every token acquired is redacted from then on', async () => {
  const clock = { now: 0 };
  const source = new TokenSource(() => fakeCredential(clock, 60 * 60_000), 'scope');
  const { token } = await source.token();
  expect(redactText(`the body echoed ${token} back`)).not.toContain(token);
});

test('a credential that fails is a preflight error naming the variables, without the secret', async () => {
  const failing: TokenCredential = {
    getToken: async () => {
      throw new Error('AADSTS7000215: Invalid client secret provided. secret-canary-0003');
    },
  };
  resolveConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:1/v1.0', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 'secret-canary-0003' });
  const source = new TokenSource(() => failing, 'scope');
  const message = await source.token().then(
    () => 'no error',
    (err: Error) => err.message,
  );
  expect(message).toMatch(/^preflight error: no token for scope from the app credentials \(AZURE_TENANT_ID, AZURE_CLIENT_ID/);
  expect(message).toContain('AADSTS7000215');
  expect(message).not.toContain('secret-canary-0003');
});

test('global setup hands the run token to the workers, which use it without signing in again', async () => {
  const config = resolveConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:1/v1.0', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 'secret-canary-0004' });
  expect(config.token).toBeUndefined();
  const clock = { now: Date.now() };
  const credential = fakeCredential(clock, 60 * 60_000);
  const env: Record<string, string | undefined> = {};
  try {
    expect(await acquireRunToken(config, credential, env)).toBe('fake-run-token-0001');
    expect(env[HANDOFF_TOKEN_ENV]).toBe('fake-run-token-0001');
    expect(Number(env[HANDOFF_EXPIRES_ENV])).toBe(clock.now + 60 * 60_000);
    // A worker: a fresh process-wide source, seeded from the environment alone. Building a real credential here
    // would try to sign in; the handed token being fresh, none is built.
    resetTokenSource();
    expect(await accessToken(config, env)).toBe('fake-run-token-0001');
    expect(credential.calls).toHaveLength(1);
  } finally {
    resetTokenSource();
  }
});

test('a fixed GRAPH_TOKEN is sent as given and never handed over', async () => {
  const config = resolveConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:1/v1.0', GRAPH_TOKEN: 'fixed-token-canary-0001' });
  const env: Record<string, string | undefined> = {};
  expect(await acquireRunToken(config, undefined, env)).toBe('fixed-token-canary-0001');
  expect(await accessToken(config, env)).toBe('fixed-token-canary-0001');
  expect(env).toEqual({});
});
