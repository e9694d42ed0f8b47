/**
 * A canary token must appear nowhere a run writes: stdout, stderr, and every file of its reports and test results
 * (attachments, the HTML report's embedded data, JUnit, JSON, the conformance report), decoded where they are
 * base64 or zipped. Two hostile targets: one that fails and echoes the token back in its answers, and one that
 * never answers, so requests time out and Playwright's call log lists their headers.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { HttpError, ReferenceMock, type Ctx } from '../mock/server';
import { filesUnder, htmlReportData, removeTempDirs, runConformance, tempDir, zipEntries } from './reports-run';

test.afterEach(({}, testInfo) => removeTempDirs(testInfo.status === testInfo.expectedStatus));

/** Every place in a run's output where `canary` shows, decoded: plain text, base64 runs, zips, the HTML report's data. */
function leaks(canary: string, dir: string, streams: Record<string, string>): string[] {
  const found: string[] = [];
  const search = (where: string, data: Buffer, depth = 0): void => {
    if (data.includes(canary)) found.push(where);
    if (depth > 1) return;
    for (const match of data.toString('latin1').matchAll(/[A-Za-z0-9+/]{24,}={0,2}/g)) {
      const decoded = Buffer.from(match[0], 'base64');
      if (decoded.includes(canary)) found.push(`${where} (base64 at ${match.index})`);
      if (decoded.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
        for (const [name, entry] of zipEntries(decoded)) search(`${where} (zip entry ${name})`, entry, depth + 1);
      }
    }
  };
  for (const [name, text] of Object.entries(streams)) search(name, Buffer.from(text));
  for (const file of filesUnder(dir)) {
    const data = fs.readFileSync(file);
    search(file, data);
    if (file.endsWith('.zip')) for (const [name, entry] of zipEntries(data)) search(`${file} (zip entry ${name})`, entry, 1);
  }
  const html = path.join(dir, 'reports', 'html');
  if (fs.existsSync(path.join(html, 'index.html'))) for (const [name, text] of htmlReportData(html)) search(`${html} (report data ${name})`, Buffer.from(text), 1);
  return found;
}

/** Passes preflight and the snapshot, then answers every write 500 with the caller's Authorization echoed in body and header. */
class EchoesTokenAndFails extends ReferenceMock {
  protected override async route(ctx: Ctx): Promise<void> {
    if (ctx.method === 'PUT' || ctx.method === 'DELETE') {
      const sent = ctx.req.headers.authorization ?? '';
      throw new HttpError(500, 'InternalServerError', `could not process the request of ${sent} (token ${sent.replace(/^Bearer /, '')})`, { 'x-echo-authorization': sent });
    }
    return super.route(ctx);
  }
}

test('a failing target that echoes the token back: the canary shows nowhere in what the run wrote', async () => {
  test.setTimeout(120_000);
  const canary = `canary-${randomUUID()}`;
  const mock = new EchoesTokenAndFails({ token: canary, log: () => {} });
  const root = await mock.listen(0);
  const dir = tempDir('redaction-failing');
  try {
    const run = await runConformance(dir, ['--grep', 'postFederationSignup: the documented request is answered 204'], { GRAPH_BASE_URL: root, GRAPH_TOKEN: canary, CI: '1' });
    expect(run.code, run.stderr).toBe(1);
    const results = fs.readFileSync(path.join(dir, 'reports', 'results.json'), 'utf8');
    const attachments = [...results.matchAll(/"body": "([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8')).join('\n');
    expect(attachments, 'the echo reached the report (redacted), so the search below looks where the canary would be').toContain('could not process the request of Bearer <redacted> (token <redacted>)');
    expect(attachments).toContain('x-echo-authorization: Bearer <redacted>');
    expect(leaks(canary, dir, { stdout: run.stdout, stderr: run.stderr })).toEqual([]);
  } finally {
    await mock.close();
  }
});

/**
 * Answers the unauthenticated service document (so preflight gets as far as its first request with a token) and,
 * with `answerAlsoGets`, every GET (so preflight and the snapshot pass and the checks start); nothing else, ever.
 */
async function silentServer(token: string, answerAlsoGets: boolean): Promise<{ root: string; close: () => Promise<void> }> {
  const mock = new ReferenceMock({ token, log: () => {} });
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && (path === '/v1.0' || answerAlsoGets)) mock.server.emit('request', req, res);
    // Otherwise: read, never answered, never closed.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    root: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/v1.0`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test("control: Playwright's own error for a timed-out request carries the Authorization header", async ({ request }) => {
  const canary = `canary-${randomUUID()}`;
  const server = await silentServer(canary, false);
  try {
    const message = await request.fetch(`${server.root}/identity/b2xUserFlows`, { headers: { Authorization: `Bearer ${canary}` }, timeout: 300 }).then(
      () => 'answered',
      (err: Error) => err.message,
    );
    expect(message, 'without redaction this would leak: the tests below are not vacuous').toContain(canary);
  } finally {
    await server.close();
  }
});

test('a target that never answers a request with a token: preflight times out, exit 2, and the canary shows nowhere', async () => {
  test.setTimeout(120_000);
  const canary = `canary-${randomUUID()}`;
  const server = await silentServer(canary, false);
  const dir = tempDir('redaction-silent');
  try {
    const run = await runConformance(dir, [], { GRAPH_BASE_URL: server.root, GRAPH_TOKEN: canary, GRAPH_TIMEOUT_MS: '500', CI: '1' });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/preflight error: .*Timeout 500ms exceeded/);
    expect(leaks(canary, dir, { stdout: run.stdout, stderr: run.stderr })).toEqual([]);
  } finally {
    await server.close();
  }
});

test('a target that never answers a write: checks time out, and the canary shows nowhere', async () => {
  test.setTimeout(120_000);
  const canary = `canary-${randomUUID()}`;
  const server = await silentServer(canary, true);
  const dir = tempDir('redaction-silent-writes');
  try {
    const run = await runConformance(dir, ['--grep', 'postFederationSignup: the documented request is answered 204'], { GRAPH_BASE_URL: server.root, GRAPH_TOKEN: canary, GRAPH_TIMEOUT_MS: '500', CI: '1' });
    expect(run.code, run.stderr).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'reports', 'results.json'), 'utf8'), 'the checks really timed out on a request with the token').toMatch(/PUT http:\/\/127\.0\.0\.1:\d+\/v1\.0\/identity\/b2xUserFlows\/B2X_1_testuserflow\/apiConnectorConfiguration\/\w+\/\$ref failed: .*Timeout 500ms exceeded/);
    expect(leaks(canary, dir, { stdout: run.stdout, stderr: run.stderr })).toEqual([]);
  } finally {
    await server.close();
  }
});

test('a blob report, as shards write it (blob reporter, then the redact reporter), holds no canary', async () => {
  test.setTimeout(120_000);
  const canary = `canary-${randomUUID()}`;
  const server = await silentServer(canary, true);
  const dir = tempDir('redaction-blob');
  try {
    const run = await runConformance(dir, ['--grep', 'postFederationSignup: the documented request is answered 204', '--reporter=blob,./harness/redact-reporter.ts'], {
      GRAPH_BASE_URL: server.root,
      GRAPH_TOKEN: canary,
      GRAPH_TIMEOUT_MS: '500',
      PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(dir, 'blob'),
    });
    expect(run.code, run.stderr).toBe(1);
    const zips = fs.readdirSync(path.join(dir, 'blob')).filter((name) => name.endsWith('.zip'));
    expect(zips, 'the shard wrote its blob report').toHaveLength(1);
    const jsonl = [...zipEntries(fs.readFileSync(path.join(dir, 'blob', zips[0]!))).values()].map((b) => b.toString('utf8')).join('\n');
    expect(jsonl, 'the blob holds the timed-out call, redacted').toMatch(/Authorization: Bearer <redacted>/);
    expect(leaks(canary, dir, { stdout: run.stdout, stderr: run.stderr })).toEqual([]);
  } finally {
    await server.close();
  }
});
