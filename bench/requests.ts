/** The requests the bench and the load test send: the documented examples, made concrete for the seeded mock. */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_API_CONNECTOR_ID, DEFAULT_USER_FLOW_ID } from '../harness/config';

interface DocumentedExample {
  name: string;
  kind: 'enable' | 'disable';
  url: string;
  body: string;
}

const EXAMPLES_PATH = path.resolve(__dirname, '..', 'fixtures', 'documented-examples.json');

/** Example 1 of the page, verbatim but for `{id}`: `PUT .../postFederationSignup/$ref` with an `@odata.id` body. */
export function documentedEnable(serviceRoot: string, connectorId = DEFAULT_API_CONNECTOR_ID): { path: string; body: string } {
  const examples = (JSON.parse(fs.readFileSync(EXAMPLES_PATH, 'utf8')) as { examples: DocumentedExample[] }).examples;
  const example = examples.find((e) => e.kind === 'enable');
  if (!example) throw new Error(`${EXAMPLES_PATH}: no enable example`);
  const docRoot = 'https://graph.microsoft.com/v1.0';
  return {
    path: new URL(serviceRoot).pathname + example.url.slice(docRoot.length),
    body: example.body.replace('{id}', connectorId),
  };
}

export const SECOND_CONNECTOR_ID = '0f3c5b7e-8d21-4a6b-b9f0-2c7d4e6a8b13';
export { DEFAULT_API_CONNECTOR_ID, DEFAULT_USER_FLOW_ID };

export function refPath(serviceRoot: string, step: string, flow = DEFAULT_USER_FLOW_ID): string {
  return `${new URL(serviceRoot).pathname}/identity/b2xUserFlows/${flow}/apiConnectorConfiguration/${step}/$ref`;
}
