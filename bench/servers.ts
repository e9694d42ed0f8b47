/**
 * Servers under measurement, each in a child process of its own so that the load generator never shares an event
 * loop with them: the reference mock through its real entry point (mock/cli.ts, as `npm run mock` and the suite's
 * webServer start it), and the floor, a bare node:http server that answers 204.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_MOCK_TOKEN } from '../harness/config';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const BENCH_TOKEN = REFERENCE_MOCK_TOKEN;

/** The reference mock, the bare floor, and the minimal faithful handler (a reference point, bench/minimal-server.ts). */
export type ServerKind = 'mock' | 'bare' | 'minimal';

const ENTRIES: Record<ServerKind, string> = {
  mock: path.join(PROJECT_ROOT, 'mock', 'cli.ts'),
  bare: path.join(__dirname, 'bare-server.ts'),
  minimal: path.join(__dirname, 'minimal-server.ts'),
};

export interface RunningServer {
  kind: ServerKind;
  /** The service root, e.g. http://127.0.0.1:34567/v1.0 */
  serviceRoot: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

const ANNOUNCED = /service root (http:\/\/\S+)/;

/** Start a server child and wait for the line that announces its service root (port 0: any free port). */
export function startServer(kind: ServerKind, extraEnv: Record<string, string> = {}, nodeArgs: string[] = []): Promise<RunningServer> {
  const entry = ENTRIES[kind];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd: PROJECT_ROOT,
    // Explicit values so that a developer's .env (throttling, another port) cannot skew a measurement.
    env: { ...process.env, MOCK_PORT: '0', MOCK_HOST: '127.0.0.1', MOCK_TOKEN: BENCH_TOKEN, MOCK_THROTTLE_EVERY: '0', MOCK_SEED: '', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`${kind} server did not announce its service root within 30 s; stderr: ${err.slice(-2000)}`)), 30_000);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    child.stderr!.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-8192)));
    child.once('exit', (code, signal) => fail(new Error(`${kind} server exited early (code ${code}, signal ${signal}); stderr: ${err.slice(-2000)}`)));
    child.stdout!.on('data', function onData(chunk: Buffer) {
      out += chunk.toString();
      const match = ANNOUNCED.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      child.removeAllListeners('exit');
      resolve({ kind, serviceRoot: match[1]!, pid: child.pid!, child, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** CPU time a process has used so far (user + system), in seconds, as the kernel counts it in /proc/{pid}/stat. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
/** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK); Node offers no call for it). */
const CLOCK_TICKS = 100;

/** Resident memory of a process in bytes, as the kernel counts it (VmRSS); nothing forced, no GC requested. */
export function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  return Number(match[1]) * 1024;
}
