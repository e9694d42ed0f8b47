import { describeConfig, resolveConfig } from './config';

/** Runs once, after the embedded mock (if any) has announced its service root: print what this run targets. */
export default function globalSetup(): void {
  process.stdout.write(`${describeConfig(resolveConfig())}\n`);
}
