/**
 * `npm run bench [-- flags]`: the three performance targets of the reference mock and the suite, measured, printed
 * as a table and written to reports/bench.json. Exits 1 when a target is missed or the run was too short to judge
 * it (see tooShort), 2 on a bad flag.
 *
 *   throughput  the documented PUT against the mock and against a bare node:http server answering 204, each in its
 *               own child process, the same autocannon load, rounds interleaved (each server takes each place in
 *               turn): median mock req/s >= 0.7x median bare req/s. Each round also reads the server's CPU time from
 *               /proc: near 1 core means the server, not the load generator, set the figure. A third server, the
 *               minimal faithful handler (bench/minimal-server.ts), is a reference point, not a target.
 *   suite       wall time of the conformance run (package.json's `conformance` script, embedded mock, run as npm runs
 *               it, without npm's own start-up) against the floor, one Playwright request test with the same webServer
 *               (bench/floor.config.ts), interleaved: median <= 1.5x. Two padded floors are reference points: as many
 *               tests as the suite has checks (what Playwright itself costs per test), and those tests sending as many
 *               requests as the suite sent, checking nothing (and per request).
 *   memory      the mock's VmRSS after 1,000,000 mixed requests <= 1.2x its VmRSS after 10,000 (nothing forced)
 *
 * Flags: --only throughput,suite,memory  --rounds 4  --round-seconds 5  --connections 16  --suite-runs 3
 *        --memory-requests 1000000  --out reports/bench.json
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { BENCH_TOKEN, cpuSeconds, PROJECT_ROOT, residentBytes, startServer, type RunningServer, type ServerKind } from '../bench/servers';
import { readFlags } from '../bench/flags';
import { DEFAULT_USER_FLOW_ID, documentedEnable, refPath } from '../bench/requests';

const SECTIONS = ['throughput', 'suite', 'memory'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  only: Section[];
  rounds: number;
  roundSeconds: number;
  connections: number;
  suiteRuns: number;
  memoryRequests: number;
  out: string;
}

/** A figure printed beside the targets to read them by, never a pass or a miss. */
interface Reference {
  name: string;
  measured: number;
  meaning: string;
}

interface TargetResult {
  name: string;
  measured: number;
  target: string;
  /** Met, and measured long enough to say so: a short run never passes (see tooShort). */
  pass: boolean;
  /** Why the figure is not judged, when the run was shorter than the target's definition; a pass is never given then. */
  notJudged?: string;
  note?: string;
}

/**
 * Short runs are for trying the bench out. They are noisy (a single 1-second round has read 0.73 for a mock whose
 * medians over 4 rounds of 5 s read 0.59-0.61, while the bare server was still ramping up), so a target is judged only
 * on at least the run its definition needs; a shorter run shows its figure as "not judged" and exits 1.
 */
function tooShort(section: Section, options: Options): string | undefined {
  if (section === 'throughput' && (options.rounds < 3 || options.roundSeconds < 3)) return `judged on at least 3 rounds of 3 s; this run had ${options.rounds} of ${options.roundSeconds} s`;
  if (section === 'suite' && options.suiteRuns < 3) return `judged on at least 3 runs; this run had ${options.suiteRuns}`;
  if (section === 'memory' && options.memoryRequests < 1_000_000) return `the target is after a million requests; this run sent ${options.memoryRequests}`;
  return undefined;
}

/** The target as measured, unless the run was too short to judge it. */
function judged(section: Section, options: Options, result: TargetResult): TargetResult {
  const notJudged = tooShort(section, options);
  return notJudged ? { ...result, pass: false, notJudged } : result;
}

function parseArgs(argv: string[]): Options {
  const flags = { only: undefined, rounds: undefined, 'round-seconds': undefined, connections: undefined, 'suite-runs': undefined, 'memory-requests': undefined, out: undefined };
  const { raw, whole, usageError } = readFlags('bench', '--only throughput,suite,memory --rounds 4 --round-seconds 5 --connections 16 --suite-runs 3 --memory-requests 1000000 --out reports/bench.json', argv, flags);
  let only: Section[] = [...SECTIONS];
  if (raw.only !== undefined) {
    const names = raw.only.split(',').map((s) => s.trim());
    if (names.some((n) => !(SECTIONS as readonly string[]).includes(n))) usageError(`--only takes a comma list of ${SECTIONS.join(', ')}; found ${JSON.stringify(raw.only)} (e.g. --only throughput,memory)`);
    only = names as Section[];
  }
  return {
    only,
    rounds: whole('rounds', 4, 1, 100),
    roundSeconds: whole('round-seconds', 5, 1, 600),
    connections: whole('connections', 16, 1, 1024),
    suiteRuns: whole('suite-runs', 3, 1, 50),
    memoryRequests: whole('memory-requests', 1_000_000, 20_000, 100_000_000),
    out: raw.out !== undefined ? path.resolve(raw.out) : path.join(PROJECT_ROOT, 'reports', 'bench.json'),
  };
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
const loadAverage = (): number[] => os.loadavg().map((n) => round(n));
const log = (line: string): void => void process.stdout.write(`${line}\n`);

// ---- throughput ------------------------------------------------------------------------------------------------

async function documentedPutLoad(server: RunningServer, options: Options, seconds: number): Promise<autocannon.Result> {
  const { path: urlPath, body } = documentedEnable(server.serviceRoot);
  return autocannon({
    url: new URL(server.serviceRoot).origin + urlPath,
    method: 'PUT',
    headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' },
    body,
    connections: options.connections,
    duration: seconds,
  });
}

/** One load round against one server: its throughput, and how busy the server was (saturated or not). */
interface RoundFigure {
  rps: number;
  /** The server's CPU use over the round, in cores: near 1 means it was the bottleneck, well below 1 the load generator was. */
  serverCpu: number;
  /** The server's CPU time per answered request, in microseconds. */
  cpuMicrosPerRequest: number;
}

async function measuredRound(server: RunningServer, options: Options, problems: string[], label: string): Promise<RoundFigure> {
  const cpuBefore = cpuSeconds(server.pid);
  const started = process.hrtime.bigint();
  const result = await documentedPutLoad(server, options, options.roundSeconds);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  const unexpected = result.non2xx + result.errors + result.timeouts;
  if (unexpected > 0) problems.push(`${server.kind} ${label}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return {
    rps: result.requests.total / (result.duration || options.roundSeconds),
    serverCpu: cpu / wallSeconds,
    cpuMicrosPerRequest: result.requests.total ? (cpu * 1e6) / result.requests.total : 0,
  };
}

async function throughput(options: Options, targets: TargetResult[], references: Reference[]): Promise<Record<string, unknown>> {
  const servers: RunningServer[] = [];
  try {
    // One at a time and inside the try, so that a server that fails to start leaves none of the others running.
    for (const kind of ['bare', 'mock', 'minimal'] as const) servers.push(await startServer(kind));
    // The figure is meaningless unless each server really answered the documented PUT: check the answer once first.
    for (const server of servers) {
      const { path: urlPath, body } = documentedEnable(server.serviceRoot);
      const probe = await fetch(new URL(server.serviceRoot).origin + urlPath, { method: 'PUT', headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' }, body });
      if (probe.status !== 204) throw new Error(`the ${server.kind} server answered the documented PUT ${probe.status}, not 204`);
    }
    // JIT warm-up of each, not counted.
    for (const server of servers) await documentedPutLoad(server, options, 2);
    const rounds: ({ round: number; order: string } & Record<string, unknown>)[] = [];
    const figures: Record<ServerKind, RoundFigure[]> = { bare: [], mock: [], minimal: [] };
    const problems: string[] = [];
    for (let i = 0; i < options.rounds; i++) {
      // Each server takes each place in the order in turn, so that drift in the machine favours none of them.
      const order = servers.map((_, k) => servers[(k + i) % servers.length]!);
      const row: { round: number; order: string } & Record<string, unknown> = { round: i + 1, order: order.map((s) => s.kind).join(',') };
      for (const server of order) {
        const figure = await measuredRound(server, options, problems, `round ${i + 1}`);
        figures[server.kind].push(figure);
        row[server.kind] = { rps: round(figure.rps, 0), serverCpu: round(figure.serverCpu), cpuMicrosPerRequest: round(figure.cpuMicrosPerRequest, 1) };
      }
      rounds.push(row);
      const shown = (['bare', 'mock', 'minimal'] as const).map((k) => { const f = figures[k].at(-1)!; return `${k} ${round(f.rps, 0)} req/s (server CPU ${Math.round(f.serverCpu * 100)}%, ${round(f.cpuMicrosPerRequest, 0)} µs/req)`; });
      log(`  throughput round ${i + 1}/${options.rounds}: ${shown.join(', ')} (load ${loadAverage()[0]})`);
    }
    const medianOf = (kind: ServerKind, key: keyof RoundFigure): number => median(figures[kind].map((f) => f[key]));
    const bareMedian = medianOf('bare', 'rps');
    const mockMedian = medianOf('mock', 'rps');
    const minimalMedian = medianOf('minimal', 'rps');
    const ratio = mockMedian / bareMedian;
    targets.push(judged('throughput', options, { name: 'mock throughput / bare node:http', measured: round(ratio), target: '>= 0.7', pass: ratio >= 0.7 && problems.length === 0, note: problems.length ? problems.join('; ') : undefined }));
    references.push({
      name: 'minimal faithful handler / bare node:http',
      measured: round(minimalMedian / bareMedian),
      meaning: "a handler with no routing, authentication or validation that parses the body and answers 204 with Graph's headers, the mock's own (bench/minimal-server.ts): the ceiling for a Graph-faithful answer on node:http here",
    });
    const perKind = (kind: ServerKind): Record<string, number> => ({ medianRps: round(medianOf(kind, 'rps'), 0), medianServerCpu: round(medianOf(kind, 'serverCpu')), medianCpuMicrosPerRequest: round(medianOf(kind, 'cpuMicrosPerRequest'), 1) });
    return {
      connections: options.connections,
      roundSeconds: options.roundSeconds,
      rounds,
      bare: perKind('bare'),
      mock: perKind('mock'),
      minimal: perKind('minimal'),
      ratio: round(ratio, 3),
      minimalRatio: round(minimalMedian / bareMedian, 3),
      problems,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

// ---- suite overhead --------------------------------------------------------------------------------------------

/** Run a package.json-style command line the way npm does (sh, node_modules/.bin first on PATH), timed. */
function timedRun(command: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number | null; tail: string }> {
  const started = process.hrtime.bigint();
  const child = spawn('sh', ['-c', command], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer): void => void (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return new Promise((resolve) => child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, tail })));
}

async function suiteOverhead(options: Options, targets: TargetResult[], references: Reference[]): Promise<Record<string, unknown>> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-suite-'));
  // The embedded mock and reports outside the shared reports/ folder, so a bench never overwrites a real run's report.
  const env: NodeJS.ProcessEnv = { ...process.env, CONFORMANCE_REPORTS_DIR: path.join(scratch, 'reports'), BENCH_OUTPUT_DIR: scratch, FORCE_COLOR: '0' };
  delete env.GRAPH_BASE_URL;
  // The node running the bench first on PATH, then the project's bins, as `npm run` sets them. npm's own start-up
  // (the same for any script) is left out of both sides.
  env.PATH = [path.dirname(process.execPath), path.join(PROJECT_ROOT, 'node_modules', '.bin'), env.PATH].filter(Boolean).join(path.delimiter);
  const scripts = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const commands = {
    floor: 'playwright test --config bench/floor.config.ts',
    // Exactly what `npm run conformance` runs, read from package.json so that the figure follows the script.
    suite: scripts.conformance!,
    // The floor with as many tests as the suite has checks, all but one empty: what Playwright itself costs per test.
    padded: 'playwright test --config bench/floor.config.ts',
    // And those tests sending as many requests as the suite sent, checking nothing: Playwright's cost per request too.
    requests: 'playwright test --config bench/floor.config.ts',
  };
  type Which = keyof typeof commands;
  let checks = 0;
  let requests = 0;
  const runs: ({ run: number } & Record<`${Which}Ms`, number>)[] = [];
  try {
    for (let i = 0; i < options.suiteRuns; i++) {
      // Rotated so that each takes each place in turn; the suite runs before the padded floors in the first round,
      // which need its numbers of checks and requests.
      const names: Which[] = ['floor', 'suite', 'padded', 'requests'];
      const order = names.map((_, k) => names[(k + i) % names.length]!);
      const ms = {} as Record<Which, number>;
      for (const which of order) {
        const padding: Record<Which, Record<string, string>> = { floor: {}, suite: {}, padded: { BENCH_FLOOR_TESTS: String(checks) }, requests: { BENCH_FLOOR_TESTS: String(checks), BENCH_FLOOR_REQUESTS: String(requests) } };
        const result = await timedRun(commands[which], { ...env, ...padding[which] });
        if (result.code !== 0) throw new Error(`the ${which} run exited ${result.code}; its output ends:\n${result.tail}`);
        ms[which] = result.ms;
        if (which === 'suite' && checks === 0) {
          const report = JSON.parse(fs.readFileSync(path.join(scratch, 'reports', 'conformance.json'), 'utf8')) as { checks: { exchanges: number }[] };
          checks = report.checks.length;
          requests = report.checks.reduce((sum, c) => sum + c.exchanges, 0);
        }
      }
      runs.push({ run: i + 1, floorMs: round(ms.floor, 0), suiteMs: round(ms.suite, 0), paddedMs: round(ms.padded, 0), requestsMs: round(ms.requests, 0) });
      log(`  suite run ${i + 1}/${options.suiteRuns}: floor ${round(ms.floor / 1000)} s, conformance ${round(ms.suite / 1000)} s, floor with ${checks} tests ${round(ms.padded / 1000)} s, and ${requests} requests ${round(ms.requests / 1000)} s (load ${loadAverage()[0]})`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const floor = median(runs.map((r) => r.floorMs));
  const suite = median(runs.map((r) => r.suiteMs));
  const padded = median(runs.map((r) => r.paddedMs));
  const withRequests = median(runs.map((r) => r.requestsMs));
  const ratio = suite / floor;
  targets.push(judged('suite', options, { name: 'conformance wall time / one-request floor', measured: round(ratio), target: '<= 1.5', pass: ratio <= 1.5 }));
  references.push({ name: `floor with ${checks} tests / one-request floor`, measured: round(padded / floor), meaning: `Playwright's own cost of running ${checks} tests, before any check does anything (bench/floor.spec.ts)` });
  references.push({
    name: `floor with ${checks} tests and ${requests} requests / one-request floor`,
    measured: round(withRequests / floor),
    meaning: `Playwright's own cost of ${checks} tests sending the suite's ${requests} requests and checking nothing: the least any suite of these checks through Playwright can cost (bench/floor.spec.ts)`,
  });
  return {
    checks,
    requests,
    runs,
    floorMedianMs: round(floor, 0),
    suiteMedianMs: round(suite, 0),
    paddedFloorMedianMs: round(padded, 0),
    requestsFloorMedianMs: round(withRequests, 0),
    ratio: round(ratio, 3),
    paddedRatio: round(padded / floor, 3),
    requestsRatio: round(withRequests / floor, 3),
  };
}

// ---- memory ----------------------------------------------------------------------------------------------------

/** Enables, disables, reads and rejections across both steps: every path that allocates per request. */
function mixedRequests(serviceRoot: string): autocannon.Request[] {
  const auth = { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' };
  const enable = documentedEnable(serviceRoot);
  const configuration = `${new URL(serviceRoot).pathname}/identity/b2xUserFlows/${DEFAULT_USER_FLOW_ID}/apiConnectorConfiguration?$expand=*`;
  const ref = (step: string): string => refPath(serviceRoot, step);
  return [
    { method: 'PUT', path: enable.path, headers: auth, body: enable.body },
    { method: 'GET', path: ref('postFederationSignup'), headers: auth },
    { method: 'PUT', path: ref('postAttributeCollection'), headers: auth, body: enable.body },
    { method: 'GET', path: configuration, headers: auth },
    { method: 'PUT', path: ref('postFederationSignup'), headers: auth, body: '{}' },
    { method: 'DELETE', path: ref('postAttributeCollection'), headers: auth },
    { method: 'GET', path: ref('postAttributeCollection'), headers: auth }, // 404 envelope: unbound
    { method: 'PUT', path: ref('postFederationSignup'), headers: auth, body: '{"@odata.id":' }, // 400 envelope
    { method: 'GET', path: ref('postFederationSignup'), headers: { 'x-no-token': '1' } }, // 401 envelope
  ];
}

async function memory(options: Options, targets: TargetResult[]): Promise<Record<string, unknown>> {
  const mock = await startServer('mock');
  const statuses: Record<string, number> = {};
  let failures = 0;
  const drive = async (amount: number): Promise<void> => {
    const result = await autocannon({ url: new URL(mock.serviceRoot).origin, connections: options.connections, amount, requests: mixedRequests(mock.serviceRoot) });
    failures += result.errors + result.timeouts;
    for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = (statuses[code] ?? 0) + (stat.count ?? 0);
  };
  try {
    const early = 10_000;
    await drive(early);
    const rssEarly = residentBytes(mock.pid);
    log(`  memory: RSS ${mb(rssEarly)} MB after ${early} requests; sending ${options.memoryRequests - early} more (load ${loadAverage()[0]})`);
    let sent = early;
    // The trajectory tells growth that levels off (V8 sizing its heap to the load) from a leak (growth per request).
    const samples = [{ requests: early, rssBytes: rssEarly }];
    const step = 100_000;
    while (sent < options.memoryRequests) {
      const amount = Math.min(step, options.memoryRequests - sent);
      await drive(amount);
      sent += amount;
      samples.push({ requests: sent, rssBytes: residentBytes(mock.pid) });
    }
    const peak = Math.max(...samples.map((x) => x.rssBytes));
    const rssLate = residentBytes(mock.pid);
    const ratio = rssLate / rssEarly;
    const serverErrors = Object.entries(statuses).filter(([code]) => Number(code) >= 500);
    const problems = [...(failures ? [`${failures} connection errors or timeouts`] : []), ...serverErrors.map(([code, n]) => `${n} answers ${code}`)];
    targets.push(judged('memory', options, { name: `mock RSS after ${sent} / after ${early} requests`, measured: round(ratio), target: '<= 1.2', pass: ratio <= 1.2 && problems.length === 0, note: problems.join('; ') || undefined }));
    return { requests: sent, rssAfter10kBytes: rssEarly, rssAfterAllBytes: rssLate, peakSampledBytes: peak, ratio: round(ratio, 3), samplesMB: samples.map((x) => [x.requests, mb(x.rssBytes)]), statuses, problems };
  } finally {
    await mock.stop();
  }
}

const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1);

// ---- report ----------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const before = loadAverage();
  const started = new Date();
  log(`bench: ${options.only.join(', ')} on ${os.cpus().length} CPUs, node ${process.version}, load average ${before.join(' ')}`);
  const targets: TargetResult[] = [];
  const references: Reference[] = [];
  const figures: Record<string, unknown> = {};
  if (options.only.includes('throughput')) figures.throughput = await throughput(options, targets, references);
  if (options.only.includes('suite')) figures.suite = await suiteOverhead(options, targets, references);
  if (options.only.includes('memory')) figures.memory = await memory(options, targets);
  const after = loadAverage();

  const rows = [...targets.map((t) => [t.name, String(t.measured), t.target, t.notJudged ? 'not judged' : t.pass ? 'pass' : 'MISSED']), ...references.map((r) => [r.name, String(r.measured), '', 'reference'])];
  const header = ['target', 'measured', 'wanted', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  log('');
  log(line(header));
  log(line(widths.map((w) => '-'.repeat(w))));
  rows.forEach((r) => log(line(r)));
  type PerKind = { medianRps: number; medianServerCpu: number; medianCpuMicrosPerRequest: number };
  const t = figures.throughput as { bare: PerKind; mock: PerKind; minimal: PerKind } | undefined;
  const s = figures.suite as { checks: number; requests: number; floorMedianMs: number; suiteMedianMs: number; paddedFloorMedianMs: number; requestsFloorMedianMs: number } | undefined;
  const m = figures.memory as { rssAfter10kBytes: number; rssAfterAllBytes: number } | undefined;
  if (t) log(`throughput medians: mock ${t.mock.medianRps} req/s (${t.mock.medianCpuMicrosPerRequest} µs CPU/req), bare ${t.bare.medianRps} req/s (${t.bare.medianCpuMicrosPerRequest} µs), minimal ${t.minimal.medianRps} req/s (${t.minimal.medianCpuMicrosPerRequest} µs); server CPU mock ${t.mock.medianServerCpu}, bare ${t.bare.medianServerCpu} cores`);
  if (s) log(`suite medians: conformance ${round(s.suiteMedianMs / 1000)} s, floor ${round(s.floorMedianMs / 1000)} s, floor with ${s.checks} tests ${round(s.paddedFloorMedianMs / 1000)} s, and ${s.requests} requests ${round(s.requestsFloorMedianMs / 1000)} s`);
  if (m) log(`memory: ${mb(m.rssAfter10kBytes)} MB after 10k, ${mb(m.rssAfterAllBytes)} MB at the end; [requests, MB]: ${JSON.stringify((figures.memory as { samplesMB: unknown }).samplesMB)}`);
  for (const target of targets.filter((x) => x.note)) log(`note (${target.name}): ${target.note}`);
  for (const target of targets.filter((x) => x.notJudged)) log(`not judged (${target.name}): ${target.notJudged}`);
  for (const reference of references) log(`reference (${reference.name}): ${reference.meaning}`);
  log(`machine load average (1, 5, 15 min): before ${before.join(' ')}, after ${after.join(' ')} on ${os.cpus().length} CPUs`);

  const report = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadAverageBefore: before, loadAverageAfter: after },
    options: { ...options, out: undefined },
    targets,
    references,
    figures,
    pass: targets.every((x) => x.pass),
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  log(`written ${path.relative(process.cwd(), options.out) || options.out}`);
  const missed = targets.filter((x) => !x.pass && !x.notJudged);
  const unjudged = targets.filter((x) => x.notJudged);
  if (missed.length) log(`bench: ${missed.length} target(s) missed: ${missed.map((x) => x.name).join('; ')}`);
  if (unjudged.length) log(`bench: ${unjudged.length} target(s) not judged, the run was too short: ${unjudged.map((x) => x.name).join('; ')} (run without --rounds/--round-seconds/--suite-runs/--memory-requests to judge them)`);
  if (missed.length || unjudged.length) process.exit(1);
  log('bench: every target met');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
