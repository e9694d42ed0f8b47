/**
 * The pieces `npm run bench` reads its figures through: the CPU clock of a server process, and the reference servers,
 * which must answer the documented PUT as the mock does or their rows compare nothing.
 */
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

for (const kind of ['bare', 'minimal'] as ServerKind[]) {
  test(`the ${kind} server answers the documented PUT 204 with no body`, async () => {
    const server = await startServer(kind);
    try {
      const { path, body } = documentedEnable(server.serviceRoot);
      const res = await fetch(new URL(server.serviceRoot).origin + path, { method: 'PUT', headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json', 'client-request-id': 'bench-probe' }, body });
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
      // The minimal handler stands for a Graph-shaped answer: the two ids the suite checks, nothing more.
      if (kind === 'minimal') {
        expect(res.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
        expect(res.headers.get('client-request-id')).toBe('bench-probe');
      }
    } finally {
      await server.stop();
    }
  });
}
