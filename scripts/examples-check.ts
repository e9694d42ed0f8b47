/**
 * `npm run examples:check -- <page.md> [--fixtures <file>] [--fragment <file>]`: say whether a documentation page
 * and the suite have parted ways (examples added, removed or changed against the fixtures; paths, steps or statuses
 * the fragment lacks). Exit 0 no drift, 1 drift (or a page that no longer parses), 2 usage or an unreadable file.
 */
import { fixtureDrift, fragmentDrift, parseDocPage, toDocumentedExamples } from '../harness/docpage';
import { loadFragment } from '../harness/contract';
import { EXIT_DRIFT, UsageError, parseExamplesArgs, readFixture, readText, runExamplesCommand, shown } from './examples-args';

function main(): number {
  const args = parseExamplesArgs('examples:check', process.argv.slice(2), { fragment: true });
  const text = readText(args.page, 'page');
  const fixture = readFixture(args.fixtures);
  readText(args.fragment, 'fragment');
  let fragment;
  try {
    fragment = loadFragment(args.fragment);
  } catch (err) {
    throw new UsageError(`the fragment ${args.fragment} cannot be loaded: ${(err as Error).message}`);
  }
  const page = parseDocPage(text, shown(args.page));
  const examples = toDocumentedExamples(page);
  const drift = [...fixtureDrift(examples, fixture.examples), ...fragmentDrift(page, fragment)];
  if (drift.length === 0) {
    process.stdout.write(`examples:check: no drift: ${shown(args.page)} matches ${shown(args.fixtures)} (${examples.length} examples) and ${shown(args.fragment)}\n`);
    return 0;
  }
  process.stdout.write(`examples:check: ${shown(args.page)} and the suite have parted ways (${drift.length} difference${drift.length === 1 ? '' : 's'}):\n`);
  for (const d of drift) process.stdout.write(`  - ${d.message}\n`);
  const fixtureSide = drift.some((d) => d.kind.startsWith('example'));
  if (fixtureSide) process.stdout.write(`To take the page's examples: npm run examples:sync -- ${shown(args.page)}\n`);
  if (drift.some((d) => !d.kind.startsWith('example'))) process.stdout.write(`The fragment is written by hand: edit ${shown(args.fragment)}.\n`);
  return EXIT_DRIFT;
}

runExamplesCommand(main, (err) => process.stdout.write(`examples:check: the page no longer follows the documentation format:\n  - ${err.message}\n`));
