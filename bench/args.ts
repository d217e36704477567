// **bench/args** is the bench scripts' command line: node:util parseArgs with strict options, `--help`/`-h` prints the
// script's USAGE and exits 0, and a bad option or argument prints the error and USAGE to stderr and exits 2 — before
// the script does any work (reading process.argv by hand, a mistyped option or --help used to start a long run with the
// defaults and write its results under bench/).

import { parseArgs } from 'node:util';

/** The options of parseArgs (node:util does not export the type by name). */
type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** What parseArgs returns for `options` (with --help added), strict. */
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O & typeof HELP; strict: true; allowPositionals: true }>
>['values'];

/** Prints `message` and the usage to stderr and exits with code 2 (a usage error). */
export function usageError(usage: string, message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

/**
 * The command line parsed against `options` (plus -h/--help), or the script ends here: on --help, with the usage on
 * stdout and exit code 0; on an unknown option, a missing value or (unless `positionals`) a positional argument, with
 * the error and the usage on stderr and exit code 2.
 */
export function parseBenchArgs<const O extends Options>(
  usage: string,
  options: O,
  { positionals = false, args = process.argv.slice(2) }: { positionals?: boolean; args?: string[] } = {},
): { values: Parsed<O>; positionals: string[] } {
  let parsed: { values: { help?: unknown }; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { ...options, ...HELP }, strict: true, allowPositionals: positionals });
  } catch (err) {
    usageError(usage, (err as Error).message);
  }
  if (parsed.values.help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed as { values: Parsed<O>; positionals: string[] };
}

/** A positional argument or option value that must be a number (a typo would otherwise run with NaN). */
export function numberArg(usage: string, what: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) usageError(usage, `${what} must be a number, got "${text}"`);
  return n;
}

/**
 * A positional argument or option value that must be a whole number of at least `min` (default 1): a count, a number
 * of seconds or a seed, where 0, a fraction or a negative number would run a broken or empty benchmark.
 */
export function integerArg(usage: string, what: string, text: string, { min = 1 }: { min?: number } = {}): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < min)
    usageError(usage, `${what} must be a whole number >= ${min}, got "${text}"`);
  return n;
}
