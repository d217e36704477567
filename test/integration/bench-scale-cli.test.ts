// `node dist/bench/scale.js --help` prints its usage and exits without starting the benchmark; an unknown option is
// refused before anything runs (it used to start an hours-long run with the defaults).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
    assert.match(r.stderr, /unknown option --scale\b/);
    assert.match(r.stderr, /usage:/);
    assert.equal(existsSync(work), false);
  });
});
