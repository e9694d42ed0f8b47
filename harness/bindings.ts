import { expect } from '@playwright/test';
import { jsonAnswerProblems, noContentProblems } from './assertions';
import type { Contract } from './contract';
import { bodyJson, supportIds, type Exchange } from './exchange';
import { CONFIGURATION_TEMPLATE, REF_TEMPLATE, type GraphClient } from './graph';

/** Which connector id is bound to each step; null when unbound. */
export type Bindings = Record<string, string | null>;

export interface BindingsRead {
  bindings: Bindings;
  problems: string[];
  exchange: Exchange;
}

/**
 * Read the configuration with every step expanded and reduce it to connector ids. Graph answers an unbound step
 * as null or leaves it out; both read as null here. Problems list where the answer breaks the fragment.
 */
export async function readBindings(graph: GraphClient, contract: Contract): Promise<BindingsRead> {
  const steps = contract.stepEnum();
  const exchange = await graph.readConfiguration(steps.join(','));
  const problems = jsonAnswerProblems(contract, CONFIGURATION_TEMPLATE, 'get', exchange, 200);
  const body = (bodyJson(exchange) ?? {}) as Record<string, unknown>;
  const bindings: Bindings = {};
  for (const step of steps) {
    const value = body[step];
    bindings[step] = value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : null;
  }
  return { bindings, problems, exchange };
}

/** Read the bindings, failing the check (as a read-back failure, with support ids) if the read itself is wrong. */
export async function expectBindings(graph: GraphClient, contract: Contract, context: string): Promise<Bindings> {
  const read = await readBindings(graph, contract);
  expect(read.problems, `${context}: reading the configuration back (${supportIds(read.exchange)})`).toEqual([]);
  return read.bindings;
}

/**
 * Bring the configured flow to a known state before a check acts: each listed step bound to the configured
 * connector (`'connector'`) or unbound (`null`). It reads first and writes only the steps that differ, so a check's
 * outcome does not hinge on what the check before it left behind, then, if it wrote, reads back to confirm. A failure
 * here is reported as the check's precondition, not as the clause the check is about.
 */
export async function arrange(graph: GraphClient, contract: Contract, wanted: Record<string, 'connector' | null>): Promise<void> {
  const current = await expectBindings(graph, contract, 'precondition: reading the configuration before arranging it');
  let wrote = false;
  for (const [step, want] of Object.entries(wanted)) {
    const target = want === 'connector' ? graph.config.apiConnectorId : null;
    if (current[step] === target) continue;
    const exchange = target === null ? await graph.disable(step) : await graph.enable(step, target);
    wrote = true;
    const action = target === null ? `unbinding ${step}` : `binding ${target} to ${step}`;
    expect(noContentProblems(contract, REF_TEMPLATE, 'put', exchange), `precondition: ${action} (${supportIds(exchange)})`).toEqual([]);
  }
  // Nothing written: the read above already showed the wanted state (the check holds the flow's lock).
  if (!wrote) return;
  const arranged = await expectBindings(graph, contract, 'precondition: reading the arranged configuration back');
  for (const [step, want] of Object.entries(wanted)) {
    const target = want === 'connector' ? graph.config.apiConnectorId : null;
    expect(arranged[step], `precondition: ${step} should read back ${target === null ? 'unbound' : `bound to ${target}`} once arranged`).toBe(target);
  }
}

/** The step that is not `step`: the suite's two steps are each other's witness of side effects. */
export function otherStep(contract: Contract, step: string): string {
  const other = contract.stepEnum().find((s) => s !== step);
  if (!other) throw new Error(`the fragment declares no step besides ${step}`);
  return other;
}
