/**
 * Property-based fuzzing of the reference mock with fast-check: random paths, methods, headers and bodies sent over a
 * raw socket to an in-process mock, whose state is compared before and after each request. The invariants:
 *   - never a 5xx, never a dropped connection (an answer always arrives, complete);
 *   - every 4xx carries Graph's error envelope (ODataError of the fragment, validated with harness/contract.ts);
 *   - a 4xx never changes the configuration;
 *   - a 204 changes exactly one step of one flow, as documented: the connector the body's @odata.id names, or null
 *     for {} and DELETE; and the exactly documented requests are answered 204.
 * Used by `npm run fuzz` (thousands of cases) and tests/mock-fuzz.test.ts (a fixed seed, a few hundred).
 */
import fc from 'fast-check';
import { contract } from '../harness/contract';
import type { ReferenceMock } from '../mock/server';
import { STEPS } from '../mock/state';
import { buildRequest, rawExchange, type RawOutcome } from './raw-http';
import { DEFAULT_API_CONNECTOR_ID, SECOND_CONNECTOR_ID } from './requests';

export interface FuzzCase {
  method: string;
  /** The request target exactly as sent (path and query). */
  target: string;
  headers: [string, string][];
  body?: Buffer;
  /** Built as one of the documented requests, with the right token: must be answered 204. */
  documented: boolean;
}

const FLOWS = ['B2X_1_testuserflow', 'B2X_1_partnerflow'];
const CONNECTORS = [DEFAULT_API_CONNECTOR_ID, SECOND_CONNECTOR_ID];
const ROOTS = ['https://graph.microsoft.com/v1.0', 'http://127.0.0.1/v1.0', 'https://graph.microsoft.com/beta', ''];

/** Percent-encode some characters of a string (even unreserved ones), as a client may. */
function encodeSome(text: string, mask: boolean[]): string {
  return [...text].map((ch, i) => (mask[i % Math.max(mask.length, 1)] ? `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}` : ch)).join('');
}

const printable = fc.string({ unit: 'grapheme-ascii', maxLength: 40 });

const segment: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('identity', 'b2xUserFlows', 'apiConnectorConfiguration', 'apiConnectors', '$ref', ...STEPS, ...FLOWS, ...CONNECTORS, 'v1.0', 'beta') },
  { weight: 2, arbitrary: fc.constantFrom('..', '.', '', '%2e%2e', '%2e%2e%2f', '..%2f..%2f', '%2F', '%ZZ', '%', '%00', '%24ref', '%C0%AE', '%ff', 'B2X_1_unknown', 'postfederationsignup', '$REF') },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('identity', 'b2xUserFlows', '$ref', ...STEPS, ...FLOWS), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 })).map(([s, mask]) => encodeSome(s, mask)) },
  { weight: 1, arbitrary: printable.map((s) => encodeURIComponent(s)) },
  { weight: 1, arbitrary: printable.map((s) => s.replace(/[\s?#]/g, '')) },
);

const query = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.constantFrom('?$expand=*', '?$expand=postFederationSignup', '?$expand=nope', '?$select=id', '?$top=1', '?$expand=*&$expand=*', '?', '?a=%ZZ') },
  { weight: 1, arbitrary: printable.map((s) => `?${encodeURIComponent(s)}=${s.replace(/[\s#]/g, '')}`) },
);

const token = 'reference-mock-dev-token';
const authorization = fc.oneof(
  { weight: 6, arbitrary: fc.constant<[string, string][]>([['Authorization', `Bearer ${token}`]]) },
  { weight: 1, arbitrary: fc.constant<[string, string][]>([['Authorization', `bearer   ${token}`]]) },
  { weight: 2, arbitrary: fc.constant<[string, string][]>([]) },
  { weight: 2, arbitrary: fc.constantFrom('Bearer wrong', 'Basic dXNlcjpwYXNz', 'Bearer', `Bearer ${token} extra`, 'Bearer a.b.c').map((v): [string, string][] => [['Authorization', v]]) },
  { weight: 1, arbitrary: printable.map((v): [string, string][] => [['Authorization', v.trim()]]) },
);

const contentType = fc.oneof(
  { weight: 5, arbitrary: fc.constant<[string, string][]>([['Content-Type', 'application/json']]) },
  { weight: 2, arbitrary: fc.constant<[string, string][]>([]) },
  { weight: 2, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', 'application/jsonx', 'application/xml', 'multipart/form-data; boundary=x').map((v): [string, string][] => [['Content-Type', v]]) },
  { weight: 1, arbitrary: printable.map((v): [string, string][] => [['Content-Type', v.trim()]]) },
);

const extraHeaders = fc.array(
  fc.tuple(fc.stringMatching(/^[a-z0-9-]{1,20}$/), printable).map(([name, value]): [string, string] => [`x-fuzz-${name}`, value.trim()]),
  { maxLength: 3 },
);
const clientRequestId = fc.option(printable.map((v): [string, string] => ['client-request-id', v.trim()]), { nil: undefined });

const referenceBody = fc
  .record({ root: fc.constantFrom(...ROOTS), id: fc.oneof(fc.constantFrom(...CONNECTORS), fc.constantFrom('unknown-id', '', '..', '%2e', 'a/b')), type: fc.option(fc.constantFrom('#microsoft.graph.identityApiConnector', 'x'), { nil: undefined }) })
  .map(({ root, id, type }) => JSON.stringify({ '@odata.id': `${root}/identity/apiConnectors/${id}`, ...(type ? { '@odata.type': type } : {}) }));

const body: fc.Arbitrary<Buffer | undefined> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: referenceBody.map((s) => Buffer.from(s)) },
  { weight: 2, arbitrary: fc.constantFrom('{}', '{ }', ' {}\n', '\ufeff{}', 'null', '[]', '""', '{"@odata.id": null}', '{"@odata.id": 5}', '{"@odata.type": "x"}', '{"@odata.id": "https://graph.microsoft.com/v1.0/identity/apiConnectors/x", "extra": 1}', '{"@odata.id":', '').map((s) => Buffer.from(s)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 4 }).map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)) },
);

const method = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'POST', 'PATCH', 'HEAD', 'OPTIONS') },
  { weight: 1, arbitrary: fc.constantFrom('put', 'TRACE', 'PROPFIND', 'FOO', 'GET\u0000', 'G ET') },
);

/** Any request: mostly near the operation's paths, sometimes far off. */
const anyRequest: fc.Arbitrary<FuzzCase> = fc
  .record({
    method,
    prefix: fc.oneof({ weight: 8, arbitrary: fc.constant('/v1.0') }, { weight: 1, arbitrary: fc.constantFrom('/beta', '', '/V1.0', '/v1.0/..', '//v1.0', '/v1.0%2f', '/%761.0') }),
    segments: fc.oneof(
      fc.array(segment, { maxLength: 8 }),
      fc.tuple(fc.constantFrom(...FLOWS, 'B2X_1_unknown'), fc.constantFrom<string>(...STEPS, 'other'), fc.oneof({ weight: 4, arbitrary: fc.constant('$ref') }, segment)).map(([flow, step, last]) => ['identity', 'b2xUserFlows', flow, 'apiConnectorConfiguration', step, last]),
    ),
    trailingSlash: fc.boolean(),
    query,
    auth: authorization,
    type: contentType,
    extra: extraHeaders,
    clientRequestId,
    body,
  })
  .map((r) => ({
    method: r.method,
    target: `${r.prefix}/${r.segments.join('/')}${r.trailingSlash ? '/' : ''}${r.query}`,
    headers: [...r.auth, ...r.type, ...r.extra, ...(r.clientRequestId ? [r.clientRequestId] : [])],
    body: r.body,
    documented: false,
  }));

/** One of the documented requests (enable with either connector, disable with {}), or the DELETE form. */
const documentedRequest: fc.Arbitrary<FuzzCase> = fc
  .record({ flow: fc.constantFrom(...FLOWS), step: fc.constantFrom(...STEPS), kind: fc.constantFrom('enable', 'disable', 'delete'), connector: fc.constantFrom(...CONNECTORS), root: fc.constantFrom(...ROOTS) })
  .map(({ flow, step, kind, connector, root }) => ({
    method: kind === 'delete' ? 'DELETE' : 'PUT',
    target: `/v1.0/identity/b2xUserFlows/${flow}/apiConnectorConfiguration/${step}/$ref`,
    headers: [['Authorization', `Bearer ${token}`], ['Content-Type', 'application/json']] as [string, string][],
    body: kind === 'delete' ? undefined : Buffer.from(kind === 'enable' ? `{\n    "@odata.id": "${root}/identity/apiConnectors/${connector}"   \n}` : '{ }'),
    documented: true,
  }));

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof({ weight: 5, arbitrary: anyRequest }, { weight: 1, arbitrary: documentedRequest });

type Snapshot = Record<string, Record<string, string | null>>;

function snapshot(mock: ReferenceMock): { flows: Snapshot; other: string } {
  const flows: Snapshot = {};
  for (const [id, flow] of mock.state.flows) flows[id] = { ...flow.apiConnectorConfiguration };
  // Everything but the configuration (flow metadata, connectors) must never change at all.
  const other = JSON.stringify({
    flows: [...mock.state.flows.values()].map((f) => ({ ...f, apiConnectorConfiguration: undefined })),
    connectors: [...mock.state.connectors.entries()],
  });
  return { flows, other };
}

/** What a 204 to this request must have set, per the documentation; undefined when no 204 is possible. */
export function documentedEffect(c: FuzzCase, knownFlows: Set<string>, knownConnectors: Set<string>): { flow: string; step: string; value: string | null } | undefined {
  if (c.method !== 'PUT' && c.method !== 'DELETE') return undefined;
  const auth = c.headers.filter(([name]) => name.toLowerCase() === 'authorization');
  if (auth.length !== 1 || !new RegExp(`^Bearer +${token}$`, 'i').test(auth[0]![1])) return undefined;
  const rawPath = c.target.split('?')[0]!;
  if (!rawPath.startsWith('/v1.0/')) return undefined;
  const parts = rawPath.slice('/v1.0'.length).split('/');
  if (parts[0] === '') parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  let segments: string[];
  try {
    segments = parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
  const [identity, collection, flow, nav, step, ref, ...rest] = segments;
  if (identity !== 'identity' || collection !== 'b2xUserFlows' || nav !== 'apiConnectorConfiguration' || ref !== '$ref' || rest.length) return undefined;
  if (!flow || !knownFlows.has(flow) || !step || !(STEPS as readonly string[]).includes(step)) return undefined;
  if (c.method === 'DELETE') return { flow, step, value: null };
  let parsed: unknown;
  try {
    const text = (c.body ?? Buffer.alloc(0)).toString('utf8').replace(/^\ufeff/, '');
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  // The documented bodies: {} (disable), or a reference with "@odata.id" (and at most its "@odata.type").
  const keys = Object.keys(parsed);
  if (keys.length === 0) return { flow, step, value: null };
  if (keys.some((k) => k !== '@odata.id' && k !== '@odata.type')) return undefined;
  const odataId = (parsed as Record<string, unknown>)['@odata.id'];
  if (typeof odataId !== 'string') return undefined;
  let id: string;
  try {
    id = decodeURIComponent(new URL(odataId, 'http://127.0.0.1/v1.0/').pathname.split('/').pop() ?? '');
  } catch {
    return undefined;
  }
  return knownConnectors.has(id) ? { flow, step, value: id } : undefined;
}

/** Send one case to the mock and return every invariant it broke (empty: all held). */
export async function checkCase(mock: ReferenceMock, port: number, c: FuzzCase, statuses?: Record<string, number>): Promise<string[]> {
  const before = snapshot(mock);
  const outcome: RawOutcome = await rawExchange(buildRequest(c.method, c.target, c.headers, c.body, port), { port, head: c.method === 'HEAD', timeoutMs: 10_000 });
  const after = snapshot(mock);
  const problems: string[] = [];
  if (outcome.kind !== 'answer') {
    problems.push(outcome.kind === 'dropped' ? `dropped connection: ${outcome.detail}` : 'no answer within 10 s');
    return problems;
  }
  const { status, headers, body } = outcome.answer;
  if (statuses) statuses[status] = (statuses[status] ?? 0) + 1;
  const changed = JSON.stringify(before.flows) !== JSON.stringify(after.flows);
  if (before.other !== after.other) problems.push('the request changed flow metadata or connectors');
  if (status >= 500) problems.push(`answered ${status}: ${body.toString('utf8').slice(0, 300)}`);
  if (status >= 400 && status < 500) {
    if (changed) problems.push(`answered ${status} but changed the configuration: ${JSON.stringify(before.flows)} -> ${JSON.stringify(after.flows)}`);
    if (!/^application\/json/i.test(headers['content-type'] ?? '')) problems.push(`answered ${status} with Content-Type ${JSON.stringify(headers['content-type'] ?? null)}, not JSON`);
    if (c.method === 'HEAD') {
      if (!(Number(headers['content-length']) > 0)) problems.push(`answered HEAD ${status} without the length of an error envelope`);
    } else {
      let envelope: unknown;
      try {
        envelope = JSON.parse(body.toString('utf8'));
      } catch {
        problems.push(`answered ${status} with a body that is not JSON: ${JSON.stringify(body.toString('utf8').slice(0, 200))}`);
      }
      if (envelope !== undefined) {
        const result = contract().validate('ODataError', envelope);
        if (!result.valid) problems.push(`answered ${status} with a body that is not an ODataError: ${result.errors.join('; ')}`);
      }
    }
  }
  const effect = documentedEffect(c, new Set(Object.keys(before.flows)), new Set(mock.state.connectors.keys()));
  if (status === 204) {
    if (body.length) problems.push('answered 204 with a body');
    if (!effect) problems.push(`answered 204 to a request the documentation does not accept (${c.method} ${c.target})`);
    else {
      const expected: Snapshot = JSON.parse(JSON.stringify(before.flows)) as Snapshot;
      expected[effect.flow]![effect.step] = effect.value;
      if (JSON.stringify(expected) !== JSON.stringify(after.flows)) problems.push(`answered 204 but the configuration is ${JSON.stringify(after.flows)}, documented: ${JSON.stringify(expected)}`);
    }
  } else if (changed && status < 400) {
    problems.push(`answered ${status} and changed the configuration`);
  }
  if (c.documented && status !== 204) problems.push(`a documented request was answered ${status}, not 204: ${body.toString('utf8').slice(0, 200)}`);
  return problems;
}

/** The property, ready for fc.assert / fc.check: every case keeps every invariant. `statuses` counts the answers. */
export function mockInvariants(mock: ReferenceMock, port: number, statuses?: Record<string, number>): fc.IAsyncPropertyWithHooks<[FuzzCase]> {
  return fc.asyncProperty(fuzzCase, async (c) => {
    const problems = await checkCase(mock, port, c, statuses);
    if (problems.length) throw new Error(`${c.method} ${JSON.stringify(c.target)}:\n  ${problems.join('\n  ')}`);
  });
}

/** A case as a reader can replay it: the raw request text, the body as JSON string or base64. */
export function describeCase(c: FuzzCase): string {
  return JSON.stringify({ method: c.method, target: c.target, headers: c.headers, body: c.body === undefined ? null : c.body.toString('latin1') });
}
