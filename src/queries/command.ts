// **`huggingkg query`** runs a canned query against a built graph (--from OUTDIR: the server serving it, else the
// embedded store), an external SPARQL endpoint (--endpoint URL) or a dump file through Comunica (--dump FILE);
// `--list` shows the queries and their parameters. Only commander and the option parsers load with it: the queries,
// stores and writers are imported when the command runs, so `--help` is fast.

import type { Command } from 'commander';
import { embeddedMaxTriplesEnv, serverNotesDir } from '../cli/env.js';
import { choice, UsageError } from '../cli/options.js';
import { addTargetOptions, checkTarget, type TargetFlags } from '../cli/target.js';
import { DEFAULT_BASE } from '../vocab.js';

/** table for people; the SPARQL 1.1 results formats for programs. */
const FORMATS = ['table', 'json', 'xml', 'csv', 'tsv'] as const;

interface QueryCliOptions extends TargetFlags {
  param: string[];
  format: (typeof FORMATS)[number];
  list?: boolean;
  base: string;
  sparql?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** NAME=VALUE pairs; a pair without '=' is a usage error naming it. */
export function parseParamPairs(pairs: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param ${JSON.stringify(pair)}: expected NAME=VALUE`);
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return params;
}

/**
 * A note on stderr when the graph's build-time statistics are older than the query reads (it still runs, with fewer
 * signals); a graph that cannot be asked gets no note (the query itself will say what is wrong).
 */
async function warnOnStaleStatistics(
  target: import('./sparql-run.js').QueryTarget,
  name: string,
  options: { timeoutMs?: number },
): Promise<void> {
  const { checkStatisticsVersion } = await import('./statistics-version-check.js');
  const { describeStaleStatistics } = await import('../stats/statistics-version.js');
  const check = await checkStatisticsVersion(target, options).catch(() => undefined);
  if (check?.staleQueries.includes(name)) process.stderr.write(`query: ${describeStaleStatistics(check)}\n`);
}

/** The graph the flags name (a running server for --from when there is one), with notes on stderr. */
async function openQueryTarget(opts: QueryCliOptions) {
  const { openTarget } = await import('./sparql-run.js');
  return openTarget({
    ...opts,
    reuseServer: opts.server,
    maxTriples: embeddedMaxTriplesEnv(),
    notesDir: serverNotesDir(),
    onNote: (m) => process.stderr.write(`query: ${m}\n`),
  });
}

export function registerQuery(program: Command): void {
  const command = program
    .command('query')
    .description('run a canned SPARQL query (recommendation, task classification, lineage, exploration)')
    .argument('[name]', 'query name (see --list)')
    .option('-p, --param <name=value>', 'a query parameter (repeatable); entities as IRIs or kind/id', collect, [])
    .option(
      '-f, --format <format>',
      'table | json | xml | csv | tsv (json, xml, csv, tsv: the SPARQL 1.1 results formats)',
      choice('--format', FORMATS),
      'table',
    )
    .option('--base <iri>', 'base IRI for kind/id parameters', DEFAULT_BASE)
    .option('--sparql', 'print the bound SPARQL text before the results (table format)')
    .option(
      '-l, --list',
      'list the canned queries and their parameters (with --from/--endpoint/--dump: examples from it)',
    );
  addTargetOptions(command).action(async (name: string | undefined, opts: QueryCliOptions) => {
    const hasTarget = opts.from !== undefined || opts.endpoint !== undefined || opts.dump !== undefined;
    if (opts.list || !name) {
      const { describeQueries } = await import('./list.js');
      if (!hasTarget) return void process.stdout.write(describeQueries());
      // With a graph, each query's example is one that answers on it.
      checkTarget(opts);
      const { findExamples } = await import('./examples.js');
      const target = await openQueryTarget(opts);
      try {
        const timeoutMs = opts.timeout ?? 20_000;
        process.stdout.write(describeQueries(await findExamples(target, { base: opts.base, timeoutMs })));
      } finally {
        await target.close();
      }
      return;
    }
    checkTarget(opts);
    const { prepareQuery, runQuery } = await import('./registry.js');
    const { QueryParamError } = await import('./errors.js');
    const params = parseParamPairs(opts.param);
    let sparql: string;
    try {
      // A bad name or parameter fails before any graph is loaded.
      sparql = prepareQuery(name, params, opts.base).sparql;
    } catch (err) {
      if (err instanceof QueryParamError) throw new UsageError(err.message);
      throw err;
    }
    const { analyzeReadQuery } = await import('./sparql-run.js');
    const target = await openQueryTarget(opts);
    try {
      const timeout = opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {};
      await warnOnStaleStatistics(target, name, timeout);
      if (opts.format === 'table') {
        const { formatTable } = await import('./format.js');
        const run = await runQuery(target, name, params, { base: opts.base, ...timeout });
        process.stdout.write((opts.sparql ? run.sparql + '\n\n' : '') + formatTable(run, opts.base));
        return;
      }
      const { writeAnswer, chooseOutput } = await import('./sparql-output.js');
      const analysis = analyzeReadQuery(sparql);
      const answer = await target.answer(sparql, analysis, timeout);
      process.stdout.write(await writeAnswer(answer, chooseOutput(opts.format, analysis.form, false)));
      if (answer.truncated) {
        process.stderr.write(`query: the answer is incomplete: ${target.via} cut it at a result-size limit\n`);
      }
    } finally {
      await target.close();
    }
  });
}
