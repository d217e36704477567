// How far a process has read a file (src/store/read-position.ts), which `huggingkg load` with one loader reports as
// progress: found through /proc for a descriptor this process holds, and nothing for a file nobody reads.

import assert from 'node:assert/strict';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPosition } from '../../src/store/read-position.js';
import { tempDir } from '../helpers/temp-dirs.js';

describe('read position of an open file (src/store/read-position.ts)', () => {
  it("finds the reader's descriptor and its offset, and follows it as the reader goes on", function () {
    if (process.platform !== 'linux') this.skip();
    const dir = tempDir('hkg-readpos-');
    const file = join(dir, 'dump.nt');
    writeFileSync(file, 'x'.repeat(10_000));
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(3000);
      readSync(fd, buf, 0, 3000, null);
      const first = readPosition(file);
      assert.deepEqual(first && [first.pid, first.fd, first.offset], [process.pid, fd, 3000]);
      readSync(fd, buf, 0, 1000, null);
      assert.equal(readPosition(file, first)?.offset, 4000);
      assert.equal(readPosition(file, undefined, process.pid), undefined, 'the skipped process is not looked at');
    } finally {
      closeSync(fd);
    }
    assert.equal(readPosition(file), undefined, 'nobody reads it any more');
    assert.equal(readPosition(join(dir, 'missing.nt')), undefined);
  });
});
