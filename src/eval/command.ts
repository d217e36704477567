// **`huggingkg eval`**: HuggingBench-style evaluation of the canned queries on a built graph (see src/eval/eval.ts).

import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { embeddedMaxTriplesEnv } from '../cli/env.js';
import { warn } from '../cli/deprecated.js';
import { choice, nonNegativeInt, path, positiveInt, UsageError } from '../cli/options.js';
import { DEFAULT_BASE } from '../vocab.js';
import { TASK_NAMES, type TaskName } from './task-names.js';

/** File name (without extension) of the report `--out DIR` writes as .json, .md and .svg. */
export const REPORT_NAME = 'eval-report';

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
    .option('--out <dir>', `write the report into DIR as ${REPORT_NAME}.json, .md and .svg`, path('--out'))
    .addOption(
      // The old spelling wrote FILE.json, FILE.md and FILE.svg; validate's --report is one Turtle file.
      new Option('--report <file>', 'deprecated: use --out DIR').argParser(path('--report')).hideHelp(),
    )
    .action(
      async (opts: {
        from: string;
        task: TaskName | 'all';
        seed: number;
        maxCases: number;
        huggingbench?: string;
        base: string;
        out?: string;
        report?: string;
      }) => {
        if (opts.out && opts.report)
          throw new UsageError('give --out DIR (--report FILE is its old spelling), not both');
        if (opts.report) warn('--report FILE is deprecated; use --out DIR (writes DIR/eval-report.json, .md and .svg)');
        const { runEval } = await import('./eval.js');
        const { toMarkdown } = await import('./report.js');
        const report = await runEval({
          from: opts.from,
          tasks: opts.task === 'all' ? undefined : [opts.task],
          seed: opts.seed,
          maxCases: opts.maxCases,
          base: opts.base,
          huggingbench: opts.huggingbench,
          report: opts.out ? join(opts.out, REPORT_NAME) : opts.report,
          embeddedMaxTriples: embeddedMaxTriplesEnv(),
          onProgress: (m) => process.stderr.write(`eval: ${m}\n`),
        });
        process.stdout.write(toMarkdown(report));
      },
    );
}
