/**
 * What a write does to the configuration, read back with GET .../apiConnectorConfiguration?$expand=... . A 204
 * proves nothing alone: each check arranges a known state, acts, and compares the read-back.
 * Each runs once per step, since a server can get one step right and the other wrong.
 */
import { arrange, expect, expectBindings, meta, noContentProblems, otherStep, REF_TEMPLATE, supportIds, test } from '../harness';
import { contract as loadContract } from '../harness/contract';

// Every check here writes the configured flow: they hold its lock (harness/lock.ts) so workers never interleave.
test.use({ writesConfiguration: true });

for (const step of loadContract().stepEnum()) {
  test.describe(step, () => {
    test('enabling the step binds the configured connector to it', meta('@stateful', 'bind-step'), async ({ graph, contract, config }) => {
      await arrange(graph, contract, { [step]: null });

      const answer = await graph.enable(step);
      expect(noContentProblems(contract, REF_TEMPLATE, 'put', answer), `no-content: enabling ${step} (${supportIds(answer)})`).toEqual([]);

      const after = await expectBindings(graph, contract, 'bind-step');
      expect(after[step], `bind-step: ${step} reads back bound to the connector just referenced`).toBe(config.apiConnectorId);
    });

    test('enabling the step leaves the other step unbound', meta('@stateful', 'other-step-untouched'), async ({ graph, contract }) => {
      const other = otherStep(contract, step);
      await arrange(graph, contract, { [step]: null, [other]: null });

      const answer = await graph.enable(step);
      expect(answer.response.status, `enabling ${step} (${supportIds(answer)})`).toBe(204);

      const after = await expectBindings(graph, contract, 'other-step-untouched');
      expect(after[other], `other-step-untouched: enabling ${step} must not bind ${other}`).toBeNull();
    });

    test('enabling the step leaves the other step bound', meta('@stateful', 'other-step-untouched'), async ({ graph, contract, config }) => {
      const other = otherStep(contract, step);
      await arrange(graph, contract, { [step]: null, [other]: 'connector' });

      const answer = await graph.enable(step);
      expect(answer.response.status, `enabling ${step} (${supportIds(answer)})`).toBe(204);

      const after = await expectBindings(graph, contract, 'other-step-untouched');
      expect(after[other], `other-step-untouched: enabling ${step} must leave ${other} bound`).toBe(config.apiConnectorId);
    });

    test('disabling the step with {} unbinds it', meta('@stateful', 'unbind-empty-body'), async ({ graph, contract }) => {
      await arrange(graph, contract, { [step]: 'connector' });

      const answer = await graph.disable(step);
      expect(noContentProblems(contract, REF_TEMPLATE, 'put', answer), `no-content: disabling ${step} (${supportIds(answer)})`).toEqual([]);

      const after = await expectBindings(graph, contract, 'unbind-empty-body');
      expect(after[step], `unbind-empty-body: ${step} reads back unbound (null or absent)`).toBeNull();
    });

    test('disabling the step leaves the other step bound', meta('@stateful', 'other-step-untouched'), async ({ graph, contract, config }) => {
      const other = otherStep(contract, step);
      await arrange(graph, contract, { [step]: 'connector', [other]: 'connector' });

      const answer = await graph.disable(step);
      expect(answer.response.status, `disabling ${step} (${supportIds(answer)})`).toBe(204);

      const after = await expectBindings(graph, contract, 'other-step-untouched');
      expect(after[other], `other-step-untouched: disabling ${step} must leave ${other} bound`).toBe(config.apiConnectorId);
    });

    test('enabling the step twice answers 204 both times and leaves it bound', meta('@stateful', 'idempotent-enable'), async ({ graph, contract, config }) => {
      await arrange(graph, contract, { [step]: null });

      const first = await graph.enable(step);
      const second = await graph.enable(step);
      expect(noContentProblems(contract, REF_TEMPLATE, 'put', first), `idempotent-enable: first enable (${supportIds(first)})`).toEqual([]);
      expect(noContentProblems(contract, REF_TEMPLATE, 'put', second), `idempotent-enable: second enable of an already bound step (${supportIds(second)})`).toEqual([]);

      const after = await expectBindings(graph, contract, 'idempotent-enable');
      expect(after[step], `idempotent-enable: ${step} reads back bound once enabled twice`).toBe(config.apiConnectorId);
    });

    test('DELETE on the $ref unbinds the step', meta('@stateful', 'delete-ref'), async ({ graph, contract }) => {
      await arrange(graph, contract, { [step]: 'connector' });

      const answer = await graph.deleteRef(step);
      expect(noContentProblems(contract, REF_TEMPLATE, 'delete', answer), `delete-ref: DELETE ${step}/$ref (${supportIds(answer)})`).toEqual([]);

      const after = await expectBindings(graph, contract, 'delete-ref');
      expect(after[step], `delete-ref: ${step} reads back unbound after DELETE`).toBeNull();
    });
  });
}

test('the configuration read with $expand conforms to the fragment and shows a bound step as its connector', meta('@stateful', 'read-configuration'), async ({ graph, contract, config }) => {
  const [bound, unbound] = contract.stepEnum() as [string, string];
  await arrange(graph, contract, { [bound]: 'connector', [unbound]: null });

  const after = await expectBindings(graph, contract, 'read-configuration');
  expect(after, 'read-configuration: one step bound to the configured connector, the other unbound').toEqual({ [bound]: config.apiConnectorId, [unbound]: null });
});
