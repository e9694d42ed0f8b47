/**
 * The pieces `npm run bench` reads its figures through: the CPU clock of a server process, the reference servers,
 * which must answer the documented PUT as the mock does or their rows compare nothing, and the padded floor runs.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { BENCH_TOKEN, cpuSeconds, startServer, type ServerKind } from '../bench/servers';
import { documentedEnable } from '../bench/requests';

test('cpuSeconds reads a process CPU time from /proc, and it grows while the process works', () => {
  const before = cpuSeconds(process.pid);
  const until = Date.now() + 300;
  let spin = 0;
  while (Date.now() < until) spin++;
  const after = cpuSeconds(process.pid);
  expect(spin).toBeGreaterThan(0);
  expect(before).toBeGreaterThan(0);
  // 300 ms of busy loop; the kernel counts in 10 ms ticks.
  expect(after - before).toBeGreaterThanOrEqual(0.2);
});

test('cpuSeconds names the process it cannot read', () => {
  expect(() => cpuSeconds(2 ** 22 + 1)).toThrow(/\/proc\/4194305\/stat/);
});

async function documentedPut(serviceRoot: string): Promise<Response> {
  const { path, body } = documentedEnable(serviceRoot);
  return fetch(new URL(serviceRoot).origin + path, { method: 'PUT', headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json', 'client-request-id': 'bench-probe' }, body });
}

/** An answer's headers but those that differ on every answer (the request-id, the date). */
function constantHeaders(res: Response): Record<string, string> {
  return Object.fromEntries([...res.headers].filter(([name]) => name !== 'request-id' && name !== 'date'));
}

test('the bare server answers the documented PUT 204 with no body', async () => {
  const server = await startServer('bare');
  try {
    const res = await documentedPut(server.serviceRoot);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  } finally {
    await server.stop();
  }
});

test("the minimal server answers the documented PUT as the mock does: 204, no body, the mock's headers", async () => {
  const servers = await Promise.all((['minimal', 'mock'] as ServerKind[]).map((kind) => startServer(kind)));
  try {
    const [minimal, mock] = await Promise.all(servers.map((s) => documentedPut(s.serviceRoot)));
    expect(minimal!.status).toBe(204);
    expect(await minimal!.text()).toBe('');
    expect(minimal!.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(minimal!.headers.get('client-request-id')).toBe('bench-probe');
    expect(mock!.status).toBe(204);
    // Graph's headers and no others: the reference stands for a faithful answer, or its row compares nothing.
    expect(constantHeaders(minimal!)).toEqual(constantHeaders(mock!));
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
});

/** `playwright test --list` of the floor run: its tests, and how many requests each padding test sends. */
function listFloor(env: Record<string, string>): { titles: string[]; requests: number } {
  const out = execFileSync(process.execPath, [require.resolve('@playwright/test/cli'), 'test', '-c', 'bench/floor.config.ts', '--list'], { cwd: path.resolve(__dirname, '..'), env: { ...process.env, ...env }, encoding: 'utf8' });
  const titles = [...out.matchAll(/› (.+)$/gm)].map((m) => m[1]!);
  // The first test sends the floor's one request; each padding test names its count.
  const requests = 1 + titles.reduce((sum, t) => sum + Number(/: (\d+) request\(s\)/.exec(t)?.[1] ?? 0), 0);
  return { titles, requests };
}

test('the padded floors have as many tests, and send as many requests, as the bench asks for', () => {
  expect(listFloor({}).titles).toEqual(['the embedded mock answers the documented enable with 204']);
  const padded = listFloor({ BENCH_FLOOR_TESTS: '5' });
  expect(padded.titles).toHaveLength(5);
  expect(padded.requests, 'padding alone sends nothing').toBe(1);
  const spread = listFloor({ BENCH_FLOOR_TESTS: '5', BENCH_FLOOR_REQUESTS: '12' });
  expect(spread.titles).toHaveLength(5);
  expect(spread.requests).toBe(12);
  // 11 requests over 4 padding tests: 3, 3, 3, 2 - spread evenly, never all in one test.
  expect(spread.titles.slice(1).map((t) => Number(/: (\d+) request/.exec(t)?.[1]))).toEqual([3, 3, 3, 2]);
  const few = listFloor({ BENCH_FLOOR_TESTS: '5', BENCH_FLOOR_REQUESTS: '3' });
  expect(few.requests).toBe(3);
  expect(few.titles.filter((t) => t.includes('no check, Playwright'))).toHaveLength(2);
});
