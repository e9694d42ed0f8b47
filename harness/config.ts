import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { registerSecret } from './redact';

/** The token the reference mock accepts unless MOCK_TOKEN says otherwise. Not a secret: it opens nothing but the mock. */
export const REFERENCE_MOCK_TOKEN = 'reference-mock-dev-token';
export const DEFAULT_USER_FLOW_ID = 'B2X_1_testuserflow';
/** The first connector in fixtures/mock-seed.json. */
export const DEFAULT_API_CONNECTOR_ID = 'be1a9a8d-2b3f-4c4e-9a55-4f1bd4e3c1a0';

/** The clouds that offer this API (REFERENCE.md): Graph's host and the login authority of each. */
export const CLOUDS = {
  global: { graphHost: 'https://graph.microsoft.com', authorityHost: 'https://login.microsoftonline.com' },
  china: { graphHost: 'https://microsoftgraph.chinacloudapi.cn', authorityHost: 'https://login.chinacloudapi.cn' },
} as const;
export type CloudName = keyof typeof CLOUDS;

/** US Government L4 (GCC High) and L5 (DoD): names people use for them, and their Graph hosts. */
const US_GOV_NAMES = new Set(['usgov', 'usgovernment', 'azureusgovernment', 'usgovhigh', 'gcchigh', 'l4', 'dod', 'usgovdod', 'l5']);
const US_GOV_HOSTS = new Set(['graph.microsoft.us', 'dod-graph.microsoft.us']);

/** App credentials read from the variables Azure's own tools use; harness/auth.ts turns them into a TokenCredential. */
export type CredentialSettings =
  | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string }
  | { kind: 'client-certificate'; tenantId: string; clientId: string; certificatePath: string; certificatePassword?: string }
  | { kind: 'workload-identity'; tenantId: string; clientId: string; tokenFilePath: string };

export interface ConformanceConfig {
  /** The service root, version included, never with a trailing slash. */
  serviceRoot: string;
  /** True when the suite runs against the embedded reference mock. */
  embeddedMock: boolean;
  /** A fixed bearer token (GRAPH_TOKEN, or the mock's); undefined when `credential` mints them (harness/auth.ts). */
  token: string | undefined;
  credential: CredentialSettings | undefined;
  cloud: CloudName;
  /** The scope tokens are requested for: `{graph host}/.default`. */
  scope: string;
  authorityHost: string;
  /** Longest total wait, over all retries of one request, for throttled answers (harness/retry.ts). */
  retryBudgetMs: number;
  /** CONFORMANCE_ALLOW_WRITES=1: writes to a target outside loopback are allowed. */
  allowWrites: boolean;
  userFlowId: string;
  apiConnectorId: string;
  timeoutMs: number;
  target: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}\n(see .env.example for every variable)`);
    this.name = 'ConfigError';
  }
}

const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Load `.env` from the project root. Variables already in the environment win, as dotenv does by default. */
export function loadDotEnv(file = process.env.CONFORMANCE_ENV_FILE ?? path.join(PROJECT_ROOT, '.env')): void {
  dotenv.config({ path: file, quiet: true });
}

type Env = Record<string, string | undefined>;

function nonEmpty(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function parseServiceRoot(raw: string, problems: string[]): string | undefined {
  const example = 'e.g. GRAPH_BASE_URL=https://graph.microsoft.com/v1.0';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`GRAPH_BASE_URL is not an absolute URL: "${raw}" (${example})`);
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`GRAPH_BASE_URL must use http or https, not "${url.protocol}" (${example})`);
    return undefined;
  }
  if (url.search || url.hash) {
    problems.push(`GRAPH_BASE_URL must not carry a query or fragment: "${raw}" (${example})`);
    return undefined;
  }
  if (url.username || url.password) {
    problems.push(`GRAPH_BASE_URL must not carry credentials; use GRAPH_TOKEN (${example})`);
    return undefined;
  }
  const pathname = url.pathname.replace(/\/+$/, '');
  if (!/\/(v1\.0|beta)$/.test(pathname)) {
    problems.push(`GRAPH_BASE_URL must end with the API version segment (/v1.0 or /beta), found path "${url.pathname}" (${example})`);
    return undefined;
  }
  return `${url.origin}${pathname}`;
}

const SAFE_SEGMENT = /^[A-Za-z0-9._~-]+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;

/** The embedded mock runs only when nothing names a target: neither a service root nor a cloud. */
export function usesEmbeddedMock(env: Env = process.env): boolean {
  return nonEmpty(env, 'GRAPH_BASE_URL') === undefined && nonEmpty(env, 'GRAPH_CLOUD') === undefined;
}

function parseCloud(env: Env, problems: string[]): CloudName {
  const raw = nonEmpty(env, 'GRAPH_CLOUD');
  if (raw === undefined) return 'global';
  const name = raw.toLowerCase().replace(/[\s_-]/g, '');
  if (name === 'global' || name === 'public' || name === 'azurepubliccloud') return 'global';
  if (name === 'china' || name === 'azurechinacloud' || name === '21vianet') return 'china';
  if (US_GOV_NAMES.has(name)) {
    problems.push(`GRAPH_CLOUD=${raw}: Update apiConnectorConfiguration (b2xUserFlows) is not offered in the US Government clouds (L4/L5); only global and china are (e.g. GRAPH_CLOUD=global)`);
  } else {
    problems.push(`GRAPH_CLOUD must be global or china; found "${raw}" (e.g. GRAPH_CLOUD=china)`);
  }
  return 'global';
}

/** A service root on a known Graph host must belong to the configured cloud: a token of one cloud is refused by another. */
function checkRootCloud(serviceRoot: string, cloud: CloudName, cloudNamed: boolean, problems: string[]): void {
  const host = new URL(serviceRoot).hostname.toLowerCase();
  if (US_GOV_HOSTS.has(host)) {
    problems.push(`GRAPH_BASE_URL points at ${host}, a US Government cloud: Update apiConnectorConfiguration (b2xUserFlows) is not offered there (e.g. GRAPH_BASE_URL=https://graph.microsoft.com/v1.0)`);
    return;
  }
  const owner = (Object.keys(CLOUDS) as CloudName[]).find((c) => new URL(CLOUDS[c].graphHost).hostname === host);
  if (owner !== undefined && owner !== cloud && cloudNamed) {
    problems.push(`GRAPH_BASE_URL is on ${host}, the ${owner} cloud, but GRAPH_CLOUD=${cloud}: tokens of one cloud are refused by another (e.g. GRAPH_CLOUD=${owner})`);
  }
}

const AZURE_VARIABLES = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_CLIENT_CERTIFICATE_PASSWORD', 'AZURE_FEDERATED_TOKEN_FILE'];

function parseCredential(env: Env, problems: string[]): CredentialSettings | undefined {
  const tenantId = nonEmpty(env, 'AZURE_TENANT_ID');
  const clientId = nonEmpty(env, 'AZURE_CLIENT_ID');
  const clientSecret = nonEmpty(env, 'AZURE_CLIENT_SECRET');
  const certificatePath = nonEmpty(env, 'AZURE_CLIENT_CERTIFICATE_PATH');
  const certificatePassword = nonEmpty(env, 'AZURE_CLIENT_CERTIFICATE_PASSWORD');
  const tokenFilePath = nonEmpty(env, 'AZURE_FEDERATED_TOKEN_FILE');
  registerSecret(clientSecret);
  registerSecret(certificatePassword);
  const ways = [clientSecret && 'AZURE_CLIENT_SECRET', certificatePath && 'AZURE_CLIENT_CERTIFICATE_PATH', tokenFilePath && 'AZURE_FEDERATED_TOKEN_FILE'].filter((w): w is string => !!w);
  if (!AZURE_VARIABLES.some((name) => nonEmpty(env, name) !== undefined)) return undefined;
  const before = problems.length;
  if (tenantId === undefined) problems.push('AZURE_TENANT_ID is required for app credentials: the directory (tenant) id or domain (e.g. AZURE_TENANT_ID=contoso.onmicrosoft.com)');
  else if (!TENANT.test(tenantId)) problems.push(`AZURE_TENANT_ID must be a tenant GUID or domain; found "${tenantId}" (e.g. AZURE_TENANT_ID=72f988bf-86f1-41af-91ab-2d7cd011db47)`);
  if (clientId === undefined) problems.push('AZURE_CLIENT_ID is required for app credentials: the app registration\'s application (client) id (e.g. AZURE_CLIENT_ID=00000000-0000-0000-0000-000000000000)');
  else if (!GUID.test(clientId)) problems.push(`AZURE_CLIENT_ID must be the application (client) id, a GUID; found "${clientId}" (e.g. AZURE_CLIENT_ID=00000000-0000-0000-0000-000000000000)`);
  if (ways.length === 0) problems.push('app credentials need one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE (e.g. AZURE_CLIENT_CERTIFICATE_PATH=./app.pem), or set GRAPH_TOKEN instead');
  if (ways.length > 1) problems.push(`set only one of ${ways.join(', ')}: each is a different way to sign in`);
  if (certificatePassword !== undefined && certificatePath === undefined) problems.push('AZURE_CLIENT_CERTIFICATE_PASSWORD is set but AZURE_CLIENT_CERTIFICATE_PATH is not (e.g. AZURE_CLIENT_CERTIFICATE_PATH=./app.pfx)');
  for (const [name, file] of [['AZURE_CLIENT_CERTIFICATE_PATH', certificatePath], ['AZURE_FEDERATED_TOKEN_FILE', tokenFilePath]] as const) {
    if (file !== undefined && !fs.existsSync(file)) problems.push(`${name} names no readable file: "${file}" (e.g. ${name}=${name === 'AZURE_FEDERATED_TOKEN_FILE' ? '/var/run/secrets/azure/tokens/azure-identity-token' : './app.pem'})`);
  }
  if (problems.length > before) return undefined;
  const ids = { tenantId: tenantId!, clientId: clientId! };
  if (clientSecret !== undefined) return { kind: 'client-secret', ...ids, clientSecret };
  if (certificatePath !== undefined) return { kind: 'client-certificate', ...ids, certificatePath, ...(certificatePassword !== undefined ? { certificatePassword } : {}) };
  return { kind: 'workload-identity', ...ids, tokenFilePath: tokenFilePath! };
}

/** Loopback targets (a mock on this machine) may be written freely; anything else needs CONFORMANCE_ALLOW_WRITES=1. */
export function isLoopback(serviceRoot: string): boolean {
  const host = new URL(serviceRoot).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Why the run may not write this target, saying what it would change and restore; undefined when it may. */
export function writeRefusal(config: ConformanceConfig): string | undefined {
  if (config.allowWrites || isLoopback(config.serviceRoot)) return undefined;
  return (
    `CONFORMANCE_ALLOW_WRITES=1 is required to run against ${config.serviceRoot}, which is not a loopback address. ` +
    `The run would change the apiConnectorConfiguration of user flow ${config.userFlowId}: it binds API connector ${config.apiConnectorId} ` +
    `to postFederationSignup and postAttributeCollection and unbinds them again (PUT and DELETE on .../{step}/$ref), many times. ` +
    `It reads that configuration before its first write and restores it when the run ends, fails or is interrupted ` +
    `(see README, "Run against your tenant"). To allow it: CONFORMANCE_ALLOW_WRITES=1`
  );
}

/**
 * Resolve the run's configuration from the environment, reporting every problem at once so that a user fixes
 * their `.env` in one pass. Throws ConfigError; never makes a request.
 */
export function resolveConfig(env: Env = process.env): ConformanceConfig {
  const problems: string[] = [];
  const explicitRoot = nonEmpty(env, 'GRAPH_BASE_URL');
  const mockRoot = nonEmpty(env, 'GRAPH_MOCK_SERVICE_ROOT');
  const cloud = parseCloud(env, problems);
  const embeddedMock = usesEmbeddedMock(env);
  const serviceRoot = explicitRoot !== undefined ? parseServiceRoot(explicitRoot, problems) : embeddedMock ? mockRoot : `${CLOUDS[cloud].graphHost}/v1.0`;
  if (serviceRoot !== undefined && !embeddedMock) checkRootCloud(serviceRoot, cloud, nonEmpty(env, 'GRAPH_CLOUD') !== undefined, problems);

  let token = nonEmpty(env, 'GRAPH_TOKEN');
  const credential = token === undefined && !embeddedMock ? parseCredential(env, problems) : undefined;
  if (token === undefined && embeddedMock) token = nonEmpty(env, 'MOCK_TOKEN') ?? REFERENCE_MOCK_TOKEN;
  if (token === undefined) {
    // Named app credentials with a problem have their own message; say GRAPH_TOKEN only when nothing was named.
    if (credential === undefined && !AZURE_VARIABLES.some((name) => nonEmpty(env, name) !== undefined)) {
      problems.push('GRAPH_TOKEN is required when GRAPH_BASE_URL is set: the bearer token sent to that target (e.g. GRAPH_TOKEN=eyJ0eXAiOi...), or app credentials (AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE)');
    }
  } else if (/^bearer\s/i.test(token)) {
    problems.push('GRAPH_TOKEN must be the token alone, without the "Bearer " prefix (e.g. GRAPH_TOKEN=eyJ0eXAiOi...)');
  } else if (/\s/.test(token)) {
    problems.push('GRAPH_TOKEN contains whitespace; a bearer token is one unbroken string (e.g. GRAPH_TOKEN=eyJ0eXAiOi...)');
  }
  registerSecret(token);

  const userFlowId = nonEmpty(env, 'B2X_USER_FLOW_ID') ?? DEFAULT_USER_FLOW_ID;
  if (!SAFE_SEGMENT.test(userFlowId) || !userFlowId.startsWith('B2X_1_')) {
    problems.push(`B2X_USER_FLOW_ID must be a user flow id: "B2X_1_" then letters, digits, "_" or "-"; found "${userFlowId}" (e.g. B2X_USER_FLOW_ID=${DEFAULT_USER_FLOW_ID})`);
  }
  const apiConnectorId = nonEmpty(env, 'API_CONNECTOR_ID') ?? DEFAULT_API_CONNECTOR_ID;
  if (!SAFE_SEGMENT.test(apiConnectorId)) {
    problems.push(`API_CONNECTOR_ID must be one URL path segment (letters, digits, ".", "_", "~", "-"); found "${apiConnectorId}" (e.g. API_CONNECTOR_ID=${DEFAULT_API_CONNECTOR_ID})`);
  }
  const timeoutRaw = nonEmpty(env, 'GRAPH_TIMEOUT_MS') ?? '30000';
  const timeoutMs = Number(timeoutRaw);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) {
    problems.push(`GRAPH_TIMEOUT_MS must be a whole number of milliseconds between 100 and 600000; found "${timeoutRaw}" (e.g. GRAPH_TIMEOUT_MS=30000)`);
  }
  const target = nonEmpty(env, 'CONFORMANCE_TARGET');
  if (target !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(target)) {
    problems.push(`CONFORMANCE_TARGET must be a baseline name of lowercase letters, digits and "-"; found "${target}" (e.g. CONFORMANCE_TARGET=prism)`);
  }
  const budgetRaw = nonEmpty(env, 'GRAPH_RETRY_BUDGET_MS') ?? '30000';
  const retryBudgetMs = Number(budgetRaw);
  if (!Number.isInteger(retryBudgetMs) || retryBudgetMs < 0 || retryBudgetMs > 600_000) {
    problems.push(`GRAPH_RETRY_BUDGET_MS must be a whole number of milliseconds between 0 (never retry) and 600000; found "${budgetRaw}" (e.g. GRAPH_RETRY_BUDGET_MS=30000)`);
  }
  const allowRaw = nonEmpty(env, 'CONFORMANCE_ALLOW_WRITES') ?? '0';
  if (allowRaw !== '0' && allowRaw !== '1') problems.push(`CONFORMANCE_ALLOW_WRITES must be 1 (allow writes outside loopback) or 0; found "${allowRaw}" (e.g. CONFORMANCE_ALLOW_WRITES=1)`);
  if (problems.length) throw new ConfigError(problems);
  if (serviceRoot === undefined) {
    throw new ConfigError(['GRAPH_BASE_URL is unset and the embedded reference mock has not announced its service root (GRAPH_MOCK_SERVICE_ROOT); run through `npm run conformance`, or set GRAPH_BASE_URL=http://127.0.0.1:4010/v1.0 while `npm run mock` runs']);
  }
  return {
    serviceRoot,
    embeddedMock,
    token,
    credential,
    cloud,
    scope: `${CLOUDS[cloud].graphHost}/.default`,
    authorityHost: CLOUDS[cloud].authorityHost,
    retryBudgetMs,
    allowWrites: allowRaw === '1',
    userFlowId,
    apiConnectorId,
    timeoutMs,
    target,
  };
}

/** Validate only what can be checked before the embedded mock exists, the write gate included. */
export function preflightConfig(env: Env = process.env): void {
  const refusal = writeRefusal(resolveConfig({ GRAPH_MOCK_SERVICE_ROOT: 'http://127.0.0.1:0/v1.0', ...env }));
  if (refusal !== undefined) throw new ConfigError([refusal]);
}

export function describeConfig(config: ConformanceConfig): string {
  const rows: [string, string][] = [
    ['service root', `${config.serviceRoot}${config.embeddedMock ? ' (embedded reference mock)' : ''}`],
    ['cloud', `${config.cloud} (token scope ${config.scope})`],
    ['token', config.token !== undefined ? 'set (redacted)' : `minted by ${describeCredential(config.credential!)}`],
    ['writes', config.allowWrites ? 'allowed (CONFORMANCE_ALLOW_WRITES=1)' : isLoopback(config.serviceRoot) ? 'loopback target' : 'not allowed'],
    ['user flow', config.userFlowId],
    ['api connector', config.apiConnectorId],
    ['timeout', `${config.timeoutMs} ms; throttled requests retried for up to ${config.retryBudgetMs} ms`],
    ['baseline', config.target ?? 'none (strict: every check must pass)'],
  ];
  return ['conformance configuration:', ...rows.map(([k, v]) => `  ${k.padEnd(14)} ${v}`)].join('\n');
}

function describeCredential(credential: CredentialSettings): string {
  const how = { 'client-secret': 'a client secret (redacted)', 'client-certificate': `the certificate ${credential.kind === 'client-certificate' ? credential.certificatePath : ''}`, 'workload-identity': 'workload identity federation' }[credential.kind];
  return `app ${credential.clientId} in tenant ${credential.tenantId} with ${how}`;
}
