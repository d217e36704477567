// Reproduces bench/eval-report.{json,md,svg}: a planted-structure snapshot (src/synth/planted.ts) of about 1M triples,
// built with the real build, then `huggingkg eval` on it. Usage: see USAGE (`node dist/bench/eval-report.js --help`;
// not part of npm test; takes minutes).

import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from '../src/build/build.js';
import { runEval } from '../src/eval/eval.js';
import { generatePlanted } from '../src/synth/planted.js';
import { ROOT } from '../src/paths.js';
import { integerArg, numberArg, parseBenchArgs, usageError } from './args.js';

/** What `--help` prints. */
const USAGE = `usage: node dist/bench/eval-report.js [scale] [seed]

Generates a planted-structure snapshot (src/synth/planted.ts, about 1M triples at scale 20) in a temporary folder,
builds it with the real build (validation off), runs \`huggingkg eval\` on it (at most 300 cases per task) and writes
bench/eval-report.json, bench/eval-report.md and bench/eval-report.svg. Takes minutes.

arguments:
  scale             the planted snapshot's scale (default 20)
  seed              the snapshot's and the evaluation's seed (default 1)

options:
  -h, --help        print this and exit`;

const { positionals } = parseBenchArgs(USAGE, {}, { positionals: true });
if (positionals.length > 2) usageError(USAGE, `at most two arguments (scale, seed), got ${positionals.length}`);
const scale = numberArg(USAGE, 'scale', positionals[0] ?? '20');
const seed = integerArg(USAGE, 'seed', positionals[1] ?? '1', { min: 0 });
const dir = mkdtempSync(join(tmpdir(), 'hkg-eval-bench-'));
const t0 = Date.now();
const summary = generatePlanted({ out: join(dir, 'snapshot'), seed, scale });
console.error(`planted snapshot: ${JSON.stringify(summary)} in ${Date.now() - t0} ms`);
const t1 = Date.now();
const built = await build({ snapshot: join(dir, 'snapshot'), out: join(dir, 'out'), validate: false, progress: false });
console.error(`built ${built.triples} triples in ${Date.now() - t1} ms`);
const report = await runEval({
  from: join(dir, 'out'),
  seed,
  maxCases: 300,
  report: join(ROOT, 'bench', 'eval-report'),
  onProgress: (m) => console.error(`eval: ${m}`),
});
console.error(
  `eval done in ${Date.now() - t1} ms; report: bench/eval-report.{json,md,svg}; graph at ${report.graph.file}`,
);
