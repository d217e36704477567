// `huggingkg --help` and `huggingkg CMD --help` load commander and the command modules only: no library from
// node_modules but commander, and none of the project's heavy layers (stores, server, mapper, validation, crawler), so
// help starts in a fraction of a second. Checked on what the process really loaded, not on time.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../src/paths.js';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dirs.js';

const run = promisify(execFile);
const TRACE_HOOKS = join(ROOT, 'dist', 'test', 'helpers', 'module-trace.js');
const COMMANDS = ['crawl', 'build', 'validate', 'load', 'serve', 'start', 'query', 'sparql', 'eval', 'synth'];
// Project modules that pull in heavy libraries; none may load for --help.
const HEAVY_MODULES = [
  'store/embedded',
  'store/remote',
  'store/query-analysis',
  'server/app',
  'mapper/',
  'validate/validate',
  'hub/crawl/crawl',
  'synth/hubscale',
  'eval/eval',
  'build/build',
  'rdf/serialize',
];
const isHeavy = (url: string) => HEAVY_MODULES.some((m) => url.includes(`/dist/src/${m}`));

/** The modules `huggingkg ...args` loaded: node_modules packages and project files. */
async function loaded(args: string[]): Promise<{ packages: string[]; files: string[]; stdout: string }> {
  const trace = join(tempDir('hkg-trace-'), 'modules.txt');
  const { stdout } = await run(process.execPath, ['--import', TRACE_HOOKS, CLI, ...args], {
    env: { ...process.env, HUGGINGKG_MODULE_TRACE: trace },
  });
  const urls = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  const packages = new Set<string>();
  for (const url of urls) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m) packages.add(m[1]!);
  }
  return { packages: [...packages].sort(), files: urls.filter((u) => u.includes('/dist/src/')), stdout };
}

describe('huggingkg help loads no heavy module @slow', function () {
  this.timeout(60_000);

  it('the trace sees what a command really loads (so the checks below can fail)', async () => {
    // `query --list` reads the canned queries: the parser and the registry load.
    const { packages, files } = await loaded(['query', '--list']);
    assert.ok(packages.includes('sparqljs'), `sparqljs among ${packages.join(', ')}`);
    assert.ok(files.some((f) => f.endsWith('/dist/src/queries/registry.js')));
  });

  for (const args of [['--help'], ...COMMANDS.map((c) => [c, '--help'])]) {
    it(`huggingkg ${args.join(' ')}`, async () => {
      const { packages, files, stdout } = await loaded(args);
      assert.match(stdout, /Usage: huggingkg/);
      assert.deepEqual(packages, ['commander'], 'the only library loaded is commander');
      const heavy = files.filter(isHeavy);
      assert.deepEqual(heavy, [], 'no heavy project module');
    });
  }

  it('--help lists the exit codes', async () => {
    const { stdout } = await loaded(['--help']);
    for (const code of ['0', '1', '2', '65', '70']) assert.match(stdout, new RegExp(`^ {2}${code} +\\S`, 'm'));
  });
});
