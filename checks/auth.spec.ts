/**
 * A write without a valid bearer token is refused with 401 and Graph's error envelope, and changes nothing.
 * The exact error code (InvalidAuthenticationToken on Graph) is not promised and not asserted.
 */
import { expect, expectBindings, meta, odataErrorProblems, REF_TEMPLATE, supportIds, test } from '../harness';

// A server that wrongly accepts these writes would change the flow under other checks: hold the flow's lock.
test.use({ writesConfiguration: true });

const refusedCredentials: { title: string; authorization: 'none' | string }[] = [
  { title: 'a PUT without an Authorization header is answered 401 and changes nothing', authorization: 'none' },
  // Basic credentials of a well-formed shape: refused for their scheme, not for being malformed.
  { title: 'a PUT with Basic credentials is answered 401 and changes nothing', authorization: `Basic ${Buffer.from('conformance:not-a-password').toString('base64')}` },
  { title: 'a PUT with an empty Bearer token is answered 401 and changes nothing', authorization: 'Bearer ' },
];

for (const refused of refusedCredentials) {
  test(refused.title, meta('@auth', 'auth-required'), async ({ graph, contract }) => {
    const [step] = contract.stepEnum() as [string];
    // No arranged state: whatever the flow holds, a refused write must leave it so.
    const before = await expectBindings(graph, contract, 'auth-required: before');

    const answer = await graph.putRef(step, graph.referenceBody(), { authorization: refused.authorization });
    expect(odataErrorProblems(contract, REF_TEMPLATE, 'put', answer, [401]), `auth-required (${supportIds(answer)})`).toEqual([]);

    expect(await expectBindings(graph, contract, 'auth-required: after'), 'auth-required: the configuration is unchanged').toEqual(before);
  });
}
