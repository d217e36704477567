// **`huggingkg query`** runs a canned query against a built graph (--from OUTDIR, embedded oxigraph), an external
// SPARQL endpoint (--endpoint URL) or a dump file through Comunica (--dump FILE); `--list` shows the queries and their
// parameters.

import { join } from 'node:path';
import type { Command } from 'commander';
import { embeddedMaxTriplesEnv } from '../cli/env.js';
import { choice, duration, path, UsageError } from '../cli/options.js';
import { openEmbeddedStore } from '../store/embedded.js';
import { openRemoteStore } from '../store/remote.js';
import type { Store } from '../store/store.js';
import { DEFAULT_BASE } from '../vocab.js';
import { QueryParamError } from './errors.js';
import { formatCsv, formatJson, formatTable } from './format.js';
import { findExamples, type QueryExample } from './examples.js';
import { listQueries, prepareQuery, runQuery, type SelectStore } from './registry.js';
import type { CannedQuery } from './types.js';
import { OUTPUT } from '../build/output.js';

const GRAPH_FILE = OUTPUT.ntriples;
const FORMATS = ['table', 'json', 'csv'] as const;

interface QueryCliOptions {
  param: string[];
  from?: string;
  endpoint?: string;
  dump?: string;
  format: (typeof FORMATS)[number];
  list?: boolean;
  base: string;
  timeout?: number;
  sparql?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseParamPairs(pairs: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new QueryParamError(`--param ${JSON.stringify(pair)}: expected NAME=VALUE`);
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return params;
}

/**
 * The example parameters `--list` prints: found in the graph queried when one is given (examples.ts), else the
 * queries' own, with entities as placeholders (`model/ID`): an id written in a .rq file is in no graph but its
 * fixture's.
 */
function listedExample(q: CannedQuery, found?: Map<string, QueryExample>): Record<string, string> {
  const fromGraph = found?.get(q.name)?.params;
  if (fromGraph) return fromGraph;
  const out = { ...q.example };
  for (const p of q.params) {
    const kind = /^([a-z]+)\//.exec(out[p.name] ?? '')?.[1];
    if (p.type === 'iri' && kind) out[p.name] = `${kind}/ID`;
  }
  return out;
}

export function describeQueries(found?: Map<string, QueryExample>): string {
  return (
    listQueries()
      .map((q) => {
        const params = q.params
          .map(
            (p) =>
              `    ${p.name} (${p.type}${p.values ? ': ' + p.values.join('|') : ''}` +
              `${p.default !== undefined ? ', default ' + p.default : ', required'}) ` +
              `— ${p.description}`,
          )
          .join('\n');
        const example = Object.entries(listedExample(q, found))
          .map(([k, v]) => `--param ${k}=${v}`)
          .join(' ');
        return (
          `${q.name} — ${q.title}\n${params}${params ? '\n' : ''}    e.g. ` + `huggingkg query ${q.name} ${example}`
        ).trimEnd();
      })
      .join('\n\n') + '\n'
  );
}

async function openTarget(opts: QueryCliOptions): Promise<{ store: SelectStore; close(): Promise<void> }> {
  const targets = [opts.from, opts.endpoint, opts.dump].filter((t) => t !== undefined);
  if (targets.length !== 1) throw new UsageError('give exactly one of --from OUTDIR, --endpoint URL or --dump FILE');
  if (opts.dump) {
    // loaded only when asked for: Comunica takes seconds to load and every other command would pay for it
    const { openDump } = await import('./dump-runner.js');
    return { store: await openDump(opts.dump), close: async () => {} };
  }
  let store: Store;
  if (opts.endpoint) {
    store = openRemoteStore({ endpoint: opts.endpoint });
  } else {
    store = await openEmbeddedStore({
      files: [join(opts.from as string, GRAPH_FILE)],
      workers: 1,
      maxResults: 100_000,
      maxTriples: embeddedMaxTriplesEnv(),
    });
  }
  return { store, close: () => store.close() };
}

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('run a canned SPARQL query (recommendation, task classification, lineage, exploration)')
    .argument('[name]', 'query name (see --list)')
    .option('-p, --param <name=value>', 'a query parameter (repeatable); entities as IRIs or kind/id', collect, [])
    .option(
      '--from <outdir>',
      `a build output directory (loads OUTDIR/${GRAPH_FILE} into the embedded store)`,
      path('--from'),
    )
    .option('--endpoint <url>', 'an external SPARQL 1.1 endpoint')
    .option(
      '--dump <file>',
      'a dump file (.nt, .nq, .ttl, optionally .gz), queried with Comunica without any server',
      path('--dump'),
    )
    .option('-f, --format <format>', 'table | json | csv', choice('--format', FORMATS), 'table')
    .option('--base <iri>', 'base IRI for kind/id parameters', DEFAULT_BASE)
    .option(
      '--timeout <ms>',
      'stop the query after this long (milliseconds, or with a unit: 30s, 2m)',
      duration('--timeout', 'ms'),
    )
    .option('--sparql', 'print the bound SPARQL text before the results (table format)')
    .option(
      '-l, --list',
      'list the canned queries and their parameters (with --from/--endpoint/--dump: examples from it)',
    )
    .action(async (name: string | undefined, opts: QueryCliOptions) => {
      if (opts.list || !name) {
        if (!opts.from && !opts.endpoint && !opts.dump) return void process.stdout.write(describeQueries());
        // With a graph, each query's example is one that answers on it.
        const { store, close } = await openTarget(opts);
        try {
          const timeoutMs = opts.timeout ?? 20_000;
          process.stdout.write(describeQueries(await findExamples(store, { base: opts.base, timeoutMs })));
        } finally {
          await close();
        }
        return;
      }
      const params = parseParamPairs(opts.param);
      prepareQuery(name, params, opts.base); // a bad name or parameter fails before any graph is loaded
      const { store, close } = await openTarget(opts);
      try {
        const run = await runQuery(store, name, params, {
          base: opts.base,
          ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
        });
        if (opts.format === 'json') process.stdout.write(formatJson(run));
        else if (opts.format === 'csv') process.stdout.write(formatCsv(run));
        else process.stdout.write((opts.sparql ? run.sparql + '\n\n' : '') + formatTable(run, opts.base));
      } finally {
        await close();
      }
    });
}
