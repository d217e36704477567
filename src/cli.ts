#!/usr/bin/env node
// **huggingkg** is the one command-line entry point; each subcommand lives beside the code it drives.

import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.js';
import { registerBuild } from './build/command.js';
import { registerValidate } from './validate/command.js';
import { registerServe } from './server/command.js';
import { registerQuery } from './queries/command.js';
import { registerEval } from './bench/command.js';
import { registerCrawl } from './hub/crawl/command.js';
import { registerSynth } from './synth/command.js';
import { registerLoad } from './store/load-command.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

export function createProgram(): Command {
  const program = new Command('huggingkg')
    .description('Hugging Face Hub metadata as a linked-data knowledge graph')
    .version(pkg.version)
    .showHelpAfterError();
  registerCrawl(program);
  registerBuild(program);
  registerValidate(program);
  registerLoad(program);
  registerServe(program);
  registerQuery(program);
  registerEval(program);
  registerSynth(program);
  return program;
}

createProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    console.error(`huggingkg: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
