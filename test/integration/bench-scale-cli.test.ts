// `node dist/bench/scale.js --help` and `node dist/bench/build.js --help` print their usage and exit without starting
// the benchmark; an unknown option is refused before anything runs (it used to start an hours-long run with defaults).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/paths.js';
import { tempDir } from '../helpers/temp-dirs.js';

const SCALE = join(ROOT, 'dist', 'bench', 'scale.js');

describe('bench/scale.js command line', () => {
  it('--help prints the options and exits 0 without touching the work directory', () => {
    const work = join(tempDir('hkg-scale-help-'), 'work');
    for (const flag of ['--help', '-h']) {
      const r = spawnSync(process.execPath, [SCALE, flag, '--work', work], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^usage: node dist\/bench\/scale\.js/);
      for (const o of ['--scales', '--engines', '--runs', '--reuse', '--work', '--only', 'VIRTUOSO_BUFFERS'])
        assert.ok(r.stdout.includes(o), o);
      assert.equal(existsSync(work), false);
    }
  });

  it('refuses an unknown option with exit code 2 and the usage', () => {
    const work = join(tempDir('hkg-scale-help-'), 'work');
    const r = spawnSync(process.execPath, [SCALE, '--scale', '1', '--work', work], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown option '--scale'/i);
    assert.match(r.stderr, /usage:/);
    assert.equal(existsSync(work), false);
  });
});

describe('bench/build.js command line', () => {
  const BUILD = join(ROOT, 'dist', 'bench', 'build.js');
  const results = join(ROOT, 'bench', 'results', 'build.json');
  const mtime = () => (existsSync(results) ? statSync(results).mtimeMs : 0);

  it('--help prints the options and exits 0 without running a build or touching the results', () => {
    const before = mtime();
    for (const flag of ['--help', '-h']) {
      const r = spawnSync(process.execPath, [BUILD, flag], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^usage: node dist\/bench\/build\.js/);
      for (const o of ['--scales', '--label', '--cli', '--commit', '--workers', '--keep', '--render-only'])
        assert.ok(r.stdout.includes(o), o);
    }
    assert.equal(mtime(), before);
  });

  it('refuses an unknown option or a bad scale with exit code 2 and the usage', () => {
    const before = mtime();
    for (const args of [
      ['--scale', '1'],
      ['--scales', '0,x'],
    ]) {
      const r = spawnSync(process.execPath, [BUILD, ...args], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /usage:/);
    }
    assert.equal(mtime(), before);
  });
});
