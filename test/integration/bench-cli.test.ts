// Every bench script with a command line (`node dist/bench/NAME.js`) prints its usage and exits 0 on --help or -h, and
// refuses an unknown option with exit code 2 and the usage on stderr, before doing any work: reading process.argv by
// hand, several of them started a benchmark (and some wrote their results under bench/) when given either.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';

const BENCH = join(ROOT, 'bench');
/** bench/*.ts that are modules other scripts import, with no command line of their own. */
const MODULES = new Set(['args', 'load-cold', 'measure']);
/** Each script, and what its usage must name: its options, positional arguments and where it writes results. */
const SCRIPTS: Record<string, string[]> = {
  build: ['--scales', '--label', '--cli', '--commit', '--workers', '--keep', '--render-only', 'bench/build-results.md'],
  cli: ['--cli', '--label', '--runs', '--from', '--out'],
  'describe-cpu': ['--from', '--limit', '--seed'],
  'eval-real': [
    ...['--data', '--work', '--only', '--seed', '--max-cases', '--tasks', '--families', '--reuse', '--render-only'],
    'bench/eval-real.md',
  ],
  'eval-report': ['scale', 'seed', 'bench/eval-report.json'],
  'jsonld-dump': ['FILE.nt[.gz]', 'chunk quads'],
  'lineage-layout': ['sizes'],
  load: [
    ...['--from', '--seconds', '--connections', '--json', '--keep-log', '--cold', '--rounds', '--servers', '--seed'],
    ...['--trifid-dir', '--limit', '--baseline'],
  ],
  mapping: ['sizes'],
  'media-type-proxy': ['TARGET_URL'],
  'query-ab': ['--endpoint', '--a', '--b', '--param', '--rounds', '--runs', '--base', '--server-pid'],
  release: ['models'],
  scale: [
    '--scales',
    '--engines',
    '--runs',
    '--reuse',
    '--work',
    '--only',
    '--name',
    'VIRTUOSO_BUFFERS',
    'bench/results/',
  ],
  site: ['OUTDIR', 'bench/site-results.md'],
  'stats-heap': ['--dump', '--snapshot', '--out', '--cli'],
  soak: ['--from', '--minutes', '--seconds', '--workers', '--timeout', '--json'],
  'wasm-compiler': ['--dump', '--snapshot', '--rounds', '--name', 'bench/results/'],
};

/**
 * Each script's numeric options and positional arguments, each given a bad value: the arguments and what the error
 * must name. A bare Number() ran a typo such as `--runs 1O` with NaN; counts must also be whole and positive. Every
 * numeric option a usage lists (`--x N`, `S`, `F`, `PID`) must be here (checked below); positional ones are listed by
 * hand.
 */
const BAD_NUMBERS: Record<string, Array<[string[], string]>> = {
  build: [
    [['--scales', '0.1,x'], '--scales'],
    [['--workers', 'x'], '--workers'],
  ],
  cli: [
    [['--runs', '1O'], '--runs'],
    [['--runs', '0'], '--runs'],
  ],
  'describe-cpu': [
    [['--from', 'nowhere', '--limit', 'x'], '--limit'],
    [['--from', 'nowhere', '--seed', 'x'], '--seed'],
  ],
  'eval-real': [
    [['--seed', 'x'], '--seed'],
    [['--max-cases', '2.5'], '--max-cases'],
    [['--families', '0'], '--families'],
    [['--families', '2O'], '--families'],
  ],
  'eval-report': [
    [['x'], 'scale'],
    [['20', 'x'], 'seed'],
  ],
  'jsonld-dump': [[['x.nt', '0x1z'], 'a chunk size']],
  'lineage-layout': [[['x'], 'a size']],
  load: [
    [['--seconds', 'x'], '--seconds'],
    [['--connections', ''], '--connections'],
    [['--cold', '--rounds', 'x'], '--rounds'],
    [['--cold', '--seed', 'x'], '--seed'],
    [['--cold', '--limit=-5'], '--limit'],
  ],
  mapping: [[['ten'], 'a size']],
  'query-ab': [
    [['--endpoint', 'http://127.0.0.1:9/sparql', '--a', 'a.rq', '--b', 'b.rq', '--rounds', 'x'], '--rounds'],
    [['--endpoint', 'http://127.0.0.1:9/sparql', '--a', 'a.rq', '--b', 'b.rq', '--runs', 'x'], '--runs'],
    [['--endpoint', 'http://127.0.0.1:9/sparql', '--a', 'a.rq', '--b', 'b.rq', '--server-pid', 'x'], '--server-pid'],
  ],
  release: [[['lots'], 'models']],
  scale: [
    [['--scales', '0.01,x'], '--scales'],
    [['--runs', 'x'], '--runs'],
    [['--budget-s', 'x'], '--budget-s'],
    [['--seed', 'x'], '--seed'],
    [['--comunica-max-scale', 'x'], '--comunica-max-scale'],
    [['--comunica-heap-mb', 'x'], '--comunica-heap-mb'],
  ],
  soak: [
    [['--from', 'nowhere', '--minutes', 'x'], '--minutes'],
    [['--from', 'nowhere', '--seconds', 'x'], '--seconds'],
    [['--from', 'nowhere', '--workers', '0'], '--workers'],
    [['--from', 'nowhere', '--timeout', 'x'], '--timeout'],
  ],
  'wasm-compiler': [[['--dump', 'x.nt.gz', '--snapshot', 'nowhere', '--rounds', 'x'], '--rounds']],
};

/** The options a usage lists with a number: `--runs N`, `--budget-s S`, `--scales F,F...`, `--server-pid PID`. */
function numericOptions(usage: string): string[] {
  return [...usage.matchAll(/^ {2}(--[a-z-]+) (?:N|S|F|PID|F,F\.\.\.) /gm)].map((m) => m[1]!);
}

function run(name: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'bench', `${name}.js`), ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  // a script that started its benchmark instead runs into the timeout (status null)
  assert.equal(r.error, undefined, `${name} ${args.join(' ')}: ${r.error?.message}`);
  return r;
}

/** Every file under bench/ (sources, results, reports) with its modification time. */
function benchFiles(): Map<string, number> {
  const files = new Map<string, number>();
  for (const f of readdirSync(BENCH, { recursive: true, encoding: 'utf8' })) {
    const s = statSync(join(BENCH, f));
    if (s.isFile()) files.set(f, s.mtimeMs);
  }
  return files;
}

/** Runs `f`, then checks that no file under bench/ was written, added or removed meanwhile. */
function leavesBenchAlone(f: () => void): void {
  const before = benchFiles();
  f();
  const after = benchFiles();
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  assert.deepEqual(changed, []);
}

/** The usage's first line (names are letters and dashes). */
const usageLine = (name: string) => new RegExp(`^usage: node dist/bench/${name}\\.js`, 'm');

describe('bench scripts: --help and unknown options', () => {
  it('lists every script in bench/', () => {
    const scripts = readdirSync(BENCH)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
      .filter((f) => !MODULES.has(f));
    assert.deepEqual(scripts.sort(), Object.keys(SCRIPTS).sort());
  });

  for (const [name, mentions] of Object.entries(SCRIPTS)) {
    it(`${name}: --help and -h print the usage and exit 0 without running anything`, () => {
      leavesBenchAlone(() => {
        for (const flag of ['--help', '-h']) {
          const r = run(name, [flag]);
          assert.equal(r.status, 0, `${flag}: ${r.stderr}`);
          assert.ok(r.stdout.startsWith(`usage: node dist/bench/${name}.js `), `${flag}: ${r.stdout.slice(0, 200)}`);
          for (const m of mentions) assert.ok(r.stdout.includes(m), `${flag} names ${m}`);
        }
      });
    });

    it(`${name}: refuses an unknown option with exit code 2 and the usage`, () => {
      leavesBenchAlone(() => {
        const r = run(name, ['--no-such-option']);
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /unknown option '?--no-such-option/i);
        assert.match(r.stderr, usageLine(name));
        assert.equal(r.stdout, '');
      });
    });
  }

  it('refuses a missing or malformed argument with exit code 2 and the usage', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['site', [], /no OUTDIR/],
      ['jsonld-dump', [], /no FILE/],
      ['jsonld-dump', ['x.nt', 'many'], /chunk size must be a whole number/],
      ['media-type-proxy', [], /one TARGET_URL/],
      ['media-type-proxy', ['not a url'], /not a URL/],
      ['describe-cpu', [], /--from is required/],
      ['soak', [], /--from is required/],
      ['wasm-compiler', ['--dump', 'x.nt.gz'], /--snapshot is required/],
      ['eval-report', ['twenty'], /scale must be a number/],
      ['eval-report', ['20', '1', '5'], /at most two arguments/],
      ['release', ['lots'], /models must be a whole number/],
      ['lineage-layout', ['50', 'x'], /size must be a whole number/],
      ['mapping', ['1e4x'], /size must be a whole number/],
      ['eval-real', ['--only', 'synth-0.5'], /--only synth-0\.5: one of/],
      ['eval-real', ['--tasks', 'rec,link'], /--tasks link: one of/],
      ['build', ['--scales', '0,x'], /--scales must be positive numbers/],
      ['cli', ['--runs'], /argument missing/],
      ['stats-heap', [], /one of --dump and --snapshot/],
    ];
    leavesBenchAlone(() => {
      for (const [name, args, message] of cases) {
        const r = run(name, args);
        assert.equal(r.status, 2, `${name} ${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message, `${name} ${args.join(' ')}`);
        assert.match(r.stderr, usageLine(name), `${name} ${args.join(' ')}`);
      }
    });
  });

  it('every numeric option of every script is in the table of bad numbers', () => {
    for (const name of Object.keys(SCRIPTS)) {
      const r = run(name, ['--help']);
      const covered = (BAD_NUMBERS[name] ?? []).map(([, what]) => what).filter((w) => w.startsWith('--'));
      assert.deepEqual([...new Set(covered)].sort(), numericOptions(r.stdout).sort(), name);
    }
  });

  for (const [name, cases] of Object.entries(BAD_NUMBERS)) {
    it(`${name}: refuses a bad number with exit code 2 and the usage, before doing any work`, () => {
      leavesBenchAlone(() => {
        for (const [args, what] of cases) {
          const r = run(name, args);
          const call = `${name} ${args.join(' ')}`;
          assert.equal(r.status, 2, `${call}: ${r.stderr}`);
          assert.ok(r.stderr.startsWith(`${what} must be `), `${call}: ${r.stderr.slice(0, 200)}`);
          assert.match(r.stderr, usageLine(name), call);
          assert.equal(r.stdout, '', call);
        }
      });
    });
  }

  it('still reads the positional arguments the scripts take', () => {
    leavesBenchAlone(() => {
      const layout = run('lineage-layout', ['50']);
      assert.equal(layout.status, 0, layout.stderr);
      // one family of 50 models, both pictures (not the default sizes)
      const rows = layout.stdout.split('\n').filter((l) => /^\| \d/.test(l));
      assert.deepEqual(
        rows.map((l) => l.split(' | ').slice(0, 2)),
        [
          ['| 50', 'entity page'],
          ['| 50', 'show all'],
        ],
      );
      const dump = run('jsonld-dump', [join(ROOT, 'test', 'fixtures', 'graph', 'huggingkg.nt.gz'), '512', '1024']);
      assert.equal(dump.status, 0, dump.stderr);
      assert.match(dump.stdout, /^N-Triples \(reference\): \d+ triples/m);
      assert.match(dump.stdout, /^JSON-LD, chunks of 512 quads: \d+ triples/m);
      assert.match(dump.stdout, /^JSON-LD, chunks of 1024 quads: \d+ triples/m);
    });
  });
});
