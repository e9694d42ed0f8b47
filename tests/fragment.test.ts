import SwaggerParser from '@apidevtools/swagger-parser';
import { expect, test } from '@playwright/test';
import { Contract, FRAGMENT_PATH, loadFragment } from '../harness/contract';

test('the fragment is a valid OpenAPI 3.0 document (swagger-parser)', async () => {
  // validate() dereferences in place: give it its own copy.
  const api = await SwaggerParser.validate(structuredClone(loadFragment()) as never);
  expect((api as { openapi: string }).openapi).toMatch(/^3\.0\./);
});

test('every schema of the fragment compiles under ajv in strict mode', () => {
  const contract = new Contract();
  expect(contract.ajv.opts.strict).toBe(true);
  const names = contract.schemaNames();
  expect(names.length).toBeGreaterThan(5);
  for (const name of names) expect(() => contract.validator(name), name).not.toThrow();
});

test('ajv strict mode would reject an unregistered OpenAPI keyword, so registering them is what makes it compile', () => {
  const doc = loadFragment();
  const schemas = doc.components!.schemas as Record<string, object>;
  schemas.Probe = { type: 'string', 'x-unregistered-typo': true };
  const contract = new Contract(doc);
  // x-* keys found in the fragment are registered; a typo'd plain keyword is not.
  schemas.Typo = { type: 'string', exampel: 'x' };
  expect(() => new Contract(doc).validator('Typo')).toThrow(/unknown keyword/);
  expect(() => contract.validator('Probe')).not.toThrow();
});

test('the fragment file is the one the harness loads', () => {
  expect(FRAGMENT_PATH).toMatch(/specs\/apiconnectorconfiguration\.openapi\.json$/);
});

test('the PUT declares ReferenceUpdate, 204 without content, and ODataError for 4XX and 5XX', () => {
  const contract = new Contract();
  const template = '/identity/b2xUserFlows/{b2xUserFlowId}/apiConnectorConfiguration/{step}/$ref';
  const put = contract.operation(template, 'put');
  expect(JSON.stringify(put.requestBody)).toContain('#/components/schemas/ReferenceUpdate');
  expect(contract.declaredResponse(template, 'put', 204)?.response.content).toBeUndefined();
  for (const status of [400, 401, 404, 500, 503]) {
    expect(contract.jsonSchemaRef(contract.declaredResponse(template, 'put', status)?.response.content)).toBe('#/components/schemas/ODataError');
  }
  expect(contract.stepEnum()).toEqual(['postFederationSignup', 'postAttributeCollection']);
  expect(contract.validate('ReferenceUpdate', {}).valid).toBe(true);
});

test('the validator rejects a broken OpenAPI document, so its pass means something', async () => {
  const doc = structuredClone(loadFragment()) as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  doc.paths['/identity/apiConnectors']!.get!.responses['200'] = { content: {} };
  await expect(SwaggerParser.validate(doc as never)).rejects.toThrow();
});
