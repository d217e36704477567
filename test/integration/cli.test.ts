// The `huggingkg` executable as a user runs it: `npx huggingkg` resolves to this project's bin, lists every subcommand,
// and fails clearly on what it cannot do.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../src/paths.js';
import { tempDir } from '../helpers/temp-dirs.js';

const exec = promisify(execFile);

async function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(cmd, args, { cwd: ROOT, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('huggingkg executable @slow', function () {
  this.timeout(90_000);

  it('runs as `npm exec huggingkg` (what npx does) from the project, offline', async () => {
    const res = await run('npm', ['exec', '--offline', '--', 'huggingkg', '--version']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });

  it('lists every subcommand in --help', async () => {
    const res = await run(process.execPath, ['dist/src/cli.js', '--help']);
    assert.equal(res.code, 0, res.stderr);
    for (const name of ['crawl', 'build', 'validate', 'load', 'serve', 'start', 'query', 'sparql', 'eval', 'synth']) {
      assert.match(res.stdout, new RegExp(`^\\s+${name}\\b`, 'm'), `help lists ${name}`);
    }
  });

  it('names an unknown command and exits non-zero', async () => {
    const res = await run(process.execPath, ['dist/src/cli.js', 'frobnicate']);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /unknown command 'frobnicate'/);
  });

  it('names a missing input directory and creates no output directory', async () => {
    const out = join(tempDir('hkg-cli-'), 'out');
    const res = await run(process.execPath, [
      'dist/src/cli.js',
      'build',
      '--snapshot',
      '/nonexistent/snap',
      '--out',
      out,
    ]);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /snapshot directory \/nonexistent\/snap does not exist/);
    assert.equal(existsSync(out), false);
  });
});
