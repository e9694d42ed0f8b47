import { randomUUID } from 'node:crypto';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { accessToken } from './auth';
import type { ConformanceConfig } from './config';
import type { Exchange } from './exchange';
import { redactText } from './redact';
import { decideRetry } from './retry';

export const REF_TEMPLATE = '/identity/b2xUserFlows/{b2xUserFlowId}/apiConnectorConfiguration/{step}/$ref';
export const CONFIGURATION_TEMPLATE = '/identity/b2xUserFlows/{b2xUserFlowId}/apiConnectorConfiguration';

export interface SendOptions {
  method: string;
  /** Absolute URL, or a path starting with "/" under the service root. Never joined with `new URL`: that drops /v1.0. */
  url: string;
  /** JSON body as text (sent byte for byte), a Buffer for malformed bytes, or undefined for none. */
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** 'default': Bearer {GRAPH_TOKEN}; 'none': no Authorization header; a string: that header value verbatim. */
  authorization?: 'default' | 'none' | string;
}

/**
 * The one way checks talk to the target. It builds URLs by concatenation, sends a fresh client-request-id,
 * and hands every exchange to a recorder (the fixture attaches it, redacted, to the check's report).
 */
export class GraphClient {
  constructor(
    private readonly api: APIRequestContext,
    readonly config: ConformanceConfig,
    private readonly record: (exchange: Exchange) => Promise<void> | void = () => {},
    /** The bearer token for 'default' authorization; harness/auth.ts refreshes app tokens before they expire. */
    private readonly token: () => Promise<string> = () => accessToken(config),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  url(path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    if (!path.startsWith('/')) throw new Error(`a path under the service root starts with "/": ${path}`);
    return `${this.config.serviceRoot}${path}`;
  }

  refPath(step: string, userFlowId = this.config.userFlowId): string {
    return `/identity/b2xUserFlows/${userFlowId}/apiConnectorConfiguration/${step}/$ref`;
  }

  configurationPath(userFlowId = this.config.userFlowId): string {
    return `/identity/b2xUserFlows/${userFlowId}/apiConnectorConfiguration`;
  }

  /** The documented enable body for a connector of this service root. */
  referenceBody(apiConnectorId = this.config.apiConnectorId): string {
    return JSON.stringify({ '@odata.id': `${this.config.serviceRoot}/identity/apiConnectors/${apiConnectorId}` });
  }

  /**
   * Send one request; a throttled answer (429/503/504) is sent again after its Retry-After, or a backoff, within
   * config.retryBudgetMs (harness/retry.ts). Every attempt has a fresh client-request-id; the exchange is the last
   * attempt, its `retries` the throttled ones before it.
   */
  async send(options: SendOptions): Promise<Exchange> {
    const url = this.url(options.url);
    const started = Date.now();
    const retries: NonNullable<Exchange['retries']> = [];
    let waitedMs = 0;
    for (let attempt = 0; ; attempt++) {
      const { headers, response } = await this.attempt(options, url);
      const status = response.status();
      const decision = decideRetry(status, response.headers()['retry-after'], attempt, waitedMs, this.config.retryBudgetMs);
      if (decision.retry) {
        await response.dispose();
        await this.sleep(decision.waitMs);
        waitedMs += decision.waitMs;
        retries.push({ status, waitedMs: decision.waitMs });
        continue;
      }
      const exchange: Exchange = {
        request: { method: options.method, url, headers, body: options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? `<${options.body.length} bytes: ${JSON.stringify(options.body.toString('latin1').slice(0, 200))}>` : options.body },
        response: { status, statusText: response.statusText(), headers: response.headers(), body: await response.body() },
        durationMs: Date.now() - started,
        ...(retries.length ? { retries } : {}),
      };
      await this.record(exchange);
      return exchange;
    }
  }

  private async attempt(options: SendOptions, url: string): Promise<{ headers: Record<string, string>; response: APIResponse }> {
    const headers: Record<string, string> = { 'client-request-id': randomUUID(), ...options.headers };
    const auth = options.authorization ?? 'default';
    if (auth === 'default') headers.Authorization = `Bearer ${await this.token()}`;
    else if (auth !== 'none') headers.Authorization = auth;
    if (options.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await this.api.fetch(url, {
        method: options.method,
        headers,
        // A string would be JSON-encoded again by Playwright; a Buffer goes out byte for byte.
        data: options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8'),
        failOnStatusCode: false,
        maxRedirects: 0,
        timeout: this.config.timeoutMs,
      });
    } catch (err) {
      // Playwright's call log of a failed request lists its headers, Authorization included.
      throw new Error(redactText(`${options.method} ${url} failed: ${(err as Error).message}`));
    }
    return { headers, response };
  }

  putRef(step: string, body: string | Buffer, options: Partial<SendOptions> & { userFlowId?: string } = {}): Promise<Exchange> {
    return this.send({ method: 'PUT', url: this.refPath(step, options.userFlowId), body, ...options });
  }

  enable(step: string, apiConnectorId = this.config.apiConnectorId): Promise<Exchange> {
    return this.putRef(step, this.referenceBody(apiConnectorId));
  }

  disable(step: string): Promise<Exchange> {
    return this.putRef(step, '{}');
  }

  deleteRef(step: string): Promise<Exchange> {
    return this.send({ method: 'DELETE', url: this.refPath(step) });
  }

  readConfiguration(expand = 'postFederationSignup,postAttributeCollection', userFlowId = this.config.userFlowId): Promise<Exchange> {
    return this.send({ method: 'GET', url: `${this.configurationPath(userFlowId)}?$expand=${expand}` });
  }
}
