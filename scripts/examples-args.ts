/**
 * What `examples:sync` and `examples:check` share: their arguments, the files they read, their exit codes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DocPageError } from '../harness/docpage';
import { EXAMPLES_PATH } from '../harness/examples';
import { FRAGMENT_PATH } from '../harness/contract';
import type { DocumentedExample } from '../harness/examples';

export const EXIT_DRIFT = 1;
export const EXIT_USAGE = 2;

export const SEED_PAGE_EXAMPLE = '../shared/seed/b2xidentityuserflow-put-apiconnectorconfiguration.md';

export class UsageError extends Error {}

export interface ExamplesArgs {
  page: string;
  fixtures: string;
  fragment: string;
}

/** npm runs scripts from the package root; a relative path means what it meant where the user typed it. */
function resolveFromCaller(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

export function parseExamplesArgs(command: string, argv: string[], options: { fragment: boolean }): ExamplesArgs {
  const usage = `usage: npm run ${command} -- <page.md> [--fixtures <file.json>]${options.fragment ? ' [--fragment <file.json>]' : ''}\n  e.g. npm run ${command} -- ${SEED_PAGE_EXAMPLE}`;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { fixtures: { type: 'string' }, ...(options.fragment ? { fragment: { type: 'string' } } : {}), help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new UsageError(`${command}: ${(err as Error).message}\n${usage}`);
  }
  if (parsed.values.help) throw new UsageError(usage);
  if (parsed.positionals.length !== 1) {
    throw new UsageError(`${command}: expected exactly one argument, the Markdown page, got ${parsed.positionals.length}${parsed.positionals.length ? ` (${parsed.positionals.join(' ')})` : ''}\n${usage}`);
  }
  const fixtures = parsed.values.fixtures;
  const fragment = parsed.values.fragment;
  return {
    page: resolveFromCaller(parsed.positionals[0]!),
    fixtures: typeof fixtures === 'string' ? resolveFromCaller(fixtures) : EXAMPLES_PATH,
    fragment: typeof fragment === 'string' ? resolveFromCaller(fragment) : FRAGMENT_PATH,
  };
}

export function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the ${what} ${file} (${(err as Error).message}); give a readable path, e.g. ${what === 'page' ? SEED_PAGE_EXAMPLE : shown(what === 'fragment' ? FRAGMENT_PATH : EXAMPLES_PATH)}`);
  }
}

export interface FixtureFile {
  $comment?: string;
  source?: string;
  examples: DocumentedExample[];
}

export function readFixture(file: string): FixtureFile {
  let value: unknown;
  try {
    value = JSON.parse(readText(file, 'fixture file'));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`the fixture file ${file} is not JSON: ${(err as Error).message}`);
  }
  const examples = (value as { examples?: unknown } | null)?.examples;
  if (!Array.isArray(examples)) throw new UsageError(`the fixture file ${file} has no "examples" array`);
  return value as FixtureFile;
}

/** Project-relative when inside the project, for messages that stay short. */
export function shown(file: string): string {
  const relative = path.relative(path.resolve(__dirname, '..'), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/**
 * Run a command's main and set its exit code: a usage error or unreadable file is EXIT_USAGE on stderr; a page that
 * does not follow the documentation format is EXIT_DRIFT, reported as the command says (check: as drift, on stdout;
 * sync: as nothing written, on stderr); anything else is a bug and is thrown.
 */
export function runExamplesCommand(main: () => number, reportPageFormat: (err: DocPageError) => void): void {
  try {
    process.exitCode = main();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = EXIT_USAGE;
    } else if (err instanceof DocPageError) {
      reportPageFormat(err);
      process.exitCode = EXIT_DRIFT;
    } else {
      throw err;
    }
  }
}
