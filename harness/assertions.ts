/**
 * The checks' assertion helpers. Each returns the list of problems it found (empty: the clause holds), so a check
 * asserts `expect(problems, message).toEqual([])` and a unit test can show every helper failing.
 */
import type { OpenAPIV3 } from 'openapi-types';
import type { Contract } from './contract';
import { bodyJson, bodyText, header, type Exchange } from './exchange';

export type Method = 'get' | 'put' | 'delete';

export interface UrlMatch {
  params: Record<string, string>;
  problems: string[];
}

/**
 * Match a request URL against one of the fragment's path templates, exactly and on the raw bytes: literal segments
 * compared as written (so `%24ref` is not `$ref`), every parameter a non-empty segment, then each parameter checked
 * against the schema the fragment gives it. No trailing slash, no extra or missing segment, no query.
 */
export function matchPathTemplate(contract: Contract, template: string, url: string, serviceRoot: string): UrlMatch {
  const problems: string[] = [];
  const params: Record<string, string> = {};
  if (!url.startsWith(`${serviceRoot}/`)) {
    return { params, problems: [`URL ${url} is not under the service root ${serviceRoot}/`] };
  }
  let relative = url.slice(serviceRoot.length);
  const queryAt = relative.search(/[?#]/);
  if (queryAt !== -1) {
    problems.push(`URL carries a query or fragment "${relative.slice(queryAt)}" the template does not have`);
    relative = relative.slice(0, queryAt);
  }
  if (relative.length > 1 && relative.endsWith('/')) problems.push('URL ends with a trailing slash');
  const actual = relative.split('/').slice(1);
  const expected = template.split('/').slice(1);
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    const want = expected[i];
    const got = actual[i];
    if (want === undefined) {
      if (got !== '' || i !== actual.length - 1) problems.push(`URL has an extra segment "${got ?? ''}" after ${expected.at(-1)}`);
      continue;
    }
    if (got === undefined) {
      problems.push(`URL is missing the segment ${want}`);
      continue;
    }
    const param = /^\{(.+)\}$/.exec(want)?.[1];
    if (param !== undefined) {
      if (got === '') problems.push(`path parameter ${param} is empty`);
      else params[param] = got;
      continue;
    }
    if (got === want) continue;
    if (safeDecode(got) === want) problems.push(`segment "${got}" is percent-encoded; the template requires the literal "${want}"`);
    else problems.push(`segment ${i + 1} is "${got}", the template requires "${want}"`);
  }
  problems.push(...pathParameterProblems(contract, template, params));
  return { params, problems };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function pathParameterProblems(contract: Contract, template: string, params: Record<string, string>): string[] {
  const problems: string[] = [];
  const item = contract.doc.paths[template];
  if (!item) return [`the fragment declares no path ${template}`];
  for (const entry of item.parameters ?? []) {
    const parameter = '$ref' in entry ? contract.resolve<OpenAPIV3.ParameterObject>(entry.$ref) : entry;
    if (parameter.in !== 'path') continue;
    const value = params[parameter.name];
    if (value === undefined) continue;
    const schema = parameter.schema;
    if (!schema) continue;
    const ref = '$ref' in schema ? schema.$ref : undefined;
    const result = ref ? contract.validate(ref, value) : { valid: true, errors: [] };
    if (!result.valid) {
      const allowed = ref ? contract.resolve<OpenAPIV3.SchemaObject>(ref).enum : undefined;
      problems.push(`path parameter ${parameter.name}="${value}" is not allowed by the fragment${allowed ? ` (one of ${allowed.join(', ')})` : ''}: ${result.errors.join('; ')}`);
    }
  }
  return problems;
}

export type ExpectedBody = { kind: 'enable'; serviceRoot: string; apiConnectorId?: string } | { kind: 'disable' };

/**
 * The request body against the fragment's request schema (ReferenceUpdate), then against the documented shape,
 * which the schema alone cannot say: Graph's ReferenceUpdate has no required list, so `{"id": "x"}` validates.
 */
export function referenceBodyProblems(contract: Contract, body: string, expected: ExpectedBody): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [`body is not JSON: ${body.slice(0, 80)}`];
  }
  const op = contract.operation('/identity/b2xUserFlows/{b2xUserFlowId}/apiConnectorConfiguration/{step}/$ref', 'put');
  const requestBody = op.requestBody && ('$ref' in op.requestBody ? contract.resolve<OpenAPIV3.RequestBodyObject>(op.requestBody.$ref) : op.requestBody);
  const schemaRef = contract.jsonSchemaRef(requestBody?.content);
  if (!schemaRef) return ['the fragment declares no application/json request schema for the PUT'];
  const result = contract.validate(schemaRef, parsed);
  const problems = result.errors.map((e) => `body does not validate against ${schemaRef}: ${e}`);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return problems.length ? problems : ['body is not a JSON object'];
  const keys = Object.keys(parsed);
  if (expected.kind === 'disable') {
    if (keys.length) problems.push(`a disable body is {}, found properties ${keys.join(', ')}`);
    return problems;
  }
  const extra = keys.filter((k) => k !== '@odata.id' && k !== '@odata.type');
  if (extra.length) problems.push(`a reference has only @odata.id (and @odata.type); found ${extra.join(', ')}`);
  const odataId = (parsed as Record<string, unknown>)['@odata.id'];
  if (typeof odataId !== 'string') {
    problems.push('an enable body needs "@odata.id" as a string');
    return problems;
  }
  const prefix = `${expected.serviceRoot}/identity/apiConnectors/`;
  const id = odataId.startsWith(prefix) ? odataId.slice(prefix.length) : undefined;
  if (id === undefined || id === '' || id.includes('/')) problems.push(`"@odata.id" must be ${prefix}{id}, found ${odataId}`);
  else if (expected.apiConnectorId !== undefined && id !== expected.apiConnectorId) problems.push(`"@odata.id" names connector ${id}, expected ${expected.apiConnectorId}`);
  return problems;
}

/** A success that the fragment declares without content: the exact status and zero bytes of body. */
export function noContentProblems(contract: Contract, template: string, method: Method, exchange: Exchange): string[] {
  const problems: string[] = [];
  const { status } = exchange.response;
  if (status !== 204) problems.push(`expected 204 No Content, got ${status} ${exchange.response.statusText}${errorCodeSuffix(exchange)}`);
  const declared = contract.declaredResponse(template, method, status);
  if (!declared) problems.push(`the fragment declares no ${status} answer for ${method.toUpperCase()} ${template}`);
  else if (declared.response.content && status === 204) problems.push('the fragment declares content for 204, which has none');
  if (exchange.response.body.length > 0) problems.push(`a 204 answer carries no body, found ${exchange.response.body.length} bytes: ${bodyText(exchange).slice(0, 80)}`);
  return problems;
}

function errorCodeSuffix(exchange: Exchange): string {
  const code = (bodyJson(exchange) as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? ` (error.code ${code})` : '';
}

/** A JSON answer of the given status whose body validates against the schema the fragment declares for it. */
export function jsonAnswerProblems(contract: Contract, template: string, method: Method, exchange: Exchange, expectedStatus: number): string[] {
  const problems: string[] = [];
  const { status } = exchange.response;
  if (status !== expectedStatus) problems.push(`expected ${expectedStatus}, got ${status} ${exchange.response.statusText}${errorCodeSuffix(exchange)}`);
  problems.push(...declaredBodyProblems(contract, template, method, exchange));
  return problems;
}

/** An error answer: one of the statuses, a JSON body conforming to ODataError as the fragment declares for it. */
export function odataErrorProblems(contract: Contract, template: string, method: Method, exchange: Exchange, statuses: number[]): string[] {
  const problems: string[] = [];
  const { status } = exchange.response;
  if (!statuses.includes(status)) problems.push(`expected ${statuses.join(' or ')}, got ${status} ${exchange.response.statusText}${errorCodeSuffix(exchange)}`);
  if (status < 400) return problems;
  const declared = contract.declaredResponse(template, method, status);
  const ref = contract.jsonSchemaRef(declared?.response.content);
  if (ref !== '#/components/schemas/ODataError') problems.push(`the fragment does not declare ODataError for ${status} on ${method.toUpperCase()} ${template}`);
  problems.push(...declaredBodyProblems(contract, template, method, exchange));
  return problems;
}

function declaredBodyProblems(contract: Contract, template: string, method: Method, exchange: Exchange): string[] {
  const { status } = exchange.response;
  const declared = contract.declaredResponse(template, method, status);
  if (!declared) return [`the fragment declares no ${status} answer for ${method.toUpperCase()} ${template}`];
  const ref = contract.jsonSchemaRef(declared.response.content);
  if (!ref) return [];
  const problems: string[] = [];
  const type = header(exchange, 'content-type');
  if (!type || !/^application\/json\s*(;|$)/i.test(type)) problems.push(`a ${status} answer is application/json, found Content-Type ${type ?? '(none)'}`);
  const parsed = bodyJson(exchange);
  if (parsed === undefined) {
    problems.push(`a ${status} answer's body is JSON, found ${exchange.response.body.length ? JSON.stringify(bodyText(exchange).slice(0, 80)) : 'an empty body'}`);
    return problems;
  }
  const result = contract.validate(ref, parsed);
  problems.push(...result.errors.map((e) => `${status} body does not conform to ${ref.replace('#/components/schemas/', '')}: ${e}`));
  return problems;
}
