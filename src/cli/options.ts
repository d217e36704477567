// **options** parses command-line values for every command: integers (bounded), numbers, durations, dates, choices and
// paths, each refused with a message that names the flag and the bad value, and the usage-error exit code (2).

import { InvalidArgumentError } from 'commander';
import { warn } from './deprecated.js';

/** Exit code of a command given bad flags or arguments (a runtime failure is 1). */
export const USAGE_EXIT = 2;

/** Exit code of a command whose input data does not conform (SHACL violations; build --strict: warnings too). */
export const DATA_EXIT = 65;

/** The data does not conform: cli.ts exits with DATA_EXIT. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** A usage error found after parsing (a flag combination, an environment variable): cli.ts exits with USAGE_EXIT. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A bad option value; commander prints it after "option '--flag <x>' argument 'v' is invalid." and exits 2. */
export class OptionValueError extends InvalidArgumentError {
  constructor(message: string) {
    super(message);
    this.exitCode = USAGE_EXIT;
  }
}

type Parser<T> = (value: string) => T;

function refuse(flag: string, want: string, value: string): never {
  throw new OptionValueError(`${flag} must be ${want}, got ${JSON.stringify(value)}`);
}

export interface Bounds {
  min?: number;
  max?: number;
}

function integerWant({ min = 0, max }: Bounds): string {
  if (max !== undefined) return `a whole number from ${min} to ${max}`;
  if (min === 0) return 'a non-negative integer';
  if (min === 1) return 'a positive integer';
  return `an integer of at least ${min}`;
}

/** A whole number in [min, max] (min defaults to 0), written in digits only: "1e3", "0x10" and "5.0" are refused. */
export function integer(flag: string, bounds: Bounds = {}): Parser<number> {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = bounds;
  return (value) => {
    const n = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      refuse(flag, integerWant(bounds), value);
    }
    return n;
  };
}

export const positiveInt = (flag: string, max?: number): Parser<number> => integer(flag, { min: 1, max });
export const nonNegativeInt = (flag: string, max?: number): Parser<number> => integer(flag, { min: 0, max });
/** A TCP port; `allowZero` for listening on any free port. */
export const port = (flag: string, allowZero = false): Parser<number> =>
  integer(flag, { min: allowZero ? 0 : 1, max: 65535 });

/** A finite number; `positive` refuses 0 as well as negatives. */
export function number(flag: string, { positive = false } = {}): Parser<number> {
  return (value) => {
    const n = value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(n) || n < 0 || (positive && n === 0)) {
      refuse(flag, positive ? 'a positive number' : 'a non-negative number', value);
    }
    return n;
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration in milliseconds. A bare number is in the flag's own `unit` (what the flag took before units were
 * accepted: `--timeout 30000` ms, `--query-timeout 30` s); a suffix says otherwise: 500ms, 30s, 2m, 1h. Bare numbers
 * must be whole unless `fractional`; the result is rounded to whole milliseconds unless `fractional`.
 */
export function duration(flag: string, unit: 'ms' | 's', { min = 0, fractional = false } = {}): Parser<number> {
  const want =
    `a duration of at least ${min} ms (a ${fractional ? '' : 'whole '}number of ` +
    `${unit === 'ms' ? 'milliseconds' : 'seconds'}, or with a unit: 500ms, 30s, 2m)`;
  return (value) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
    const amount = m?.[1];
    const suffix = m?.[2];
    if (amount === undefined || (!suffix && !fractional && amount.includes('.'))) refuse(flag, want, value);
    const exact = Number(amount) * (UNIT_MS[suffix ?? unit] ?? 1);
    const ms = fractional ? exact : Math.round(exact);
    if (!Number.isSafeInteger(Math.round(ms)) || ms < min) refuse(flag, want, value);
    return ms;
  };
}

/**
 * The duration style of every command: a bare number is seconds (decimals allowed), a suffix says otherwise (500ms,
 * 30s, 2m, 1h); the result is in whole milliseconds. `formerlyMs`: the flag took bare milliseconds before, so a bare
 * number of 1000 or more, most likely meant as milliseconds, is warned about (and still read as seconds).
 */
export function seconds(flag: string, { min = 0, formerlyMs = false } = {}): Parser<number> {
  const parse = duration(flag, 's', { min, fractional: true });
  return (value) => {
    const ms = Math.round(parse(value));
    if (formerlyMs && /^\s*\d+(\.\d+)?\s*$/.test(value) && Number(value) >= 1000) {
      warn(
        `${flag} ${value.trim()} is read as ${value.trim()} seconds (bare numbers are seconds); ` +
          `write ${value.trim()}ms for milliseconds`,
      );
    }
    return ms;
  };
}

/** A date or date-time JavaScript reads unambiguously (2025-01-31, 2025-01-31T12:00:00Z). */
export function date(flag: string): Parser<Date> {
  return (value) => {
    const d = new Date(value);
    const bad = value.trim() === '' || Number.isNaN(d.getTime());
    if (bad) refuse(flag, 'a date like 2025-01-31 or 2025-01-31T12:00:00Z', value);
    return d;
  };
}

/** One of `values`. */
export function choice<T extends string>(flag: string, values: readonly T[]): Parser<T> {
  const want = values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`;
  return (value) => {
    if (!(values as readonly string[]).includes(value)) refuse(flag, want, value);
    return value as T;
  };
}

/** A file or directory path, as given (so messages show what the user typed); empty or NUL-bearing paths are refused.
 *  Whether it exists is the command's business: it knows whether it reads or writes there. */
export function path(flag: string): Parser<string> {
  return (value) => {
    if (value === '' || value.includes('\0')) refuse(flag, 'a non-empty path', value);
    return value;
  };
}

/** An environment variable read with an option parser; a bad value is a usage error naming the variable. */
export function fromEnv<T>(name: string, raw: string | undefined, parse: (name: string) => Parser<T>): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    return parse(name)(raw);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
