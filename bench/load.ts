/**
 * A bounded load of enables, disables and reads across both steps of one user flow, over keep-alive connections, and
 * what it must show: no 5xx, no connection error, reads that only ever show null or a connector some write set, and
 * a final state that some last acknowledged write explains. Used by `npm run load` and tests/mock-load.test.ts.
 */
import http from 'node:http';
import { STEPS, type Step } from '../mock/state';
import { DEFAULT_API_CONNECTOR_ID, DEFAULT_USER_FLOW_ID, SECOND_CONNECTOR_ID, refPath } from './requests';

export interface LoadOptions {
  serviceRoot: string;
  token: string;
  connections: number;
  durationMs: number;
  /** Seed of the request mix, so a failing mix can be replayed. */
  seed: number;
  connectorIds?: string[];
  flowId?: string;
  /** Shares of enables, disables and reads (normalised); default 0.3, 0.2, 0.5. */
  mix?: { enable: number; disable: number; read: number };
}

export interface LoadResult {
  requests: number;
  durationMs: number;
  statuses: Record<string, number>;
  connectionErrors: number;
  serverErrors: number;
  /** Everything that broke an invariant, one line each (capped). */
  problems: string[];
  initial: Record<Step, string | null>;
  final: Record<Step, string | null>;
  /** Per step: the values a last acknowledged write could have left. */
  acceptableFinal: Record<Step, (string | null)[]>;
  writes: number;
  reads: number;
}

interface Write {
  step: Step;
  value: string | null;
  start: number;
  ack: number;
}

interface Answer {
  status: number;
  body: string;
}

const MAX_PROBLEMS = 50;

/** mulberry32: small, seedable, good enough to pick a request mix. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const root = new URL(options.serviceRoot);
  const flowId = options.flowId ?? DEFAULT_USER_FLOW_ID;
  const connectors = options.connectorIds ?? [DEFAULT_API_CONNECTOR_ID, SECOND_CONNECTOR_ID];
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const random = prng(options.seed);
  const mix = options.mix ?? { enable: 0.3, disable: 0.2, read: 0.5 };
  const total = mix.enable + mix.disable + mix.read;
  const [enableShare, disableShare, readShare] = [mix.enable / total, mix.disable / total, mix.read / total];
  const statuses: Record<string, number> = {};
  const problems: string[] = [];
  const problem = (line: string): void => void (problems.length < MAX_PROBLEMS && problems.push(line));
  let connectionErrors = 0;
  let serverErrors = 0;
  let requests = 0;
  const writes: Write[] = [];
  let reads = 0;
  const auth = `Bearer ${options.token}`;
  const configurationPath = `${root.pathname}/identity/b2xUserFlows/${flowId}/apiConnectorConfiguration?$expand=*`;

  const send = (method: string, path: string, body?: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { authorization: auth };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = http.request({ host: root.hostname, port: root.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  const count = (method: string, path: string, answer: Answer): void => {
    requests++;
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    if (answer.status >= 500) {
      serverErrors++;
      problem(`${method} ${path} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    }
  };

  /** Both steps as the configuration read with $expand=* shows them: null, or the bound connector's id. */
  const readConfiguration = async (): Promise<Record<Step, string | null>> => {
    const answer = await send('GET', configurationPath);
    count('GET', configurationPath, answer);
    if (answer.status !== 200) throw new Error(`GET ${configurationPath} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    const body = JSON.parse(answer.body) as Record<string, { id?: unknown } | null>;
    const out = {} as Record<Step, string | null>;
    for (const step of STEPS) {
      const value = body[step];
      out[step] = value === null || value === undefined ? null : typeof value.id === 'string' ? value.id : `<not a connector: ${JSON.stringify(value).slice(0, 100)}>`;
    }
    return out;
  };

  const initial = await readConfiguration();
  const possible = new Set<string | null>([null, ...connectors]);
  const deadline = performance.now() + options.durationMs;

  const oneRequest = async (): Promise<void> => {
    const step = STEPS[Math.floor(random() * STEPS.length)]!;
    const path = refPath(options.serviceRoot, step, flowId);
    const roll = random();
    const start = performance.now();
    if (roll < enableShare + disableShare) {
      // Writes: enables with either connector (the documented body), disables by PUT {} and by DELETE.
      let method = 'PUT';
      let body: string | undefined;
      let value: string | null = null;
      if (roll < enableShare) {
        value = connectors[Math.floor(random() * connectors.length)]!;
        body = JSON.stringify({ '@odata.id': `${options.serviceRoot}/identity/apiConnectors/${value}` });
      } else if (roll < enableShare + disableShare / 2) body = '{}';
      else method = 'DELETE';
      const answer = await send(method, path, body);
      count(method, path, answer);
      if (answer.status !== 204) problem(`${method} ${path} ${body ?? ''} answered ${answer.status}, not 204: ${answer.body.slice(0, 200)}`);
      else writes.push({ step, value, start, ack: performance.now() });
      return;
    }
    reads++;
    if (roll < enableShare + disableShare + readShare * 0.6) {
      const answer = await send('GET', path);
      count('GET', path, answer);
      let seen: string | null;
      if (answer.status === 404) seen = null;
      else if (answer.status === 200) {
        const ref = (JSON.parse(answer.body) as { '@odata.id'?: unknown })['@odata.id'];
        seen = typeof ref === 'string' ? (ref.split('/').pop() ?? ref) : `<no @odata.id: ${answer.body.slice(0, 100)}>`;
      } else {
        problem(`GET ${path} answered ${answer.status}, not 200 or 404: ${answer.body.slice(0, 200)}`);
        return;
      }
      if (!possible.has(seen)) problem(`GET ${path} read ${JSON.stringify(seen)}: neither null nor a connector the load writes`);
      return;
    }
    const state = await readConfiguration();
    for (const s of STEPS) if (!possible.has(state[s])) problem(`the configuration read showed ${s} = ${JSON.stringify(state[s])}: neither null nor a connector the load writes`);
  };

  const connection = async (): Promise<void> => {
    while (performance.now() < deadline) {
      try {
        await oneRequest();
      } catch (err) {
        connectionErrors++;
        requests++;
        problem(`connection error: ${(err as Error).message}`);
      }
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: options.connections }, connection));
  const durationMs = performance.now() - started;

  const final = await readConfiguration();
  agent.destroy();
  const acceptableFinal = {} as Record<Step, (string | null)[]>;
  for (const step of STEPS) {
    const stepWrites = writes.filter((w) => w.step === step);
    if (stepWrites.length === 0) {
      acceptableFinal[step] = [initial[step]];
    } else {
      // A write could have been applied last unless another write started after it was acknowledged.
      const lastStart = Math.max(...stepWrites.map((w) => w.start));
      acceptableFinal[step] = [...new Set(stepWrites.filter((w) => w.ack >= lastStart).map((w) => w.value))];
    }
    if (!acceptableFinal[step].includes(final[step])) {
      problem(`final ${step} is ${JSON.stringify(final[step])}, but the last acknowledged writes set ${JSON.stringify(acceptableFinal[step])}`);
    }
  }
  return { requests, durationMs, statuses, connectionErrors, serverErrors, problems, initial, final, acceptableFinal, writes: writes.length, reads };
}
