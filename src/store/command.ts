// **huggingkg load**: put a build's dump into a store. `--store virtuoso` bulk-loads it into an external Virtuoso;
// `--store embedded` only checks that the graph fits the in-process store (which `huggingkg serve` loads itself).

import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { embeddedMaxTriplesEnv, virtuosoEnv } from '../cli/env.js';
import { choice, path, port, positiveInt } from '../cli/options.js';
import { join } from 'node:path';
import { OUTPUT, readBuildReport } from '../build/output.js';
import { DEFAULT_GRAPH, loadIntoVirtuoso, type LoadProgress } from './virtuoso.js';
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
  loaders?: number;
  also: string[];
}

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description(
      `load a build (OUTDIR/${OUTPUT.ntriples}) into a store: bulk load into Virtuoso, or check it fits embedded`,
    )
    .requiredOption('--store <kind>', 'virtuoso | embedded', choice('--store', ['virtuoso', 'embedded'] as const))
    .requiredOption('--from <dir>', 'build output directory (huggingkg build --out)', path('--from'))
    .option('--graph <iri>', 'named graph to load into (Virtuoso)', DEFAULT_GRAPH)
    .option('--host <host>', 'Virtuoso isql host', '127.0.0.1')
    .option('--isql-port <n>', 'Virtuoso isql (SQL) port', port('--isql-port'), 1111)
    .option('--user <name>', 'Virtuoso user allowed to bulk-load', 'dba')
    .option('--password <p>', 'Virtuoso password (default: env VIRTUOSO_PASSWORD, else dba)')
    .option(
      '--also <file>',
      'one more N-Triples/N-Quads file (gzipped or not) loaded into the graph in the same run; repeatable',
      (value: string, files: string[]) => [...files, path('--also')(value)],
      [] as string[],
    )
    .option('--append', "keep the graph's current triples (default: replace them)", false)
    .option(
      '--loaders <n>',
      'Virtuoso bulk loaders at once (default: one per 2.5 cores, at least 1; above 1 the files are split for them)',
      positiveInt('--loaders', 64),
    )
    .action(async (opts: LoadOptions) => {
      if (opts.store === 'embedded') {
        const triples = readBuildReport(opts.from)?.triples;
        checkEmbeddedCapacity(triples ?? { gzBytes: statSync(dumpPath(opts.from)).size }, embeddedMaxTriplesEnv());
        console.log(
          `fits the embedded store (${triples ?? 'unknown number of'} ` +
            `triples); \`huggingkg serve --from ${opts.from}\` loads it`,
        );
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
        loaders: opts.loaders,
        also: opts.also,
        onLog: (l) => console.error(l),
        // the build report counts the dump's triples only: with more files the total is known once they are split
        onProgress: progressPrinter(process.stderr, opts.also.length ? undefined : readBuildReport(opts.from)?.triples),
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      console.log(`loaded ${r.triples} triples into <${r.graph}> in ${r.seconds.toFixed(1)} s`);
      console.log(
        `serve it: huggingkg serve --endpoint http://127.0.0.1:<http-port>/sparql ` +
          `(queries name the graph with default-graph-uri=${r.graph})`,
      );
    });
}

/** One progress line: what is split and loaded, of how many triples (from the build report, when there is one). */
export function progressLine(p: LoadProgress, total?: number): string {
  const m = (n: number) => `${(n / 1e6).toFixed(1)}M`;
  const mb = (n: number) => Math.floor(n / 2 ** 20);
  const of = total ?? (p.splitDone ? p.linesSplit : undefined);
  const pct = of ? ` (${Math.floor((100 * p.linesLoaded) / of)}%)` : '';
  if (p.bytes) {
    // files loaded as they are: how far Virtuoso has read them; the triples in proportion, when the total is known
    const share = p.bytesRead ? p.bytesRead / p.bytes : 0;
    const triples = total ? `, ~${m(share * total)} of ${m(total)} triples` : '';
    const files = p.parts > 1 ? ` of ${p.parts} files (${p.partsLoaded} done)` : '';
    return (
      `load: read ${mb(p.bytesRead ?? 0)} of ${mb(p.bytes)} MB${files} ` +
      `(${Math.floor(100 * share)}%)${triples}, ${p.seconds.toFixed(0)} s`
    );
  }
  if (!p.linesSplit && !p.linesLoaded)
    return `load: ${p.partsLoaded ? 'loaded' : 'loading'}, ${p.seconds.toFixed(0)} s`;
  const split = p.splitDone
    ? `${p.parts} parts`
    : `split ${m(p.linesSplit)}${of ? ` of ${m(of)}` : ''} lines into ${p.parts} parts so far`;
  return (
    `load: ${m(p.linesLoaded)}${of ? ` of ${m(of)}` : ''} triples ` +
    `loaded${pct}, ${p.partsLoaded}/${split}, ${p.seconds.toFixed(0)} ` +
    `s`
  );
}

/**
 * Prints progress to a stream: on a terminal one line rewritten in place, elsewhere (a log, CI) one line per report,
 * which the loader sends every few seconds.
 */
export function progressPrinter(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  total?: number,
): (p: LoadProgress) => void {
  return (p) => {
    const line = progressLine(p, total);
    stream.write(stream.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
  };
}

function dumpPath(from: string): string {
  const p = join(from, OUTPUT.ntriples);
  if (!existsSync(p)) throw new Error(`no ${OUTPUT.ntriples} in ${from}: run \`huggingkg build --out ${from}\` first`);
  return p;
}
