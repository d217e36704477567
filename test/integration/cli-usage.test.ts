// Usage errors through the real CLI: a bad flag value (or environment variable) of every command exits 2 with a
// message that names the flag and the value, before any work starts; runtime failures keep exit code 1.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';

const USAGE = 2;

describe('huggingkg usage errors (exit code 2) @slow', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = tempDir('hkg-usage-');
  });

  // [command line, what stderr must say]
  const cases: Array<[string[], RegExp]> = [
    [['crawl', '--out', 'SNAP', '--concurrency', '0'], /--concurrency must be a positive integer, got "0"/],
    [
      ['crawl', '--out', 'SNAP', '--since', 'last tuesday'],
      /--since must be a date like 2025-01-31.*got "last tuesday"/,
    ],
    [
      ['build', '--snapshot', 'SNAP', '--out', 'OUT', '--workers', 'many'],
      /--workers must be a non-negative integer, got "many"/,
    ],
    [
      // the old spelling, parsed like the new one
      ['build', '--snapshot', 'SNAP', '--out', 'OUT', '--validate-workers', 'many'],
      /--workers must be a non-negative integer, got "many"/,
    ],
    [['validate', 'x.nt', '--batch-size', '1.5'], /--batch-size must be a positive integer, got "1.5"/],
    [['load', '--store', 'fuseki', '--from', 'OUT'], /--store must be virtuoso or embedded, got "fuseki"/],
    [
      ['load', '--store', 'virtuoso', '--from', 'OUT', '--isql-port', '70000'],
      /--isql-port must be a whole number from 1 to 65535, got "70000"/,
    ],
    [['serve', '--from', 'OUT', '--query-timeout', 'soon'], /--query-timeout must be a duration.*got "soon"/],
    [
      ['serve', '--from', 'OUT', '--query-workers', '0'],
      /--query-workers must be a whole number from 1 to 64, got "0"/,
    ],
    [
      ['query', 'lineage-tree', '--from', 'OUT', '--format', 'html'],
      /--format must be one of table, json, xml, csv, tsv, got "html"/,
    ],
    [['query', 'lineage-tree', '--from', 'OUT', '--timeout', '-1'], /--timeout must be a duration.*got "-1"/],
    [['eval', '--from', 'OUT', '--task', 'ranking'], /--task must be one of rec, cls, trace, all, got "ranking"/],
    [['eval', '--from', 'OUT', '--max-cases', '0'], /--max-cases must be a positive integer, got "0"/],
    [['synth', '--scale', '-1', '--out', 'SNAP'], /--scale must be a positive number, got "-1"/],
  ];
  for (const [args, message] of cases) {
    it(`${args.join(' ')}`, async () => {
      const real = args.map((a) => (a === 'SNAP' || a === 'OUT' ? join(dir, a.toLowerCase()) : a));
      const r = await cli(real);
      assert.equal(r.code, USAGE, r.stderr);
      assert.match(r.stderr, message);
      const named = /^error: option '(-[a-z], )?--[a-z-]+ <[^>]+>' argument '[^']*' is invalid\./m;
      assert.match(r.stderr, named, 'commander names the option');
      assert.ok(!existsSync(join(dir, 'snap')) && !existsSync(join(dir, 'out')), 'nothing was written');
    });
  }

  it('a missing required option and an unknown option are usage errors too', async () => {
    const missing = await cli(['build', '--snapshot', join(dir, 'snap')]);
    assert.equal(missing.code, USAGE, missing.stderr);
    assert.match(missing.stderr, /required option '--out <dir>' not specified/);
    const unknown = await cli(['synth', '--scale', '0.001', '--out', join(dir, 'snap'), '--colour']);
    assert.equal(unknown.code, USAGE, unknown.stderr);
    assert.match(unknown.stderr, /unknown option '--colour'/);
  });

  it('flag combinations checked after parsing and bad environment variables exit 2 as well', async () => {
    const neither = await cli(['serve']);
    assert.equal(neither.code, USAGE, neither.stderr);
    assert.match(neither.stderr, /serve needs --from OUTDIR .* or --endpoint URL/);
    const out = join(dir, 'built');
    mkdirSync(out);
    writeFileSync(join(out, 'huggingkg.nt.gz'), '');
    writeFileSync(join(out, 'build-report.json'), JSON.stringify({ triples: 101 }));
    const env = await cli(['load', '--store', 'embedded', '--from', out], { HUGGINGKG_EMBEDDED_MAX_TRIPLES: 'lots' });
    assert.equal(env.code, USAGE, env.stderr);
    assert.match(env.stderr, /HUGGINGKG_EMBEDDED_MAX_TRIPLES must be a positive integer, got "lots"/);
    // The variable, read at the edge, still reaches the check; going over the limit is a runtime failure (1).
    const over = await cli(['load', '--store', 'embedded', '--from', out], { HUGGINGKG_EMBEDDED_MAX_TRIPLES: '100' });
    assert.equal(over.code, 1, over.stderr);
    assert.match(over.stderr, /101 triples, more than the embedded store holds \(100;/);
  });

  it('help and version still exit 0', async () => {
    const help = await cli(['serve', '--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /--query-workers <n>[\s\S]*\(default: 2\)/, 'serve --help shows defaults');
    assert.match(help.stdout, /--query-timeout <duration>[\s\S]*\(default: 30 s\)/);
    assert.equal((await cli(['--version'])).code, 0);
  });
});
