/**
 * Graph's support headers: every answer carries a request-id, and a client-request-id the client sends comes back.
 * Only presence and the echo are promised; their format and the other headers are not asserted.
 */
import { randomUUID } from 'node:crypto';
import { arrange, expect, header, meta, supportIds, test } from '../harness';

// The 204 case writes the flow: hold its lock like every other writing check.
test.use({ writesConfiguration: true });

test('a 204 answer to the PUT carries a request-id', meta('@headers', 'request-id'), async ({ graph, contract }) => {
  const [step] = contract.stepEnum() as [string];
  await arrange(graph, contract, { [step]: null });

  const answer = await graph.enable(step);
  expect(answer.response.status, `enabling ${step} (${supportIds(answer)})`).toBe(204);
  expect(header(answer, 'request-id'), 'request-id: on a 204 answer').toBeTruthy();
});

test('a 200 answer to the configuration read carries a request-id', meta('@headers', 'request-id'), async ({ graph }) => {
  const answer = await graph.readConfiguration();
  expect(answer.response.status, `reading the configuration (${supportIds(answer)})`).toBe(200);
  expect(header(answer, 'request-id'), 'request-id: on a 200 answer').toBeTruthy();
});

test('an error answer carries a request-id', meta('@headers', 'request-id'), async ({ graph }) => {
  // A 401 is the error every server gives the same way, so this check depends on no other clause.
  const answer = await graph.send({ method: 'GET', url: graph.configurationPath(), authorization: 'none' });
  expect(answer.response.status, `a read without a token (${supportIds(answer)})`).toBeGreaterThanOrEqual(400);
  expect(header(answer, 'request-id'), 'request-id: on an error answer').toBeTruthy();
});

test('a client-request-id sent with the PUT is echoed back', meta('@headers', 'client-request-id-echo'), async ({ graph, contract }) => {
  const [step] = contract.stepEnum() as [string];
  await arrange(graph, contract, { [step]: null });
  const clientRequestId = randomUUID();

  const answer = await graph.putRef(step, graph.referenceBody(), { headers: { 'client-request-id': clientRequestId } });
  expect(answer.response.status, `enabling ${step} (${supportIds(answer)})`).toBe(204);
  expect(header(answer, 'client-request-id'), 'client-request-id-echo: the answer echoes the id the client sent').toBe(clientRequestId);
});
