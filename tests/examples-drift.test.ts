import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { fixtureDrift, fragmentDrift, parseDocPage, toDocumentedExamples } from '../harness/docpage';
import { EXAMPLES_PATH, documentedExamples, type DocumentedExample } from '../harness/examples';
import { loadFragment } from '../harness/contract';

const ROOT = path.resolve(__dirname, '..');
// CI runs with a copy of shared/ beside the clone, as here.
const SEED_PAGE = path.resolve(ROOT, '..', 'shared', 'seed', 'b2xidentityuserflow-put-apiconnectorconfiguration.md');
const PAGES = path.join(__dirname, 'pages');
const ENABLE_ONE = 'put_b2xuserflows-apiconnectorconfiguration_postFederationSignup';
const ENABLE_TWO = 'put_b2xuserflows-apiconnectorconfiguration_postAttributeCollection';
const DISABLE = 'put_b2xuserflows-apiconnectorconfiguration_disable-postAttributeCollection';

function seedText(): string {
  return fs.readFileSync(SEED_PAGE, 'utf8');
}

/** The seed page with Microsoft's hypothetical edit: postAttributeCollection renamed in the URLs and sampleKeys. */
function renamedStep(text: string): string {
  const renamed = text.replaceAll('/postAttributeCollection/$ref', '/postAttributeCollectionV2/$ref').replaceAll('"postAttributeCollection"]', '"postAttributeCollectionV2"]');
  expect(renamed).not.toBe(text);
  return renamed;
}

/** The seed page without its Example 2. */
function removedExample(text: string): string {
  const start = text.indexOf('### Example 2:');
  const end = text.indexOf('### Example 3:');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return text.slice(0, start) + text.slice(end);
}

function seedExamples(text = seedText()): DocumentedExample[] {
  return toDocumentedExamples(parseDocPage(text, 'seed.md'));
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(script: 'examples-check' | 'examples-sync', args: string[]): Run {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', `${script}.ts`), ...args], { cwd: ROOT, env: { ...process.env, INIT_CWD: ROOT }, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'examples-drift-'));
}

test('the seed page and the committed fixtures and fragment have not parted ways', () => {
  const page = parseDocPage(seedText(), 'seed.md');
  expect(page.examples).toHaveLength(3);
  expect(fixtureDrift(toDocumentedExamples(page), documentedExamples())).toEqual([]);
  expect(fragmentDrift(page, loadFragment())).toEqual([]);
});

test('an example on the page and not in the fixtures is reported as added, one in the fixtures only as removed', () => {
  const [one, two, three] = seedExamples();
  const drift = fixtureDrift([one!, three!], [one!, two!]);
  expect(drift.map((d) => d.kind)).toEqual(['example-added', 'example-removed']);
  expect(drift[0]!.message).toBe(`example added: "${DISABLE}" (${three!.title}) is on the page, not in the fixtures`);
  expect(drift[1]!.message).toBe(`example removed: "${ENABLE_TWO}" (${two!.title}) is in the fixtures, no longer on the page`);
});

test('a changed example is reported field by field', () => {
  const fixture = seedExamples();
  const page = structuredClone(fixture);
  page[0]!.headers = { 'Content-Type': 'application/json; charset=utf-8' };
  page[0]!.response.status = 200;
  page[2]!.body = '{}';
  const drift = fixtureDrift(page, fixture);
  expect(drift.map((d) => d.message)).toEqual([
    `example changed: "${ENABLE_ONE}" headers is {"Content-Type":"application/json"} in the fixtures, {"Content-Type":"application/json; charset=utf-8"} on the page`,
    `example changed: "${ENABLE_ONE}" response.status is 204 in the fixtures, 200 on the page`,
    `example changed: "${DISABLE}" body is "{ }" in the fixtures, "{}" on the page`,
  ]);
});

test('the same examples in another order are reported as reordered', () => {
  const fixture = seedExamples();
  const drift = fixtureDrift([...fixture].reverse(), fixture);
  expect(drift).toEqual([{ kind: 'examples-reordered', message: `examples reordered: the page has ${DISABLE}, ${ENABLE_TWO}, ${ENABLE_ONE}; the fixtures have ${ENABLE_ONE}, ${ENABLE_TWO}, ${DISABLE}` }]);
});

test('a renamed step on the page is a step the fragment lacks', () => {
  const drift = fragmentDrift(parseDocPage(renamedStep(seedText()), 'renamed.md'), loadFragment());
  expect(drift.map((d) => d.kind)).toEqual(['step-missing', 'step-missing']);
  expect(drift[0]!.message).toMatch(new RegExp(`^step missing from the fragment: "${ENABLE_TWO}" \\(renamed\\.md:\\d+\\) uses step "postAttributeCollectionV2", not in the fragment's step enum \\(postFederationSignup, postAttributeCollection\\)$`));
});

test('a step the fragment drops is reported against the unchanged page', () => {
  const fragment = loadFragment();
  (fragment.components!.schemas!.step as { enum: string[] }).enum = ['postAttributeCollection'];
  const drift = fragmentDrift(parseDocPage(seedText(), 'seed.md'), fragment);
  expect(drift.map((d) => d.message)).toEqual([expect.stringMatching(new RegExp(`^step missing from the fragment: "${ENABLE_ONE}" .* uses step "postFederationSignup"`))]);
});

test('a template path and a status (in the prose and in an answer) the fragment does not declare are reported', () => {
  const drift = fragmentDrift(parseDocPage(fs.readFileSync(path.join(PAGES, 'undocumented-status.md'), 'utf8'), 'u.md'), loadFragment());
  expect(drift.map((d) => d.kind)).toEqual(['status-undeclared', 'path-missing', 'status-undeclared']);
  expect(drift[0]!.message).toBe('status not declared: the page documents 200 OK (u.md:13) for PUT /identity/b2xUserFlows/{b2xUserFlowId}/apiConnectorConfiguration/{step}/$ref; the fragment declares 204, 4XX, 5XX');
  expect(drift[1]!.message).toBe("path template missing from the fragment: the page's PATCH /identity/b2xUserFlows/{b2xUserFlowId}/apiConnectorConfiguration/{stepName} (u.md:8) is not a path of the fragment");
  expect(drift[2]!.message).toMatch(/^status not declared: "test_enable_200" \(u\.md:\d+\) is answered 200 OK \(u\.md:\d+\); the fragment's PUT .*\/\$ref declares 204, 4XX, 5XX$/);
});

test('a request URL under another host, on another path or with another method is reported', () => {
  const text = seedText();
  const moved = (from: string, to: string) => fragmentDrift(parseDocPage(text.replace(from, to), 'm.md'), loadFragment()).map((d) => d.kind);
  expect(moved('PUT https://graph.microsoft.com/v1.0/', 'PUT https://graph.example.com/v1.0/')).toEqual(['server-missing']);
  expect(moved('/apiConnectorConfiguration/postFederationSignup/$ref', '/apiConnectorConfigurations/postFederationSignup/$ref')).toEqual(['path-missing']);
  expect(moved('PUT https://graph.microsoft.com/v1.0/', 'PATCH https://graph.microsoft.com/v1.0/')).toEqual(['method-missing']);
  expect(moved('PUT /identity/b2xUserFlows/{b2xUserFlowId}/apiConnectorConfiguration/{step}/$ref', 'PUT /identity/b2xUserFlows/{b2xUserFlowId}/apiConnectorConfiguration/{stepName}/$ref')).toEqual(['path-missing']);
});

test('examples:check exits 0 with "no drift" on the seed page', () => {
  const run = cli('examples-check', [SEED_PAGE]);
  expect(run.stderr).toBe('');
  expect(run.stdout).toMatch(/^examples:check: no drift: .*b2xidentityuserflow-put-apiconnectorconfiguration\.md matches fixtures\/documented-examples\.json \(3 examples\)/);
  expect(run.status).toBe(0);
});

test('examples:check exits 1 naming the renamed step and the changed URLs', () => {
  const dir = tempDir();
  try {
    const copy = path.join(dir, path.basename(SEED_PAGE));
    fs.writeFileSync(copy, renamedStep(seedText()));
    const run = cli('examples-check', [copy]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('parted ways (6 differences)');
    expect(run.stdout).toContain(`example changed: "${ENABLE_TWO}" url is`);
    expect(run.stdout).toContain(`example changed: "${DISABLE}" sampleKeys is ["B2X_1_testuserflow","postAttributeCollection"] in the fixtures, ["B2X_1_testuserflow","postAttributeCollectionV2"] on the page`);
    expect(run.stdout).toContain(`step missing from the fragment: "${DISABLE}"`);
    expect(run.stdout).toContain('uses step "postAttributeCollectionV2"');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('examples:check exits 1 naming the removed example; examples:sync then writes a fixture it agrees with', () => {
  const dir = tempDir();
  try {
    const copy = path.join(dir, path.basename(SEED_PAGE));
    fs.writeFileSync(copy, removedExample(seedText()));
    const check = cli('examples-check', [copy]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('parted ways (1 difference):');
    expect(check.stdout).toContain(`example removed: "${ENABLE_TWO}" (Example 2: Enable API connector for Post Attribute Collection on sign-up) is in the fixtures, no longer on the page`);

    const fixtures = path.join(dir, 'documented-examples.json');
    fs.copyFileSync(EXAMPLES_PATH, fixtures);
    const sync = cli('examples-sync', [copy, '--fixtures', fixtures]);
    expect(sync.status).toBe(0);
    expect(sync.stdout).toContain(`example removed: "${ENABLE_TWO}"`);
    const written = JSON.parse(fs.readFileSync(fixtures, 'utf8')) as { $comment: string; examples: DocumentedExample[] };
    expect(written.examples.map((e) => e.name)).toEqual([ENABLE_ONE, DISABLE]);
    expect(written.$comment).toMatch(/^The two examples of /);
    expect(cli('examples-check', [copy, '--fixtures', fixtures]).status).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('examples:sync from the seed page restores the committed fixture byte for byte', () => {
  const dir = tempDir();
  try {
    const fixtures = path.join(dir, 'documented-examples.json');
    const committed = fs.readFileSync(EXAMPLES_PATH, 'utf8');
    // Start from a fixture that has drifted: an example lost, one reworded.
    const drifted = JSON.parse(committed) as { examples: DocumentedExample[] };
    drifted.examples.pop();
    drifted.examples[0]!.title = 'An older title';
    fs.writeFileSync(fixtures, JSON.stringify(drifted, null, 2));
    const run = cli('examples-sync', [SEED_PAGE, '--fixtures', fixtures]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`wrote 3 examples`);
    expect(fs.readFileSync(fixtures, 'utf8')).toBe(committed);
    expect(cli('examples-sync', [SEED_PAGE, '--fixtures', fixtures]).stdout).toContain('unchanged');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('examples:check and examples:sync exit 2 with a usage line on a missing argument or an unreadable file', () => {
  const none = cli('examples-check', []);
  expect(none.status).toBe(2);
  expect(none.stderr).toMatch(/examples:check: expected exactly one argument, the Markdown page, got 0\nusage: npm run examples:check -- <page\.md>.*\n {2}e\.g\. npm run examples:check -- \.\.\/shared\/seed\/b2xidentityuserflow-put-apiconnectorconfiguration\.md/);
  const unreadable = cli('examples-sync', [path.join(os.tmpdir(), 'no-such-page-here.md')]);
  expect(unreadable.status).toBe(2);
  expect(unreadable.stderr).toMatch(/cannot read the page .*no-such-page-here\.md \(ENOENT: no such file or directory.*\); give a readable path, e\.g\. /);
});

test('examples:check exits 1 on a page that no longer follows the format, with the line', () => {
  const run = cli('examples-check', [path.join(PAGES, 'unpaired-request.md')]);
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(/the page no longer follows the documentation format:\n {2}- .*unpaired-request\.md:9: request "test_unanswered" has no response block after it/);
});
