// A build whose stderr is not a terminal still says how far it is: a line when a stage starts, one every
// LINE_EVERY_MS while it runs, one when it ends; 'off' says nothing.

import assert from 'node:assert/strict';
import { LINE_EVERY_MS, ProgressReporter } from '../../src/build/progress.js';

describe('build progress in logs', () => {
  it("'lines' writes a start line, a line every few seconds with done/total, and an end line", () => {
    const lines: string[] = [];
    let clock = 0;
    const progress = new ProgressReporter(
      'lines',
      (l) => lines.push(l),
      () => clock,
    );
    progress.start('map', 'mapping');
    clock = 1000;
    progress.update('map', 10, 100);
    assert.deepEqual(lines, ['build: mapping ...'], 'not before LINE_EVERY_MS has passed');
    clock = LINE_EVERY_MS;
    progress.update('map', 50, 100);
    clock = LINE_EVERY_MS + 10;
    progress.update('map', 51, 100);
    clock = 2 * LINE_EVERY_MS + 500;
    progress.update('map', 99, 100);
    progress.stop('map');
    assert.deepEqual(lines, [
      'build: mapping ...',
      `build: mapping 50/100 (50%), ${(LINE_EVERY_MS / 1000).toFixed(1)} s`,
      `build: mapping 99/100 (99%), ${((2 * LINE_EVERY_MS + 500) / 1000).toFixed(1)} s`,
      `build: mapping done in ${((2 * LINE_EVERY_MS + 500) / 1000).toFixed(1)} s`,
    ]);
  });

  it("'off' writes nothing", () => {
    const lines: string[] = [];
    const progress = new ProgressReporter(
      'off',
      (l) => lines.push(l),
      () => 0,
    );
    progress.start('map', 'mapping');
    progress.update('map', 1, 2);
    progress.stop('map');
    assert.deepEqual(lines, []);
  });
});
