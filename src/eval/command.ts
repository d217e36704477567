// **`huggingkg eval`**: HuggingBench-style evaluation of the canned queries on a built graph (see src/eval/eval.ts).

import type { Command } from 'commander';
import { DEFAULT_BASE } from '../vocab.js';
import { TASK_NAMES, type TaskName } from './common.js';
import { runEval } from './eval.js';
import { toMarkdown } from './report.js';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate the recommendation, classification and tracing queries on held-out edges (HuggingBench metrics)')
    .requiredOption('--from <outdir>', 'a build output directory (or a .nt/.nt.gz dump)')
    .option('--task <task>', 'rec | cls | trace | all', 'all')
    .option('--seed <n>', 'seed of the splits and the random baseline', '1')
    .option('--max-cases <n>', 'at most this many test cases per task', '300')
    .option('--huggingbench <dir>', 'use HuggingBench\'s published splits found under DIR (ke_rec train.txt..., tracing training.txt..., classification label files); with --task all, the tasks without a readable split are skipped, saying why')
    .option('--base <iri>', 'base IRI the graph was built with', DEFAULT_BASE)
    .option('--report <file>', 'write FILE.json, FILE.md and FILE.svg')
    .action(async (opts: { from: string; task: string; seed: string; maxCases: string; huggingbench?: string; base: string; report?: string }) => {
      if (opts.task !== 'all' && !TASK_NAMES.includes(opts.task as TaskName)) throw new Error(`--task ${opts.task}: use rec, cls, trace or all`);
      const seed = Number(opts.seed);
      const maxCases = Number(opts.maxCases);
      if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed ${opts.seed}: a non-negative integer`);
      if (!Number.isInteger(maxCases) || maxCases < 1) throw new Error(`--max-cases ${opts.maxCases}: a positive integer`);
      const report = await runEval({
        from: opts.from, tasks: opts.task === 'all' ? undefined : [opts.task as TaskName], seed, maxCases, base: opts.base,
        huggingbench: opts.huggingbench, report: opts.report, onProgress: (m) => process.stderr.write(`eval: ${m}\n`),
      });
      process.stdout.write(toMarkdown(report));
    });
}
