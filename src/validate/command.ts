// **huggingkg validate FILE...**: SHACL-validate RDF files, print a summary, write a sh:ValidationReport.

import type { Command } from 'commander';
import { DATA_EXIT, nonNegativeInt, path, positiveInt } from '../cli/options.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'validate RDF files (.nt, .nq, .ttl, optionally .gz) against ' +
        `the SHACL shapes; exit code ${DATA_EXIT} when they do not conform`,
    )
    .argument('<files...>', 'RDF files to validate together as one graph')
    .option('--shapes <file>', 'SHACL shapes (default: shapes/huggingkg.shacl.ttl)', path('--shapes'))
    .option('--report <file.ttl>', 'write the sh:ValidationReport as Turtle to this file', path('--report'))
    .option('--batch-size <n>', 'focus nodes per batch', positiveInt('--batch-size'))
    .option(
      '--workers <n>',
      'worker processes validating batches (default: one per core for large graphs; 0 = this thread)',
      nonNegativeInt('--workers'),
    )
    .action(
      async (files: string[], opts: { shapes?: string; report?: string; batchSize?: number; workers?: number }) => {
        // Loaded here: the SHACL engine is heavy and `validate --help` does not need it.
        const { validateFiles } = await import('./validate.js');
        const { formatSummary } = await import('./report.js');
        const summary = await validateFiles(files, {
          shapesFile: opts.shapes,
          reportFile: opts.report,
          batchSize: opts.batchSize,
          workers: opts.workers,
        });
        console.log(formatSummary(summary));
        if (opts.report) console.log(`report written to ${opts.report}`);
        if (!summary.conforms) process.exitCode = DATA_EXIT;
      },
    );
}
