// **target** is the one set of flags that says where `query` and `sparql` run: --from OUTDIR, --endpoint URL or
// --dump FILE, with --no-server, --timeout and --max-results; and the check that exactly one target is given.

import { type Command, Option } from 'commander';
import { path, seconds, positiveInt, UsageError } from './options.js';

export interface TargetFlags {
  from?: string;
  endpoint?: string;
  dump?: string;
  server: boolean;
  timeout?: number;
  maxResults: number;
}

/** Result-size limit of the CLI's stores (the server's own --max-results still applies when a server answers). */
export const CLI_MAX_RESULTS = 100_000;

export function addTargetOptions(command: Command): Command {
  command
    .option(
      '--from <outdir>',
      'a build output directory: asks the server serving it if one runs, else loads OUTDIR/huggingkg.nt.gz here',
      path('--from'),
    )
    .option('--endpoint <url>', 'an external SPARQL 1.1 endpoint (or a huggingkg server: http://HOST:PORT/sparql)')
    .option(
      '--dump <file>',
      'a dump file (.nt, .nq, .ttl, optionally .gz), queried with Comunica without any server',
      path('--dump'),
    )
    .option('--no-server', 'with --from: load the graph here even when a server is serving OUTDIR')
    .option(
      '--timeout <duration>',
      'stop the query after this long (seconds, or with a unit: 500ms, 30s, 2m)',
      seconds('--timeout', { formerlyMs: true }),
    )
    .addOption(
      new Option('--max-results <n>', 'most rows or triples an answer keeps (a cut answer says so on stderr)')
        .argParser(positiveInt('--max-results'))
        .default(CLI_MAX_RESULTS),
    );
  return command;
}

/** Exactly one of --from, --endpoint, --dump (else a usage error). */
export function checkTarget(flags: TargetFlags): void {
  const given = [flags.from, flags.endpoint, flags.dump].filter((t) => t !== undefined);
  if (given.length !== 1) throw new UsageError('give exactly one of --from OUTDIR, --endpoint URL or --dump FILE');
}
