// **huggingkg load**: put a build's dump into a store. `--store virtuoso` bulk-loads it into an external Virtuoso;
// `--store embedded` only checks that the graph fits the in-process store (which `huggingkg serve` loads itself).

import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_GRAPH, DUMP_FILE, loadIntoVirtuoso, type LoadProgress } from './virtuoso.js';
import { checkEmbeddedCapacity } from './capacity.js';

interface LoadOptions {
  store: string;
  from: string;
  graph: string;
  host: string;
  isqlPort: number;
  user: string;
  password?: string;
  append: boolean;
  loaders: number;
}

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description('load a build (OUTDIR/huggingkg.nt.gz) into a store: bulk load into Virtuoso, or check it fits embedded')
    .requiredOption('--store <kind>', 'virtuoso | embedded')
    .requiredOption('--from <dir>', 'build output directory (huggingkg build --out)')
    .option('--graph <iri>', 'named graph to load into (Virtuoso)', DEFAULT_GRAPH)
    .option('--host <host>', 'Virtuoso isql host', '127.0.0.1')
    .option('--isql-port <n>', 'Virtuoso isql (SQL) port', (v) => parsePort(v), 1111)
    .option('--user <name>', 'Virtuoso user allowed to bulk-load', 'dba')
    .option('--password <p>', 'Virtuoso password (default: env VIRTUOSO_PASSWORD, else dba)')
    .option('--append', 'keep the graph\'s current triples (default: replace them)', false)
    .option('--loaders <n>', 'Virtuoso bulk loaders run at once (the dump is split into parts for them)', (v) => parseLoaders(v), 2)
    .action(async (opts: LoadOptions) => {
      if (opts.store === 'embedded') {
        const triples = buildTriples(opts.from);
        checkEmbeddedCapacity(triples ?? { gzBytes: statSync(dumpPath(opts.from)).size });
        console.log(`fits the embedded store (${triples ?? 'unknown number of'} triples); \`huggingkg serve --data ${opts.from}\` loads it`);
        return;
      }
      if (opts.store !== 'virtuoso') throw new Error(`--store must be virtuoso or embedded, got ${JSON.stringify(opts.store)}`);
      const r = await loadIntoVirtuoso({
        from: opts.from,
        graph: opts.graph,
        host: opts.host,
        port: opts.isqlPort,
        user: opts.user,
        password: opts.password,
        append: opts.append,
        loaders: opts.loaders,
        onLog: (l) => console.error(l),
        onProgress: progressPrinter(process.stderr, buildTriples(opts.from)),
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      console.log(`loaded ${r.triples} triples into <${r.graph}> in ${r.seconds.toFixed(1)} s`);
      console.log(`serve it: huggingkg serve --sparql-endpoint http://127.0.0.1:<http-port>/sparql (queries name the graph with default-graph-uri=${r.graph})`);
    });
}

function parseLoaders(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--loaders must be an integer from 1 to 64, got ${JSON.stringify(v)}`);
  return n;
}

/** One progress line: what is split and loaded, of how many triples (from the build report, when there is one). */
export function progressLine(p: LoadProgress, total?: number): string {
  const m = (n: number) => `${(n / 1e6).toFixed(1)}M`;
  const of = total ?? (p.splitDone ? p.linesSplit : undefined);
  const pct = of ? ` (${Math.floor((100 * p.linesLoaded) / of)}%)` : '';
  if (!p.linesSplit && !p.linesLoaded) return `load: ${p.partsLoaded ? 'loaded' : 'loading'}, ${p.seconds.toFixed(0)} s`;
  const split = p.splitDone ? `${p.parts} parts` : `split ${m(p.linesSplit)}${of ? ` of ${m(of)}` : ''} lines into ${p.parts} parts so far`;
  return `load: ${m(p.linesLoaded)}${of ? ` of ${m(of)}` : ''} triples loaded${pct}, ${p.partsLoaded}/${split}, ${p.seconds.toFixed(0)} s`;
}

/**
 * Prints progress to a stream: on a terminal one line rewritten in place, elsewhere (a log, CI) one line per report,
 * which the loader sends every few seconds.
 */
export function progressPrinter(stream: NodeJS.WritableStream & { isTTY?: boolean }, total?: number): (p: LoadProgress) => void {
  return (p) => {
    const line = progressLine(p, total);
    stream.write(stream.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
  };
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`--isql-port must be a port number, got ${JSON.stringify(v)}`);
  return n;
}

function dumpPath(from: string): string {
  const p = join(from, DUMP_FILE);
  if (!existsSync(p)) throw new Error(`no ${DUMP_FILE} in ${from}: run \`huggingkg build --out ${from}\` first`);
  return p;
}

/** Triple count from the build report, when the build wrote one. */
function buildTriples(from: string): number | undefined {
  const p = join(from, 'build-report.json');
  if (!existsSync(p)) return undefined;
  try {
    const r = JSON.parse(readFileSync(p, 'utf8')) as { triples?: unknown; counts?: { triples?: unknown } };
    const t = r.triples ?? r.counts?.triples;
    return typeof t === 'number' ? t : undefined;
  } catch {
    return undefined;
  }
}
