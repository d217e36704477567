// **`huggingkg sparql QUERY|FILE.rq|-`** runs your own SPARQL query over a build (--from), an endpoint (--endpoint)
// or a dump (--dump) and writes the answer in a standard format (-f) or, on a terminal, as a table.
// Only commander and the option parsers load with it: the query machinery is imported when the command runs.

import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { embeddedMaxTriplesEnv, serverNotesDir } from '../cli/env.js';
import { choice, UsageError } from '../cli/options.js';
import { addTargetOptions, checkTarget, type TargetFlags } from '../cli/target.js';
import { DEFAULT_BASE } from '../vocab.js';

/**
 * The names -f takes: sparql-output.ts OUTPUT_NAMES written out, so that --help does not load the writers (a unit
 * test, cli-options.test.ts, keeps the two equal).
 */
export const FORMAT_NAMES = [
  'table',
  'json',
  'xml',
  'csv',
  'tsv',
  'ttl',
  'turtle',
  'nt',
  'ntriples',
  'nq',
  'nquads',
  'jsonld',
  'json-ld',
  'rdf',
  'rdfxml',
  'srj',
  'srx',
] as const;

interface SparqlFlags extends TargetFlags {
  format?: string;
  base: string;
}

/** The query text: '-' reads stdin, an existing file (or a name ending in .rq) is read, anything else is the query. */
export function queryText(arg: string): { text: string; source: string } {
  if (arg === '-') return { text: readFileSync(0, 'utf8'), source: 'stdin' };
  if (existsSync(arg) || /\.(rq|sparql)$/i.test(arg)) {
    if (!existsSync(arg)) throw new UsageError(`${arg}: no such query file`);
    return { text: readFileSync(arg, 'utf8'), source: arg };
  }
  return { text: arg, source: 'the query' };
}

export function registerSparql(program: Command): void {
  const command = program
    .command('sparql')
    .description('run a SPARQL query of your own; standard result formats, a table on a terminal')
    .argument('<query>', 'the query text, a .rq file, or - for stdin')
    .option(
      '-f, --format <name>',
      'SELECT/ASK: json | xml | csv | tsv | table; CONSTRUCT/DESCRIBE: turtle | ntriples | nquads | jsonld | rdfxml ' +
        '(default: table or turtle on a terminal, tsv or ntriples into a pipe)',
      choice('--format', FORMAT_NAMES),
    )
    .option('--base <iri>', 'base IRI shortened away in a table', DEFAULT_BASE);
  addTargetOptions(command).action(async (arg: string, flags: SparqlFlags) => {
    checkTarget(flags);
    const { text, source } = queryText(arg);
    const { analyzeReadQuery, openTarget } = await import('./sparql-run.js');
    const { chooseOutput, writeAnswer } = await import('./sparql-output.js');
    const { QuerySyntaxError } = await import('../store/store.js');
    let analysis: ReturnType<typeof analyzeReadQuery>;
    let output: ReturnType<typeof chooseOutput>;
    try {
      // A bad query or a format its form has not is refused before any graph is loaded.
      analysis = analyzeReadQuery(text);
      output = chooseOutput(flags.format, analysis.form, process.stdout.isTTY === true);
    } catch (err) {
      const why = err instanceof QuerySyntaxError ? `${source} is not a SPARQL query: ` : '';
      throw new UsageError(`${why}${(err as Error).message}`);
    }
    const target = await openTarget({
      ...flags,
      reuseServer: flags.server,
      maxTriples: embeddedMaxTriplesEnv(),
      notesDir: serverNotesDir(),
      onNote: (m) => process.stderr.write(`sparql: ${m}\n`),
    });
    try {
      const answer = await target.answer(text, analysis, { timeoutMs: flags.timeout });
      process.stdout.write(await writeAnswer(answer, output, flags.base));
      if (answer.truncated) {
        process.stderr.write(
          `sparql: the answer is incomplete: ${target.via} cut it at a result-size limit ` +
            `(--max-results, ${flags.maxResults} here; a server's own --max-results applies too)\n`,
        );
      }
    } finally {
      await target.close();
    }
  });
}
