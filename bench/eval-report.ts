// Reproduces bench/eval-report.{json,md,svg}: a planted-structure snapshot (src/synth/planted.ts) of about 1M triples,
// built with the real build, then `huggingkg eval` on it. Run: node dist/bench/eval-report.js [scale] [seed]
// (not part of npm test; takes minutes).

import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from '../src/build/build.js';
import { runEval } from '../src/eval/eval.js';
import { generatePlanted } from '../src/synth/planted.js';
import { ROOT } from '../src/paths.js';

const scale = Number(process.argv[2] ?? 20);
const seed = Number(process.argv[3] ?? 1);
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
