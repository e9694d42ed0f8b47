/**
 * Leave the tenant as found: the configuration read before the first write is what the flow holds after the run,
 * whether the checks pass, fail, are throttled, or the run is interrupted or killed. The runs here are real
 * `npm run conformance` subprocesses against a reference mock in this process, seeded with a state no check leaves
 * behind (postFederationSignup bound to a second connector), so a missing restore cannot pass by accident.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { REFERENCE_MOCK_TOKEN, resolveConfig } from '../harness/config';
import { GraphClient } from '../harness/graph';
import { restoreLeftovers, restoreRun, snapshotFile, takeSnapshot, type StepBindings, type TenantSnapshot } from '../harness/restore';
import { ReferenceMock, type Ctx, type MockOptions } from '../mock/server';
import { loadSeed, type Seed, type Step, type UserFlow } from '../mock/state';
import { filesUnder, removeTempDirs, ROOT, runConformance, runEnv, tempDir } from './reports-run';

test.afterEach(({}, testInfo) => removeTempDirs(testInfo.status === testInfo.expectedStatus));

const FLOW = 'B2X_1_testuserflow';
const CONFIGURED = 'be1a9a8d-2b3f-4c4e-9a55-4f1bd4e3c1a0';
const OTHER = '0f3c5b7e-8d21-4a6b-b9f0-2c7d4e6a8b13';
const FOUND: StepBindings = { postFederationSignup: OTHER, postAttributeCollection: null };

function seed(): Seed {
  const s = loadSeed();
  s.userFlows.find((f) => f.id === FLOW)!.apiConnectorConfiguration = { postFederationSignup: OTHER, postAttributeCollection: null };
  return s;
}

/** The reference mock, counting the writes it carried out, optionally slow to write so a run can be caught mid-way. */
class CountingMock extends ReferenceMock {
  writes = 0;
  /** Whether the flow ever held another state than FOUND: proof that the run changed what the restore put back. */
  changed = false;
  constructor(
    options: Partial<MockOptions> = {},
    private readonly writeDelayMs = 0,
  ) {
    super({ token: REFERENCE_MOCK_TOKEN, seed: seed(), log: () => {}, ...options });
  }
  protected override async route(ctx: Ctx): Promise<void> {
    const write = ctx.method === 'PUT' || ctx.method === 'DELETE';
    if (write && this.writeDelayMs) await new Promise((resolve) => setTimeout(resolve, this.writeDelayMs));
    await super.route(ctx);
    if (write && ctx.res.statusCode < 300) this.writes++;
    if (JSON.stringify(this.bindings()) !== JSON.stringify(FOUND)) this.changed = true;
  }
  bindings(): StepBindings {
    return { ...this.state.flows.get(FLOW)!.apiConnectorConfiguration };
  }
}

/** Answers a successful PUT with 200 instead of 204: many checks fail, and the state still changes as asked. */
class PutAnswers200 extends CountingMock {
  protected override sendNoContent(ctx: Ctx): void {
    if (ctx.method === 'PUT') this.sendJson(ctx, 200, { ok: true });
    else super.sendNoContent(ctx);
  }
}

function graphFor(root: string, request: import('@playwright/test').APIRequestContext): GraphClient {
  return new GraphClient(request, resolveConfig({ GRAPH_BASE_URL: root, GRAPH_TOKEN: REFERENCE_MOCK_TOKEN }));
}

/**
 * A CountingMock seeded with FOUND, listening on a free port, its service root, and a GraphClient to it through the
 * test's request context. The mock is closed after the test, whatever it did.
 */
const withTenant = test.extend<{ tenant: { mock: CountingMock; root: string; graph: GraphClient } }>({
  tenant: async ({ request }, use) => {
    const mock = new CountingMock();
    const root = await mock.listen(0);
    try {
      await use({ mock, root, graph: graphFor(root, request) });
    } finally {
      await mock.close();
    }
  },
});

/** A pid that certainly belongs to no live process: one of ours that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString('utf8'));
}

function writeSnapshot(dir: string, root: string, bindings: StepBindings, pid: number, takenAt: string): string {
  const snapshot: TenantSnapshot = { serviceRoot: root, userFlowId: FLOW, bindings, takenAt, pid, host: os.hostname() };
  fs.mkdirSync(dir, { recursive: true });
  const file = snapshotFile(dir, root, FLOW, pid);
  fs.writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

withTenant('a snapshot taken before writing is restored by the run that took it, and its file removed', async ({ tenant: { mock, graph } }) => {
  const dir = tempDir('snapshot');
  const taken = await takeSnapshot(graph, dir, 4242);
  expect(taken.saved.snapshot.bindings).toEqual(FOUND);
  expect(fs.existsSync(taken.saved.file)).toBe(true);
  await graph.enable('postAttributeCollection');
  await graph.disable('postFederationSignup');
  const outcome = await restoreRun(graph, dir, 4242);
  expect(outcome?.writes).toBe(2);
  expect(mock.bindings()).toEqual(FOUND);
  expect(fs.existsSync(taken.saved.file)).toBe(false);
  expect(await restoreRun(graph, dir, 4242), 'nothing left to restore').toBeUndefined();
});

withTenant('a state already as found is confirmed with no write', async ({ tenant: { mock, graph } }) => {
  const dir = tempDir('snapshot-nowrite');
  await takeSnapshot(graph, dir, 4243);
  expect((await restoreRun(graph, dir, 4243))?.writes).toBe(0);
  expect(mock.writes).toBe(0);
});

withTenant("the next run restores a killed run's leftover snapshot before taking its own", async ({ tenant: { mock, root, graph } }) => {
  const dir = tempDir('leftover');
  const leftover = writeSnapshot(dir, root, FOUND, Number(deadPid()), '2026-01-01T00:00:00.000Z');
  // What the killed run left: both steps bound to the configured connector.
  await graph.enable('postFederationSignup');
  await graph.enable('postAttributeCollection');
  const taken = await takeSnapshot(graph, dir, 4244);
  expect(taken.leftoversRestored).toBe(1);
  expect(taken.saved.snapshot.bindings, 'the new snapshot is the state before the killed run').toEqual(FOUND);
  expect(mock.bindings()).toEqual(FOUND);
  expect(fs.existsSync(leftover)).toBe(false);
});

withTenant('npm run restore puts back every leftover, the oldest last, and leaves live runs alone', async ({ tenant: { mock, root, graph } }) => {
  const dir = tempDir('restore-command');
  writeSnapshot(dir, root, FOUND, Number(deadPid()), '2026-01-01T00:00:00.000Z');
  writeSnapshot(dir, root, { postFederationSignup: CONFIGURED, postAttributeCollection: CONFIGURED }, Number(deadPid()), '2026-01-02T00:00:00.000Z');
  const live = writeSnapshot(dir, root, { postFederationSignup: null, postAttributeCollection: null }, process.pid, '2026-01-03T00:00:00.000Z');
  await graph.disable('postFederationSignup');
  const outcomes = await restoreLeftovers(graph, dir);
  expect(outcomes.map((o) => o.snapshot.takenAt)).toEqual(['2026-01-02T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
  expect(mock.bindings()).toEqual(FOUND);
  expect(fs.readdirSync(path.dirname(live))).toEqual([path.basename(live)]);
});

withTenant("a run starting while another is live adopts that run's snapshot instead of reading a changed state", async ({ tenant: { root, graph } }) => {
  const dir = tempDir('adopt');
  writeSnapshot(dir, root, FOUND, process.pid, '2026-01-01T00:00:00.000Z');
  await graph.enable('postAttributeCollection');
  const taken = await takeSnapshot(graph, dir, 4245);
  expect(taken.adoptedFrom).toBe(process.pid);
  expect(taken.saved.snapshot.bindings).toEqual(FOUND);
});

test('an unbind that {} does not achieve is retried with DELETE', async ({ request }) => {
  /** Answers PUT {} with 204 and changes nothing; DELETE works. */
  class DisableIgnored extends CountingMock {
    private method = '';
    protected override async route(ctx: Ctx): Promise<void> {
      this.method = ctx.method;
      return super.route(ctx);
    }
    protected override unbind(flow: UserFlow, step: Step): void {
      if (this.method !== 'PUT') super.unbind(flow, step);
    }
  }
  const mock = new DisableIgnored();
  const root = await mock.listen(0);
  const dir = tempDir('delete-fallback');
  try {
    const graph = graphFor(root, request);
    await takeSnapshot(graph, dir, 4246);
    await graph.enable('postAttributeCollection');
    const outcome = await restoreRun(graph, dir, 4246);
    expect(mock.bindings()).toEqual(FOUND);
    expect(outcome?.writes).toBe(2);
  } finally {
    await mock.close();
  }
});

// ---- whole runs -----------------------------------------------------------------------------------------------

test('a run with failing checks and throttling on leaves the configuration as found, retries recorded, support ids shown', async () => {
  test.setTimeout(120_000);
  const mock = new PutAnswers200({ throttleEvery: 3, throttleRetryAfter: '0.05' });
  const root = await mock.listen(0);
  const dir = tempDir('failing-run');
  try {
    // One check, failing after it wrote: each failure costs Playwright a worker restart.
    const run = await runConformance(dir, ['--grep', 'postFederationSignup.*enabling the step binds the configured connector'], { GRAPH_BASE_URL: root, GRAPH_TOKEN: REFERENCE_MOCK_TOKEN, CI: '1' });
    expect(run.code, run.stderr).toBe(1);
    expect(mock.changed, 'the run changed the configuration').toBe(true);
    expect(mock.bindings()).toEqual(FOUND);
    expect(run.stdout).toMatch(/tenant as found: user flow B2X_1_testuserflow .* restored to postFederationSignup=0f3c5b7e-8d21-4a6b-b9f0-2c7d4e6a8b13, postAttributeCollection=unbound/);
    expect(fs.readdirSync(path.join(dir, 'reports', 'tenant-snapshots')), 'no snapshot left behind').toEqual([]);

    const results = fs.readFileSync(path.join(dir, 'reports', 'results.json'), 'utf8');
    const attachments = [...results.matchAll(/"body": "([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
    expect(attachments.some((a) => /\(answered 429, retried after 50 ms\)/.test(a)), 'a throttled exchange shows its retry').toBe(true);
    expect(results, 'a failed check names the ids a support ticket needs').toMatch(/request-id=[0-9a-f-]{36} client-request-id=[0-9a-f-]{36} date=\w{3}, \d\d \w{3} \d{4}/);
  } finally {
    await mock.close();
  }
});

/** `npm run conformance` as its own process group, as a terminal runs it, so that a Ctrl-C can be sent to the group. */
function startRun(dir: string, root: string): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const env = runEnv(dir, { GRAPH_BASE_URL: root, GRAPH_TOKEN: REFERENCE_MOCK_TOKEN });
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'scripts/conformance.ts'), '--output', path.join(dir, 'test-results'), '--grep', '@stateful', '--workers=1', '--reporter=line'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const interruptions: { name: string; interrupt: (child: ChildProcess, dir: string) => void }[] = [
  { name: 'Ctrl-C (SIGINT to the process group)', interrupt: (child) => process.kill(-child.pid!, 'SIGINT') },
  { name: 'SIGTERM to npm run conformance alone', interrupt: (child) => child.kill('SIGTERM') },
  {
    name: 'SIGKILL of the Playwright runner, which skips its teardown',
    interrupt: (_child, dir) => {
      const [file] = fs.readdirSync(path.join(dir, 'reports', 'tenant-snapshots'));
      process.kill(Number(/-(\d+)\.json$/.exec(file!)![1]), 'SIGKILL');
    },
  },
];

for (const { name, interrupt } of interruptions) {
  test(`a run interrupted mid-way by ${name} leaves the configuration as found`, async () => {
    test.setTimeout(120_000);
    const mock = new CountingMock({}, 150);
    const root = await mock.listen(0);
    const dir = tempDir('interrupted');
    try {
      const { child, done } = startRun(dir, root);
      await until(() => mock.writes >= 3 && JSON.stringify(mock.bindings()) !== JSON.stringify(FOUND), 'the run to change the configuration');
      interrupt(child, dir);
      const run = await done;
      expect(mock.bindings(), `${run.stdout}\n${run.stderr}`).toEqual(FOUND);
      expect(run.code, 'an interrupted run is not a pass').not.toBe(0);
      expect(filesUnder(path.join(dir, 'reports', 'tenant-snapshots')), 'no snapshot left behind').toEqual([]);
    } finally {
      await mock.close();
    }
  });
}
