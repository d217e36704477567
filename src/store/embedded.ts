// **embedded** is the default Store: oxigraph (WebAssembly) in a pool of worker threads, each holding the whole graph.
//
// Why workers: a SPARQL query in oxigraph cannot be interrupted from JavaScript. Running it in a worker thread keeps the
// event loop free for other requests, and terminating the worker is the one way to really stop a runaway query. The
// terminated worker is replaced by a fresh one that reloads the dump, while the other workers keep answering; queries
// queue while every worker is busy or reloading.
//
// Memory: every worker holds a full copy of the graph (oxigraph ~0.4 GB per million Hub-like triples), so memory is
// `workers` times the store size; `workers` defaults to ServerConfig.queryWorkers (2). One worker is enough for a small
// site; a second one keeps the endpoint answering while the first reloads after a timeout.

import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Fetched } from './answer.js';
import { embeddedMaxTriples } from './capacity.js';
import { toBoolean, toQuads, toRaw, toSolutions } from './answer.js';
import type { WorkerInit, WorkerMessage, WorkerQuery } from './query-worker.js';
import { dumpFormat } from './query-worker.js';
import { analyzeStoreQuery, capQuery, resultForm } from './sparql-kind.js';
import type { QueryOptions, RawQueryOptions, Store } from './store.js';
import { QuerySyntaxError, QueryTimeoutError } from './store.js';

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
   * 4 GiB WebAssembly memory runs out. Default: the one embedded limit, embeddedMaxTriples() (src/store/capacity.ts);
   * openStore checks the build report against it before loading, this is the guard while streaming the load.
   */
  maxTriples?: number;
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

const WORKER_URL = new URL('./query-worker.js', import.meta.url);
const SOURCE = 'the embedded store';

/** A SPARQL query evaluation failure other than a syntax error or a timeout (e.g. SERVICE, which oxigraph/WASM cannot call). */
export class QueryEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryEvaluationError';
  }
}

interface Job {
  message: WorkerQuery;
  timeoutMs?: number;
  timer?: NodeJS.Timeout;
  slot?: Slot;
  settled: boolean;
  resolve(value: { body: string; truncated: boolean }): void;
  reject(error: Error): void;
}

interface Slot {
  index: number;
  worker: Worker;
  state: 'loading' | 'idle' | 'busy' | 'stopped';
  job?: Job;
}

class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  triples = 0;

  constructor(
    private readonly files: string[],
    private readonly maxTriples: number,
    size: number,
    private readonly logger?: Logger,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(i));
  }

  /** Resolves when every worker has loaded the graph; rejects (and stops the pool) on the first load error. */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      let loaded = 0;
      for (const slot of this.slots) {
        const onMessage = (m: WorkerMessage) => {
          if (m.type === 'ready') {
            slot.worker.off('message', onMessage);
            if (++loaded === this.slots.length) resolve();
          } else if (m.type === 'load-error') {
            void this.close();
            reject(new Error(m.message));
          }
        };
        slot.worker.on('message', onMessage);
        slot.worker.once('error', (err) => {
          void this.close();
          const hint = /memory/i.test(err.message) ? ' (a graph this big belongs in an external SPARQL store: huggingkg serve --sparql-endpoint URL)' : '';
          reject(new Error(`query worker ${slot.index} failed while loading: ${err.message}${hint}`));
        });
      }
    });
  }

  private spawn(index: number): Slot {
    const init: WorkerInit = { role: 'huggingkg-query-worker', files: this.files, maxTriples: this.maxTriples };
    const worker = new Worker(WORKER_URL, { workerData: init });
    const slot: Slot = { index, worker, state: 'loading' };
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    worker.on('error', (err) => this.onFailure(slot, `query worker ${index} crashed: ${err.message}`));
    worker.on('exit', (code) => {
      if (slot.state !== 'stopped') this.onFailure(slot, `query worker ${index} exited with code ${code}`);
    });
    return slot;
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    // A message posted just before terminate() (a result racing the timeout) belongs to no one any more.
    if (slot.state === 'stopped') return;
    switch (m.type) {
      case 'ready':
        this.triples = m.triples;
        this.logger?.info({ worker: slot.index, triples: m.triples, ms: m.ms, warmUpMs: m.warmUpMs }, 'query worker loaded the graph');
        if (m.warmUpError) this.logger?.warn({ worker: slot.index, err: m.warmUpError }, 'query worker: the warm-up query failed (queries still run, the first ones slower)');
        slot.state = 'idle';
        this.dispatch();
        return;
      case 'load-error':
        // A replacement that cannot reload (the dump vanished?) leaves the pool smaller; the error says why.
        this.logger?.error({ worker: slot.index, err: m.message }, 'query worker could not load the graph');
        this.stop(slot);
        this.failQueueIfNoWorkers(m.message);
        return;
      case 'result':
      case 'error': {
        const job = slot.job;
        slot.job = undefined;
        slot.state = 'idle';
        if (job && !job.settled && job.message.id === m.id) {
          this.settle(job);
          if (m.type === 'result') job.resolve({ body: m.body, truncated: m.truncated });
          else job.reject(m.syntax ? new QuerySyntaxError(m.message) : new QueryEvaluationError(m.message));
        }
        this.dispatch();
        return;
      }
    }
  }

  private onFailure(slot: Slot, reason: string): void {
    if (slot.state === 'stopped' || this.closed) return;
    const wasLoading = slot.state === 'loading';
    const job = slot.job;
    this.stop(slot);
    if (wasLoading) {
      // Crashing while loading (out of memory?) would crash again: the pool goes on with fewer workers.
      this.logger?.error({ worker: slot.index, reason }, 'query worker failed while loading the graph');
      this.failQueueIfNoWorkers(reason);
      return;
    }
    this.logger?.error({ worker: slot.index, reason }, 'query worker failed; starting a fresh one');
    if (job && !job.settled) {
      this.settle(job);
      job.reject(new QueryEvaluationError(`${reason} while running the query (out of memory?)`));
    }
    this.replace(slot);
  }

  private stop(slot: Slot): void {
    slot.state = 'stopped';
    slot.job = undefined;
    void slot.worker.terminate();
  }

  private replace(slot: Slot): void {
    if (this.closed) return;
    this.slots[slot.index] = this.spawn(slot.index);
  }

  private failQueueIfNoWorkers(reason: string): void {
    if (this.slots.some((s) => s.state !== 'stopped')) return;
    for (const job of this.queue.splice(0)) {
      this.settle(job);
      job.reject(new Error(`no query worker is left: ${reason}`));
    }
  }

  private settle(job: Job): void {
    job.settled = true;
    if (job.timer) clearTimeout(job.timer);
  }

  run(message: Omit<WorkerQuery, 'id'>, timeoutMs?: number): Promise<{ body: string; truncated: boolean }> {
    if (this.closed) return Promise.reject(new Error('the embedded store is closed'));
    return new Promise((resolve, reject) => {
      const job: Job = { message: { ...message, id: this.nextId++ }, timeoutMs, settled: false, resolve, reject };
      // The timeout counts from arrival, queue time included: a client never waits longer than it.
      if (timeoutMs !== undefined && timeoutMs > 0) job.timer = setTimeout(() => this.timeOut(job), timeoutMs);
      this.queue.push(job);
      this.dispatch();
    });
  }

  private timeOut(job: Job): void {
    if (job.settled) return;
    this.settle(job);
    job.reject(new QueryTimeoutError(job.timeoutMs ?? 0));
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      return;
    }
    const slot = job.slot;
    if (slot && slot.job === job) {
      // Terminating the thread is what really stops the WebAssembly evaluation.
      this.logger?.warn({ worker: slot.index, timeoutMs: job.timeoutMs }, 'query timed out; replacing its worker');
      this.stop(slot);
      this.replace(slot);
    }
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.state !== 'idle') continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.state = 'busy';
      slot.job = job;
      job.slot = slot;
      slot.worker.postMessage(job.message);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      this.settle(job);
      job.reject(new Error('the embedded store was closed'));
    }
    for (const slot of this.slots) {
      const job = slot.job;
      if (job && !job.settled) {
        this.settle(job);
        job.reject(new Error('the embedded store was closed'));
      }
      slot.state = 'stopped';
      await slot.worker.terminate();
    }
  }
}

/** Loads `files` into `workers` oxigraph workers and returns the Store over them (resolves when all have loaded). */
export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  if (options.files.length === 0) throw new Error('the embedded store needs at least one dump file to load');
  for (const file of options.files) {
    dumpFormat(file);
    if (!existsSync(file)) throw new Error(`cannot load ${file}: no such file (build the graph first: huggingkg build --out DIR)`);
  }
  const workers = options.workers ?? 2;
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a positive integer, got ${workers}`);
  const maxResults = options.maxResults ?? 10_000;
  const started = Date.now();
  const pool = new WorkerPool(options.files, options.maxTriples ?? embeddedMaxTriples(), workers, options.logger);
  await pool.ready();
  const loadMs = Date.now() - started;
  options.logger?.info({ triples: pool.triples, ms: loadMs, workers, files: options.files }, 'embedded store loaded');

  async function fetch(query: string, opts: QueryOptions = {}): Promise<Fetched> {
    const analysis = analyzeStoreQuery(query, opts.parsed);
    const form = resultForm(analysis.form);
    const { body, truncated } = await pool.run(
      {
        query: capQuery(query, analysis, maxResults + 1),
        form,
        maxResults,
        defaultGraphs: opts.defaultGraphs,
        namedGraphs: opts.namedGraphs,
      },
      opts.timeoutMs ?? options.timeoutMs,
    );
    if (truncated) options.logger?.warn({ maxResults }, 'query result cut at the result-size limit');
    const contentType = form === 'graph' ? 'application/n-triples' : 'application/sparql-results+json';
    return { form: analysis.form, body, contentType, truncated, source: SOURCE };
  }

  return {
    kind: 'embedded',
    triples: pool.triples,
    loadMs,
    select: async (query, opts) => toSolutions(await fetch(query, opts)),
    ask: async (query, opts) => toBoolean(await fetch(query, opts)),
    construct: async (query, opts) => toQuads(await fetch(query, opts)),
    queryRaw: async (query, opts: RawQueryOptions) => toRaw(await fetch(query, opts), opts.mediaType, maxResults),
    size: async () => pool.triples,
    close: () => pool.close(),
  };
}
