import { isUtf8 } from 'node:buffer';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { isStep, loadSeed, MockState, type ApiConnector, type Seed, type Step, type UserFlow, STEPS } from './state';

export interface MockOptions {
  /** The bearer token the mock accepts. */
  token: string;
  seed?: Seed;
  /** Largest request body accepted, in bytes; more is answered 413. */
  bodyLimit?: number;
  /** Answer every Nth request 429 with Retry-After, so clients' retry paths can be tested end to end. 0: never. */
  throttleEvery?: number;
  /** The Retry-After value sent with a throttled answer, in seconds (fractions allowed, as Graph sends them). */
  throttleRetryAfter?: string;
  /** Milliseconds a client has to send a whole request (headers and body) before it is answered 408 and cut off. */
  requestTimeout?: number;
  /** Where unexpected errors are logged; one line each. */
  log?: (line: string) => void;
}

export const API_VERSION_PATH = '/v1.0';
const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const AGS_DIAGNOSTIC = JSON.stringify({ ServerInfo: { DataCenter: 'Loopback', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'reference-mock' } });

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The headers Graph sends with every answer; bench/minimal-server.ts sends them too, to stand for a faithful answer. */
export function graphResponseHeaders(requestId: string, clientRequestId: string): Record<string, string> {
  return {
    'request-id': requestId,
    'client-request-id': clientRequestId,
    'Strict-Transport-Security': 'max-age=31536000',
    'x-ms-ags-diagnostic': AGS_DIAGNOSTIC,
    'Cache-Control': 'no-cache',
  };
}

/** What a handler knows about the request it answers. */
export interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  method: string;
  segments: string[];
  query: URLSearchParams;
  requestId: string;
  clientRequestId: string;
  /** The service root as the client addressed it, for @odata.context and reference parsing. */
  serviceRoot: string;
}

/**
 * The reference mock: Graph-faithful in every behaviour the conformance suite checks. Each behaviour is a protected
 * method so that a broken variant (tests/broken-servers) overrides exactly one of them and nothing else.
 */
export class ReferenceMock {
  readonly state: MockState;
  readonly server: http.Server;
  protected readonly options: Required<Omit<MockOptions, 'seed'>>;
  private requestCount = 0;
  /** Service roots by Host header: the same few hosts on every request, so each is checked and built once. */
  private readonly serviceRoots = new Map<string, string>();
  /** Connector ids by (service root, @odata.id): clients send the same reference again and again. */
  private readonly referenceIds = new Map<string, string>();

  constructor(options: MockOptions) {
    this.options = {
      bodyLimit: 1024 * 1024,
      throttleEvery: 0,
      throttleRetryAfter: '1',
      requestTimeout: 15_000,
      log: (line) => process.stderr.write(`${line}\n`),
      ...options,
    };
    this.state = new MockState(options.seed ?? loadSeed());
    // A client that lies about Content-Length or never finishes its headers is cut off (408), not waited on forever.
    // Node reads these only at creation (set later, they are ignored) and checks them every connectionsCheckingInterval.
    const requestTimeout = this.options.requestTimeout;
    this.server = http.createServer(
      { requestTimeout, headersTimeout: Math.min(10_000, requestTimeout), connectionsCheckingInterval: Math.min(1_000, requestTimeout) },
      (req, res) => this.dispatch(req, res),
    );
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket) => this.answerUnparseable(err, socket));
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${shownHost}:${address.port}${API_VERSION_PATH}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- plumbing -------------------------------------------------------------------------------------------

  private dispatch(req: http.IncomingMessage, res: http.ServerResponse): void {
    const requestId = randomUUID();
    const sentClientId = req.headers['client-request-id'];
    const clientRequestId = typeof sentClientId === 'string' && sentClientId.length > 0 && sentClientId.length <= 200 ? sentClientId : requestId;
    const ctx: Ctx = { req, res, method: req.method ?? 'GET', segments: [], query: new URLSearchParams(), requestId, clientRequestId, serviceRoot: '' };
    this.handle(ctx).catch((err: unknown) => this.fail(ctx, err));
  }

  private async handle(ctx: Ctx): Promise<void> {
    const rawUrl = ctx.req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
    ctx.query = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));
    ctx.serviceRoot = this.serviceRootFor(ctx.req.headers.host);

    if (this.options.throttleEvery > 0 && ++this.requestCount % this.options.throttleEvery === 0) {
      throw new HttpError(429, 'TooManyRequests', 'Too many requests; retry after the interval in Retry-After.', { 'Retry-After': this.options.throttleRetryAfter });
    }
    if (rawPath !== API_VERSION_PATH && !rawPath.startsWith(`${API_VERSION_PATH}/`)) {
      throw new HttpError(404, 'UnknownVersion', `Unsupported API version; the reference mock serves ${API_VERSION_PATH}.`);
    }
    ctx.segments = this.decodeSegments(rawPath.slice(API_VERSION_PATH.length));
    if (ctx.segments.length === 0) {
      if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw this.methodNotAllowed(ctx);
      // The service document: unauthenticated as on Graph, and what Playwright's webServer and health checks probe.
      return this.sendJson(ctx, 200, { '@odata.context': `${ctx.serviceRoot}/$metadata`, value: [{ name: 'identity', kind: 'Singleton', url: 'identity' }] });
    }
    this.authenticate(ctx);
    await this.route(ctx);
  }

  private serviceRootFor(hostHeader: string | undefined): string {
    const key = hostHeader ?? '';
    let root = this.serviceRoots.get(key);
    if (root === undefined) {
      const host = hostHeader !== undefined && /^[\w.:[\]-]+$/.test(hostHeader) ? hostHeader : '127.0.0.1';
      root = `http://${host}${API_VERSION_PATH}`;
      remember(this.serviceRoots, key, root);
    }
    return root;
  }

  protected decodeSegments(path: string): string[] {
    const parts = path.split('/');
    if (parts[0] === '') parts.shift();
    if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      // Without a '%' decodeURIComponent returns its input: skip it on the hot path.
      if (!p.includes('%')) continue;
      try {
        parts[i] = decodeURIComponent(p);
      } catch {
        throw new HttpError(400, 'BadRequest', `Bad Request - Invalid URL: the segment '${p.slice(0, 100)}' is not correctly percent-encoded.`);
      }
    }
    return parts;
  }

  protected async route(ctx: Ctx): Promise<void> {
    const [identity, collection, id, nav, step, ref, ...rest] = ctx.segments;
    if (identity !== 'identity' || collection === undefined) throw this.segmentNotFound(identity ?? '');
    if (collection === 'apiConnectors') {
      if (nav !== undefined) throw this.segmentNotFound(nav);
      this.requireMethod(ctx, 'GET');
      return id === undefined ? this.listConnectors(ctx) : this.getConnector(ctx, id);
    }
    if (collection !== 'b2xUserFlows') throw this.segmentNotFound(collection);
    if (id === undefined) {
      this.requireMethod(ctx, 'GET');
      return this.listFlows(ctx);
    }
    if (nav === undefined) {
      this.requireMethod(ctx, 'GET');
      return this.getFlow(ctx, this.findFlow(id));
    }
    if (nav !== 'apiConnectorConfiguration') throw this.segmentNotFound(nav);
    if (step === undefined) {
      this.requireMethod(ctx, 'GET');
      return this.readConfiguration(ctx, this.findFlow(id));
    }
    if (!isStep(step)) throw this.segmentNotFound(step);
    if (ref === undefined) {
      this.requireMethod(ctx, 'GET');
      return this.readStep(ctx, this.findFlow(id), step);
    }
    if (ref !== '$ref') throw this.segmentNotFound(ref);
    if (rest.length > 0) throw this.segmentNotFound(rest[0]!);
    if (ctx.method === 'PUT') {
      const flow = this.findFlow(id);
      const body = await this.readJsonBody(ctx);
      const connectorId = this.parseReferenceBody(ctx, body);
      if (connectorId === null) this.unbind(flow, step);
      else this.bind(flow, step, connectorId);
      return this.sendNoContent(ctx);
    }
    if (ctx.method === 'DELETE') {
      const flow = this.findFlow(id);
      this.unbind(flow, step);
      return this.sendNoContent(ctx);
    }
    if (ctx.method === 'GET') return this.readStepRef(ctx, this.findFlow(id), step);
    throw this.methodNotAllowed(ctx);
  }

  // ---- behaviours the suite checks -------------------------------------------------------------------------

  protected authenticate(ctx: Ctx): void {
    const header = ctx.req.headers.authorization;
    if (header === undefined) throw new HttpError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    // The exact form every client sends matches the pattern below; skip the regular expression for it.
    if (header === `Bearer ${this.options.token}`) return;
    const match = /^Bearer[ ]+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed, there are no dots (.) or the authorization scheme is not Bearer.');
    if (match[1] !== this.options.token) throw new HttpError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
  }

  protected findFlow(id: string): UserFlow {
    const flow = this.state.flows.get(id);
    if (!flow) throw new HttpError(404, 'ResourceNotFound', `Resource '${id.slice(0, 200)}' does not exist or one of its queried reference-property objects are not present.`);
    return flow;
  }

  protected bind(flow: UserFlow, step: Step, connectorId: string): void {
    flow.apiConnectorConfiguration[step] = connectorId;
  }

  protected unbind(flow: UserFlow, step: Step): void {
    flow.apiConnectorConfiguration[step] = null;
  }

  /** The connector id a ReferenceUpdate body names, or null for `{}` (disable). Anything else is a 4xx. */
  protected parseReferenceBody(ctx: Ctx, body: unknown): string | null {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new HttpError(400, 'BadRequest', 'Invalid request body: expected a JSON object with "@odata.id", or {} to remove the reference.');
    }
    const record = body as Record<string, unknown>;
    const unknownKeys = Object.keys(record).filter((k) => k !== '@odata.id' && k !== '@odata.type');
    if (unknownKeys.length > 0) {
      throw new HttpError(400, 'BadRequest', `Invalid request body: the property '${unknownKeys[0]!.slice(0, 100)}' does not exist on a reference; send {"@odata.id": ...} or {}.`);
    }
    const type = record['@odata.type'];
    if (type !== undefined && type !== null && typeof type !== 'string') throw new HttpError(400, 'BadRequest', 'Invalid request body: "@odata.type" must be a string.');
    const odataId = record['@odata.id'];
    if (odataId === undefined) {
      if (type !== undefined) throw new HttpError(400, 'BadRequest', 'Invalid request body: a reference needs "@odata.id".');
      return null;
    }
    if (typeof odataId !== 'string') throw new HttpError(400, 'BadRequest', 'Invalid request body: "@odata.id" must be a string URL.');
    const connectorId = this.connectorIdFromReference(ctx, odataId);
    if (!this.state.connectors.has(connectorId)) {
      throw new HttpError(404, 'ResourceNotFound', `Resource '${connectorId.slice(0, 200)}' referenced by "@odata.id" does not exist.`);
    }
    return connectorId;
  }

  /** Accepts `{any service root}/identity/apiConnectors/{id}` or the same path relative to the service root. */
  protected connectorIdFromReference(ctx: Ctx, odataId: string): string {
    // Only successes are remembered: the answer depends on nothing but the service root and the reference.
    const key = `${ctx.serviceRoot} ${odataId}`;
    const known = this.referenceIds.get(key);
    if (known !== undefined) return known;
    let pathname: string;
    try {
      pathname = new URL(odataId, `${ctx.serviceRoot}/`).pathname;
    } catch {
      throw new HttpError(400, 'BadRequest', 'Invalid "@odata.id": not a URL.');
    }
    const match = /^(?:\/(?:v1\.0|beta))?\/identity\/apiConnectors\/([^/]+)$/.exec(pathname);
    if (!match) {
      throw new HttpError(400, 'BadRequest', 'Invalid "@odata.id": the reference must point at an identityApiConnector (.../identity/apiConnectors/{id}).');
    }
    let id: string;
    try {
      id = decodeURIComponent(match[1]!);
    } catch {
      throw new HttpError(400, 'BadRequest', 'Invalid "@odata.id": bad percent-encoding.');
    }
    remember(this.referenceIds, key, id);
    return id;
  }

  protected async readJsonBody(ctx: Ctx): Promise<unknown> {
    const type = ctx.req.headers['content-type'];
    if (type !== undefined && type !== 'application/json' && !/^application\/json\s*(;|$)/i.test(type)) {
      throw new HttpError(415, 'UnsupportedMediaType', `Content-Type '${type.slice(0, 100)}' is not supported; send application/json.`);
    }
    const bytes = await this.readBody(ctx);
    if (!isUtf8(bytes)) throw new HttpError(400, 'BadRequest', 'Invalid request body: not valid UTF-8.');
    // A leading byte-order mark is dropped, as a UTF-8 TextDecoder does.
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const text = bytes.toString('utf8', bom ? 3 : 0);
    if (text.trim() === '') throw new HttpError(400, 'BadRequest', 'Empty request body: send {"@odata.id": ...} or {}.');
    try {
      return JSON.parse(text);
    } catch {
      throw new HttpError(400, 'BadRequest', 'Invalid request body: the JSON is malformed.');
    }
  }

  protected readBody(ctx: Ctx): Promise<Buffer> {
    const limit = this.options.bodyLimit;
    const declared = Number(ctx.req.headers['content-length'] ?? 0);
    if (declared > limit) return Promise.reject(this.tooLarge());
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      ctx.req.on('data', (chunk: Buffer) => {
        if (failed) return;
        size += chunk.length;
        if (size > limit) {
          failed = true;
          chunks.length = 0;
          reject(this.tooLarge());
          return;
        }
        chunks.push(chunk);
      });
      ctx.req.on('end', () => !failed && resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
      ctx.req.on('error', (err) => !failed && reject(err));
    });
  }

  private tooLarge(): HttpError {
    return new HttpError(413, 'RequestEntityTooLarge', `The request body exceeds ${this.options.bodyLimit} bytes.`);
  }

  protected readConfiguration(ctx: Ctx, flow: UserFlow): void {
    const expand = this.parseExpand(ctx);
    const context = `${ctx.serviceRoot}/$metadata#identity/b2xUserFlows('${flow.id}')/apiConnectorConfiguration`;
    const body: Record<string, unknown> = {
      '@odata.context': expand.length ? `${context}(${expand.map((s) => `${s}()`).join(',')})` : context,
    };
    for (const step of expand) {
      const connector = this.boundConnector(flow, step);
      if (connector) body[`${step}@odata.context`] = `${context}/${step}/$entity`;
      body[step] = connector ? this.renderConnector(connector) : null;
    }
    this.sendJson(ctx, 200, body);
  }

  /** `$expand` as Graph reads it: a comma list of navigation properties, `*` for all; anything else is a 400. */
  protected parseExpand(ctx: Ctx): Step[] {
    for (const key of ctx.query.keys()) {
      if (key.startsWith('$') && key !== '$expand' && key !== '$select') {
        throw new HttpError(400, 'BadRequest', `Query option '${key.slice(0, 50)}' is not supported on this resource.`);
      }
    }
    const raw = ctx.query.getAll('$expand');
    if (raw.length > 1) throw new HttpError(400, 'BadRequest', "Query option '$expand' was specified more than once.");
    if (raw.length === 0) return [];
    const steps: Step[] = [];
    for (const item of raw[0]!.split(',').map((s) => s.trim())) {
      if (item === '*') return [...STEPS];
      if (!isStep(item)) {
        throw new HttpError(400, 'BadRequest', `Could not find a property named '${item.slice(0, 100)}' on type 'microsoft.graph.userFlowApiConnectorConfiguration'.`);
      }
      if (!steps.includes(item)) steps.push(item);
    }
    return steps;
  }

  protected boundConnector(flow: UserFlow, step: Step): ApiConnector | undefined {
    const id = flow.apiConnectorConfiguration[step];
    return id === null ? undefined : this.state.connectors.get(id);
  }

  protected readStep(ctx: Ctx, flow: UserFlow, step: Step): void {
    const connector = this.boundConnector(flow, step);
    if (!connector) throw new HttpError(404, 'ResourceNotFound', `No API connector is configured for '${step}'.`);
    this.sendJson(ctx, 200, { '@odata.context': `${ctx.serviceRoot}/$metadata#identityApiConnectors/$entity`, ...this.renderConnector(connector) });
  }

  protected readStepRef(ctx: Ctx, flow: UserFlow, step: Step): void {
    const connector = this.boundConnector(flow, step);
    if (!connector) throw new HttpError(404, 'ResourceNotFound', `No API connector is configured for '${step}'.`);
    this.sendJson(ctx, 200, { '@odata.context': `${ctx.serviceRoot}/$metadata#$ref`, '@odata.id': `${ctx.serviceRoot}/identity/apiConnectors/${connector.id}` });
  }

  /** Graph never returns a connector's secret: passwords read back masked, certificate material not at all. */
  protected renderConnector(connector: ApiConnector): Record<string, unknown> {
    const out: Record<string, unknown> = { ...connector };
    const auth = connector.authenticationConfiguration;
    if (auth && typeof auth === 'object') {
      const masked: Record<string, unknown> = { ...auth };
      if ('password' in masked) masked.password = '******';
      delete masked.pkcs12Value;
      out.authenticationConfiguration = masked;
    }
    return out;
  }

  protected listConnectors(ctx: Ctx): void {
    const value = [...this.state.connectors.values()].map((c) => this.renderConnector(c));
    this.sendJson(ctx, 200, { '@odata.context': `${ctx.serviceRoot}/$metadata#identity/apiConnectors`, value });
  }

  protected getConnector(ctx: Ctx, id: string): void {
    const connector = this.state.connectors.get(id);
    if (!connector) throw new HttpError(404, 'ResourceNotFound', `Resource '${id.slice(0, 200)}' does not exist.`);
    this.sendJson(ctx, 200, { '@odata.context': `${ctx.serviceRoot}/$metadata#identity/apiConnectors/$entity`, ...this.renderConnector(connector) });
  }

  protected renderFlow(flow: UserFlow): Record<string, unknown> {
    return { id: flow.id, userFlowType: flow.userFlowType, userFlowTypeVersion: flow.userFlowTypeVersion };
  }

  protected listFlows(ctx: Ctx): void {
    const value = [...this.state.flows.values()].map((f) => this.renderFlow(f));
    this.sendJson(ctx, 200, { '@odata.context': `${ctx.serviceRoot}/$metadata#identity/b2xUserFlows`, value });
  }

  protected getFlow(ctx: Ctx, flow: UserFlow): void {
    this.sendJson(ctx, 200, { '@odata.context': `${ctx.serviceRoot}/$metadata#identity/b2xUserFlows/$entity`, ...this.renderFlow(flow) });
  }

  // ---- answers ---------------------------------------------------------------------------------------------

  protected requireMethod(ctx: Ctx, method: string): void {
    if (ctx.method !== method) throw this.methodNotAllowed(ctx);
  }

  protected methodNotAllowed(ctx: Ctx): HttpError {
    return new HttpError(405, 'MethodNotAllowed', `The HTTP method '${ctx.method.slice(0, 20)}' is not supported on this resource.`);
  }

  protected segmentNotFound(segment: string): HttpError {
    return new HttpError(400, 'BadRequest', `Resource not found for the segment '${segment.slice(0, 200)}'.`);
  }

  protected graphHeaders(ctx: Ctx): Record<string, string> {
    return graphResponseHeaders(ctx.requestId, ctx.clientRequestId);
  }

  protected sendNoContent(ctx: Ctx): void {
    ctx.res.writeHead(204, this.graphHeaders(ctx));
    ctx.res.end();
  }

  protected sendJson(ctx: Ctx, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
    const payload = Buffer.from(JSON.stringify(body));
    ctx.res.writeHead(status, {
      ...this.graphHeaders(ctx),
      'Content-Type': JSON_CONTENT_TYPE,
      'OData-Version': '4.0',
      'Content-Length': String(payload.length),
      ...extraHeaders,
    });
    ctx.res.end(ctx.method === 'HEAD' ? undefined : payload);
  }

  protected errorBody(ctx: Ctx, code: string, message: string): unknown {
    return {
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), 'request-id': ctx.requestId, 'client-request-id': ctx.clientRequestId },
      },
    };
  }

  protected sendError(ctx: Ctx, error: HttpError): void {
    const headers = { ...error.headers };
    // An unread request body must not be left on the socket: answer, then close rather than parse it as a request.
    if (!ctx.req.complete) headers.Connection = 'close';
    this.sendJson(ctx, error.status, this.errorBody(ctx, error.code, error.message), headers);
    if (!ctx.req.complete) ctx.req.resume();
  }

  private fail(ctx: Ctx, err: unknown): void {
    // The client went away mid-request (a cut-off lying Content-Length, a reset): nobody to answer, nothing broke.
    if (ctx.req.destroyed && !ctx.req.complete && !(err instanceof HttpError)) return;
    if (ctx.res.headersSent) {
      this.options.log(`reference mock: error after answering ${ctx.method} ${ctx.req.url ?? ''}: ${String(err)}`);
      ctx.res.destroy();
      return;
    }
    if (err instanceof HttpError) return this.sendError(ctx, err);
    this.options.log(`reference mock: 500 on ${ctx.method} ${(ctx.req.url ?? '').slice(0, 200)} request-id=${ctx.requestId}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    this.sendError(ctx, new HttpError(500, 'InternalServerError', 'An unexpected error occurred in the reference mock.'));
  }

  /** A request Node's parser rejects never reaches a handler; it still gets Graph's envelope before the socket closes. */
  private answerUnparseable(err: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    // Garbage pipelined after a whole request: that request is still being answered, and answers go out in order.
    // (A request still arriving, cut off by the timeout, is answered by this envelope alone.)
    const pending = (socket as { _httpMessage?: http.ServerResponse | null })._httpMessage;
    if (pending && !pending.writableFinished && pending.req.complete) {
      pending.once('finish', () => this.answerUnparseable(err, socket));
      return;
    }
    const requestId = randomUUID();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const code = status === 431 ? 'RequestHeaderFieldsTooLarge' : status === 408 ? 'RequestTimeout' : 'BadRequest';
    const body = JSON.stringify({ error: { code, message: 'The request could not be parsed as HTTP/1.1.', innerError: { date: new Date().toISOString(), 'request-id': requestId, 'client-request-id': requestId } } });
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Bad Request'}\r\nContent-Type: ${JSON_CONTENT_TYPE}\r\nrequest-id: ${requestId}\r\nclient-request-id: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
}

/** Memo tables stay small whatever clients send: a full one starts over rather than grow. */
const MEMO_LIMIT = 256;
const MEMO_KEY_LIMIT = 1024;
function remember(table: Map<string, string>, key: string, value: string): void {
  if (key.length > MEMO_KEY_LIMIT) return;
  if (table.size >= MEMO_LIMIT) table.clear();
  table.set(key, value);
}

export async function startMock(options: MockOptions & { port?: number; host?: string }): Promise<{ mock: ReferenceMock; serviceRoot: string }> {
  const mock = new ReferenceMock(options);
  const serviceRoot = await mock.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return { mock, serviceRoot };
}
