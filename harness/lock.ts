import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * Checks that write, or that read the configuration to compare it, hold the user flow's lock for their whole body.
 * Playwright runs files in parallel worker processes and in any order; the target has one configuration per flow,
 * so two checks interleaving their writes would each see the other's state. The lock is a file, so it holds across
 * workers (and across concurrent runs on one machine against the same target); proper-lockfile clears a lock left
 * by a crashed worker once it goes stale.
 */
export async function lockUserFlow(serviceRoot: string, userFlowId: string): Promise<() => Promise<void>> {
  const key = crypto.createHash('sha256').update(`${serviceRoot}\n${userFlowId}`).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `b2x-conformance-${key}.lock`);
  fs.writeFileSync(file, '', { flag: 'a' });
  return lockfile.lock(file, {
    stale: 20_000,
    update: 5_000,
    retries: { retries: 2_000, factor: 1.2, minTimeout: 5, maxTimeout: 100 },
    realpath: false,
  });
}
