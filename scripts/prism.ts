/**
 * `npm run prism [-- --port 4010]`: Stoplight Prism (a stateless mock generated from an OpenAPI document) serving our
 * fragment, as a second target to run the suite against: the worked example of a baseline (expectations/prism.json).
 *
 * Prism serves the fragment's paths at the root and ignores the path of its `servers` URLs, while the suite needs a
 * service root ending in the API version. So Prism is given a copy of the fragment whose paths carry the `/v1.0`
 * prefix (written under reports/prism/); nothing else is changed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const FRAGMENT = path.join(ROOT, 'specs', 'apiconnectorconfiguration.openapi.json');
export const PRISM_VERSION_PATH = '/v1.0';
/** Prism only checks that a bearer token is present; any one opens it. Not a secret. */
export const PRISM_TOKEN = 'prism-accepts-any-bearer-token';

export interface RunningPrism {
  serviceRoot: string;
  stop(): Promise<void>;
}

/** The fragment with every path under PRISM_VERSION_PATH, written where Prism can read it. */
export function prefixedFragment(dir = path.join(ROOT, 'reports', 'prism')): string {
  const spec = JSON.parse(fs.readFileSync(FRAGMENT, 'utf8')) as { paths: Record<string, unknown> };
  spec.paths = Object.fromEntries(Object.entries(spec.paths).map(([p, item]) => [`${PRISM_VERSION_PATH}${p}`, item]));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'fragment-v1.0.openapi.json');
  fs.writeFileSync(file, JSON.stringify(spec, null, 2));
  return file;
}

/** A free loopback port: Prism prints the port it was asked for, so it cannot be given 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPrism(options: { port?: number; log?: (line: string) => void } = {}): Promise<RunningPrism> {
  const port = options.port || (await freePort());
  const cli = require.resolve('@stoplight/prism-cli/dist/index.js', { paths: [ROOT] });
  const child: ChildProcess = spawn(process.execPath, [cli, 'mock', prefixedFragment(), '--host', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const serviceRoot = `http://127.0.0.1:${port}${PRISM_VERSION_PATH}`;
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Prism did not start listening on port ${port} within 60 s:\n${output.slice(-2000)}`)), 60_000);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim()) options.log?.(line);
      if (/Prism is listening/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`Prism exited (code ${code}) before listening:\n${output.slice(-2000)}`)));
  });
  return {
    serviceRoot,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function parsePort(argv: string[]): number | undefined {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (i === -1) return undefined;
  const raw = argv[i]!.includes('=') ? argv[i]!.split('=')[1]! : argv[i + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`--port must be a port number from 1 to 65535; found "${raw ?? ''}" (e.g. npm run prism -- --port 4010)\n`);
    process.exit(2);
  }
  return port;
}

if (require.main === module) {
  void (async () => {
    const prism = await startPrism({ port: parsePort(process.argv.slice(2)), log: (line) => process.stdout.write(`${line}\n`) });
    process.stdout.write(`prism: service root ${prism.serviceRoot}\n`);
    process.stdout.write(`  CONFORMANCE_TARGET=prism GRAPH_BASE_URL=${prism.serviceRoot} GRAPH_TOKEN=${PRISM_TOKEN} npm run conformance\n`);
    const stop = (): void => void prism.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  })().catch((err: Error) => {
    process.stderr.write(`prism: ${err.message}\n`);
    process.exit(2);
  });
}
