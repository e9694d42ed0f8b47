import fs from 'node:fs';
import path from 'node:path';

export const STEPS = ['postFederationSignup', 'postAttributeCollection'] as const;
export type Step = (typeof STEPS)[number];

export function isStep(value: string): value is Step {
  return (STEPS as readonly string[]).includes(value);
}

export interface ApiConnector {
  id: string;
  displayName?: string | null;
  targetUrl?: string | null;
  authenticationConfiguration?: Record<string, unknown> | null;
  [extra: string]: unknown;
}

export interface UserFlow {
  id: string;
  userFlowType: string;
  userFlowTypeVersion: number;
  /** Connector id bound to each step, or null when the step is unbound. */
  apiConnectorConfiguration: Record<Step, string | null>;
}

export interface Seed {
  userFlows: UserFlow[];
  apiConnectors: ApiConnector[];
}

export const DEFAULT_SEED_PATH = path.resolve(__dirname, '..', 'fixtures', 'mock-seed.json');

/** Read and check a seed file; a bad seed is a startup error naming the file and the entry, never a half-seeded mock. */
export function loadSeed(file = DEFAULT_SEED_PATH): Seed {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`MOCK_SEED ${file}: cannot read it as JSON (${(err as Error).message})`);
  }
  const seed = raw as Partial<Seed>;
  if (!Array.isArray(seed.userFlows) || !Array.isArray(seed.apiConnectors)) {
    throw new Error(`MOCK_SEED ${file}: expected {"userFlows": [...], "apiConnectors": [...]}`);
  }
  const connectorIds = new Set<string>();
  for (const c of seed.apiConnectors) {
    if (typeof c?.id !== 'string' || c.id === '') throw new Error(`MOCK_SEED ${file}: every apiConnector needs a non-empty string "id"`);
    connectorIds.add(c.id);
  }
  for (const f of seed.userFlows) {
    if (typeof f?.id !== 'string' || !f.id.startsWith('B2X_1_')) throw new Error(`MOCK_SEED ${file}: user flow ids start with "B2X_1_", found ${JSON.stringify(f?.id)}`);
    for (const step of STEPS) {
      const bound = f.apiConnectorConfiguration?.[step] ?? null;
      if (bound !== null && !connectorIds.has(bound)) throw new Error(`MOCK_SEED ${file}: ${f.id}.${step} names unknown connector ${bound}`);
    }
  }
  return seed as Seed;
}

/** The mock's whole mutable state. Node runs handlers one at a time, so each write is atomic without locks. */
export class MockState {
  readonly flows = new Map<string, UserFlow>();
  readonly connectors = new Map<string, ApiConnector>();

  constructor(seed: Seed) {
    for (const c of seed.apiConnectors) this.connectors.set(c.id, structuredClone(c));
    for (const f of seed.userFlows) {
      this.flows.set(f.id, {
        id: f.id,
        userFlowType: f.userFlowType ?? 'signUpOrSignIn',
        userFlowTypeVersion: f.userFlowTypeVersion ?? 1,
        apiConnectorConfiguration: {
          postFederationSignup: f.apiConnectorConfiguration?.postFederationSignup ?? null,
          postAttributeCollection: f.apiConnectorConfiguration?.postAttributeCollection ?? null,
        },
      });
    }
  }
}
