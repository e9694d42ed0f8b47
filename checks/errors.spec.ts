/**
 * What Graph rejects, the target must reject: the status, Graph's error envelope (JSON conforming to the
 * fragment's ODataError, non-empty error.code and error.message) and no change to the configuration.
 * Graph promises no exact message, so none is asserted; clients branch on the status and error.code's presence.
 */
import { randomUUID } from 'node:crypto';
import { arrange, CONFIGURATION_TEMPLATE, expect, expectBindings, meta, odataErrorProblems, REF_TEMPLATE, supportIds, test } from '../harness';
import type { ClauseId } from '../harness/clauses';

// These checks write (or try to) and compare the configuration before and after: they hold the flow's lock.
test.use({ writesConfiguration: true });

test('a PUT to a step the configuration does not have is answered 400 and changes nothing', meta('@negative', 'unknown-step'), async ({ graph, contract }) => {
  const [step] = contract.stepEnum() as [string];
  await arrange(graph, contract, { [step]: 'connector' });
  const before = await expectBindings(graph, contract, 'unknown-step: before');

  // preTokenIssuance exists only in beta and has no $ref there: a real step name, not a reference target on v1.0.
  const answer = await graph.putRef('preTokenIssuance', graph.referenceBody());
  expect(odataErrorProblems(contract, REF_TEMPLATE, 'put', answer, [400]), `unknown-step (${supportIds(answer)})`).toEqual([]);

  expect(await expectBindings(graph, contract, 'unknown-step: after'), 'unknown-step: the configuration is unchanged').toEqual(before);
});

test('a PUT for a user flow that does not exist is answered 404 and changes nothing', meta('@negative', 'unknown-flow'), async ({ graph, contract }) => {
  const [step] = contract.stepEnum() as [string];
  await arrange(graph, contract, { [step]: 'connector' });
  const before = await expectBindings(graph, contract, 'unknown-flow: before');

  const missingFlow = `B2X_1_conformance_missing_${randomUUID().slice(0, 8)}`;
  const answer = await graph.putRef(step, graph.referenceBody(), { userFlowId: missingFlow });
  expect(odataErrorProblems(contract, REF_TEMPLATE, 'put', answer, [404]), `unknown-flow ${missingFlow} (${supportIds(answer)})`).toEqual([]);

  expect(await expectBindings(graph, contract, 'unknown-flow: after'), 'unknown-flow: the configuration is unchanged').toEqual(before);
});

/** Bodies Graph answers with a 4xx; each is its own check, sent to a bound step that must stay bound. */
const rejectedBodies: { title: string; clause: ClauseId; statuses: number[]; body: (root: string, connectorId: string) => string | Buffer }[] = [
  {
    title: 'a body that is not JSON is answered 400 and changes nothing',
    clause: 'malformed-json',
    statuses: [400],
    // A Buffer: a string would be JSON-encoded again by Playwright and arrive as valid JSON.
    body: (root) => Buffer.from(`{"@odata.id": "${root}/identity/apiConnectors/`, 'utf8'),
  },
  {
    title: 'a body {"id": ...} (not a reference) is answered 400 and changes nothing',
    clause: 'invalid-reference-body',
    statuses: [400],
    body: (_root, connectorId) => JSON.stringify({ id: connectorId }),
  },
  {
    title: 'a reference whose id is the number 42 is answered 400 and changes nothing',
    clause: 'invalid-reference-body',
    statuses: [400],
    body: () => '{"@odata.id": 42}',
  },
  {
    title: 'a reference to a user instead of an API connector is answered 400 and changes nothing',
    clause: 'wrong-reference-target',
    statuses: [400],
    body: (root, connectorId) => JSON.stringify({ '@odata.id': `${root}/users/${connectorId}` }),
  },
  {
    title: 'a reference to an API connector that does not exist is answered 400 or 404 and changes nothing',
    clause: 'missing-connector',
    statuses: [400, 404],
    body: (root) => JSON.stringify({ '@odata.id': `${root}/identity/apiConnectors/${randomUUID()}` }),
  },
];

for (const rejected of rejectedBodies) {
  test(rejected.title, meta('@negative', rejected.clause), async ({ graph, contract, config }) => {
    const [step] = contract.stepEnum() as [string];
    await arrange(graph, contract, { [step]: 'connector' });
    const before = await expectBindings(graph, contract, `${rejected.clause}: before`);

    const answer = await graph.putRef(step, rejected.body(config.serviceRoot, config.apiConnectorId));
    expect(odataErrorProblems(contract, REF_TEMPLATE, 'put', answer, rejected.statuses), `${rejected.clause} (${supportIds(answer)})`).toEqual([]);

    expect(await expectBindings(graph, contract, `${rejected.clause}: after`), `${rejected.clause}: the configuration is unchanged`).toEqual(before);
  });
}

test('an unknown property in $expand is answered 400', meta('@negative', 'unknown-expand'), async ({ graph, contract }) => {
  const answer = await graph.readConfiguration('postFederationSignup,notAStep');
  expect(odataErrorProblems(contract, CONFIGURATION_TEMPLATE, 'get', answer, [400]), `unknown-expand (${supportIds(answer)})`).toEqual([]);
});
