/**
 * Microsoft's Graph reference pages as data: the page format ApiDoctor reads (an HTML-comment JSON annotation
 * before each fenced `http` block, the `# [HTTP](#tab/http)` tab layout), the documented examples it holds, the
 * fixture file written from them, and the differences between a page and the suite (fixtures, fragment).
 * Pure functions over strings and objects: the scripts do the file I/O, so tests can feed any page.
 */
import type { OpenAPIV3 } from 'openapi-types';
import type { DocumentedExample } from './examples';

/** A page that does not follow the format; `line` is 1-based, in the page as given (CRLF or LF). */
export class DocPageError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly what: string,
  ) {
    super(`${source}:${line}: ${what}`);
    this.name = 'DocPageError';
  }
}

export interface Annotation {
  line: number;
  blockType: string;
  name?: string;
  sampleKeys?: string[];
}

export interface DocRequest {
  /** Line of the request line (METHOD URL) in the page. */
  line: number;
  name: string;
  sampleKeys: string[];
  /** The tab the block sits in (`http`), when the example uses the tab layout. */
  tab?: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Verbatim, lines joined with `\n`, leading and trailing blank lines dropped. */
  body: string;
}

export interface DocResponse {
  /** Line of the status line (HTTP/1.1 204 No Content) in the page. */
  line: number;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
  empty: boolean;
}

export interface DocExample {
  /** The heading the example sits under, e.g. `Example 1: Enable ...`. */
  title: string;
  titleLine: number;
  request: DocRequest;
  response: DocResponse;
}

/** A line of an `ignored` block: the page's path template, e.g. `PUT /identity/.../{step}/$ref`. */
export interface DocTemplate {
  line: number;
  method: string;
  path: string;
}

/** A status code the page's `## Response` prose names, e.g. `204 No Content`. */
export interface DocStatus {
  line: number;
  status: number;
  text: string;
}

export interface DocPage {
  source: string;
  examples: DocExample[];
  templates: DocTemplate[];
  statuses: DocStatus[];
}

const HTTP_BLOCK_TYPES = ['request', 'response', 'ignored'];
const ANNOTATION_EXAMPLE = '<!-- { "blockType": "request", "name": "put_example", "sampleKeys": ["B2X_1_testuserflow", "postFederationSignup"] } -->';

export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** JSON with the trailing commas the page writes (`"blockType": "response",\n}`) removed, strings left alone. */
export function stripTrailingCommas(json: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += json[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === ',' && /^\s*[}\]]/.test(json.slice(i + 1))) continue;
    out += c;
  }
  return out;
}

/** The annotation inside `<!-- ... -->`, checked field by field. */
export function parseAnnotation(inner: string, line: number, source = 'page'): Annotation {
  const fail = (what: string): never => {
    throw new DocPageError(source, line, `${what}; a well-formed annotation: ${ANNOTATION_EXAMPLE}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(stripTrailingCommas(inner));
  } catch (err) {
    return fail(`annotation is not JSON (${(err as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return fail('annotation is not a JSON object');
  const record = value as Record<string, unknown>;
  if (typeof record.blockType !== 'string' || record.blockType === '') return fail('annotation has no "blockType" string');
  const annotation: Annotation = { line, blockType: record.blockType };
  if (record.name !== undefined) {
    if (typeof record.name !== 'string' || record.name === '') return fail(`annotation "name" must be a non-empty string, found ${JSON.stringify(record.name)}`);
    annotation.name = record.name;
  }
  if (record.sampleKeys !== undefined) {
    if (!Array.isArray(record.sampleKeys) || !record.sampleKeys.every((k) => typeof k === 'string')) {
      return fail(`annotation "sampleKeys" must be an array of strings, found ${JSON.stringify(record.sampleKeys)}`);
    }
    annotation.sampleKeys = record.sampleKeys as string[];
  }
  return annotation;
}

interface Message {
  startLine: string;
  startLineNo: number;
  headers: Record<string, string>;
  body: string;
}

/** An HTTP message as the page writes it: start line, headers, blank line, body. `firstLine` numbers content[0]. */
function parseMessage(content: string[], firstLine: number, fenceLine: number, fail: (line: number, what: string) => never): Message {
  let k = content.findIndex((l) => l.trim() !== '');
  if (k === -1) return fail(fenceLine, 'http block is empty');
  const startLine = content[k]!.trim();
  const startLineNo = firstLine + k;
  const headers: Record<string, string> = {};
  for (k++; k < content.length && content[k]!.trim() !== ''; k++) {
    const header = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/.exec(content[k]!);
    if (!header) return fail(firstLine + k, `"${content[k]!.trim()}" is not a header (Name: value); a blank line must separate the headers from the body`);
    const [, name, value] = header as unknown as [string, string, string];
    // HTTP folds a repeated header into one comma-separated value.
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const bodyLines = content.slice(k + 1);
  while (bodyLines.length && bodyLines[0]!.trim() === '') bodyLines.shift();
  while (bodyLines.length && bodyLines.at(-1)!.trim() === '') bodyLines.pop();
  return { startLine, startLineNo, headers, body: bodyLines.join('\n') };
}

interface Scope {
  title: string;
  line: number;
  /** Requests waiting for their response, in page order. */
  open: { request: DocRequest; slot: number }[];
}

interface Slot {
  title: string;
  titleLine: number;
  request: DocRequest;
  response?: DocResponse;
}

/**
 * Parse a page. Examples are delimited by headings (`### Example 1: ...`; `Request`/`Response` headings stay inside
 * the example); within an example a response belongs to the oldest request still unanswered, or to the request its
 * annotation names.
 */
export function parseDocPage(text: string, source = 'page'): DocPage {
  const lines = splitLines(text);
  const fail = (line: number, what: string): never => {
    throw new DocPageError(source, line, what);
  };
  const page: DocPage = { source, examples: [], templates: [], statuses: [] };
  const slots: Slot[] = [];
  const names = new Map<string, number>();
  let pending: Annotation | undefined;
  let scope: Scope | undefined;
  let section = '';
  let tab: string | undefined;

  // An http annotation must be followed by its block, with nothing but blank lines between.
  const interrupt = (lineNo: number, what: string) => {
    if (pending && HTTP_BLOCK_TYPES.includes(pending.blockType)) {
      fail(pending.line, `"${pending.blockType}" annotation is not followed by an http block: ${what} at line ${lineNo} comes first`);
    }
    pending = undefined;
  };
  const closeScope = () => {
    const unpaired = scope?.open[0];
    if (scope && unpaired) {
      fail(unpaired.request.line, `request "${unpaired.request.name}" has no response block after it in "${scope.title}" (line ${scope.line}); each request needs a { "blockType": "response" } block before the next example`);
    }
  };

  let i = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, k) => k > 0 && l.trim() === '---');
    if (end === -1) fail(1, 'front matter opened by --- is never closed by a --- line');
    i = end + 1;
  }

  while (i < lines.length) {
    const lineNo = i + 1;
    const line = lines[i]!;
    const trimmed = line.trim();

    if (trimmed.startsWith('<!--')) {
      let j = i;
      let comment = line.slice(line.indexOf('<!--') + 4);
      while (!comment.includes('-->')) {
        if (++j >= lines.length) fail(lineNo, 'HTML comment is never closed with -->');
        comment += `\n${lines[j]!}`;
      }
      const inner = comment.slice(0, comment.indexOf('-->')).trim();
      if (inner.startsWith('{')) {
        interrupt(lineNo, 'another annotation');
        pending = parseAnnotation(inner, lineNo, source);
      }
      i = j + 1;
      continue;
    }

    const fence = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const language = fence[2]!.toLowerCase();
      const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
      let k = i + 1;
      while (k < lines.length && !closing.test(lines[k]!)) k++;
      if (k >= lines.length) fail(lineNo, `code block opened by ${marker}${language ? ' ' + language : ''} is never closed`);
      const annotation = pending;
      pending = undefined;
      if (language === 'http') {
        if (!annotation || !HTTP_BLOCK_TYPES.includes(annotation.blockType)) {
          fail(lineNo, `http block has no annotation before it${annotation ? ` ("blockType": "${annotation.blockType}" is not request, response or ignored)` : ''}; put one on the lines above the fence, e.g. ${ANNOTATION_EXAMPLE}`);
        }
        const content = lines.slice(i + 1, k);
        const ann = annotation!;
        if (ann.blockType === 'ignored') {
          page.templates.push(...templatesOf(content, lineNo + 1));
        } else if (ann.blockType === 'request') {
          if (!scope) return fail(lineNo, 'request block sits under no example heading (e.g. ### Example 1: Enable ...)');
          if (ann.name === undefined) fail(ann.line, `request annotation has no "name": the name is the example's identity; e.g. ${ANNOTATION_EXAMPLE}`);
          const previous = names.get(ann.name!);
          if (previous !== undefined) fail(ann.line, `request name "${ann.name}" is already used by the request annotated at line ${previous}`);
          names.set(ann.name!, ann.line);
          if (tab !== undefined && tab !== 'http') fail(lineNo, `request block sits in the "${tab}" tab; the page puts http examples under # [HTTP](#tab/http)`);
          const message = parseMessage(content, lineNo + 1, lineNo, fail);
          const start = /^([A-Z]+)[ \t]+(\S+)(?:[ \t]+HTTP\/\d(?:\.\d)?)?$/.exec(message.startLine);
          if (!start) fail(message.startLineNo, `"${message.startLine}" is not a request line (METHOD URL), e.g. PUT https://graph.microsoft.com/v1.0/identity/b2xUserFlows/B2X_1_testuserflow/apiConnectorConfiguration/postFederationSignup/$ref`);
          const request: DocRequest = {
            line: message.startLineNo,
            name: ann.name!,
            sampleKeys: ann.sampleKeys ?? [],
            ...(tab !== undefined ? { tab } : {}),
            method: start![1]!,
            url: start![2]!,
            headers: message.headers,
            body: message.body,
          };
          scope.open.push({ request, slot: slots.length });
          slots.push({ title: scope.title, titleLine: scope.line, request });
        } else {
          if (!scope) return fail(lineNo, 'response block sits under no example heading (e.g. ### Example 1: Enable ...)');
          const at = ann.name === undefined ? 0 : scope.open.findIndex((o) => o.request.name === ann.name);
          const owner = scope.open[at];
          if (!owner) {
            fail(lineNo, ann.name === undefined
              ? `response block has no request before it in "${scope.title}" (line ${scope.line}); responses pair with the requests before them, in order`
              : `response block names "${ann.name}", which is no unanswered request of "${scope.title}" (line ${scope.line})`);
          }
          scope.open.splice(at, 1);
          const message = parseMessage(content, lineNo + 1, lineNo, fail);
          const status = /^HTTP\/\d(?:\.\d)?[ \t]+(\d{3})(?:[ \t]+(.*))?$/.exec(message.startLine);
          if (!status) fail(message.startLineNo, `"${message.startLine}" is not a status line, e.g. HTTP/1.1 204 No Content`);
          slots[owner!.slot]!.response = {
            line: message.startLineNo,
            status: Number(status![1]),
            statusText: (status![2] ?? '').trim(),
            headers: message.headers,
            body: message.body,
            empty: message.body.trim() === '',
          };
        }
      } else if (annotation && HTTP_BLOCK_TYPES.includes(annotation.blockType)) {
        fail(annotation.line, `"${annotation.blockType}" annotation is followed by a ${language || 'plain'} code block at line ${lineNo}; it must precede a \`\`\` http block`);
      }
      i = k + 1;
      continue;
    }

    const tabLine = /^#\s*\[[^\]]*\]\(#tab\/([^)\s]+)\)$/.exec(trimmed);
    if (tabLine) {
      interrupt(lineNo, 'a tab heading');
      tab = tabLine[1]!.toLowerCase();
      i++;
      continue;
    }
    if (tab !== undefined && trimmed === '---') {
      interrupt(lineNo, 'the end of the tab group (---)');
      tab = undefined;
      i++;
      continue;
    }

    const heading = /^(#{2,6})\s+(.*?)[ \t#]*$/.exec(line);
    if (heading) {
      interrupt(lineNo, 'a heading');
      // A heading ends an unterminated tab group: the renderer does the same.
      tab = undefined;
      const text = heading[2]!;
      if (heading[1]!.length === 2) section = text;
      if (!/^(request|response)s?\b/i.test(text)) {
        closeScope();
        scope = { title: text, line: lineNo, open: [] };
      }
      i++;
      continue;
    }

    if (trimmed !== '') interrupt(lineNo, `"${trimmed.length > 40 ? trimmed.slice(0, 40) + '...' : trimmed}"`);
    if (section.toLowerCase() === 'response') {
      for (const m of line.matchAll(/`(\d{3})[ \t]+([^`]+?)`/g)) page.statuses.push({ line: lineNo, status: Number(m[1]), text: m[2]! });
    }
    i++;
  }
  interrupt(lines.length, 'the end of the page');
  closeScope();
  page.examples = slots.map((s) => ({ title: s.title, titleLine: s.titleLine, request: s.request, response: s.response! }));
  return page;
}

/** Lines of an `ignored` block that read as `METHOD /path`; any other ignored block holds no template. */
function templatesOf(content: string[], firstLine: number): DocTemplate[] {
  const templates: DocTemplate[] = [];
  content.forEach((l, k) => {
    const m = /^([A-Z]+)[ \t]+(\/\S*)(?:[ \t]+HTTP\/\d(?:\.\d)?)?$/.exec(l.trim());
    if (m) templates.push({ line: firstLine + k, method: m[1]!, path: m[2]! });
  });
  return templates;
}

/** Which documented body shape a request carries: `{"@odata.id": ...}` binds, `{}` unbinds. */
export function exampleKind(body: string): 'enable' | 'disable' | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'disable';
  if (typeof (value as Record<string, unknown>)['@odata.id'] === 'string') return 'enable';
  return undefined;
}

export function toDocumentedExample(example: DocExample, source = 'page'): DocumentedExample {
  const { request, response } = example;
  const kind = exampleKind(request.body);
  if (!kind) {
    throw new DocPageError(source, request.line, `request "${request.name}" has a body that is neither an enable ({"@odata.id": "..."}) nor a disable ({}) body: ${JSON.stringify(request.body)}`);
  }
  return {
    name: request.name,
    title: example.title,
    kind,
    method: request.method,
    url: request.url,
    sampleKeys: request.sampleKeys,
    headers: request.headers,
    body: request.body,
    response: { status: response.status, statusText: response.statusText, body: response.empty ? '' : response.body },
  };
}

export function toDocumentedExamples(page: DocPage): DocumentedExample[] {
  return page.examples.map((e) => toDocumentedExample(e, page.source));
}

export interface ExamplesFixture {
  $comment: string;
  source: string;
  examples: DocumentedExample[];
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** The fixture's prose comment, kept as written; only its count ("The three examples of ...") follows the page. */
export function fixtureComment(previous: string | undefined, count: number, source: string): string {
  const counted = `The ${NUMBER_WORDS[count] ?? String(count)} example${count === 1 ? '' : 's'} of `;
  if (previous === undefined) {
    return `${counted}${source}, as data. \`url\` and \`body\` are verbatim from the page ({id} included); \`kind\` says which documented shape the body has.`;
  }
  return previous.replace(/^The (\w+) examples? of /, (whole, was: string) => (NUMBER_WORDS.includes(was) || /^\d+$/.test(was) ? counted : whole));
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

/** The fixture file, in the committed layout: one field per line, small arrays and objects inline. */
export function renderFixture(fixture: ExamplesFixture): string {
  const example = (e: DocumentedExample): string => {
    const fields: [string, unknown][] = [
      ['name', e.name],
      ['title', e.title],
      ['kind', e.kind],
      ['method', e.method],
      ['url', e.url],
      ['sampleKeys', e.sampleKeys],
      ['headers', e.headers],
      ['body', e.body],
      ['response', { status: e.response.status, statusText: e.response.statusText, body: e.response.body }],
    ];
    return `    {\n${fields.map(([k, v]) => `      ${JSON.stringify(k)}: ${inline(v)}`).join(',\n')}\n    }`;
  };
  const examples = fixture.examples.length ? `[\n${fixture.examples.map(example).join(',\n')}\n  ]` : '[]';
  return `{\n  "$comment": ${JSON.stringify(fixture.$comment)},\n  "source": ${JSON.stringify(fixture.source)},\n  "examples": ${examples}\n}\n`;
}

export type DriftKind =
  | 'example-added'
  | 'example-removed'
  | 'example-changed'
  | 'examples-reordered'
  | 'server-missing'
  | 'path-missing'
  | 'method-missing'
  | 'step-missing'
  | 'parameter-value'
  | 'status-undeclared';

export interface Drift {
  kind: DriftKind;
  message: string;
}

const EXAMPLE_FIELDS = ['title', 'kind', 'method', 'url', 'sampleKeys', 'headers', 'body', 'response.status', 'response.statusText', 'response.body'] as const;

function field(example: DocumentedExample, name: (typeof EXAMPLE_FIELDS)[number]): unknown {
  return name.startsWith('response.') ? example.response[name.slice('response.'.length) as keyof DocumentedExample['response']] : example[name as keyof DocumentedExample];
}

/** What differs between the page's examples and the fixture's, by example name, field by field. */
export function fixtureDrift(page: DocumentedExample[], fixture: DocumentedExample[]): Drift[] {
  const drift: Drift[] = [];
  const onPage = new Map(page.map((e) => [e.name, e]));
  const inFixture = new Map(fixture.map((e) => [e.name, e]));
  for (const e of page) {
    if (!inFixture.has(e.name)) drift.push({ kind: 'example-added', message: `example added: "${e.name}" (${e.title}) is on the page, not in the fixtures` });
  }
  for (const e of fixture) {
    if (!onPage.has(e.name)) drift.push({ kind: 'example-removed', message: `example removed: "${e.name}" (${e.title}) is in the fixtures, no longer on the page` });
  }
  for (const e of page) {
    const before = inFixture.get(e.name);
    if (!before) continue;
    for (const name of EXAMPLE_FIELDS) {
      const was = JSON.stringify(field(before, name));
      const now = JSON.stringify(field(e, name));
      if (was !== now) drift.push({ kind: 'example-changed', message: `example changed: "${e.name}" ${name} is ${was} in the fixtures, ${now} on the page` });
    }
  }
  const common = (list: DocumentedExample[], other: Map<string, DocumentedExample>) => list.filter((e) => other.has(e.name)).map((e) => e.name);
  const pageOrder = common(page, inFixture);
  const fixtureOrder = common(fixture, onPage);
  if (pageOrder.join('\n') !== fixtureOrder.join('\n')) {
    drift.push({ kind: 'examples-reordered', message: `examples reordered: the page has ${pageOrder.join(', ')}; the fixtures have ${fixtureOrder.join(', ')}` });
  }
  return drift;
}

type Operations = Partial<Record<string, OpenAPIV3.OperationObject>>;

function resolveRef<T>(doc: OpenAPIV3.Document, value: T | OpenAPIV3.ReferenceObject): T {
  let node: unknown = value;
  for (let hops = 0; node && typeof node === 'object' && '$ref' in node; hops++) {
    const ref = (node as OpenAPIV3.ReferenceObject).$ref;
    if (hops > 20 || !ref.startsWith('#/')) throw new Error(`the fragment's $ref ${ref} cannot be resolved locally`);
    node = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((n, part) => (n as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    if (node === undefined) throw new Error(`the fragment's $ref ${ref} points at nothing`);
  }
  return node as T;
}

/** The fragment's path templates that a concrete path matches, the most literal first. */
function matchingTemplates(doc: OpenAPIV3.Document, path: string): { template: string; params: Record<string, string> }[] {
  const actual = path.split('/');
  const found: { template: string; params: Record<string, string>; literals: number }[] = [];
  for (const template of Object.keys(doc.paths)) {
    const expected = template.split('/');
    if (expected.length !== actual.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const ok = expected.every((segment, k) => {
      const param = /^\{(.+)\}$/.exec(segment)?.[1];
      if (param !== undefined) {
        params[param] = actual[k]!;
        return actual[k] !== '';
      }
      literals++;
      return segment === actual[k];
    });
    if (ok) found.push({ template, params, literals });
  }
  return found.sort((a, b) => b.literals - a.literals);
}

function declaredStatus(operation: OpenAPIV3.OperationObject, status: number): boolean {
  // `default` is not counted: it declares no status in particular, so a page's new status would pass unnoticed.
  return String(status) in operation.responses || `${String(status)[0]}XX` in operation.responses;
}

/** What the page documents that the fragment does not declare: template paths, request paths, steps, statuses. */
export function fragmentDrift(page: DocPage, doc: OpenAPIV3.Document): Drift[] {
  const drift: Drift[] = [];
  const at = (line: number) => `${page.source}:${line}`;
  for (const t of page.templates) {
    const item = doc.paths[t.path] as Operations | undefined;
    if (!item) drift.push({ kind: 'path-missing', message: `path template missing from the fragment: the page's ${t.method} ${t.path} (${at(t.line)}) is not a path of the fragment` });
    else if (!item[t.method.toLowerCase()]) drift.push({ kind: 'method-missing', message: `method missing from the fragment: the page's ${t.method} ${t.path} (${at(t.line)}) has no ${t.method.toLowerCase()} operation in the fragment` });
    else {
      for (const s of page.statuses) {
        if (!declaredStatus(item[t.method.toLowerCase()]!, s.status)) {
          drift.push({ kind: 'status-undeclared', message: `status not declared: the page documents ${s.status} ${s.text} (${at(s.line)}) for ${t.method} ${t.path}; the fragment declares ${Object.keys(item[t.method.toLowerCase()]!.responses).join(', ')}` });
        }
      }
    }
  }
  const servers = (doc.servers ?? []).map((s) => s.url.replace(/\/$/, ''));
  for (const { request, response } of page.examples) {
    const where = `"${request.name}" (${at(request.line)})`;
    const server = servers.find((s) => request.url.startsWith(`${s}/`));
    if (!server) {
      drift.push({ kind: 'server-missing', message: `server missing from the fragment: ${where} requests ${request.url}, under none of the fragment's servers (${servers.join(', ')})` });
      continue;
    }
    const path = request.url.slice(server.length).replace(/[?#].*$/, '');
    const match = matchingTemplates(doc, path)[0];
    if (!match) {
      drift.push({ kind: 'path-missing', message: `path missing from the fragment: ${where} requests ${request.method} ${path}, which matches no path template of the fragment` });
      continue;
    }
    const item = doc.paths[match.template]!;
    const operation = (item as Operations)[request.method.toLowerCase()];
    if (!operation) {
      drift.push({ kind: 'method-missing', message: `method missing from the fragment: ${where} uses ${request.method} on ${match.template}, which the fragment declares no ${request.method.toLowerCase()} for` });
      continue;
    }
    for (const entry of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
      const parameter = resolveRef<OpenAPIV3.ParameterObject>(doc, entry);
      const value = match.params[parameter.name];
      if (parameter.in !== 'path' || value === undefined || !parameter.schema) continue;
      const allowed = resolveRef<OpenAPIV3.SchemaObject>(doc, parameter.schema).enum?.map(String);
      if (allowed && !allowed.includes(value)) {
        drift.push(
          parameter.name === 'step'
            ? { kind: 'step-missing', message: `step missing from the fragment: ${where} uses step "${value}", not in the fragment's step enum (${allowed.join(', ')})` }
            : { kind: 'parameter-value', message: `parameter value missing from the fragment: ${where} uses ${parameter.name}="${value}", not in the fragment's enum (${allowed.join(', ')})` },
        );
      }
    }
    if (!declaredStatus(operation, response.status)) {
      drift.push({ kind: 'status-undeclared', message: `status not declared: ${where} is answered ${response.status} ${response.statusText} (${at(response.line)}); the fragment's ${request.method} ${match.template} declares ${Object.keys(operation.responses).join(', ')}` });
    }
  }
  return drift;
}
