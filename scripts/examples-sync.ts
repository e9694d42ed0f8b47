/**
 * `npm run examples:sync -- <page.md> [--fixtures <file>]`: rewrite the documented-examples fixture from a page.
 * Prints what changed; writes nothing when the page does not parse or holds no example. Exit 0 written or
 * unchanged, 1 the page does not parse, 2 usage or an unreadable file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fixtureComment, fixtureDrift, fragmentDrift, parseDocPage, renderFixture, toDocumentedExamples } from '../harness/docpage';
import { loadFragment } from '../harness/contract';
import { EXIT_DRIFT, parseExamplesArgs, readFixture, readText, runExamplesCommand, shown } from './examples-args';

function main(): number {
  const args = parseExamplesArgs('examples:sync', process.argv.slice(2), { fragment: false });
  const text = readText(args.page, 'page');
  const page = parseDocPage(text, shown(args.page));
  const examples = toDocumentedExamples(page);
  if (examples.length === 0) {
    process.stderr.write(`examples:sync: ${shown(args.page)} holds no annotated request; refusing to empty ${shown(args.fixtures)}\n`);
    return EXIT_DRIFT;
  }
  const previous = fs.existsSync(args.fixtures) ? readFixture(args.fixtures) : undefined;
  const source = path.basename(args.page);
  const rendered = renderFixture({ $comment: fixtureComment(previous?.$comment, examples.length, source), source, examples });
  const current = fs.existsSync(args.fixtures) ? fs.readFileSync(args.fixtures, 'utf8') : undefined;
  if (current === rendered) {
    process.stdout.write(`examples:sync: ${shown(args.fixtures)} already matches ${shown(args.page)} (${examples.length} examples); unchanged\n`);
  } else {
    for (const d of fixtureDrift(examples, previous?.examples ?? [])) process.stdout.write(`  ${d.message}\n`);
    // Written beside and renamed, so a concurrent reader sees the old file or the new one, never half of one.
    const temporary = `${args.fixtures}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, rendered);
    fs.renameSync(temporary, args.fixtures);
    process.stdout.write(`examples:sync: wrote ${examples.length} examples from ${shown(args.page)} to ${shown(args.fixtures)}\n`);
  }
  // The fragment is written by hand: say what it lacks, leave it to a person.
  const lacking = fragmentDrift(page, loadFragment());
  for (const d of lacking) process.stdout.write(`  note, edit the fragment by hand: ${d.message}\n`);
  return 0;
}

runExamplesCommand(main, (err) => process.stderr.write(`examples:sync: the page does not follow the documentation format, nothing written:\n  ${err.message}\n`));
