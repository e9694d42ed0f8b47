/**
 * Helpers for the tests that run the conformance suite in a subprocess and read what it left behind: each run gets
 * its own folders (reports, test results, blob report), so runs in parallel never touch each other or reports/.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

export const ROOT = path.resolve(__dirname, '..');
const PLAYWRIGHT_CLI = require.resolve('@playwright/test/cli', { paths: [ROOT] });

export interface RunOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `conformance-${prefix}-`));
  made.push(dir);
  return dir;
}

/** For afterEach: a passing test's folders go; a failing test's stay, named in its output, to be looked at. */
export function removeTempDirs(passed: boolean): void {
  for (const dir of made.splice(0)) {
    if (passed) fs.rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept for inspection: ${dir}\n`);
  }
}

/**
 * The environment of a run: the caller's, minus anything that would pick another target or baseline, with a .env
 * that does not exist (a developer's own .env must not steer a test) and reports in `dir`.
 */
export function runEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(GRAPH_|MOCK_|CONFORMANCE_|B2X_|API_CONNECTOR_|AZURE_|GITHUB_STEP_SUMMARY$|PLAYWRIGHT_|PW_|TEST_)/.test(name)) delete env[name];
  }
  return { ...env, FORCE_COLOR: '0', CONFORMANCE_ENV_FILE: path.join(dir, 'no.env'), CONFORMANCE_REPORTS_DIR: path.join(dir, 'reports'), ...extra };
}

/** `node <args>` in the project root, with runEnv(dir). */
export function runNode(dir: string, args: string[], extra: Record<string, string> = {}): Promise<RunOutcome> {
  return run(args, runEnv(dir, extra));
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm run conformance -- <args>`, as a user runs it (the wrapper, its exit codes, its summary line). */
export function runConformance(dir: string, args: string[], extra: Record<string, string> = {}): Promise<RunOutcome> {
  return run(['--require', 'tsx/cjs', path.join(ROOT, 'scripts/conformance.ts'), '--output', path.join(dir, 'test-results'), ...args], runEnv(dir, extra));
}

/** `npx playwright <args>` with the project's Playwright. */
export function runPlaywright(dir: string, args: string[], extra: Record<string, string> = {}): Promise<RunOutcome> {
  return run([PLAYWRIGHT_CLI, ...args], runEnv(dir, extra));
}

/** Every file under dir, recursively. */
export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/**
 * The entries of a zip held in memory (the HTML report keeps its data as a base64 zip inside index.html), enough of
 * the format to search them for a secret: stored and deflated entries, read through the central directory.
 */
export function zipEntries(zip: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd === -1) throw new Error('not a zip: no end of central directory');
  let at = zip.readUInt32LE(eocd + 16);
  const count = zip.readUInt16LE(eocd + 10);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip central directory entry ${i} is malformed`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    entries.set(name, method === 8 ? zlib.inflateRawSync(data) : data);
    at += 46 + skip;
  }
  return entries;
}

/** The HTML report's embedded data: every JSON file of its zip, as text. */
export function htmlReportData(htmlDir: string): Map<string, string> {
  const index = fs.readFileSync(path.join(htmlDir, 'index.html'), 'utf8');
  const base64 = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(index)?.[1];
  if (!base64) throw new Error(`${htmlDir}/index.html holds no embedded report data`);
  return new Map([...zipEntries(Buffer.from(base64, 'base64'))].map(([name, data]) => [name, data.toString('utf8')]));
}
