import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIV3 } from 'openapi-types';

export const FRAGMENT_PATH = path.resolve(__dirname, '..', 'specs', 'apiconnectorconfiguration.openapi.json');
const FRAGMENT_ID = 'https://conformance.local/specs/apiconnectorconfiguration.openapi.json';

/** The `$ref` PUT/DELETE path template, as the fragment spells it. */
export const REF_PATH_TEMPLATE = '/identity/b2xUserFlows/{b2xUserFlowId}/apiConnectorConfiguration/{step}/$ref';
export const CONFIGURATION_PATH_TEMPLATE = '/identity/b2xUserFlows/{b2xUserFlowId}/apiConnectorConfiguration';

export function loadFragment(file = FRAGMENT_PATH): OpenAPIV3.Document {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as OpenAPIV3.Document;
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.0.')) {
    throw new Error(`${file}: expected an OpenAPI 3.0.x document, found openapi=${String(doc.openapi)}`);
  }
  return doc;
}

/** Every `x-*` key used inside schemas, so strict mode knows them as vocabulary instead of being switched off. */
function extensionKeywords(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => extensionKeywords(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) found.add(key);
      extensionKeywords(value, found);
    }
  }
  return found;
}

/** OpenAPI 3.0 Schema Object keywords that JSON Schema does not define and ajv does not know. */
const OPENAPI_ANNOTATION_KEYWORDS = ['example', 'externalDocs', 'xml'];

export function createAjv(doc: OpenAPIV3.Document): Ajv {
  // strict stays on: an unknown keyword in a hand-written fragment is a typo to catch, not to ignore.
  const ajv = new Ajv({ strict: true, allErrors: true, discriminator: true });
  addFormats(ajv);
  ajv.addVocabulary([...OPENAPI_ANNOTATION_KEYWORDS, ...extensionKeywords(doc.components?.schemas ?? {})]);
  // The component schemas live under one $id so that every compile resolves `#/components/schemas/X` against it.
  ajv.addKeyword({ keyword: 'components', schemaType: 'object' });
  ajv.addSchema({ $id: FRAGMENT_ID, components: { schemas: doc.components?.schemas ?? {} } });
  return ajv;
}

export interface SchemaResult {
  valid: boolean;
  errors: string[];
}

export function formatAjvErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`);
}

/** The fragment, loaded once per process, with its schemas compiled on first use. */
export class Contract {
  readonly doc: OpenAPIV3.Document;
  readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: OpenAPIV3.Document = loadFragment()) {
    this.doc = doc;
    this.ajv = createAjv(doc);
  }

  schemaNames(): string[] {
    return Object.keys(this.doc.components?.schemas ?? {});
  }

  /** Compile a component schema by name, or a `#/components/schemas/...` pointer. */
  validator(nameOrRef: string): ValidateFunction {
    const ref = nameOrRef.startsWith('#/') ? nameOrRef : `#/components/schemas/${nameOrRef}`;
    let fn = this.compiled.get(ref);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `${FRAGMENT_ID}${ref}` });
      this.compiled.set(ref, fn);
    }
    return fn;
  }

  validate(nameOrRef: string, value: unknown): SchemaResult {
    const fn = this.validator(nameOrRef);
    const valid = fn(value) as boolean;
    return { valid, errors: valid ? [] : formatAjvErrors(fn.errors) };
  }

  operation(pathTemplate: string, method: 'get' | 'put' | 'delete'): OpenAPIV3.OperationObject {
    const op = this.doc.paths[pathTemplate]?.[method];
    if (!op) throw new Error(`the fragment declares no ${method.toUpperCase()} ${pathTemplate}`);
    return op;
  }

  /** The enum of a path parameter, resolved through `$ref`s. */
  stepEnum(): string[] {
    const schema = this.resolve<OpenAPIV3.SchemaObject>('#/components/schemas/step');
    return (schema.enum ?? []).map(String);
  }

  /** Resolve a local `$ref` (one hop at a time) in the fragment. */
  resolve<T>(ref: string): T {
    let node: unknown = this.doc;
    for (const part of ref.replace(/^#\//, '').split('/')) {
      node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      if (node === undefined) throw new Error(`unresolvable $ref ${ref} in the fragment`);
    }
    const maybeRef = node as { $ref?: string };
    return maybeRef.$ref ? this.resolve<T>(maybeRef.$ref) : (node as T);
  }

  /** The response object the fragment declares for a status: exact code first, then the `4XX`/`5XX` range. */
  declaredResponse(pathTemplate: string, method: 'get' | 'put' | 'delete', status: number): { key: string; response: OpenAPIV3.ResponseObject } | undefined {
    const responses = this.operation(pathTemplate, method).responses;
    const key = [String(status), `${String(status)[0]}XX`].find((k) => k in responses);
    if (!key) return undefined;
    const entry = responses[key] as OpenAPIV3.ResponseObject | OpenAPIV3.ReferenceObject;
    const response = '$ref' in entry ? this.resolve<OpenAPIV3.ResponseObject>(entry.$ref) : entry;
    return { key, response };
  }

  /** The `$ref` of the JSON schema of a response or request body, if it declares one. */
  jsonSchemaRef(content: Record<string, OpenAPIV3.MediaTypeObject> | undefined): string | undefined {
    const schema = content?.['application/json']?.schema;
    return schema && '$ref' in schema ? schema.$ref : undefined;
  }
}

let shared: Contract | undefined;
/** One contract per process: compiling schemas is the expensive part, and ajv refuses a second schema with the same $id. */
export function contract(): Contract {
  shared ??= new Contract();
  return shared;
}
