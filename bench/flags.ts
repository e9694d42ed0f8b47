/**
 * The `--name value` flags of the bench scripts (load, fuzz), each falling back to an environment variable. A bad
 * flag ends the process with exit 2, the problem and the tool's usage line: the scripts are run by people.
 */
export interface Flags {
  /** The flag's text as given (flag first, then environment), or undefined. */
  raw: Record<string, string | undefined>;
  /** A whole-number flag within [min, max], or the fallback when absent. */
  whole: (name: string, fallback: number, min: number, max: number) => number;
  usageError: (message: string) => never;
}

export function readFlags(tool: string, usage: string, argv: string[], fromEnv: Record<string, string | undefined>): Flags {
  const usageError = (message: string): never => {
    process.stderr.write(`${tool}: ${message}\nflags: ${usage}\n`);
    process.exit(2);
  };
  const raw = { ...fromEnv };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!.replace(/^--/, '');
    if (!argv[i]!.startsWith('--') || !(name in raw)) usageError(`unknown flag ${JSON.stringify(argv[i])}`);
    // Blank is "not set" only for an environment variable; a flag given blank is a mistake, not a request for the default.
    if (argv[i + 1] === undefined || argv[i + 1]!.trim() === '') usageError(`${argv[i]} needs a value`);
    raw[name] = argv[i + 1];
  }
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const text = raw[name]?.trim();
    if (!text) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) usageError(`--${name} must be a whole number from ${min} to ${max}; found ${JSON.stringify(text)} (e.g. --${name} ${fallback})`);
    return value;
  };
  return { raw, whole, usageError };
}
