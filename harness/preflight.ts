/**
 * Before the first write (global setup): is the target there, does it take the token, do the configured flow and
 * connector exist, and does a JWT carry the permission? Each failure names what to fix, so a misconfigured nightly
 * run stops with one clear message (exit 2) instead of every check failing the same way.
 */
import { supportIds, bodyJson, type Exchange } from './exchange';
import type { ConformanceConfig } from './config';
import type { GraphClient } from './graph';
import { redactText } from './redact';

export const REQUIRED_PERMISSION = 'IdentityUserFlow.ReadWrite.All';

export class PreflightError extends Error {
  constructor(message: string) {
    // The prefix is what scripts/conformance.ts (reporting/exit-code.ts) reads to exit 2 rather than 1.
    super(`preflight error: ${redactText(message)}`);
    this.name = 'PreflightError';
  }
}

/** A JWT's claims, read and never verified: only the target can verify, and it says so with a 401. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a token's claims say is wrong for this run, or an empty list. Application tokens carry `roles`, delegated
 * ones `scp` (space separated); a token with neither is not judged (it may not be a Graph access token at all,
 * and the target will say).
 */
export function tokenClaimProblems(token: string, now: number = Date.now()): string[] {
  const claims = jwtClaims(token);
  if (!claims) return [];
  const problems: string[] = [];
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now) {
    problems.push(`the token expired at ${new Date(claims.exp * 1000).toISOString()}: get a fresh GRAPH_TOKEN, or use app credentials (AZURE_CLIENT_ID ...) which the suite refreshes itself`);
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : undefined;
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : undefined;
  if (roles === undefined && scopes === undefined) return problems;
  const granted = [...(roles ?? []), ...(scopes ?? [])];
  if (!granted.includes(REQUIRED_PERMISSION)) {
    const kind = roles !== undefined ? 'application permission (roles)' : 'delegated permission (scp)';
    problems.push(
      `the token lacks ${REQUIRED_PERMISSION}: its ${kind} claim holds ${granted.length ? granted.join(', ') : 'nothing'}. ` +
        `Grant ${REQUIRED_PERMISSION} to the app registration (API permissions, Microsoft Graph, ${roles !== undefined ? 'Application' : 'Delegated'}), with admin consent`,
    );
  }
  return problems;
}

function errorCode(exchange: Exchange): string {
  const body = bodyJson(exchange) as { error?: { code?: unknown } } | undefined;
  return typeof body?.error?.code === 'string' ? ` ${body.error.code}` : '';
}

function refusal(exchange: Exchange, what: string, notFound: string): PreflightError {
  const status = exchange.response.status;
  const answer = `${status}${errorCode(exchange)} (${supportIds(exchange)})`;
  if (status === 401) return new PreflightError(`the target refused the token reading ${what}: ${answer}. Check GRAPH_TOKEN, or AZURE_TENANT_ID/AZURE_CLIENT_ID and GRAPH_CLOUD (a token of one cloud is refused by another)`);
  if (status === 403) return new PreflightError(`the token may not read ${what}: ${answer}. The caller needs ${REQUIRED_PERMISSION} (application, or delegated with the External Identity User Flow administrator role)`);
  if (status === 404 || status === 400) return new PreflightError(`${notFound}: ${answer}`);
  return new PreflightError(`reading ${what} was answered ${answer}; the run needs it to answer 200`);
}

/** A GET whose failure to answer at all (timeout, refused connection) is a preflight error too. */
async function read(graph: GraphClient, url: string, what: string): Promise<Exchange> {
  try {
    return await graph.send({ method: 'GET', url });
  } catch (err) {
    throw new PreflightError(`the target did not answer reading ${what} (GRAPH_TIMEOUT_MS=${graph.config.timeoutMs}): ${(err as Error).message}`);
  }
}

/** Run every preflight check in order, throwing PreflightError at the first failure. `token` is the one the run sends. */
export async function preflight(graph: GraphClient, config: ConformanceConfig, token: string): Promise<void> {
  try {
    await graph.send({ method: 'GET', url: config.serviceRoot, authorization: 'none' });
  } catch (err) {
    throw new PreflightError(`the target does not answer at ${config.serviceRoot} (GRAPH_BASE_URL/GRAPH_CLOUD): ${(err as Error).message}`);
  }
  const claimProblems = tokenClaimProblems(token);
  if (claimProblems.length) throw new PreflightError(claimProblems.join('; '));

  const flow = await read(graph, `/identity/b2xUserFlows/${config.userFlowId}`, `user flow ${config.userFlowId}`);
  if (flow.response.status !== 200) {
    throw refusal(flow, `user flow ${config.userFlowId}`, `B2X_USER_FLOW_ID=${config.userFlowId} names no user flow of this tenant (list them: GET ${config.serviceRoot}/identity/b2xUserFlows)`);
  }
  const connector = await read(graph, `/identity/apiConnectors/${config.apiConnectorId}`, `API connector ${config.apiConnectorId}`);
  if (connector.response.status !== 200) {
    throw refusal(connector, `API connector ${config.apiConnectorId}`, `API_CONNECTOR_ID=${config.apiConnectorId} names no API connector of this tenant (list them: GET ${config.serviceRoot}/identity/apiConnectors)`);
  }
}
