/**
 * The catalogue of broken servers and the checks each must fail: exactly these, no more, no fewer
 * (tests/selftest.test.ts runs the whole suite against each). A check id is the file and title path, as in a
 * baseline (INTERPRETING.md). When a check is added or renamed, the self-test prints each variant's difference.
 *
 * Some sets hold checks beyond the broken clause's own, because a check first arranges the state it needs
 * (harness/bindings.ts arrange(): read, write only the steps that differ, read back to confirm) and a broken server
 * may be unable to reach it: a server that stores nothing can never show a step bound. Where that depends on what
 * earlier checks left behind (arrange() writes only what differs), the set holds for the suite's order of checks,
 * which the self-test fixes by running one worker per server; those are marked "(arrangement, order)" below.
 */
import type { ClauseId } from '../../harness/clauses';
import type { ReferenceMock } from '../../mock/server';
import * as broken from './servers';

export interface BrokenServer {
  /** The defect, kebab-case: what a person would call the bug. */
  name: string;
  /** The clause(s) it breaks, from harness/clauses.ts. */
  breaks: ClauseId[];
  server: typeof ReferenceMock;
  /** The check ids that must fail; a function receives every check id of the suite, for "all but these". */
  fails: string[] | ((allChecks: readonly string[]) => string[]);
}

const STEP_A = 'postFederationSignup';
const STEP_B = 'postAttributeCollection';
const bothSteps = (title: string): string[] => [STEP_A, STEP_B].map((step) => `checks/state.spec.ts › ${step} › ${title}`);
const state = (step: string, title: string): string => `checks/state.spec.ts › ${step} › ${title}`;
const errors = (title: string): string => `checks/errors.spec.ts › ${title}`;
const auth = (title: string): string => `checks/auth.spec.ts › ${title}`;
const headers = (title: string): string => `checks/headers.spec.ts › ${title}`;
const documented = (example: string): string => `checks/documented.spec.ts › put_b2xuserflows-apiconnectorconfiguration_${example}: the documented request is answered 204 No Content`;

const READ_BACK = 'checks/state.spec.ts › the configuration read with $expand conforms to the fragment and shows a bound step as its connector';
const AUTH_CHECKS = [
  auth('a PUT without an Authorization header is answered 401 and changes nothing'),
  auth('a PUT with Basic credentials is answered 401 and changes nothing'),
  auth('a PUT with an empty Bearer token is answered 401 and changes nothing'),
];
const UNKNOWN_STEP = errors('a PUT to a step the configuration does not have is answered 400 and changes nothing');
const UNKNOWN_FLOW = errors('a PUT for a user flow that does not exist is answered 404 and changes nothing');
const MALFORMED_JSON = errors('a body that is not JSON is answered 400 and changes nothing');
const ID_BODY = errors('a body {"id": ...} (not a reference) is answered 400 and changes nothing');
const NUMERIC_ODATA_ID = errors('a reference whose id is the number 42 is answered 400 and changes nothing');
const WRONG_TARGET = errors('a reference to a user instead of an API connector is answered 400 and changes nothing');
const MISSING_CONNECTOR = errors('a reference to an API connector that does not exist is answered 400 or 404 and changes nothing');
const UNKNOWN_EXPAND = errors('an unknown property in $expand is answered 400');
const REJECTED_BODIES = [MALFORMED_JSON, ID_BODY, NUMERIC_ODATA_ID, WRONG_TARGET, MISSING_CONNECTOR];
/** Every check that asserts Graph's error envelope. */
const ENVELOPE_CHECKS = [...AUTH_CHECKS, UNKNOWN_STEP, UNKNOWN_FLOW, ...REJECTED_BODIES, UNKNOWN_EXPAND];
const REQUEST_ID_ON_ERROR = headers('an error answer carries a request-id');
const REQUEST_ID_ON_READ = headers('a 200 answer to the configuration read carries a request-id');
const REQUEST_ID_ON_204 = headers('a 204 answer to the PUT carries a request-id');
const CLIENT_REQUEST_ID = headers('a client-request-id sent with the PUT is echoed back');

/** Every check whose arrangement binds a step: a server that cannot show a step bound fails their precondition. */
const NEEDS_A_BOUND_STEP = [
  documented('disable-postAttributeCollection'),
  UNKNOWN_STEP,
  UNKNOWN_FLOW,
  ...REJECTED_BODIES,
  READ_BACK,
  ...bothSteps('enabling the step leaves the other step bound'),
  ...bothSteps('disabling the step with {} unbinds it'),
  ...bothSteps('disabling the step leaves the other step bound'),
  ...bothSteps('DELETE on the $ref unbinds the step'),
];

/** What a server that stores the wrong thing (or nothing) fails: every read-back that expects a binding. */
const STORED_BINDING_CHECKS = [
  READ_BACK,
  ...bothSteps('enabling the step binds the configured connector to it'),
  ...bothSteps('enabling the step leaves the other step bound'),
  ...bothSteps('disabling the step leaves the other step bound'),
  ...bothSteps('enabling the step twice answers 204 both times and leaves it bound'),
];

export const CATALOGUE: BrokenServer[] = [
  {
    name: 'put-answers-200-instead-of-204',
    breaks: ['no-content'],
    server: broken.PutAnswers200InsteadOf204,
    // Every check whose own PUT expects 204. (arrangement, order) Not the auth and error checks, nor the read-back or
    // the postAttributeCollection DELETE: the 200s still store, so their arranged state was already there.
    fails: [
      documented('postFederationSignup'),
      documented('postAttributeCollection'),
      documented('disable-postAttributeCollection'),
      REQUEST_ID_ON_204,
      CLIENT_REQUEST_ID,
      ...bothSteps('enabling the step binds the configured connector to it'),
      ...bothSteps('enabling the step leaves the other step unbound'),
      ...bothSteps('enabling the step leaves the other step bound'),
      ...bothSteps('disabling the step with {} unbinds it'),
      ...bothSteps('disabling the step leaves the other step bound'),
      ...bothSteps('enabling the step twice answers 204 both times and leaves it bound'),
      state(STEP_A, 'DELETE on the $ref unbinds the step'),
    ],
  },
  { name: 'delete-answers-200-with-a-body', breaks: ['no-content', 'delete-ref'], server: broken.DeleteAnswers200WithBody, fails: bothSteps('DELETE on the $ref unbinds the step') },
  { name: 'does-not-store', breaks: ['bind-step'], server: broken.DoesNotStore, fails: [...STORED_BINDING_CHECKS, ...NEEDS_A_BOUND_STEP] },
  {
    name: 'stores-on-the-wrong-step',
    breaks: ['bind-step'],
    server: broken.StoresOnWrongStep,
    // (arrangement, order) Binding a step binds the other, so arranging "this step bound" fails unless an earlier
    // crossed enable left it bound: the disable example, the error checks and the read-back find it so; the disable
    // and DELETE checks not.
    fails: [
      ...bothSteps('enabling the step binds the configured connector to it'),
      ...bothSteps('enabling the step leaves the other step unbound'),
      ...bothSteps('enabling the step twice answers 204 both times and leaves it bound'),
      ...bothSteps('disabling the step with {} unbinds it'),
      ...bothSteps('disabling the step leaves the other step bound'),
      ...bothSteps('DELETE on the $ref unbinds the step'),
    ],
  },
  { name: 'stores-another-connector', breaks: ['bind-step'], server: broken.StoresAnotherConnector, fails: [...STORED_BINDING_CHECKS, ...NEEDS_A_BOUND_STEP] },
  {
    name: 'enabling-clears-the-other-step',
    breaks: ['other-step-untouched'],
    server: broken.OtherStepCleared,
    // Both steps can never be bound at once, which "disabling leaves the other bound" arranges first.
    fails: [...bothSteps('enabling the step leaves the other step bound'), ...bothSteps('disabling the step leaves the other step bound')],
  },
  {
    name: 'disable-ignored',
    breaks: ['unbind-empty-body'],
    server: broken.DisableIgnored,
    fails: [
      ...bothSteps('disabling the step with {} unbinds it'),
      // (arrangement, order) once a step is bound, {} cannot unbind it: every later check that arranges it unbound
      // fails its precondition. The auth checks and the enable examples run while both steps are still unbound.
      REQUEST_ID_ON_204,
      CLIENT_REQUEST_ID,
      ...bothSteps('enabling the step binds the configured connector to it'),
      ...bothSteps('enabling the step leaves the other step unbound'),
      ...bothSteps('enabling the step leaves the other step bound'),
      ...bothSteps('enabling the step twice answers 204 both times and leaves it bound'),
    ],
  },
  { name: 'delete-ignored', breaks: ['delete-ref'], server: broken.DeleteIgnored, fails: bothSteps('DELETE on the $ref unbinds the step') },
  // arrange() never re-binds a bound step, so only the check that enables twice on purpose meets the 409.
  { name: 're-enable-rejected-409', breaks: ['idempotent-enable'], server: broken.ReEnableRejected, fails: bothSteps('enabling the step twice answers 204 both times and leaves it bound') },
  { name: 'read-shows-the-seeded-state', breaks: ['read-configuration'], server: broken.ReadShowsSeededState, fails: [...STORED_BINDING_CHECKS, ...NEEDS_A_BOUND_STEP] },
  { name: 'unknown-step-accepted', breaks: ['unknown-step'], server: broken.UnknownStepAccepted, fails: [UNKNOWN_STEP] },
  { name: 'unknown-flow-accepted', breaks: ['unknown-flow'], server: broken.UnknownFlowAccepted, fails: [UNKNOWN_FLOW] },
  { name: 'malformed-json-500', breaks: ['malformed-json'], server: broken.MalformedJson500, fails: [MALFORMED_JSON] },
  { name: 'non-reference-body-accepted', breaks: ['invalid-reference-body'], server: broken.NonReferenceBodyAccepted, fails: [ID_BODY] },
  { name: 'numeric-odata-id-500', breaks: ['invalid-reference-body'], server: broken.NumericOdataId500, fails: [NUMERIC_ODATA_ID] },
  { name: 'wrong-kind-reference-accepted', breaks: ['wrong-reference-target'], server: broken.WrongKindReferenceAccepted, fails: [WRONG_TARGET] },
  { name: 'missing-connector-accepted', breaks: ['missing-connector'], server: broken.MissingConnectorAccepted, fails: [MISSING_CONNECTOR] },
  { name: 'unknown-expand-ignored', breaks: ['unknown-expand'], server: broken.UnknownExpandIgnored, fails: [UNKNOWN_EXPAND] },
  // The error-answer header check gets its error from a read without a token: here there is no error to look at.
  { name: 'no-auth-required', breaks: ['auth-required'], server: broken.NoAuthRequired, fails: [...AUTH_CHECKS, REQUEST_ID_ON_ERROR] },
  { name: 'basic-auth-accepted', breaks: ['auth-required'], server: broken.BasicAuthAccepted, fails: [auth('a PUT with Basic credentials is answered 401 and changes nothing')] },
  { name: 'auth-failure-403-instead-of-401', breaks: ['auth-required'], server: broken.Auth403InsteadOf401, fails: AUTH_CHECKS },
  {
    name: 'error-body-not-json',
    breaks: ['unknown-step', 'unknown-flow', 'malformed-json', 'invalid-reference-body', 'wrong-reference-target', 'missing-connector', 'unknown-expand', 'auth-required'],
    server: broken.ErrorBodyNotJson,
    fails: ENVELOPE_CHECKS,
  },
  {
    name: 'error-body-problem-json',
    breaks: ['unknown-step', 'unknown-flow', 'malformed-json', 'invalid-reference-body', 'wrong-reference-target', 'missing-connector', 'unknown-expand', 'auth-required'],
    server: broken.ErrorProblemJson,
    fails: ENVELOPE_CHECKS,
  },
  {
    name: 'error-envelope-without-code',
    breaks: ['unknown-step', 'unknown-flow', 'malformed-json', 'invalid-reference-body', 'wrong-reference-target', 'missing-connector', 'unknown-expand', 'auth-required'],
    server: broken.ErrorWithoutCode,
    fails: ENVELOPE_CHECKS,
  },
  { name: 'no-request-id', breaks: ['request-id'], server: broken.NoRequestId, fails: [REQUEST_ID_ON_204, REQUEST_ID_ON_READ, REQUEST_ID_ON_ERROR] },
  { name: 'no-request-id-on-errors', breaks: ['request-id'], server: broken.NoRequestIdOnErrors, fails: [REQUEST_ID_ON_ERROR] },
  { name: 'client-request-id-not-echoed', breaks: ['client-request-id-echo'], server: broken.ClientRequestIdNotEchoed, fails: [CLIENT_REQUEST_ID] },
];

export function declaredFailures(variant: BrokenServer, allChecks: readonly string[]): string[] {
  return [...new Set(typeof variant.fails === 'function' ? variant.fails(allChecks) : variant.fails)].sort();
}
