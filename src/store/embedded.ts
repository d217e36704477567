// **embedded** is the default Store: oxigraph (WebAssembly) in a pool of worker threads, each holding the whole graph.
//
// Why workers: a SPARQL query in oxigraph cannot be interrupted from JavaScript. Running it in a worker thread keeps
// the event loop free for other requests, and terminating the worker is the one way to really stop a runaway query. The
// terminated worker is replaced by a fresh one that reloads the dump, while the other workers keep answering; queries
// queue while every worker is busy or reloading. The pool, its lanes (site lookups before user SPARQL) and its
// replacement rules (timeout, engine crash, memory) are in worker-pool.ts.
//
// Memory: every worker holds a full copy of the graph (oxigraph ~0.4 GB per million Hub-like triples), so memory is
// `workers` times the store size; `workers` defaults to ServerConfig.queryWorkers (2). One worker is enough for a small
// site; a second one keeps the endpoint answering while the first reloads after a timeout.

import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import type { Logger } from 'pino';
import { NTRIPLES, RESULTS_JSON } from '../rdf/formats.js';
import type { Fetched } from './answer.js';
import { EMBEDDED_MAX_TRIPLES } from './capacity.js';
import { toBoolean, toQuads, toRaw, toSolutions } from './answer.js';
import { loadableFormat } from './query-worker.js';
import { prepare, resultForm } from './query-analysis.js';
import type { DescribeRequest, RawDescription } from './describe-match.js';
import type { QueryOptions, RawQueryOptions, Store } from './store.js';
import { WorkerPool } from './worker-pool.js';

export {
  QueryEvaluationError,
  QueryResourceError,
  QueueFullError,
  ServiceNotSupportedError,
  UnsupportedFunctionError,
} from './worker-pool.js';

export interface EmbeddedStoreOptions {
  /** Dump files to load: N-Triples or N-Quads, optionally gzipped. */
  files: string[];
  /** Worker threads, each with a full copy of the graph (default 2). */
  workers?: number;
  /** Result-size limit: rows of a SELECT, triples of a CONSTRUCT/DESCRIBE (default 10,000). */
  maxResults?: number;
  /** Timeout for queries that do not pass their own (default: none). */
  timeoutMs?: number;
  /**
   * Refuse (with a message naming the external store mode) a dump with more triples than this, before oxigraph's
   * 4 GiB WebAssembly memory runs out. Default: the one embedded limit, EMBEDDED_MAX_TRIPLES (src/store/capacity.ts);
   * openStore checks the build report against it before loading, this is the guard while streaming the load.
   */
  maxTriples?: number;
  /** A worker a query leaves holding more than its loaded memory plus this many MB is replaced (default 256). */
  workerHeadroomMb?: number;
  /** Queries are stopped when the process grows this many MB past its size after loading (default 1024). */
  queryMemoryMb?: number;
  /**
   * User (/sparql) queries that may wait for a worker (default 16), and that one client may have waiting or running
   * (default 4).
   */
  maxQueued?: number;
  maxPerClient?: number;
  logger?: Logger;
}

export type EmbeddedStore = Store & { triples: number; loadMs: number };

// oxigraph is WebAssembly. By default V8 runs it unoptimised first (Liftoff) and optimises a function only once it is
// hot, so a new query shape ran up to 3× slower for its first ~20 runs (bench/queries-results.md, "Why the compiler
// change"). With the optimising compiler from the start, functions are compiled on first use instead (~1 s in all);
// each worker's warm-up query (warm-up.ts) pays most of that before the first real query, and the load is no slower.
// The flag is process-wide and read when a WebAssembly module is compiled: it is set here, in the main thread, before
// any query worker compiles oxigraph (the main thread never does).
setFlagsFromString('--no-liftoff');

const SOURCE = 'the embedded store';

/** Loads `files` into `workers` oxigraph workers and returns the Store over them (resolves when all have loaded). */
export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  if (options.files.length === 0) throw new Error('the embedded store needs at least one dump file to load');
  for (const file of options.files) {
    loadableFormat(file);
    if (!existsSync(file))
      throw new Error(`cannot load ${file}: no such file (build the graph first: huggingkg build --out DIR)`);
  }
  const workers = options.workers ?? 2;
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a positive integer, got ${workers}`);
  const maxResults = options.maxResults ?? 10_000;
  const started = Date.now();
  const MB = 1024 * 1024;
  const pool = new WorkerPool({
    files: options.files,
    maxTriples: options.maxTriples ?? EMBEDDED_MAX_TRIPLES,
    size: workers,
    workerHeadroomBytes: options.workerHeadroomMb === undefined ? undefined : options.workerHeadroomMb * MB,
    queryMemoryBytes: options.queryMemoryMb === undefined ? undefined : options.queryMemoryMb * MB,
    maxQueued: options.maxQueued,
    maxPerClient: options.maxPerClient,
    logger: options.logger,
  });
  await pool.ready();
  const loadMs = Date.now() - started;
  options.logger?.info({ triples: pool.triples, ms: loadMs, workers, files: options.files }, 'embedded store loaded');

  async function fetch(query: string, opts: QueryOptions = {}): Promise<Fetched> {
    const { form: queryForm, text } = await prepare(query, opts, maxResults + 1);
    const form = resultForm(queryForm);
    const { body, truncated } = await pool.run(
      {
        query: text,
        form,
        maxResults,
        defaultGraphs: opts.defaultGraphs,
        namedGraphs: opts.namedGraphs,
      },
      { timeoutMs: opts.timeoutMs ?? options.timeoutMs, lane: opts.lane, client: opts.client },
    );
    if (truncated) options.logger?.warn({ maxResults }, 'query result cut at the result-size limit');
    const contentType = form === 'graph' ? NTRIPLES.mediaType : RESULTS_JSON.mediaType;
    return { form: queryForm, body, contentType, truncated, source: SOURCE };
  }

  return {
    kind: 'embedded',
    triples: pool.triples,
    loadMs,
    select: async (query, opts) => toSolutions(await fetch(query, opts)),
    ask: async (query, opts) => toBoolean(await fetch(query, opts)),
    construct: async (query, opts) => toQuads(await fetch(query, opts)),
    queryRaw: async (query, opts: RawQueryOptions) => toRaw(await fetch(query, opts), opts.mediaType, maxResults),
    describe: async (request: DescribeRequest, opts: QueryOptions = {}) => {
      const { body } = await pool.run(
        { query: '', form: 'bindings', maxResults, describe: request },
        { timeoutMs: opts.timeoutMs ?? options.timeoutMs, lane: opts.lane, client: opts.client },
      );
      return JSON.parse(body) as RawDescription;
    },
    size: async () => pool.triples,
    health: () => {
      const h = pool.health();
      // Ready while a worker is loaded; 'degraded' says a worker is reloading or memory is past the limit (the
      // watchdog is then stopping a query).
      const degraded = h.workers.ready < h.workers.total || h.rssBytes > h.rssLimitBytes;
      return { ok: h.workers.ready > 0, degraded, ...h };
    },
    close: () => pool.close(),
  };
}
