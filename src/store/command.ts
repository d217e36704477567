// **huggingkg load**: put a build's dump into a store. `--store virtuoso` bulk-loads it into an external Virtuoso;
// `--store embedded` only checks that the graph fits the in-process store (which `huggingkg serve` loads itself).

import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { embeddedMaxTriplesEnv, virtuosoEnv } from '../cli/env.js';
import { choice, path, port } from '../cli/options.js';
import { join } from 'node:path';
import { OUTPUT, readBuildReport } from '../build/output.js';
import { DEFAULT_GRAPH, loadIntoVirtuoso } from './virtuoso.js';
import { checkEmbeddedCapacity } from './capacity.js';

interface LoadOptions {
  store: 'virtuoso' | 'embedded';
  from: string;
  graph: string;
  host: string;
  isqlPort: number;
  user: string;
  password?: string;
  append: boolean;
}

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description(`load a build (OUTDIR/${OUTPUT.ntriples}) into a store: bulk load into Virtuoso, or check it fits embedded`)
    .requiredOption('--store <kind>', 'virtuoso | embedded', choice('--store', ['virtuoso', 'embedded'] as const))
    .requiredOption('--from <dir>', 'build output directory (huggingkg build --out)', path('--from'))
    .option('--graph <iri>', 'named graph to load into (Virtuoso)', DEFAULT_GRAPH)
    .option('--host <host>', 'Virtuoso isql host', '127.0.0.1')
    .option('--isql-port <n>', 'Virtuoso isql (SQL) port', port('--isql-port'), 1111)
    .option('--user <name>', 'Virtuoso user allowed to bulk-load', 'dba')
    .option('--password <p>', 'Virtuoso password (default: env VIRTUOSO_PASSWORD, else dba)')
    .option('--append', 'keep the graph\'s current triples (default: replace them)', false)
    .action(async (opts: LoadOptions) => {
      if (opts.store === 'embedded') {
        const triples = readBuildReport(opts.from)?.triples;
        checkEmbeddedCapacity(triples ?? { gzBytes: statSync(dumpPath(opts.from)).size }, embeddedMaxTriplesEnv());
        console.log(`fits the embedded store (${triples ?? 'unknown number of'} triples); \`huggingkg serve --data ${opts.from}\` loads it`);
        return;
      }
      const env = virtuosoEnv();
      const r = await loadIntoVirtuoso({
        from: opts.from,
        graph: opts.graph,
        host: opts.host,
        port: opts.isqlPort,
        user: opts.user,
        password: opts.password ?? env.password,
        isql: env.isql,
        append: opts.append,
        onLog: (l) => console.error(l),
      });
      console.log(`loaded ${r.triples} triples into <${r.graph}> in ${r.seconds.toFixed(1)} s`);
      console.log(`serve it: huggingkg serve --sparql-endpoint http://127.0.0.1:<http-port>/sparql (queries name the graph with default-graph-uri=${r.graph})`);
    });
}

function dumpPath(from: string): string {
  const p = join(from, OUTPUT.ntriples);
  if (!existsSync(p)) throw new Error(`no ${OUTPUT.ntriples} in ${from}: run \`huggingkg build --out ${from}\` first`);
  return p;
}
