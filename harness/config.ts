import path from 'node:path';
import dotenv from 'dotenv';
import { registerSecret } from './redact';

/** The token the reference mock accepts unless MOCK_TOKEN says otherwise. Not a secret: it opens nothing but the mock. */
export const REFERENCE_MOCK_TOKEN = 'reference-mock-dev-token';
export const DEFAULT_USER_FLOW_ID = 'B2X_1_testuserflow';
/** The first connector in fixtures/mock-seed.json. */
export const DEFAULT_API_CONNECTOR_ID = 'be1a9a8d-2b3f-4c4e-9a55-4f1bd4e3c1a0';

export interface ConformanceConfig {
  /** The service root, version included, never with a trailing slash. */
  serviceRoot: string;
  /** True when the suite runs against the embedded reference mock. */
  embeddedMock: boolean;
  token: string;
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

/**
 * Resolve the run's configuration from the environment, reporting every problem at once so that a user fixes
 * their `.env` in one pass. Throws ConfigError; never makes a request.
 */
export function resolveConfig(env: Env = process.env): ConformanceConfig {
  const problems: string[] = [];
  const explicitRoot = nonEmpty(env, 'GRAPH_BASE_URL');
  const mockRoot = nonEmpty(env, 'GRAPH_MOCK_SERVICE_ROOT');
  const embeddedMock = explicitRoot === undefined;
  const serviceRoot = explicitRoot !== undefined ? parseServiceRoot(explicitRoot, problems) : mockRoot;

  let token = nonEmpty(env, 'GRAPH_TOKEN');
  if (token === undefined && embeddedMock) token = nonEmpty(env, 'MOCK_TOKEN') ?? REFERENCE_MOCK_TOKEN;
  if (token === undefined) {
    problems.push('GRAPH_TOKEN is required when GRAPH_BASE_URL is set: the bearer token sent to that target (e.g. GRAPH_TOKEN=eyJ0eXAiOi...)');
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
  if (problems.length) throw new ConfigError(problems);
  if (serviceRoot === undefined) {
    throw new ConfigError(['GRAPH_BASE_URL is unset and the embedded reference mock has not announced its service root (GRAPH_MOCK_SERVICE_ROOT); run through `npm run conformance`, or set GRAPH_BASE_URL=http://127.0.0.1:4010/v1.0 while `npm run mock` runs']);
  }
  return { serviceRoot, embeddedMock, token: token!, userFlowId, apiConnectorId, timeoutMs, target };
}

/** Validate only what can be checked before the embedded mock exists. */
export function preflightConfig(env: Env = process.env): void {
  resolveConfig({ GRAPH_MOCK_SERVICE_ROOT: 'http://127.0.0.1:0/v1.0', ...env });
}

export function describeConfig(config: ConformanceConfig): string {
  const rows: [string, string][] = [
    ['service root', `${config.serviceRoot}${config.embeddedMock ? ' (embedded reference mock)' : ''}`],
    ['token', 'set (redacted)'],
    ['user flow', config.userFlowId],
    ['api connector', config.apiConnectorId],
    ['timeout', `${config.timeoutMs} ms`],
    ['baseline', config.target ?? 'none (strict: every check must pass)'],
  ];
  return ['conformance configuration:', ...rows.map(([k, v]) => `  ${k.padEnd(14)} ${v}`)].join('\n');
}
