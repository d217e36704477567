// **huggingkg validate FILE...**: SHACL-validate RDF files, print a summary, write a sh:ValidationReport.

import type { Command } from 'commander';
import { nonNegativeInt, path, positiveInt } from '../cli/options.js';
import { validateFiles } from './validate.js';
import { formatSummary } from './report.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'validate RDF files (.nt, .nq, .ttl, optionally .gz) against ' +
        'the SHACL shapes; non-zero exit when they do not conform',
    )
    .argument('<files...>', 'RDF files to validate together as one graph')
    .option('--shapes <file>', 'SHACL shapes (default: shapes/huggingkg.shacl.ttl)', path('--shapes'))
    .option('--report <file>', 'write the sh:ValidationReport as Turtle to this file', path('--report'))
    .option('--batch-size <n>', 'focus nodes per batch', positiveInt('--batch-size'))
    .option(
      '--workers <n>',
      'worker threads validating batches (default: one per core for large graphs; 0 = this thread)',
      nonNegativeInt('--workers'),
    )
    .action(
      async (files: string[], opts: { shapes?: string; report?: string; batchSize?: number; workers?: number }) => {
        const summary = await validateFiles(files, {
          shapesFile: opts.shapes,
          reportFile: opts.report,
          batchSize: opts.batchSize,
          workers: opts.workers,
        });
        console.log(formatSummary(summary));
        if (opts.report) console.log(`report written to ${opts.report}`);
        if (!summary.conforms) process.exitCode = 1;
      },
    );
}
