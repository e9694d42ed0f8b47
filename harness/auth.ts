/**
 * Bearer tokens for the run. GRAPH_TOKEN (or the mock's token) is used as given. App credentials (AZURE_* variables,
 * harness/config.ts) go through @azure/identity, for the scope `{graph host}/.default` at the cloud's authority.
 *
 * One token per run: global setup acquires it (which also proves the credential works before any check starts) and
 * hands it to the workers in the environment, which they inherit. Each process keeps it until it is within
 * REFRESH_MARGIN_MS of expiring, then acquires a fresh one itself from the same credential (a worker builds the
 * credential only then), so a run longer than a token's life keeps going. Every token is registered with
 * harness/redact.ts before it is used.
 */
import type { AccessToken, TokenCredential, TokenCredentialOptions } from '@azure/identity';
import type { ConformanceConfig, CredentialSettings } from './config';
import { PreflightError } from './preflight';
import { registerSecret } from './redact';

/** Refresh this long before a token expires, so no request leaves with a token that dies in flight. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** Where global setup hands the run's token to the workers (their environment, never a file). */
export const HANDOFF_TOKEN_ENV = 'CONFORMANCE_ACCESS_TOKEN';
export const HANDOFF_EXPIRES_ENV = 'CONFORMANCE_ACCESS_TOKEN_EXPIRES_ON';

/** The @azure/identity credential for the configured app; `options` lets tests give it a transport that never leaves the process. */
export function createCredential(settings: CredentialSettings, authorityHost: string, options: TokenCredentialOptions = {}): TokenCredential {
  // Loaded here, not at the top: @azure/identity costs ~0.2 s per process, and most runs (GRAPH_TOKEN, the embedded
  // mock) never build a credential, while every worker imports this module through harness/graph.ts.
  const { ClientCertificateCredential, ClientSecretCredential, WorkloadIdentityCredential } = require('@azure/identity') as typeof import('@azure/identity');
  const common = { authorityHost, ...options };
  switch (settings.kind) {
    case 'client-secret':
      return new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret, common);
    case 'client-certificate':
      return new ClientCertificateCredential(
        settings.tenantId,
        settings.clientId,
        { certificatePath: settings.certificatePath, ...(settings.certificatePassword !== undefined ? { certificatePassword: settings.certificatePassword } : {}) },
        common,
      );
    case 'workload-identity':
      return new WorkloadIdentityCredential({ tenantId: settings.tenantId, clientId: settings.clientId, tokenFilePath: settings.tokenFilePath, ...common });
  }
}

/** One credential's tokens for one scope, cached until REFRESH_MARGIN_MS before expiry; concurrent callers share one request. */
export class TokenSource {
  private current: AccessToken | undefined;
  private pending: Promise<AccessToken> | undefined;

  constructor(
    private readonly credential: () => TokenCredential,
    private readonly scope: string,
    initial?: AccessToken,
    private readonly now: () => number = Date.now,
  ) {
    if (initial) registerSecret(initial.token);
    this.current = initial;
  }

  async token(): Promise<AccessToken> {
    if (this.current && this.fresh(this.current)) return this.current;
    this.pending ??= this.acquire().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private fresh(token: AccessToken): boolean {
    const refreshAt = Math.min(token.expiresOnTimestamp - REFRESH_MARGIN_MS, token.refreshAfterTimestamp ?? Infinity);
    return this.now() < refreshAt;
  }

  private async acquire(): Promise<AccessToken> {
    let token: AccessToken | null;
    try {
      token = await this.credential().getToken(this.scope);
    } catch (err) {
      throw new PreflightError(`no token for ${this.scope} from the app credentials (AZURE_TENANT_ID, AZURE_CLIENT_ID and their secret, certificate or federated token): ${(err as Error).message}`);
    }
    if (!token?.token) throw new PreflightError(`the app credentials gave no token for ${this.scope}; check AZURE_TENANT_ID and AZURE_CLIENT_ID`);
    registerSecret(token.token);
    this.current = token;
    return token;
  }
}

let processSource: TokenSource | undefined;

function sourceFor(config: ConformanceConfig, env: Record<string, string | undefined>): TokenSource {
  if (processSource) return processSource;
  const handed = env[HANDOFF_TOKEN_ENV];
  const expires = Number(env[HANDOFF_EXPIRES_ENV]);
  const initial = handed && Number.isFinite(expires) ? { token: handed, expiresOnTimestamp: expires } : undefined;
  let credential: TokenCredential | undefined;
  processSource = new TokenSource(() => (credential ??= createCredential(config.credential!, config.authorityHost)), config.scope, initial);
  return processSource;
}

/** The bearer token this process sends now: the fixed one, or the run's app token (refreshed when near expiry). */
export async function accessToken(config: ConformanceConfig, env: Record<string, string | undefined> = process.env): Promise<string> {
  if (config.token !== undefined) return config.token;
  if (!config.credential) throw new PreflightError('no GRAPH_TOKEN and no app credentials (AZURE_TENANT_ID, AZURE_CLIENT_ID, ...) are configured');
  return (await sourceFor(config, env).token()).token;
}

/**
 * Global setup: acquire the run's token (with `credential` when given, as tests do) and put it where the workers,
 * started after global setup, inherit it. Returns the token, or the fixed one.
 */
export async function acquireRunToken(config: ConformanceConfig, credential?: TokenCredential, env: Record<string, string | undefined> = process.env): Promise<string> {
  if (config.token !== undefined) return config.token;
  if (credential) processSource = new TokenSource(() => credential, config.scope);
  const token = await sourceFor(config, env).token();
  env[HANDOFF_TOKEN_ENV] = token.token;
  env[HANDOFF_EXPIRES_ENV] = String(token.expiresOnTimestamp);
  return token.token;
}

/** Forget the process's token source (tests that acquire with several fake credentials in one process). */
export function resetTokenSource(): void {
  processSource = undefined;
}
