#!/usr/bin/env node
// **huggingkg** is the one command-line entry point; each subcommand lives beside the code it drives. Exit codes
// (EXIT_CODES_HELP): 0 done, 1 the command failed, 2 a usage error (bad flag or value; src/cli/options.ts), 65 the data
// does not conform (validate, build --strict), 70 an internal error.

import { Command, CommanderError } from 'commander';
import { toolInfo } from './paths.js';
import { DataError, DATA_EXIT, USAGE_EXIT, UsageError } from './cli/options.js';

type Register = (program: Command) => void;

// Subcommand name -> its module. Only the module of the command being run is loaded, and a command module loads only
// commander and the option parsers until its action runs (test/integration/cli-lazy.test.ts checks it), so
// `huggingkg --help` and `huggingkg CMD --help` do not pay for oxigraph, Comunica, express or the crawler.
const COMMANDS: Record<string, () => Promise<Register>> = {
  crawl: () => import('./hub/crawl/command.js').then((m) => m.registerCrawl),
  build: () => import('./build/command.js').then((m) => m.registerBuild),
  validate: () => import('./validate/command.js').then((m) => m.registerValidate),
  load: () => import('./store/command.js').then((m) => m.registerLoad),
  serve: () => import('./server/command.js').then((m) => m.registerServe),
  query: () => import('./queries/command.js').then((m) => m.registerQuery),
  sparql: () => import('./queries/sparql-command.js').then((m) => m.registerSparql),
  eval: () => import('./eval/command.js').then((m) => m.registerEval),
  synth: () => import('./synth/command.js').then((m) => m.registerSynth),
};
// Commands registered by another command's module.
const ALIASES: Record<string, string> = { start: 'serve' };

const EXIT_CODES_HELP = `
Exit codes:
  0   done
  1   the command failed (a missing file, an unreachable store, a failed query)
  2   usage error: an unknown or missing option, a bad value, a bad query name or parameter
  65  the data does not conform: validate found SHACL violations, build --strict found violations or warnings
  70  internal error: the command stopped before finishing its work
`;

export async function createProgram(argv: string[] = process.argv): Promise<Command> {
  const program = new Command('huggingkg')
    .description('Hugging Face Hub metadata as a linked-data knowledge graph')
    .version(toolInfo().version)
    .showHelpAfterError()
    // Commander's own errors (unknown option, missing or invalid value) are thrown instead of exiting, so they end
    // with the usage exit code below; subcommands inherit this when registered after it.
    .exitOverride()
    .addHelpText('after', EXIT_CODES_HELP);
  const requested = argv[2] ? (ALIASES[argv[2]] ?? argv[2]) : undefined;
  const names = requested && requested in COMMANDS ? [requested] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]!())(program);
  return program;
}

let finished = false;
// A command whose promise never settles (the event loop ran dry while it awaited) would otherwise end with exit
// code 0 as if it had succeeded. 'beforeExit' fires only then, never on an explicit process.exit.
process.on('beforeExit', () => {
  if (finished) return;
  finished = true;
  console.error('huggingkg: internal error: the command stopped before finishing its work');
  process.exitCode = 70;
});

createProgram()
  .then((program) => program.parseAsync(process.argv))
  .then(() => {
    finished = true;
  })
  .catch((err: unknown) => {
    finished = true;
    // Commander has printed its message (or the help / version it was asked for) already.
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : USAGE_EXIT;
      return;
    }
    console.error(`huggingkg: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = err instanceof UsageError ? USAGE_EXIT : err instanceof DataError ? DATA_EXIT : 1;
  });
