// **huggingkg build**: snapshot or HuggingKG release -> validated graph and dumps in an output directory.

import type { Command } from 'commander';
import { deprecatedAlias } from '../cli/deprecated.js';
import { currentHeapSituation, heapToRerunWith, inputBytes, rerunWithHeap } from '../cli/heap.js';
import { DATA_EXIT, integer, nonNegativeInt, path } from '../cli/options.js';
import type { BuildReport } from './build.js';
import { OUTPUT } from './output.js';
import { DEFAULT_BASE } from '../vocab.js';

export function registerBuild(program: Command): void {
  const command = program
    .command('build')
    .description('map a Hub snapshot or a HuggingKG release to RDF, write dumps + VoID, validate with SHACL')
    .option('--snapshot <dir>', 'snapshot directory of raw Hub API records (JSONL per kind)', path('--snapshot'))
    .option(
      '--huggingkg-release <path>',
      'HuggingKG release: the published HuggingKG_V<timestamp>.zip, or a folder ' +
        'holding it (or its unpacked files) and triples.txt',
      path('--huggingkg-release'),
    )
    .requiredOption('--out <dir>', 'output directory', path('--out'))
    .option('--base <iri>', 'canonical dataset base IRI', DEFAULT_BASE)
    .option('--strict', `fail (exit code ${DATA_EXIT}) on any input warning or validation violation`, false)
    .option('--no-validate', 'skip SHACL validation')
    .option(
      '--workers <n>',
      'worker processes for SHACL validation (default: one per core; 0 = main thread)',
      nonNegativeInt('--workers'),
    )
    .option('--quiet', 'do not print warnings as they happen', false)
    .option(
      '--heap-mb <n>',
      "V8 heap for the build, MB (default: Node's, or 60% of the memory for an input whose statistics need more)",
      integer('--heap-mb', { min: 256 }),
    );
  deprecatedAlias(command, '--validate-workers <n>', '--workers');
  command.action(
    async (opts: {
      snapshot?: string;
      huggingkgRelease?: string;
      out: string;
      base: string;
      strict: boolean;
      validate: boolean;
      workers?: number;
      quiet: boolean;
      heapMb?: number;
    }) => {
      const input = opts.snapshot ?? opts.huggingkgRelease;
      const now = currentHeapSituation();
      const heapMb = heapToRerunWith(input ? inputBytes(input) : 0, now, opts.heapMb);
      if (heapMb !== undefined) {
        console.error(`build: running with a V8 heap of ${heapMb} MB (this process has ${now.limitMb} MB)`);
        process.exitCode = await rerunWithHeap(heapMb);
        return;
      }
      // Loaded on use, so that `huggingkg --help` and other commands start fast.
      const { build, BuildFailedError } = await import('./build.js');
      const { formatSummary } = await import('../validate/index.js');
      const print = (report: BuildReport) => printReport(report, formatSummary);
      try {
        const report = await build({
          snapshot: opts.snapshot,
          release: opts.huggingkgRelease,
          out: opts.out,
          base: opts.base,
          strict: opts.strict,
          validate: opts.validate,
          validateWorkers: opts.workers,
          // On a terminal bars; in a log a line every few seconds, so a long build is never silent.
          progress: process.stderr.isTTY ? true : 'lines',
          onWarning: opts.quiet
            ? undefined
            : (w) =>
                console.error(
                  `warning: ${w.file}${w.line ? ':' + w.line : ''}${w.id ? ` (${w.id})` : ''}: ${w.message}`,
                ),
        });
        print(report);
      } catch (err) {
        if (err instanceof BuildFailedError) {
          print(err.report);
          console.error(`build failed: ${err.message}`);
          // --strict is the only way a build fails after writing: the data does not conform.
          process.exitCode = DATA_EXIT;
          return;
        }
        throw err;
      }
    },
  );
}

function printReport(report: BuildReport, formatSummary: (s: NonNullable<BuildReport['validation']>) => string): void {
  const m = report.mapping;
  const kinds = Object.entries(m.entities)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const dangling = Object.entries(m.dangling)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(
    `${report.triples} triples in ${(report.durationMs / 1000).toFixed(1)} ` +
      `s (${report.triplesPerSecond} triples/s while mapping)`,
  );
  console.log(`entities: ${kinds || 'none'}`);
  console.log(`dangling link targets: ${dangling || 'none'}`);
  console.log(`warnings: ${report.warningCount}, skipped records: ${m.skipped}`);
  for (const note of m.notes) console.log(note);
  const losses = Object.entries(m.dropped).sort((a, b) => b[1] - a[1]);
  if (losses.length > 0) console.log(`dropped or cut (${losses.length} kinds, all in ${OUTPUT.report}):`);
  for (const [what, n] of losses.slice(0, 20)) console.log(`  ${n} × ${what}`);
  for (const d of report.dumps) console.log(`wrote ${d.name} (${d.bytes} bytes, sha256 ${d.sha256.slice(0, 12)}…)`);
  if (report.validation) console.log(formatSummary(report.validation));
  console.log(`report: ${OUTPUT.report}, VoID: ${OUTPUT.void}, validation: ${OUTPUT.validation}`);
}
