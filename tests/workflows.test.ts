/**
 * The GitHub workflows, checked without GitHub: each parses, has the keys its job needs, and runs only commands
 * this repository has (npm scripts, Playwright subcommands, config files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseDocument } from 'yaml';
import { ROOT } from './reports-run';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  'runs-on'?: string;
  needs?: string | string[];
  if?: string;
  strategy?: { matrix?: Record<string, unknown>; 'max-parallel'?: number };
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  steps?: Step[];
  uses?: string;
}
interface Workflow {
  name?: string;
  on?: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs?: Record<string, Job>;
}

const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const SCRIPTS = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

function load(file: string): Workflow {
  const doc = parseDocument(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8'), { uniqueKeys: true, prettyErrors: true });
  expect(doc.errors.map((e) => e.message), `${file} parses as YAML`).toEqual([]);
  return doc.toJS() as Workflow;
}

function steps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs ?? {}).flatMap((job) => job.steps ?? []);
}

function runs(workflow: Workflow): string[] {
  return steps(workflow).flatMap((s) => (s.run ? s.run.split('\n').map((l) => l.trim()).filter(Boolean) : []));
}

const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

test('the three workflows exist', () => {
  expect(files.sort()).toEqual(['nightly.yml', 'pull-request.yml', 'release-gate.yml']);
});

for (const file of files) {
  test(`${file}: every job has a runner and steps, every step runs or uses something pinned`, () => {
    const workflow = load(file);
    expect(workflow.name, `${file} has a name`).toBeTruthy();
    expect(Object.keys(workflow.on ?? {}).length, `${file} says when it runs`).toBeGreaterThan(0);
    expect(Object.keys(workflow.jobs ?? {}).length).toBeGreaterThan(0);
    for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
      expect(job['runs-on'], `${file} job ${id} runs-on`).toBeTruthy();
      expect(job.steps?.length, `${file} job ${id} has steps`).toBeGreaterThan(0);
      for (const step of job.steps ?? []) {
        expect(!!step.run !== !!step.uses, `${file} job ${id}: a step either runs a command or uses an action: ${JSON.stringify(step)}`).toBe(true);
        if (step.uses) expect(step.uses, `${file} job ${id}: actions are pinned to a major version`).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
      }
    }
  });

  test(`${file}: every command it runs exists in this repository`, () => {
    for (const line of runs(load(file))) {
      for (const [, script] of line.matchAll(/\bnpm run ([\w:-]+)/g)) expect(Object.keys(SCRIPTS), `${file}: "${line}" names an npm script`).toContain(script);
      for (const [, sub] of line.matchAll(/\bnpx playwright ([\w-]+)/g)) expect(['test', 'merge-reports'], `${file}: "${line}"`).toContain(sub);
      for (const [, config] of line.matchAll(/--config[ =](\S+)/g)) expect(fs.existsSync(path.join(ROOT, config!)), `${file}: ${config} exists`).toBe(true);
      for (const [local] of line.matchAll(/\.\/[\w./-]+\.ts\b/g)) expect(fs.existsSync(path.join(ROOT, local)), `${file}: ${local} exists`).toBe(true);
      for (const [, bare] of line.matchAll(/^npm (\w+)/g)) expect(['ci', 'run', 'test'], `${file}: "${line}"`).toContain(bare);
    }
  });
}

test('pull-request.yml runs npm ci then npm test on every pull request', () => {
  const workflow = load('pull-request.yml');
  expect(workflow.on).toHaveProperty('pull_request');
  const commands = runs(workflow);
  expect(commands.indexOf('npm ci')).toBeGreaterThanOrEqual(0);
  expect(commands.indexOf('npm test')).toBeGreaterThan(commands.indexOf('npm ci'));
});

test('nightly.yml runs on a schedule, shards with blob reports, merges them and uploads the reports', () => {
  const workflow = load('nightly.yml');
  const schedule = (workflow.on?.schedule ?? []) as { cron: string }[];
  expect(schedule.length).toBeGreaterThan(0);
  for (const { cron } of schedule) expect(cron.split(' '), `"${cron}" has five fields`).toHaveLength(5);

  const shardJob = Object.entries(workflow.jobs ?? {}).find(([, job]) => job.strategy?.matrix?.shard);
  expect(shardJob, 'a job with a matrix of shards').toBeTruthy();
  const [shardId, shard] = shardJob!;
  expect((shard.strategy!.matrix!.shard as number[]).length).toBeGreaterThan(1);
  const shardRun = (shard.steps ?? []).find((s) => s.run?.includes('npm run conformance'));
  expect(shardRun?.run).toContain('--shard=${{ matrix.shard }}/${{ strategy.job-total }}');
  expect(shardRun?.run).toMatch(/--reporter=blob\b/);
  // Blob reports leave the runner as artifacts: they pass through the redact reporter first.
  expect(shardRun?.run).toMatch(/\.\/harness\/redact-reporter\.ts/);
  expect((shard.steps ?? []).some((s) => s.uses?.startsWith('actions/upload-artifact@') && s.with?.path === 'blob-report')).toBe(true);

  const mergeJob = Object.values(workflow.jobs ?? {}).find((job) => [job.needs ?? []].flat().includes(shardId));
  expect(mergeJob, 'a job after the shards').toBeTruthy();
  const mergeRuns = (mergeJob!.steps ?? []).map((s) => s.run ?? '');
  expect(mergeRuns.some((r) => r.startsWith('npx playwright merge-reports --config reporting/merge.config.ts'))).toBe(true);
  expect(mergeRuns).toContain('npm run report:gate');
  expect((mergeJob!.steps ?? []).some((s) => s.uses?.startsWith('actions/download-artifact@'))).toBe(true);
  expect((mergeJob!.steps ?? []).some((s) => s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.path).includes('reports/html'))).toBe(true);
});

test('nightly.yml and release-gate.yml authenticate by workload identity federation, with no client secret', () => {
  for (const file of ['nightly.yml', 'release-gate.yml']) {
    const workflow = load(file);
    const text = fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
    expect(workflow.permissions?.['id-token'], `${file} may ask GitHub for an OIDC token`).toBe('write');
    expect(text).toContain('audience=api://AzureADTokenExchange');
    expect(text).toContain('AZURE_FEDERATED_TOKEN_FILE=');
    expect(text).toMatch(/AZURE_TENANT_ID: \$\{\{/);
    expect(text).toMatch(/AZURE_CLIENT_ID: \$\{\{/);
    expect(text, `${file} uses no client secret`).not.toContain('AZURE_CLIENT_SECRET');
    expect(text, `${file} uses no stored token`).not.toMatch(/GRAPH_TOKEN:/);
  }
});

test('release-gate.yml can be called by other workflows and fails on any unexpected result', () => {
  const workflow = load('release-gate.yml');
  expect(workflow.on).toHaveProperty('workflow_call');
  const commands = runs(workflow);
  expect(commands).toContain('npm run conformance');
  expect(commands).toContain('npm run report:gate');
  const verdict = steps(workflow).find((s) => s.run === 'npm run report:gate');
  expect(verdict?.if, 'the verdict is given even when the run itself failed').toContain('!cancelled()');
});
