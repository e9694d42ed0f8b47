/** Every assertion helper of the harness, shown passing on good input and failing on each kind of bad input. */
import { expect, test } from '@playwright/test';
import { jsonAnswerProblems, matchPathTemplate, noContentProblems, odataErrorProblems, referenceBodyProblems } from '../harness/assertions';
import { Contract } from '../harness/contract';
import type { Exchange } from '../harness/exchange';
import { CONFIGURATION_TEMPLATE, REF_TEMPLATE } from '../harness/graph';

const contract = new Contract();
const root = 'https://graph.microsoft.com/v1.0';
const refUrl = (tail: string) => `${root}/identity/b2xUserFlows/B2X_1_testuserflow/apiConnectorConfiguration/${tail}`;

function exchange(status: number, body = '', headers: Record<string, string> = {}): Exchange {
  return {
    request: { method: 'PUT', url: refUrl('postFederationSignup/$ref'), headers: {} },
    response: { status, statusText: '', headers, body: Buffer.from(body) },
    durationMs: 1,
  };
}

test.describe('matchPathTemplate', () => {
  test('accepts the documented URL and extracts its parameters', () => {
    const m = matchPathTemplate(contract, REF_TEMPLATE, refUrl('postFederationSignup/$ref'), root);
    expect(m.problems).toEqual([]);
    expect(m.params).toEqual({ b2xUserFlowId: 'B2X_1_testuserflow', step: 'postFederationSignup' });
  });
  test('rejects a percent-encoded $ref', () => {
    expect(matchPathTemplate(contract, REF_TEMPLATE, refUrl('postFederationSignup/%24ref'), root).problems.join()).toMatch(/percent-encoded/);
  });
  test('rejects an unknown step', () => {
    expect(matchPathTemplate(contract, REF_TEMPLATE, refUrl('preTokenIssuance/$ref'), root).problems.join()).toMatch(/step="preTokenIssuance" is not allowed/);
  });
  test('rejects a missing $ref', () => {
    expect(matchPathTemplate(contract, REF_TEMPLATE, refUrl('postFederationSignup'), root).problems.join()).toMatch(/missing the segment \$ref/);
  });
  test('rejects an extra segment', () => {
    expect(matchPathTemplate(contract, REF_TEMPLATE, refUrl('postFederationSignup/$ref/extra'), root).problems.join()).toMatch(/extra segment "extra"/);
  });
  test('rejects a trailing slash', () => {
    expect(matchPathTemplate(contract, REF_TEMPLATE, refUrl('postFederationSignup/$ref/'), root).problems.join()).toMatch(/trailing slash/);
  });
  test('rejects a query string', () => {
    expect(matchPathTemplate(contract, REF_TEMPLATE, `${refUrl('postFederationSignup/$ref')}?x=1`, root).problems.join()).toMatch(/query/);
  });
  test('rejects a URL outside the service root (a lost /v1.0)', () => {
    expect(matchPathTemplate(contract, REF_TEMPLATE, refUrl('postFederationSignup/$ref').replace('/v1.0', ''), root).problems.join()).toMatch(/not under the service root/);
  });
  test('rejects an empty user flow id', () => {
    const url = `${root}/identity/b2xUserFlows//apiConnectorConfiguration/postFederationSignup/$ref`;
    expect(matchPathTemplate(contract, REF_TEMPLATE, url, root).problems.join()).toMatch(/b2xUserFlowId is empty/);
  });
});

test.describe('referenceBodyProblems', () => {
  const enable = { kind: 'enable' as const, serviceRoot: root, apiConnectorId: 'abc' };
  test('accepts the documented enable body', () => {
    expect(referenceBodyProblems(contract, `{"@odata.id": "${root}/identity/apiConnectors/abc"}`, enable)).toEqual([]);
  });
  test('accepts the documented disable body "{ }"', () => {
    expect(referenceBodyProblems(contract, '{ }', { kind: 'disable' })).toEqual([]);
  });
  test('rejects {"id": "..."}', () => {
    expect(referenceBodyProblems(contract, '{"id": "abc"}', enable).join()).toMatch(/found id/);
  });
  test('rejects a reference id that is a number, through the fragment schema', () => {
    expect(referenceBodyProblems(contract, '{"@odata.id": 42}', enable).join()).toMatch(/ReferenceUpdate.*must be string/);
  });
  test('rejects a reference to something other than an API connector', () => {
    expect(referenceBodyProblems(contract, `{"@odata.id": "${root}/users/abc"}`, enable).join()).toMatch(/must be .*apiConnectors/);
  });
  test('rejects a reference to another connector than configured', () => {
    expect(referenceBodyProblems(contract, `{"@odata.id": "${root}/identity/apiConnectors/other"}`, enable).join()).toMatch(/expected abc/);
  });
  test('rejects a non-empty disable body', () => {
    expect(referenceBodyProblems(contract, `{"@odata.id": "${root}/identity/apiConnectors/abc"}`, { kind: 'disable' }).join()).toMatch(/disable body is \{\}/);
  });
  test('rejects malformed JSON', () => {
    expect(referenceBodyProblems(contract, '{"@odata', enable).join()).toMatch(/not JSON/);
  });
});

test.describe('noContentProblems', () => {
  test('accepts an empty 204', () => {
    expect(noContentProblems(contract, REF_TEMPLATE, 'put', exchange(204))).toEqual([]);
  });
  test('rejects a 200', () => {
    expect(noContentProblems(contract, REF_TEMPLATE, 'put', exchange(200)).join()).toMatch(/expected 204 No Content, got 200/);
  });
  test('rejects a 204 with a body', () => {
    expect(noContentProblems(contract, REF_TEMPLATE, 'put', exchange(204, '{}')).join()).toMatch(/carries no body, found 2 bytes/);
  });
  test('names the error code of a failed write', () => {
    expect(noContentProblems(contract, REF_TEMPLATE, 'put', exchange(400, '{"error":{"code":"BadRequest","message":"x"}}')).join()).toMatch(/error.code BadRequest/);
  });
});

test.describe('odataErrorProblems', () => {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  const envelope = JSON.stringify({ error: { code: 'BadRequest', message: 'Resource not found for the segment' } });
  test('accepts a 400 with the error envelope', () => {
    expect(odataErrorProblems(contract, REF_TEMPLATE, 'put', exchange(400, envelope, json), [400])).toEqual([]);
  });
  test('rejects the wrong status', () => {
    expect(odataErrorProblems(contract, REF_TEMPLATE, 'put', exchange(404, envelope, json), [400]).join()).toMatch(/expected 400, got 404/);
  });
  test('rejects a success where an error is due', () => {
    expect(odataErrorProblems(contract, REF_TEMPLATE, 'put', exchange(204), [400]).join()).toMatch(/expected 400, got 204/);
  });
  test('rejects an empty error.code', () => {
    const body = JSON.stringify({ error: { code: '', message: 'x' } });
    expect(odataErrorProblems(contract, REF_TEMPLATE, 'put', exchange(400, body, json), [400]).join()).toMatch(/code must NOT have fewer than 1/);
  });
  test('rejects problem+json (not the envelope)', () => {
    const body = JSON.stringify({ type: 'about:blank', title: 'Invalid', status: 422 });
    const problems = odataErrorProblems(contract, REF_TEMPLATE, 'put', exchange(422, body, { 'content-type': 'application/problem+json' }), [400]).join();
    expect(problems).toMatch(/Content-Type application\/problem\+json/);
    expect(problems).toMatch(/must have required property 'error'/);
  });
  test('rejects a non-JSON body', () => {
    expect(odataErrorProblems(contract, REF_TEMPLATE, 'put', exchange(400, '<html>', json), [400]).join()).toMatch(/body is JSON/);
  });
});

test.describe('jsonAnswerProblems', () => {
  const json = { 'content-type': 'application/json' };
  test('accepts a configuration read with one step bound and one null', () => {
    const body = JSON.stringify({ postFederationSignup: { id: 'abc', displayName: 'x' }, postAttributeCollection: null });
    expect(jsonAnswerProblems(contract, CONFIGURATION_TEMPLATE, 'get', exchange(200, body, json), 200)).toEqual([]);
  });
  test('rejects a step that is neither a connector nor null', () => {
    const body = JSON.stringify({ postFederationSignup: 'abc' });
    expect(jsonAnswerProblems(contract, CONFIGURATION_TEMPLATE, 'get', exchange(200, body, json), 200).join()).toMatch(/postFederationSignup/);
  });
});
