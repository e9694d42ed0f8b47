/**
 * The closed list of clauses a check may name, as test262 keeps features.txt: a typo in a check's metadata is a
 * type error, and reports group results by these ids. Add a clause here before writing its first check.
 */
export const CLAUSES = {
  'ref-url': 'The request URL matches PUT .../b2xUserFlows/{b2xUserFlowId}/apiConnectorConfiguration/{step}/$ref exactly',
  'ref-body': 'The request body is a ReferenceUpdate of the documented shape: a reference to an API connector, or {} to disable',
  'no-content': 'A successful PUT answers 204 No Content with an empty body, as the fragment declares',
  'bind-step': 'Enabling a step binds exactly the referenced connector to exactly that step',
  'other-step-untouched': 'Writing one step leaves the other step as it was',
  'unbind-empty-body': 'PUT {} unbinds the step',
  'idempotent-enable': 'Enabling the same connector twice answers 204 both times and leaves the same state',
  'delete-ref': 'DELETE on the $ref unbinds the step',
  'read-configuration': 'GET .../apiConnectorConfiguration?$expand=... answers the configuration as the fragment declares',
  'unknown-step': 'A step that is not a navigation property of the configuration is answered 400 with the error envelope',
  'unknown-flow': 'A user flow that does not exist is answered 404 with the error envelope',
  'malformed-json': 'A body that is not JSON is answered 400 with the error envelope',
  'invalid-reference-body': 'A body that is neither a reference nor {} is answered 400 with the error envelope',
  'wrong-reference-target': 'An @odata.id that does not point at an API connector is answered 400',
  'missing-connector': 'An @odata.id naming a connector that does not exist is answered 400 or 404',
  'unknown-expand': 'An unknown property in $expand is answered 400 with the error envelope',
  'auth-required': 'A request without a valid bearer token is answered 401 with the error envelope',
  'request-id': 'Every answer carries a request-id header',
  'client-request-id-echo': 'A client-request-id sent by the client is echoed back',
} as const;

export type ClauseId = keyof typeof CLAUSES;

/** The closed list of tags; `--grep @tag` selects by them. */
export const TAGS = ['@documented', '@stateful', '@negative', '@auth', '@headers'] as const;
export type Tag = (typeof TAGS)[number];

export interface CheckMeta {
  tag: Tag[];
  annotation: { type: 'clause'; description: string }[];
}

/** A check's metadata, as Playwright's test details: tags for --grep, each clause as an annotation reports show. */
export function meta(tag: Tag, ...clauses: [ClauseId, ...ClauseId[]]): CheckMeta {
  return { tag: [tag], annotation: clauses.map((clause) => ({ type: 'clause' as const, description: `${clause}: ${CLAUSES[clause]}` })) };
}
