/**
 * `npm run mock`: the reference mock on its own. Prints its service root on one line, which Playwright's
 * webServer reads (a port of 0 means any free port).
 */
import { REFERENCE_MOCK_TOKEN, loadDotEnv } from '../harness/config';
import { startMock } from './server';
import { DEFAULT_SEED_PATH, loadSeed } from './state';

function integer(name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}; found "${raw}" (e.g. ${name}=${fallback})`);
    return fallback;
  }
  return value;
}

async function main(): Promise<void> {
  loadDotEnv();
  const problems: string[] = [];
  const host = process.env.MOCK_HOST?.trim() || '127.0.0.1';
  const port = integer('MOCK_PORT', 4010, 0, 65535, problems);
  const bodyLimit = integer('MOCK_BODY_LIMIT', 1024 * 1024, 2, 64 * 1024 * 1024, problems);
  const throttleEvery = integer('MOCK_THROTTLE_EVERY', 0, 0, 1_000_000, problems);
  const throttleRetryAfter = process.env.MOCK_THROTTLE_RETRY_AFTER?.trim() || '1';
  if (!/^\d+(\.\d+)?$/.test(throttleRetryAfter)) problems.push(`MOCK_THROTTLE_RETRY_AFTER must be seconds, e.g. 1 or 0.5; found "${throttleRetryAfter}"`);
  const token = process.env.MOCK_TOKEN?.trim() || REFERENCE_MOCK_TOKEN;
  if (/\s/.test(token)) problems.push('MOCK_TOKEN must not contain whitespace');
  if (problems.length) {
    process.stderr.write(`reference mock: configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(2);
  }
  let seed;
  try {
    seed = loadSeed(process.env.MOCK_SEED?.trim() || DEFAULT_SEED_PATH);
  } catch (err) {
    process.stderr.write(`reference mock: ${(err as Error).message}\n`);
    process.exit(2);
  }
  let started;
  try {
    started = await startMock({ token, seed, bodyLimit, throttleEvery, throttleRetryAfter, host, port });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const hint = e.code === 'EADDRINUSE' ? ` (port ${port} is taken: set MOCK_PORT to another port, or 0 for any free one)` : '';
    process.stderr.write(`reference mock: cannot listen on ${host}:${port}: ${e.message}${hint}\n`);
    process.exit(2);
  }
  process.stdout.write(`reference mock: service root ${started.serviceRoot}\n`);
  const stop = (): void => {
    void started.mock.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
