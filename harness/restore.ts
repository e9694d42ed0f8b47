/**
 * Leave the tenant as found. Global setup reads the flow's apiConnectorConfiguration before the first write and
 * saves it to {reports}/tenant-snapshots/{target key}-{runner pid}.json; global teardown writes it back and deletes
 * the file. The file outlives a run that could not restore (a teardown that failed, a run killed outright):
 * scripts/conformance.ts restores it as soon as Playwright exits, the next run restores it before taking its own
 * snapshot, and `npm run restore` restores it on demand.
 *
 * Concurrent runs against one flow (shards) each save a file; a run that finds another live run's snapshot adopts
 * its bindings rather than reading a state that run has already changed. Reads and writes here hold the flow's
 * cross-process lock (harness/lock.ts), so they never land in the middle of a check.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reportsDir } from '../reporting/reporters';
import { contract } from './contract';
import { bodyJson, supportIds, type Exchange } from './exchange';
import type { GraphClient } from './graph';
import { lockUserFlow } from './lock';

/** Connector id bound to each step; null when unbound. */
export type StepBindings = Record<string, string | null>;

export interface TenantSnapshot {
  serviceRoot: string;
  userFlowId: string;
  bindings: StepBindings;
  takenAt: string;
  /** The Playwright runner that took it: while it lives, the snapshot is its run's, not a leftover. */
  pid: number;
  host: string;
}

export interface SavedSnapshot {
  file: string;
  snapshot: TenantSnapshot;
}

export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreError';
  }
}

export function snapshotDir(env: Record<string, string | undefined> = process.env): string {
  return path.join(reportsDir(env), 'tenant-snapshots');
}

function targetKey(serviceRoot: string, userFlowId: string): string {
  return crypto.createHash('sha256').update(`${serviceRoot}\n${userFlowId}`).digest('hex').slice(0, 16);
}

export function snapshotFile(dir: string, serviceRoot: string, userFlowId: string, pid: number): string {
  return path.join(dir, `${targetKey(serviceRoot, userFlowId)}-${pid}.json`);
}

/** Every snapshot in `dir` for this flow at this service root, oldest first. */
export function savedSnapshots(dir: string, serviceRoot: string, userFlowId: string): SavedSnapshot[] {
  const prefix = `${targetKey(serviceRoot, userFlowId)}-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: SavedSnapshot[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as TenantSnapshot;
      if (snapshot.serviceRoot === serviceRoot && snapshot.userFlowId === userFlowId) out.push({ file, snapshot });
    } catch {
      // Half-written by a run killed mid-write: it never held a complete state, so it has nothing to restore.
      fs.rmSync(file, { force: true });
    }
  }
  return out.sort((a, b) => a.snapshot.takenAt.localeCompare(b.snapshot.takenAt));
}

/** A snapshot's run is still going: its runner lives on this machine. One from another machine counts as left over. */
export function runIsAlive(snapshot: TenantSnapshot): boolean {
  if (snapshot.host !== os.hostname()) return false;
  try {
    process.kill(snapshot.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describeBindings(bindings: StepBindings): string {
  return Object.entries(bindings)
    .map(([step, id]) => `${step}=${id ?? 'unbound'}`)
    .join(', ');
}

/** The flow's bindings as the target reads them now. Throws when the read is not a 200 JSON object. */
export async function readStepBindings(graph: GraphClient): Promise<{ bindings: StepBindings; exchange: Exchange }> {
  const steps = contract().stepEnum();
  const exchange = await graph.readConfiguration(steps.join(','));
  const body = bodyJson(exchange);
  if (exchange.response.status !== 200 || !body || typeof body !== 'object' || Array.isArray(body)) {
    throw new RestoreError(`reading the configuration of ${graph.config.userFlowId} was answered ${exchange.response.status}, not 200 with a JSON object (${supportIds(exchange)})`);
  }
  const bindings: StepBindings = {};
  for (const step of steps) {
    const value = (body as Record<string, unknown>)[step];
    bindings[step] = value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : null;
  }
  return { bindings, exchange };
}

/**
 * Write `wanted` back, step by step, only where the target differs, then read back to prove it. An unbind that
 * `{}` did not achieve is tried once more with DELETE, the operation's other documented form. Returns the writes made.
 */
export async function applyBindings(graph: GraphClient, wanted: StepBindings): Promise<number> {
  const { bindings: now } = await readStepBindings(graph);
  let writes = 0;
  for (const [step, id] of Object.entries(wanted)) {
    if (now[step] === id) continue;
    const answer = id === null ? await graph.disable(step) : await graph.enable(step, id);
    writes++;
    if (answer.response.status < 200 || answer.response.status > 299) {
      throw new RestoreError(`restoring ${step} to ${id ?? 'unbound'} was answered ${answer.response.status} (${supportIds(answer)})`);
    }
  }
  let { bindings: after } = await readStepBindings(graph);
  for (const [step, id] of Object.entries(wanted)) {
    if (id === null && after[step] !== null) {
      await graph.deleteRef(step);
      writes++;
      after = (await readStepBindings(graph)).bindings;
    }
  }
  const wrong = Object.entries(wanted).filter(([step, id]) => after[step] !== id);
  if (wrong.length) {
    throw new RestoreError(`after restoring, the target reads ${describeBindings(after)}; expected ${describeBindings(wanted)}`);
  }
  return writes;
}

async function underLock<T>(graph: GraphClient, work: () => Promise<T>): Promise<T> {
  const release = await lockUserFlow(graph.config.serviceRoot, graph.config.userFlowId);
  try {
    return await work();
  } finally {
    await release();
  }
}

export interface SnapshotOutcome {
  saved: SavedSnapshot;
  /** Snapshots of earlier runs that never restored, restored here first (oldest, the true original, wins). */
  leftoversRestored: number;
  /** Bindings taken over from a concurrent run's snapshot rather than read. */
  adoptedFrom: number | undefined;
}

/** Global setup: restore what earlier runs left, then save this run's snapshot. */
export async function takeSnapshot(graph: GraphClient, dir: string, pid: number = process.pid): Promise<SnapshotOutcome> {
  const { serviceRoot, userFlowId } = graph.config;
  return underLock(graph, async () => {
    const others = savedSnapshots(dir, serviceRoot, userFlowId).filter((s) => s.snapshot.pid !== pid || s.snapshot.host !== os.hostname());
    const leftovers = others.filter((s) => !runIsAlive(s.snapshot));
    const live = others.filter((s) => runIsAlive(s.snapshot));
    if (leftovers.length) {
      await applyBindings(graph, leftovers[0]!.snapshot.bindings);
      for (const s of leftovers) fs.rmSync(s.file, { force: true });
    }
    const bindings = live.length ? live[0]!.snapshot.bindings : (await readStepBindings(graph)).bindings;
    const snapshot: TenantSnapshot = { serviceRoot, userFlowId, bindings, takenAt: new Date().toISOString(), pid, host: os.hostname() };
    fs.mkdirSync(dir, { recursive: true });
    const file = snapshotFile(dir, serviceRoot, userFlowId, pid);
    // Written whole, then renamed: a run killed mid-write leaves no half snapshot to be trusted.
    fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(snapshot, null, 2)}\n`);
    fs.renameSync(`${file}.tmp`, file);
    return { saved: { file, snapshot }, leftoversRestored: leftovers.length, adoptedFrom: live[0]?.snapshot.pid };
  });
}

export interface RestoreOutcome {
  snapshot: TenantSnapshot;
  writes: number;
}

/** Restore one saved snapshot and delete its file; the file stays when the restore fails, for a later attempt. */
export async function restoreSaved(graph: GraphClient, saved: SavedSnapshot): Promise<RestoreOutcome> {
  return underLock(graph, async () => {
    const writes = await applyBindings(graph, saved.snapshot.bindings);
    fs.rmSync(saved.file, { force: true });
    return { snapshot: saved.snapshot, writes };
  });
}

/** Global teardown (and scripts/conformance.ts after Playwright exits): restore the run of runner `pid`, if its snapshot is still there. */
export async function restoreRun(graph: GraphClient, dir: string, pid: number): Promise<RestoreOutcome | undefined> {
  const saved = savedSnapshots(dir, graph.config.serviceRoot, graph.config.userFlowId).find((s) => s.snapshot.pid === pid && s.snapshot.host === os.hostname());
  return saved ? restoreSaved(graph, saved) : undefined;
}

/** `npm run restore`: restore every snapshot of this flow whose run is over, oldest last so the original state wins. */
export async function restoreLeftovers(graph: GraphClient, dir: string): Promise<RestoreOutcome[]> {
  const leftovers = savedSnapshots(dir, graph.config.serviceRoot, graph.config.userFlowId).filter((s) => !runIsAlive(s.snapshot));
  const out: RestoreOutcome[] = [];
  for (const saved of leftovers.reverse()) out.push(await restoreSaved(graph, saved));
  return out;
}

export function describeRestore(outcome: RestoreOutcome): string {
  const s = outcome.snapshot;
  return `user flow ${s.userFlowId} at ${s.serviceRoot} restored to ${describeBindings(s.bindings)} (${outcome.writes} write${outcome.writes === 1 ? '' : 's'}; read before the first write at ${s.takenAt})`;
}

export function describeSnapshot(outcome: SnapshotOutcome): string {
  const s = outcome.saved.snapshot;
  const how = outcome.adoptedFrom !== undefined ? `taken over from the run still going as pid ${outcome.adoptedFrom}` : 'read before the first write';
  const earlier = outcome.leftoversRestored ? `; first restored ${outcome.leftoversRestored} snapshot(s) an interrupted run left` : '';
  return `tenant snapshot: ${describeBindings(s.bindings)} (${how}${earlier}), saved to ${outcome.saved.file}; restored when the run ends`;
}
