import fs from 'node:fs';
import path from 'node:path';
import type { ConformanceConfig } from './config';

export interface DocumentedExample {
  name: string;
  title: string;
  kind: 'enable' | 'disable';
  method: string;
  url: string;
  sampleKeys: string[];
  headers: Record<string, string>;
  body: string;
  response: { status: number; statusText: string; body: string };
}

export const EXAMPLES_PATH = path.resolve(__dirname, '..', 'fixtures', 'documented-examples.json');

export function documentedExamples(file = EXAMPLES_PATH): DocumentedExample[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { examples: DocumentedExample[] }).examples;
}

/** The service root the page's examples are written against. */
export const DOCUMENTED_SERVICE_ROOT = 'https://graph.microsoft.com/v1.0';

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body text as it goes on the wire. */
  body: string;
}

/**
 * The page's request, retargeted: the documented service root becomes the configured one, the sample flow id the
 * configured flow, and the `{id}` placeholder the configured connector. The rest of the bytes stay as documented.
 */
export function buildDocumentedRequest(example: DocumentedExample, config: Pick<ConformanceConfig, 'serviceRoot' | 'userFlowId' | 'apiConnectorId'>): BuiltRequest {
  if (!example.url.startsWith(`${DOCUMENTED_SERVICE_ROOT}/`)) {
    throw new Error(`${example.name}: documented URL does not start with ${DOCUMENTED_SERVICE_ROOT}/: ${example.url}`);
  }
  const [sampleFlowId] = example.sampleKeys;
  if (sampleFlowId === undefined) throw new Error(`${example.name}: sampleKeys names no user flow id`);
  const relative = example.url.slice(DOCUMENTED_SERVICE_ROOT.length);
  const flowSegment = `/b2xUserFlows/${sampleFlowId}/`;
  if (!relative.includes(flowSegment)) throw new Error(`${example.name}: sample key ${sampleFlowId} is not the flow id segment of ${example.url}`);
  const url = `${config.serviceRoot}${relative.replace(flowSegment, `/b2xUserFlows/${config.userFlowId}/`)}`;
  const body = example.body
    .split(`${DOCUMENTED_SERVICE_ROOT}/identity/apiConnectors/{id}`)
    .join(`${config.serviceRoot}/identity/apiConnectors/${config.apiConnectorId}`);
  return { method: example.method, url, headers: { ...example.headers }, body };
}
