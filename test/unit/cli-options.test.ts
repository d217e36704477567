// The command-line value parsers shared by every command (src/cli/options.ts) and the environment readers
// (src/cli/env.ts): what they accept, and that a refusal names the flag and the value.

import assert from 'node:assert/strict';
import { CommanderError } from 'commander';
import { hubEnv, listenEnv, logLevelEnv, serverNotesDir, virtuosoEnv } from '../../src/cli/env.js';
import {
  choice,
  date,
  duration,
  integer,
  nonNegativeInt,
  number,
  OptionValueError,
  path,
  port,
  positiveInt,
  seconds,
  USAGE_EXIT,
  UsageError,
} from '../../src/cli/options.js';

/** Asserts `f` refuses `value` with an OptionValueError (exit code 2) whose message names the flag and the value. */
function refuses(f: (v: string) => unknown, flag: string, value: string, want?: RegExp): void {
  assert.throws(
    () => f(value),
    (e: Error) => {
      assert.ok(e instanceof OptionValueError, `${flag} ${JSON.stringify(value)}: ${e.message}`);
      assert.ok(e instanceof CommanderError && e.exitCode === USAGE_EXIT);
      assert.ok(e.message.startsWith(`${flag} must be `), e.message);
      assert.ok(e.message.endsWith(`got ${JSON.stringify(value)}`), e.message);
      if (want) assert.match(e.message, want);
      return true;
    },
  );
}

describe('cli options: integers', () => {
  it('reads whole numbers in bounds, the bounds themselves included', () => {
    assert.equal(positiveInt('--n')('1'), 1);
    assert.equal(positiveInt('--n')('300'), 300);
    assert.equal(nonNegativeInt('--n')('0'), 0);
    assert.equal(integer('--n', { min: 1, max: 64 })('64'), 64);
    assert.equal(port('--port', true)('0'), 0);
    assert.equal(port('--port')('65535'), 65535);
    assert.equal(integer('--seed', { min: 0, max: 0xffffffff })('4294967295'), 4294967295);
  });

  it('refuses what is not a whole number in bounds, saying which bounds', () => {
    refuses(positiveInt('--limit'), '--limit', '0', /a positive integer/);
    refuses(positiveInt('--limit'), '--limit', '-3');
    refuses(nonNegativeInt('--workers'), '--workers', '-1', /a non-negative integer/);
    refuses(integer('--query-workers', { min: 1, max: 64 }), '--query-workers', '65', /a whole number from 1 to 64/);
    refuses(port('--port', true), '--port', 'eighty', /a whole number from 0 to 65535/);
    refuses(port('--isql-port'), '--isql-port', '0', /from 1 to 65535/);
    for (const bad of ['', ' ', '1.5', '5.0', '1e3', '0x10', '12abc', 'NaN', 'Infinity', '99999999999999999999']) {
      refuses(nonNegativeInt('--n'), '--n', bad);
    }
  });
});

describe('cli options: numbers, durations, dates, choices, paths', () => {
  it('numbers: finite and non-negative; positive refuses 0', () => {
    assert.equal(number('--rate')('0'), 0);
    assert.equal(number('--rate')('2.5'), 2.5);
    assert.equal(number('--scale', { positive: true })('0.001'), 0.001);
    refuses(number('--scale', { positive: true }), '--scale', '0', /a positive number/);
    refuses(number('--scale', { positive: true }), '--scale', '-1');
    refuses(number('--rate'), '--rate', 'fast', /a non-negative number/);
    refuses(number('--rate'), '--rate', '');
    refuses(number('--rate'), '--rate', 'Infinity');
  });

  it("durations: a bare number in the flag's own unit (as before), or a number with a unit, in milliseconds", () => {
    assert.equal(duration('--timeout', 'ms')('30000'), 30_000);
    assert.equal(duration('--query-timeout', 's')('30'), 30_000);
    assert.equal(duration('--query-timeout', 's')('0'), 0);
    assert.equal(duration('--timeout', 'ms')('30s'), 30_000);
    assert.equal(duration('--timeout', 'ms')('2m'), 120_000);
    assert.equal(duration('--timeout', 'ms')('1h'), 3_600_000);
    assert.equal(duration('--query-timeout', 's')('500ms'), 500);
    assert.equal(duration('--query-timeout', 's')('1.5s'), 1500);
    assert.equal(duration('--retry-base-ms', 'ms', { fractional: true })('2.5'), 2.5);
    refuses(duration('--timeout', 'ms'), '--timeout', '1.5', /whole number of milliseconds/);
    refuses(duration('--timeout', 'ms', { min: 1 }), '--timeout', '0', /at least 1 ms/);
    refuses(duration('--timeout', 'ms'), '--timeout', '-5');
    refuses(duration('--timeout', 'ms'), '--timeout', '10 minutes');
    refuses(duration('--timeout', 'ms'), '--timeout', '');
  });

  it('seconds: the one duration style (bare numbers are seconds); a bare number for an old ms flag warns', () => {
    assert.equal(seconds('--timeout')('30'), 30_000);
    assert.equal(seconds('--timeout')('1.5'), 1500);
    assert.equal(seconds('--timeout')('250ms'), 250);
    assert.equal(seconds('--timeout')('2m'), 120_000);
    refuses(seconds('--timeout', { min: 1 }), '--timeout', '0', /at least 1 ms/);
    refuses(seconds('--timeout'), '--timeout', 'soon', /number of seconds, or with a unit/);
    const warned: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => warned.push(chunk) > 0) as typeof process.stderr.write;
    try {
      assert.equal(seconds('--timeout', { formerlyMs: true })('30000'), 30_000_000);
      assert.equal(seconds('--timeout', { formerlyMs: true })('30'), 30_000);
      assert.equal(seconds('--timeout', { formerlyMs: true })('30000ms'), 30_000);
    } finally {
      process.stderr.write = write;
    }
    assert.equal(warned.length, 1, warned.join(''));
    assert.match(warned[0]!, /--timeout 30000 is read as 30000 seconds .* write 30000ms for milliseconds/);
  });

  it('dates, choices and paths', () => {
    assert.equal(date('--since')('2025-01-31').toISOString(), '2025-01-31T00:00:00.000Z');
    assert.equal(date('--since')('2025-01-31T12:00:00Z').toISOString(), '2025-01-31T12:00:00.000Z');
    refuses(date('--since'), '--since', 'yesterday', /a date like 2025-01-31/);
    refuses(date('--since'), '--since', '');
    assert.equal(choice('--store', ['virtuoso', 'embedded'])('embedded'), 'embedded');
    refuses(choice('--store', ['virtuoso', 'embedded']), '--store', 'fuseki', /virtuoso or embedded/);
    refuses(choice('--task', ['rec', 'cls', 'trace', 'all']), '--task', 'x', /one of rec, cls, trace, all/);
    assert.equal(path('--out')('out/graph'), 'out/graph');
    refuses(path('--out'), '--out', '', /a non-empty path/);
    refuses(path('--out'), '--out', 'a\0b');
  });
});

describe('cli environment', () => {
  it('the server notes directory: HUGGINGKG_SERVERS_DIR, else XDG_RUNTIME_DIR, else ~/.cache', () => {
    assert.equal(serverNotesDir({ HUGGINGKG_SERVERS_DIR: '/x', XDG_RUNTIME_DIR: '/run/user/1' }), '/x');
    assert.equal(serverNotesDir({ XDG_RUNTIME_DIR: '/run/user/1' }), '/run/user/1/huggingkg-servers');
    assert.match(serverNotesDir({}), /\/\.cache\/huggingkg\/servers$/);
  });

  it('reads HF_*, VIRTUOSO_*, LOG_LEVEL, PORT and HOST; empty is unset', () => {
    assert.deepEqual(hubEnv({ HF_ENDPOINT: 'http://127.0.0.1:1', HF_TOKEN: 'hf_x' }), {
      endpoint: 'http://127.0.0.1:1',
      token: 'hf_x',
    });
    assert.deepEqual(hubEnv({ HF_TOKEN: '' }), { endpoint: undefined, token: undefined });
    assert.deepEqual(virtuosoEnv({ VIRTUOSO_ISQL: 'isql', VIRTUOSO_PASSWORD: 'pw' }), { isql: 'isql', password: 'pw' });
    assert.equal(logLevelEnv({ LOG_LEVEL: 'warn' }), 'warn');
    assert.deepEqual(listenEnv({ PORT: '8080', HOST: '0.0.0.0' }), { port: 8080, host: '0.0.0.0' });
    assert.deepEqual(listenEnv({}), { port: undefined, host: undefined });
  });

  it('a bad value is a usage error naming the variable', () => {
    assert.throws(
      () => listenEnv({ PORT: 'http' }),
      (e: Error) => e instanceof UsageError && e.message === 'PORT must be a whole number from 0 to 65535, got "http"',
    );
  });
});

describe('huggingkg sparql -f', () => {
  it('takes exactly the names the writers offer (the hand-written list follows sparql-output.ts)', async () => {
    const { FORMAT_NAMES } = await import('../../src/queries/sparql-command.js');
    const { OUTPUT_NAMES } = await import('../../src/queries/sparql-output.js');
    assert.deepEqual([...FORMAT_NAMES].sort(), [...OUTPUT_NAMES].sort());
  });
});
