import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DocPageError, exampleKind, fixtureComment, parseAnnotation, parseDocPage, renderFixture, stripTrailingCommas, toDocumentedExamples } from '../harness/docpage';
import { EXAMPLES_PATH } from '../harness/examples';

const PAGES = path.join(__dirname, 'pages');
const SEED_PAGE = path.resolve(__dirname, '..', '..', 'shared', 'seed', 'b2xidentityuserflow-put-apiconnectorconfiguration.md');

function page(name: string): string {
  return fs.readFileSync(path.join(PAGES, name), 'utf8');
}

function parseError(text: string): DocPageError {
  try {
    parseDocPage(text, 'p.md');
  } catch (err) {
    if (err instanceof DocPageError) return err;
    throw err;
  }
  throw new Error('the page parsed without an error');
}

/** One example under a heading, for the error cases that need only a line or two changed. */
function oneExample({ request = REQUEST_ANNOTATION, requestBlock = REQUEST_BLOCK, response = '<!-- { "blockType": "response" } -->\n``` http\nHTTP/1.1 204 No Content\n```\n' } = {}): string {
  return `# Page\n\n## Examples\n\n### Example 1: Enable\n\n${request}\n${requestBlock}\n${response}`;
}
const REQUEST_ANNOTATION = '<!-- { "blockType": "request", "name": "x", "sampleKeys": ["B2X_1_f", "postFederationSignup"] } -->';
const REQUEST_BLOCK = '``` http\nPUT https://graph.microsoft.com/v1.0/identity/b2xUserFlows/B2X_1_f/apiConnectorConfiguration/postFederationSignup/$ref\nContent-Type: application/json\n\n{}\n```\n';

test('a well-formed page yields each example: title, request line, headers, body and the paired response', () => {
  const parsed = parseDocPage(page('two-examples.md'), 'two-examples.md');
  expect(parsed.examples.map((e) => [e.title, e.request.name])).toEqual([
    ['Example 1: Enable a connector, tab layout', 'test_enable'],
    ['Example 2: Disable with a spaced empty object, no tabs', 'test_disable_spaced'],
    ['Example 3: Disable with a tight empty object', 'test_disable_tight'],
  ]);
  const [enable, spaced, tight] = parsed.examples;
  expect(enable!.request).toMatchObject({
    method: 'PUT',
    url: 'https://graph.microsoft.com/v1.0/identity/b2xUserFlows/B2X_1_pageflow/apiConnectorConfiguration/postFederationSignup/$ref',
    sampleKeys: ['B2X_1_pageflow', 'postFederationSignup'],
    tab: 'http',
    headers: { 'Content-Type': 'application/json' },
    body: '{\n    "@odata.id": "https://graph.microsoft.com/v1.0/identity/apiConnectors/{id}"\n}',
  });
  expect(enable!.response).toMatchObject({ status: 204, statusText: 'No Content', body: '', empty: true });
  expect(spaced!.request.body).toBe('{ }');
  expect(spaced!.request.tab).toBeUndefined();
  expect(tight!.request.body).toBe('{}');
  expect(tight!.request.headers).toEqual({ 'Content-Type': 'application/json', Accept: 'application/json' });
});

test('line numbers point at the request line and the status line in the page', () => {
  const text = page('two-examples.md');
  const lines = text.split('\n');
  for (const example of parseDocPage(text).examples) {
    expect(lines[example.request.line - 1]).toBe(`PUT ${example.request.url}`);
    expect(lines[example.response.line - 1]).toBe('HTTP/1.1 204 No Content');
    expect(lines[example.titleLine - 1]).toBe(`### ${example.title}`);
  }
});

test('the ignored block gives the path template and the Response prose its documented status', () => {
  const parsed = parseDocPage(page('two-examples.md'));
  expect(parsed.templates).toEqual([{ line: 19, method: 'PUT', path: '/identity/b2xUserFlows/{b2xUserFlowId}/apiConnectorConfiguration/{step}/$ref' }]);
  expect(parsed.statuses).toEqual([{ line: 32, status: 204, text: 'No Content' }]);
});

test('a response with a body is not empty and keeps its headers and body', () => {
  const [example] = parseDocPage(page('undocumented-status.md')).examples;
  expect(example!.response).toMatchObject({ status: 200, statusText: 'OK', headers: { 'Content-Type': 'application/json' }, empty: false });
  expect(JSON.parse(example!.response.body)).toEqual({ postFederationSignup: { id: '{id}' } });
});

test('{ } and {} bodies are disables, a reference body an enable, anything else neither', () => {
  expect(exampleKind('{ }')).toBe('disable');
  expect(exampleKind('{}')).toBe('disable');
  expect(exampleKind('{\n    "@odata.id": "https://graph.microsoft.com/v1.0/identity/apiConnectors/{id}"   \n}')).toBe('enable');
  expect(exampleKind('{ "@odata.id": 3 }')).toBeUndefined();
  expect(exampleKind('{ "other": "x" }')).toBeUndefined();
  expect(exampleKind('[]')).toBeUndefined();
  expect(exampleKind('not json')).toBeUndefined();
  expect(exampleKind('')).toBeUndefined();
  const kinds = toDocumentedExamples(parseDocPage(page('two-examples.md'))).map((e) => e.kind);
  expect(kinds).toEqual(['enable', 'disable', 'disable']);
});

test('a body of neither documented shape is refused with the request line', () => {
  const text = oneExample({ requestBlock: REQUEST_BLOCK.replace('{}', '{ "other": 1 }') });
  expect(() => toDocumentedExamples(parseDocPage(text, 'p.md'))).toThrow(/^p\.md:9: request "x" has a body that is neither an enable/);
});

test('the trailing comma the page writes in annotations is tolerated, commas inside strings are kept', () => {
  expect(parseAnnotation('{\n  "blockType": "response",\n}', 3)).toEqual({ line: 3, blockType: 'response' });
  expect(parseAnnotation('{ "blockType": "request", "name": "a", "sampleKeys": ["k",], }', 1).sampleKeys).toEqual(['k']);
  expect(stripTrailingCommas('{ "name": "a,}", "b": "\\",]" }')).toBe('{ "name": "a,}", "b": "\\",]" }');
});

test('CRLF line ends parse to the same examples, bodies and line numbers as LF', () => {
  const lf = page('two-examples.md');
  expect(lf).not.toContain('\r');
  const crlf = lf.replace(/\n/g, '\r\n');
  expect(parseDocPage(crlf)).toEqual(parseDocPage(lf));
  expect(toDocumentedExamples(parseDocPage(crlf))[0]!.body).not.toContain('\r');
  expect(parseError(page('missing-annotation.md').replace(/\n/g, '\r\n')).line).toBe(7);
});

test('the seed page, parsed and written, is the committed fixture byte for byte', () => {
  const committed = fs.readFileSync(EXAMPLES_PATH, 'utf8');
  const previous = JSON.parse(committed) as { $comment: string; source: string };
  const examples = toDocumentedExamples(parseDocPage(fs.readFileSync(SEED_PAGE, 'utf8')));
  expect(renderFixture({ $comment: fixtureComment(previous.$comment, examples.length, previous.source), source: path.basename(SEED_PAGE), examples })).toBe(committed);
});

test('the fixture writer round-trips through JSON and inlines small arrays and objects', () => {
  const examples = toDocumentedExamples(parseDocPage(page('two-examples.md')));
  const text = renderFixture({ $comment: 'c', source: 's.md', examples });
  expect(JSON.parse(text)).toEqual({ $comment: 'c', source: 's.md', examples });
  expect(text).toContain('"sampleKeys": ["B2X_1_pageflow", "postFederationSignup"],\n');
  expect(text).toContain('"response": { "status": 204, "statusText": "No Content", "body": "" }\n');
  expect(text.endsWith('}\n')).toBe(true);
});

test('the fixture comment keeps its prose and follows the example count', () => {
  expect(fixtureComment('The three examples of x.md, as data.', 2, 'x.md')).toBe('The two examples of x.md, as data.');
  expect(fixtureComment('The three examples of x.md, as data.', 3, 'x.md')).toBe('The three examples of x.md, as data.');
  expect(fixtureComment('Hand-written: keep.', 5, 'x.md')).toBe('Hand-written: keep.');
  expect(fixtureComment('The three examples of x.md, as data.', 1, 'x.md')).toBe('The one example of x.md, as data.');
  expect(fixtureComment(undefined, 14, 'x.md')).toMatch(/^The 14 examples of x\.md, as data\./);
});

test('an http block without an annotation is refused at the fence line', () => {
  const err = parseError(page('missing-annotation.md'));
  expect(err.line).toBe(7);
  expect(err.message).toMatch(/^p\.md:7: http block has no annotation before it; put one on the lines above the fence, e\.g\. <!-- \{ "blockType": "request"/);
});

test('a malformed annotation is refused at its comment line with the JSON error', () => {
  const err = parseError(page('malformed-annotation.md'));
  expect(err.line).toBe(7);
  expect(err.message).toMatch(/annotation is not JSON \(.*\); a well-formed annotation: /);
});

test('a request with no response before the next example is refused, naming the request', () => {
  const err = parseError(page('unpaired-request.md'));
  expect(err.line).toBe(9);
  expect(err.message).toContain('request "test_unanswered" has no response block after it in "Example 1: Enable, answer missing" (line 5)');
});

test('a request left unanswered at the end of the page is refused', () => {
  expect(parseError(oneExample({ response: '' })).message).toMatch(/^p\.md:9: request "x" has no response block after it/);
});

test('a response with no request before it is refused', () => {
  const text = '## Examples\n\n### Example 1\n\n<!-- { "blockType": "response", } -->\n``` http\nHTTP/1.1 204 No Content\n```\n';
  expect(parseError(text).message).toMatch(/^p\.md:6: response block has no request before it in "Example 1"/);
});

test('a response naming a request that is not waiting for one is refused', () => {
  const text = oneExample({ response: '<!-- { "blockType": "response", "name": "y" } -->\n``` http\nHTTP/1.1 204 No Content\n```\n' });
  expect(parseError(text).message).toContain('response block names "y", which is no unanswered request');
});

test('a request annotation followed by prose instead of its block is refused', () => {
  expect(parseError(oneExample({ requestBlock: 'Some words.\n\n' + REQUEST_BLOCK })).message).toMatch(/^p\.md:7: "request" annotation is not followed by an http block: "Some words\." at line 8 comes first/);
});

test('a request annotation before a non-http code block is refused', () => {
  expect(parseError(oneExample({ requestBlock: '```json\n{}\n```\n' })).message).toMatch(/^p\.md:7: "request" annotation is followed by a json code block at line 8/);
});

test('a request annotation without a name, or with sampleKeys that are not strings, is refused', () => {
  expect(parseError(oneExample({ request: '<!-- { "blockType": "request" } -->' })).message).toMatch(/^p\.md:7: request annotation has no "name"/);
  expect(parseError(oneExample({ request: '<!-- { "blockType": "request", "name": "x", "sampleKeys": [1] } -->' })).message).toMatch(/"sampleKeys" must be an array of strings, found \[1\]/);
  expect(parseError(oneExample({ request: '<!-- { "name": "x" } -->' })).message).toMatch(/annotation has no "blockType" string/);
});

test('two requests with the same name are refused', () => {
  const text = oneExample() + '\n### Example 2\n\n' + oneExample().split('### Example 1: Enable\n\n')[1];
  expect(parseError(text).message).toMatch(/request name "x" is already used by the request annotated at line 7/);
});

test('a request in a tab other than HTTP is refused', () => {
  expect(parseError(oneExample({ request: '# [C#](#tab/csharp)\n' + REQUEST_ANNOTATION })).message).toMatch(/request block sits in the "csharp" tab; the page puts http examples under # \[HTTP\]\(#tab\/http\)/);
});

test('a broken request line, header or status line is refused at its line', () => {
  expect(parseError(oneExample({ requestBlock: REQUEST_BLOCK.replace('PUT https', 'put https') })).message).toMatch(/^p\.md:9: "put https:.*" is not a request line \(METHOD URL\)/);
  expect(parseError(oneExample({ requestBlock: REQUEST_BLOCK.replace('Content-Type: application/json', 'Content-Type application/json') })).message).toMatch(/^p\.md:10: "Content-Type application\/json" is not a header/);
  expect(parseError(oneExample({ response: '<!-- { "blockType": "response" } -->\n``` http\n204 No Content\n```\n' })).message).toMatch(/"204 No Content" is not a status line, e\.g\. HTTP\/1\.1 204 No Content/);
});

test('an unclosed code block or comment is refused at the line that opens it', () => {
  expect(parseError(oneExample({ response: '<!-- { "blockType": "response" } -->\n``` http\nHTTP/1.1 204 No Content\n' })).message).toMatch(/^p\.md:\d+: code block opened by ``` http is never closed/);
  expect(parseError('# Page\n\n<!-- {\n  "blockType": "ignored"\n').message).toMatch(/^p\.md:3: HTML comment is never closed/);
});

test('a request outside any example heading is refused', () => {
  expect(parseError(`${REQUEST_ANNOTATION}\n${REQUEST_BLOCK}`).message).toMatch(/request block sits under no example heading/);
});
