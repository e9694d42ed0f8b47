/**
 * Broken servers: each is the reference mock with exactly one behaviour overridden, so that it breaks exactly one
 * clause of the contract. The class name says the defect; tests/broken-servers/catalogue.ts says which checks must
 * catch it. Nothing here is clever on purpose: a defect a reader cannot see at a glance proves nothing.
 */
import { HttpError, ReferenceMock, type Ctx } from '../../mock/server';
import { isStep, STEPS, type Step, type UserFlow } from '../../mock/state';

function other(step: Step): Step {
  return STEPS.find((s) => s !== step)!;
}

// ---- no-content -----------------------------------------------------------------------------------------------

/** A successful PUT is answered 200 OK (empty body) instead of 204 No Content. */
export class PutAnswers200InsteadOf204 extends ReferenceMock {
  protected override sendNoContent(ctx: Ctx): void {
    if (ctx.method !== 'PUT') return super.sendNoContent(ctx);
    ctx.res.writeHead(200, { ...this.graphHeaders(ctx), 'Content-Length': '0' });
    ctx.res.end();
  }
}

/** A successful DELETE on the $ref is answered 200 with a JSON body instead of 204 No Content. */
export class DeleteAnswers200WithBody extends ReferenceMock {
  protected override sendNoContent(ctx: Ctx): void {
    if (ctx.method !== 'DELETE') return super.sendNoContent(ctx);
    this.sendJson(ctx, 200, { deleted: true });
  }
}

// ---- bind-step ------------------------------------------------------------------------------------------------

/** Enabling answers 204 and stores nothing. */
export class DoesNotStore extends ReferenceMock {
  protected override bind(): void {}
}

/** Enabling binds the connector to the other step. */
export class StoresOnWrongStep extends ReferenceMock {
  protected override bind(flow: UserFlow, step: Step, connectorId: string): void {
    super.bind(flow, other(step), connectorId);
  }
}

/** Enabling binds some other connector than the one referenced. */
export class StoresAnotherConnector extends ReferenceMock {
  protected override bind(flow: UserFlow, step: Step, connectorId: string): void {
    const another = [...this.state.connectors.keys()].find((id) => id !== connectorId);
    super.bind(flow, step, another ?? connectorId);
  }
}

// ---- other-step-untouched -------------------------------------------------------------------------------------

/** Enabling a step unbinds the other one (as if the configuration held a single connector). */
export class OtherStepCleared extends ReferenceMock {
  protected override bind(flow: UserFlow, step: Step, connectorId: string): void {
    super.bind(flow, step, connectorId);
    super.unbind(flow, other(step));
  }
}

// ---- unbind-empty-body ----------------------------------------------------------------------------------------

/** PUT {} answers 204 and leaves the step bound. */
export class DisableIgnored extends ReferenceMock {
  protected override parseReferenceBody(ctx: Ctx, body: unknown): string | null {
    const connectorId = super.parseReferenceBody(ctx, body);
    if (connectorId !== null) return connectorId;
    // Re-bind what is there: the {} is answered 204 and changes nothing.
    const [, , flowId, , step] = ctx.segments;
    const flow = this.state.flows.get(flowId ?? '');
    return flow && step && isStep(step) ? flow.apiConnectorConfiguration[step] : null;
  }
}

// ---- delete-ref -----------------------------------------------------------------------------------------------

/** DELETE on the $ref answers 204 and leaves the step bound. */
export class DeleteIgnored extends ReferenceMock {
  protected override async route(ctx: Ctx): Promise<void> {
    if (ctx.method === 'DELETE' && ctx.segments[5] === '$ref') {
      this.findFlow(ctx.segments[2] ?? '');
      return this.sendNoContent(ctx);
    }
    return super.route(ctx);
  }
}

// ---- idempotent-enable ----------------------------------------------------------------------------------------

/** Enabling a step already bound to that same connector is refused with 409 Conflict. */
export class ReEnableRejected extends ReferenceMock {
  protected override bind(flow: UserFlow, step: Step, connectorId: string): void {
    if (flow.apiConnectorConfiguration[step] === connectorId) {
      throw new HttpError(409, 'Conflict', `The API connector '${connectorId}' is already configured for '${step}'.`);
    }
    super.bind(flow, step, connectorId);
  }
}

// ---- read-configuration ---------------------------------------------------------------------------------------

/** The configuration read answers what the seed said, never what was written since (a stale cache). */
export class ReadShowsSeededState extends ReferenceMock {
  private readonly seeded = new Map([...this.state.flows].map(([id, flow]) => [id, structuredClone(flow)]));

  protected override readConfiguration(ctx: Ctx, flow: UserFlow): void {
    super.readConfiguration(ctx, this.seeded.get(flow.id) ?? flow);
  }
}

// ---- unknown-step ---------------------------------------------------------------------------------------------

/** A PUT to a step the configuration does not have is answered 204 (and ignored). */
export class UnknownStepAccepted extends ReferenceMock {
  protected override async route(ctx: Ctx): Promise<void> {
    const [, , flowId, , step, ref] = ctx.segments;
    if (ctx.method === 'PUT' && ref === '$ref' && step !== undefined && !isStep(step)) {
      this.findFlow(flowId ?? '');
      return this.sendNoContent(ctx);
    }
    return super.route(ctx);
  }
}

// ---- unknown-flow ---------------------------------------------------------------------------------------------

/** A user flow that does not exist is written to as if it did: 204 instead of 404. */
export class UnknownFlowAccepted extends ReferenceMock {
  protected override findFlow(id: string): UserFlow {
    return this.state.flows.get(id) ?? { id, userFlowType: 'signUpOrSignIn', userFlowTypeVersion: 1, apiConnectorConfiguration: { postFederationSignup: null, postAttributeCollection: null } };
  }
}

// ---- malformed-json -------------------------------------------------------------------------------------------

/** A body that is not JSON crashes the handler: 500 instead of 400. */
export class MalformedJson500 extends ReferenceMock {
  protected override async readJsonBody(ctx: Ctx): Promise<unknown> {
    const text = (await this.readBody(ctx)).toString('utf8');
    return JSON.parse(text) as unknown;
  }
}

// ---- invalid-reference-body -----------------------------------------------------------------------------------

/** Properties other than @odata.id are ignored, so {"id": ...} reads as {} and disables the step with 204. */
export class NonReferenceBodyAccepted extends ReferenceMock {
  protected override parseReferenceBody(ctx: Ctx, body: unknown): string | null {
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      const odataId = (body as Record<string, unknown>)['@odata.id'];
      return super.parseReferenceBody(ctx, odataId === undefined ? {} : { '@odata.id': odataId });
    }
    return super.parseReferenceBody(ctx, body);
  }
}

/** A non-string @odata.id is used as a string and crashes the handler: 500 instead of 400. */
export class NumericOdataId500 extends ReferenceMock {
  protected override parseReferenceBody(ctx: Ctx, body: unknown): string | null {
    const odataId = (body as Record<string, unknown> | null)?.['@odata.id'];
    // The defect: trusting the body's type. (42).trim is not a function, so the handler throws.
    if (odataId !== undefined && typeof odataId !== 'string') return this.connectorIdFromReference(ctx, (odataId as string).trim());
    return super.parseReferenceBody(ctx, body);
  }
}

// ---- wrong-reference-target -----------------------------------------------------------------------------------

/** Any @odata.id whose last segment is a connector id is accepted, whatever kind of object its path names. */
export class WrongKindReferenceAccepted extends ReferenceMock {
  protected override connectorIdFromReference(_ctx: Ctx, odataId: string): string {
    return decodeURIComponent(odataId.split('/').pop() ?? '');
  }
}

// ---- missing-connector ----------------------------------------------------------------------------------------

/** An @odata.id naming a connector that does not exist is bound anyway, with 204. */
export class MissingConnectorAccepted extends ReferenceMock {
  protected override parseReferenceBody(ctx: Ctx, body: unknown): string | null {
    const odataId = (body as Record<string, unknown> | null)?.['@odata.id'];
    if (typeof odataId === 'string') return this.connectorIdFromReference(ctx, odataId);
    return super.parseReferenceBody(ctx, body);
  }
}

// ---- unknown-expand -------------------------------------------------------------------------------------------

/** Unknown properties in $expand are dropped silently instead of answered 400. */
export class UnknownExpandIgnored extends ReferenceMock {
  protected override parseExpand(ctx: Ctx): Step[] {
    const raw = ctx.query.get('$expand');
    if (raw !== null) ctx.query.set('$expand', raw.split(',').filter((item) => item.trim() === '*' || isStep(item.trim())).join(','));
    return super.parseExpand(ctx);
  }
}

// ---- auth-required --------------------------------------------------------------------------------------------

/** Every request is served, with or without a token. */
export class NoAuthRequired extends ReferenceMock {
  protected override authenticate(): void {}
}

/** Basic credentials are accepted as if they were a valid bearer token. */
export class BasicAuthAccepted extends ReferenceMock {
  protected override authenticate(ctx: Ctx): void {
    if (/^Basic\s/i.test(ctx.req.headers.authorization ?? '')) return;
    super.authenticate(ctx);
  }
}

/** A missing or bad token is answered 403 Forbidden instead of 401 Unauthorized. */
export class Auth403InsteadOf401 extends ReferenceMock {
  protected override authenticate(ctx: Ctx): void {
    try {
      super.authenticate(ctx);
    } catch (err) {
      if (err instanceof HttpError && err.status === 401) throw new HttpError(403, 'Authorization_RequestDenied', err.message);
      throw err;
    }
  }
}

// ---- the error envelope (every negative and auth clause) ------------------------------------------------------

/** Errors are answered with the right status and a plain-text body instead of Graph's JSON envelope. */
export class ErrorBodyNotJson extends ReferenceMock {
  protected override sendError(ctx: Ctx, error: HttpError): void {
    const payload = Buffer.from(`${error.status} ${error.message}`);
    ctx.res.writeHead(error.status, { ...this.graphHeaders(ctx), ...error.headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(payload.length) });
    ctx.res.end(payload);
    if (!ctx.req.complete) ctx.req.resume();
  }
}

/** Errors are RFC 9457 problem+json documents ({type, title, status, detail}), as many frameworks answer, not Graph's envelope. */
export class ErrorProblemJson extends ReferenceMock {
  protected override sendError(ctx: Ctx, error: HttpError): void {
    const problem = { type: `https://example.invalid/problems/${error.code}`, title: error.code, status: error.status, detail: error.message };
    this.sendJson(ctx, error.status, problem, { ...error.headers, 'Content-Type': 'application/problem+json' });
    if (!ctx.req.complete) ctx.req.resume();
  }
}

/** The error envelope carries a message but no error.code. */
export class ErrorWithoutCode extends ReferenceMock {
  protected override errorBody(ctx: Ctx, code: string, message: string): unknown {
    const body = super.errorBody(ctx, code, message) as { error: Record<string, unknown> };
    delete body.error.code;
    return body;
  }
}

// ---- request-id, client-request-id-echo -----------------------------------------------------------------------

/** No answer carries a request-id header. */
export class NoRequestId extends ReferenceMock {
  protected override graphHeaders(ctx: Ctx): Record<string, string> {
    const headers = super.graphHeaders(ctx);
    delete headers['request-id'];
    return headers;
  }
}

/** Error answers lack the request-id header (successes carry it). */
export class NoRequestIdOnErrors extends ReferenceMock {
  protected override sendError(ctx: Ctx, error: HttpError): void {
    const headers: Record<string, string> = { ...this.graphHeaders(ctx), 'Content-Type': 'application/json', ...error.headers };
    delete headers['request-id'];
    ctx.res.writeHead(error.status, headers);
    ctx.res.end(JSON.stringify(this.errorBody(ctx, error.code, error.message)));
    if (!ctx.req.complete) ctx.req.resume();
  }
}

/** The client-request-id sent by the client is replaced by a server-made one. */
export class ClientRequestIdNotEchoed extends ReferenceMock {
  protected override graphHeaders(ctx: Ctx): Record<string, string> {
    return { ...super.graphHeaders(ctx), 'client-request-id': ctx.requestId };
  }
}
