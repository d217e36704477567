// Fails when a source line is longer than 120 characters: the formatter wraps code, not comments or long strings.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const MAX = 120;
const tracked = execFileSync('git', ['ls-files', '-z', '--', 'src', 'test', 'bench', 'scripts'], { encoding: 'utf8' });
const files = tracked
  .split('\0')
  .filter((f) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(f) && !f.startsWith('test/fixtures/'));
let long = 0;
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if ([...line].length <= MAX) return;
    long++;
    console.log(`${file}:${i + 1}: ${[...line].length} characters (at most ${MAX})`);
  });
}
if (long > 0) {
  console.log(`${long} line(s) longer than ${MAX} characters`);
  process.exit(1);
}
