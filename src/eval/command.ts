// **`huggingkg eval`**: HuggingBench-style evaluation of the canned queries on a built graph (see src/eval/eval.ts).

import type { Command } from 'commander';
import { embeddedMaxTriplesEnv } from '../cli/env.js';
import { choice, nonNegativeInt, path, positiveInt } from '../cli/options.js';
import { DEFAULT_BASE } from '../vocab.js';
import { TASK_NAMES, type TaskName } from './common.js';
import { runEval } from './eval.js';
import { toMarkdown } from './report.js';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'evaluate the recommendation, classification and tracing queries on held-out edges (HuggingBench metrics)',
    )
    .requiredOption('--from <outdir>', 'a build output directory (or a .nt/.nt.gz dump)', path('--from'))
    .option('--task <task>', 'rec | cls | trace | all', choice('--task', [...TASK_NAMES, 'all'] as const), 'all')
    .option('--seed <n>', 'seed of the splits and the random baseline', nonNegativeInt('--seed'), 1)
    .option('--max-cases <n>', 'at most this many test cases per task', positiveInt('--max-cases'), 300)
    .option(
      '--huggingbench <dir>',
      "use HuggingBench's published splits found under DIR (ke_rec train.txt..., " +
        'tracing training.txt..., classification label files); with ' +
        '--task all, the tasks without a readable split are ' +
        'skipped, saying why',
      path('--huggingbench'),
    )
    .option('--base <iri>', 'base IRI the graph was built with', DEFAULT_BASE)
    .option('--report <file>', 'write FILE.json, FILE.md and FILE.svg', path('--report'))
    .action(
      async (opts: {
        from: string;
        task: TaskName | 'all';
        seed: number;
        maxCases: number;
        huggingbench?: string;
        base: string;
        report?: string;
      }) => {
        const report = await runEval({
          from: opts.from,
          tasks: opts.task === 'all' ? undefined : [opts.task],
          seed: opts.seed,
          maxCases: opts.maxCases,
          base: opts.base,
          huggingbench: opts.huggingbench,
          report: opts.report,
          embeddedMaxTriples: embeddedMaxTriplesEnv(),
          onProgress: (m) => process.stderr.write(`eval: ${m}\n`),
        });
        process.stdout.write(toMarkdown(report));
      },
    );
}
