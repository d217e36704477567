// When a build re-runs itself with a larger V8 heap (src/cli/heap.ts): only for an input whose statistics may not fit,
// never twice, never over the user's own --max-old-space-size, and always when --heap-mb asks for another heap.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { heapToRerunWith, inputBytes } from '../../src/cli/heap.js';
import { tempDir } from '../helpers/temp-dirs.js';

const MB = 1024 * 1024;
const DEFAULT = { limitMb: 4144, machineMb: 24_000, setAlready: false };

describe('heap for large builds', () => {
  it('runs a small input as it is and re-runs a Hub-sized one with 60% of the memory', () => {
    assert.equal(heapToRerunWith(400 * MB, DEFAULT), undefined, 'F = 0.1 is ~400 MB of snapshot');
    assert.equal(heapToRerunWith(3_400 * MB, DEFAULT), 14_400, 'F = 1.0 is ~3.4 GB of snapshot');
  });

  it('does not re-run when the heap was set already, or when the machine has no more to give', () => {
    assert.equal(heapToRerunWith(3_400 * MB, { ...DEFAULT, setAlready: true }), undefined);
    assert.equal(heapToRerunWith(3_400 * MB, { ...DEFAULT, machineMb: 8_000 }), undefined, '60% of 8 GB < 1.25 x 4 GB');
    assert.equal(heapToRerunWith(3_400 * MB, { ...DEFAULT, setAlready: true }, 9_000), undefined);
  });

  it('re-runs with --heap-mb unless the process has that heap already', () => {
    assert.equal(heapToRerunWith(0, DEFAULT, 9_000), 9_000);
    assert.equal(heapToRerunWith(0, DEFAULT, 4_100), undefined);
  });

  it('counts a folder’s files and its subfolders’ files, gzip at six times its size', () => {
    const dir = tempDir('hkg-heap-');
    writeFileSync(join(dir, 'models.jsonl'), Buffer.alloc(1000));
    writeFileSync(join(dir, 'datasets.jsonl.gz'), Buffer.alloc(100));
    mkdirSync(join(dir, 'release'));
    writeFileSync(join(dir, 'release', 'triples.txt'), Buffer.alloc(10));
    assert.equal(inputBytes(dir), 1000 + 600 + 10);
    assert.equal(inputBytes(join(dir, 'models.jsonl')), 1000);
    assert.equal(inputBytes(join(dir, 'missing')), 0);
  });
});
