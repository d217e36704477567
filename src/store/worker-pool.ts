// **worker-pool** runs the embedded store's queries on a pool of oxigraph worker threads (query-worker.ts), each
// holding the whole graph, and keeps the pool healthy against hostile queries:
//  - a worker whose query ran past its timeout, crashed the WebAssembly engine (a trap leaves the instance broken for
//    good), or left its memory past the cap (WebAssembly memory never shrinks) is terminated and replaced by a fresh
//    one that reloads the graph, while the others keep answering;
//  - a watchdog stops the longest-running query when the process's memory grows past the configured headroom, before a
//    string-doubling query takes gigabytes;
//  - two lanes: the site's own lookups (pages, /api, 303s, /healthz) go first and always keep one worker that user
// SPARQL
//    may not take (with two or more workers); user SPARQL waits in a bounded queue, served round-robin by client, and
//    is refused (QueueFullError, answered 503/429 + Retry-After) when the queue or the client's share is full;
//  - entity descriptions (bounded index lookups) are pipelined: a worker describing one entity is sent the next
//    before it answers, so it never idles while the main thread turns its last answer into a document.

import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { WorkerInit, WorkerMessage, WorkerQuery } from './query-worker.js';
import { QuerySyntaxError, QueryTimeoutError } from './store.js';
import type { QueryLane } from './store.js';

const WORKER_URL = new URL('./query-worker.js', import.meta.url);
const MB = 1024 * 1024;

/**
 * A SPARQL query evaluation failure other than a syntax error or a timeout (e.g. SERVICE, which oxigraph/WASM cannot
 * call).
 */
export class QueryEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryEvaluationError';
  }
}

/** A SERVICE call the store cannot make (oxigraph's WebAssembly build has no HTTP client). */
export class ServiceNotSupportedError extends QueryEvaluationError {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceNotSupportedError';
  }
}

/** A well-formed query calling a function the store does not have (a custom function IRI). */
export class UnsupportedFunctionError extends QueryEvaluationError {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedFunctionError';
  }
}

/** oxigraph's evaluation error as a typed one: the server maps types, never the engine's wording. */
export function evaluationError(message: string): QueryEvaluationError {
  if (/service .* is not supported/i.test(message)) return new ServiceNotSupportedError(message);
  if (/custom function .* is not supported/i.test(message)) return new UnsupportedFunctionError(message);
  return new QueryEvaluationError(message);
}

/** A query the engine cannot run within its resources: it crashed the engine (too complex) or took too much memory. */
export class QueryResourceError extends Error {
  constructor(
    message: string,
    readonly reason: 'crash' | 'memory',
  ) {
    super(message);
    this.name = 'QueryResourceError';
  }
}

/** A user query refused at the door because the queue (`scope` 'server') or the client's share ('client') is full. */
export class QueueFullError extends Error {
  constructor(
    message: string,
    readonly scope: 'server' | 'client',
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'QueueFullError';
  }
}

/** The pool's defaults, which ServerConfig's defaults (src/server/config.ts) are. */
export const POOL_DEFAULTS = { workerHeadroomMb: 256, queryMemoryMb: 1024, maxQueued: 16, maxPerClient: 4 } as const;

export interface PoolOptions {
  files: string[];
  maxTriples: number;
  size: number;
  /** A worker that ends a query holding more than its loaded memory plus this is replaced (default 256 MB). */
  workerHeadroomBytes?: number;
  /** The running query is stopped when the process RSS exceeds its size after start-up plus this (default 1 GiB). */
  queryMemoryBytes?: number;
  /** User queries that may wait (default 16); more are refused. */
  maxQueued?: number;
  /** User queries one client may have waiting or running (default 4). */
  maxPerClient?: number;
  /** Longest a user query waits for a worker before it is refused (default 30 s); its timeout starts when it runs. */
  maxQueueWaitMs?: number;
  logger?: Logger;
}

/** What /healthz reports about the pool. */
export interface PoolHealth {
  workers: { total: number; ready: number; busy: number; loading: number };
  queued: { site: number; user: number };
  /** Workers replaced since start, by cause. */
  replaced: { timeout: number; crash: number; memory: number };
  rssBytes: number;
  /** RSS when every worker had first loaded, and the RSS past which the watchdog stops queries. */
  baselineRssBytes: number;
  rssLimitBytes: number;
}

export interface RunOptions {
  timeoutMs?: number;
  lane?: QueryLane;
  /** Who asked (an IP address), for per-client fairness in the user lane. */
  client?: string;
}

interface Job {
  message: WorkerQuery;
  lane: QueryLane;
  /** The client while the job holds a place in its share ('' once released); `owner` keeps the name. */
  client: string;
  owner: string;
  timeoutMs?: number;
  timer?: NodeJS.Timeout;
  slot?: Slot;
  arrivedAt: number;
  startedAt?: number;
  settled: boolean;
  resolve(value: { body: string; truncated: boolean }): void;
  reject(error: Error): void;
}

interface Slot {
  index: number;
  worker: Worker;
  state: 'loading' | 'idle' | 'busy' | 'stopped';
  /** Jobs sent to the worker, in order: the first runs, the others wait in its message queue (descriptions only). */
  jobs: Job[];
  /** Linear memory right after loading: the worker's floor. */
  loadedBytes: number;
}

type ReplaceCause = keyof PoolHealth['replaced'];

const WATCHDOG_MS = 250;
/**
 * Descriptions one worker may hold at once (the one it runs and the next ones): with one, a worker waited for the main
 * thread to take each answer before it got the next entity, and the server used ~0.9 of two cores in a cold walk.
 */
export const DESCRIBE_PIPELINE = 2;
const PENALTY_MIN_MS = 10_000;
const PENALTY_MAX_MS = 600_000;
const STRIKE_WINDOW_MS = 60_000;

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly siteQueue: Job[] = [];
  // User jobs per client, and the clients in round-robin order (a client is listed while it has jobs waiting).
  private readonly userQueues = new Map<string, Job[]>();
  private readonly userOrder: string[] = [];
  private userQueued = 0;
  private readonly perClient = new Map<string, number>();
  // Clients whose query had to be stopped (its worker replaced) are paused, so one client cannot keep every worker
  // reloading: for the time a worker takes to load (at least PENALTY_MIN_MS), doubled for each further strike within
  // STRIKE_WINDOW_MS of the last pause.
  private readonly penalties = new Map<string, { lastStop: number; until: number; why: string; strikes: number }>();
  private loadMs = 0;
  private started = false;
  private readonly loadRetries = new Map<number, number>();
  private nextId = 1;
  private closed = false;
  private watchdog?: NodeJS.Timeout;
  private baselineRss = 0;
  // The main thread's own heap when the baseline was taken: its later growth (the search index, the caches) is not a
  // query's memory, and is added to the limit.
  private baselineMain = 0;
  // After stopping a query, the watchdog waits for the terminated worker's memory to be given back before judging
  // again.
  private watchdogQuietUntil = 0;
  private readonly replacedCount: Record<ReplaceCause, number> = { timeout: 0, crash: 0, memory: 0 };
  triples = 0;

  private readonly headroom: number;
  private readonly queryMemory: number;
  private readonly maxQueued: number;
  private readonly maxPerClient: number;
  private readonly maxQueueWait: number;
  private readonly logger?: Logger;

  constructor(private readonly options: PoolOptions) {
    this.headroom = options.workerHeadroomBytes ?? POOL_DEFAULTS.workerHeadroomMb * MB;
    this.queryMemory = options.queryMemoryBytes ?? POOL_DEFAULTS.queryMemoryMb * MB;
    this.maxQueued = options.maxQueued ?? POOL_DEFAULTS.maxQueued;
    this.maxPerClient = options.maxPerClient ?? POOL_DEFAULTS.maxPerClient;
    this.maxQueueWait = options.maxQueueWaitMs ?? 30_000;
    this.logger = options.logger;
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn(i));
  }

  /** Resolves when every worker has loaded the graph; rejects (and stops the pool) on the first load error. */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      let loaded = 0;
      for (const slot of this.slots) {
        const onMessage = (m: WorkerMessage) => {
          if (m.type === 'ready') {
            slot.worker.off('message', onMessage);
            if (++loaded === this.slots.length) {
              this.started = true;
              this.baselineRss = process.memoryUsage.rss();
              this.baselineMain = mainThreadBytes();
              this.watchdog = setInterval(() => this.watchMemory(), WATCHDOG_MS).unref();
              resolve();
            }
          } else if (m.type === 'load-error') {
            void this.close();
            reject(new Error(m.message));
          }
        };
        slot.worker.on('message', onMessage);
        slot.worker.once('error', (err) => {
          void this.close();
          const hint = /memory/i.test(err.message)
            ? ' (a graph this big belongs in an external SPARQL store: huggingkg serve --endpoint URL)'
            : '';
          reject(new Error(`query worker ${slot.index} failed while loading: ${err.message}${hint}`));
        });
      }
    });
  }

  health(): PoolHealth {
    const count = (state: Slot['state']) => this.slots.filter((s) => s.state === state).length;
    return {
      workers: {
        total: this.slots.length,
        ready: count('idle') + count('busy'),
        busy: count('busy'),
        loading: count('loading'),
      },
      queued: { site: this.siteQueue.length, user: this.userQueued },
      replaced: { ...this.replacedCount },
      rssBytes: process.memoryUsage.rss(),
      baselineRssBytes: this.baselineRss,
      rssLimitBytes: this.rssLimit(),
    };
  }

  // A replacement loading the graph (while the worker it replaces is still being freed) is not a query's doing: the
  // limit grows by a worker's size for each one loading. Nor is the main thread's growth since the baseline (at
  // F = 0.1 the search index built after start-up took ~0.9 GB and the watchdog stopped an example query for it,
  // reloading a worker while the site was measured): workers' memory is not in the main thread's heap statistics.
  private rssLimit(): number {
    const loading = this.slots.filter((s) => s.state === 'loading').length;
    const workerSize = Math.max(0, ...this.slots.map((s) => s.loadedBytes));
    const mainGrowth = this.started ? Math.max(0, mainThreadBytes() - this.baselineMain) : 0;
    return this.baselineRss + this.queryMemory + loading * 2 * workerSize + mainGrowth;
  }

  private spawn(index: number): Slot {
    const init: WorkerInit = {
      role: 'huggingkg-query-worker',
      files: this.options.files,
      maxTriples: this.options.maxTriples,
    };
    const worker = new Worker(WORKER_URL, { workerData: init });
    const slot: Slot = { index, worker, state: 'loading', jobs: [], loadedBytes: 0 };
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
        slot.loadedBytes = m.memoryBytes;
        this.loadMs = Math.max(this.loadMs, m.ms + m.warmUpMs);
        this.logger?.info(
          {
            worker: slot.index,
            triples: m.triples,
            ms: m.ms,
            warmUpMs: m.warmUpMs,
            memoryMb: Math.round(m.memoryBytes / MB),
          },
          'query worker loaded the graph',
        );
        if (m.warmUpError)
          this.logger?.warn(
            { worker: slot.index, err: m.warmUpError },
            'query worker: the warm-up query failed (queries still run, the first ones slower)',
          );
        slot.state = 'idle';
        this.loadRetries.delete(slot.index);
        this.dispatch();
        return;
      case 'load-error':
        this.logger?.error({ worker: slot.index, err: m.message }, 'query worker could not load the graph');
        this.stop(slot);
        this.retryLoad(slot, m.message);
        return;
      case 'result':
      case 'error': {
        // A worker answers its jobs in the order it was sent them.
        const job = slot.jobs[0]?.message.id === m.id ? slot.jobs.shift() : undefined;
        slot.state = slot.jobs.length > 0 ? 'busy' : 'idle';
        if (slot.jobs[0]) slot.jobs[0].startedAt = Date.now();
        if (job) this.release(job);
        if (job && !job.settled) {
          this.settle(job);
          if (m.type === 'result') job.resolve({ body: m.body, truncated: m.truncated });
          else if (m.expired) job.reject(new QueryTimeoutError(job.timeoutMs ?? 0));
          else if (m.fatal)
            job.reject(
              new QueryResourceError(
                `the query crashed the query engine (${m.message}): it is too complex for it`,
                'crash',
              ),
            );
          else job.reject(m.syntax ? new QuerySyntaxError(m.message) : evaluationError(m.message));
        }
        if (m.type === 'error' && m.fatal) {
          // A trapped WebAssembly instance fails every later query: the worker must go.
          this.logger?.warn({ worker: slot.index, err: m.message }, 'query crashed the engine; replacing its worker');
          this.recycle(slot, 'crash', job);
        } else if (m.memoryBytes > slot.loadedBytes + this.headroom) {
          this.logger?.warn(
            {
              worker: slot.index,
              memoryMb: Math.round(m.memoryBytes / MB),
              loadedMb: Math.round(slot.loadedBytes / MB),
            },
            'query left its worker past the memory cap; replacing it',
          );
          this.recycle(slot, 'memory');
        }
        this.dispatch();
        return;
      }
    }
  }

  private onFailure(slot: Slot, reason: string): void {
    if (slot.state === 'stopped' || this.closed) return;
    const wasLoading = slot.state === 'loading';
    const job = slot.jobs[0];
    this.requeueWaiting(slot);
    this.stop(slot);
    if (wasLoading) {
      this.logger?.error({ worker: slot.index, reason }, 'query worker failed while loading the graph');
      this.retryLoad(slot, reason);
      return;
    }
    this.logger?.error({ worker: slot.index, reason }, 'query worker failed; starting a fresh one');
    if (job && !job.settled) {
      this.settle(job);
      job.reject(new QueryResourceError(`${reason} while running the query (out of memory?)`, 'memory'));
    }
    this.replacedCount.crash++;
    this.replace(slot);
    this.dispatch();
  }

  // Stops the process's memory running away: WebAssembly memory grows inside a query the worker cannot interrupt.
  private watchMemory(): void {
    if (this.closed || Date.now() < this.watchdogQuietUntil || process.memoryUsage.rss() <= this.rssLimit()) return;
    const running = this.slots.filter((s) => s.state === 'busy' && s.jobs[0] && !s.jobs[0].settled);
    // The longest-running query is the likeliest culprit; a user query before a site lookup.
    running.sort((a, b) => {
      const x = a.jobs[0]!;
      const y = b.jobs[0]!;
      return x.lane === y.lane ? x.startedAt! - y.startedAt! : x.lane === 'user' ? -1 : 1;
    });
    const slot = running[0];
    const job = slot?.jobs[0];
    if (!slot || !job) return;
    this.settle(job);
    this.release(job);
    job.reject(new QueryResourceError('the query was stopped: the server ran short of memory while it ran', 'memory'));
    this.logger?.warn(
      {
        worker: slot.index,
        rssMb: Math.round(process.memoryUsage.rss() / MB),
        limitMb: Math.round(this.rssLimit() / MB),
      },
      'memory past the limit; stopping the longest-running query and replacing its worker',
    );
    this.recycle(slot, 'memory', job);
    this.watchdogQuietUntil = Date.now() + 1000;
    this.dispatch();
  }

  // A replacement that cannot load (the dump or a module briefly missing, memory short while another worker is freed)
  // is tried again later, backing off to once a minute, rather than leaving the pool a worker short for good. Before
  // the pool is first ready, a load failure fails start-up instead (ready()).
  private retryLoad(slot: Slot, reason: string): void {
    if (!this.started || this.closed) {
      this.failQueueIfNoWorkers(reason);
      return;
    }
    const attempt = (this.loadRetries.get(slot.index) ?? 0) + 1;
    this.loadRetries.set(slot.index, attempt);
    const delay = Math.min(60_000, 2_000 * 2 ** (attempt - 1));
    this.logger?.warn({ worker: slot.index, attempt, delayMs: delay }, 'query worker: loading again later');
    setTimeout(() => {
      if (!this.closed && this.slots[slot.index] === slot) {
        this.replace(slot);
        this.dispatch();
      }
    }, delay).unref();
  }

  private stop(slot: Slot): void {
    slot.state = 'stopped';
    slot.jobs = [];
    void slot.worker.terminate();
  }

  /** Jobs a worker about to be stopped was sent but had not started go back to the front of the site queue. */
  private requeueWaiting(slot: Slot): void {
    const waiting = slot.jobs.slice(1).filter((j) => !j.settled);
    for (const job of waiting) job.slot = undefined;
    this.siteQueue.unshift(...waiting);
  }

  private recycle(slot: Slot, cause: ReplaceCause, job?: Job): void {
    if (job?.lane === 'user') {
      // The client waits out the reload its query caused (else its next query holds a user worker while that one
      // reloads, and other users wait); each further strike within the window doubles the pause, up to PENALTY_MAX_MS.
      const why =
        cause === 'timeout'
          ? 'ran past the timeout'
          : cause === 'crash'
            ? 'crashed the query engine'
            : 'took too much memory';
      const now = Date.now();
      const before = this.penalties.get(job.owner);
      const strikes =
        before && now - Math.max(before.lastStop, before.until) < STRIKE_WINDOW_MS ? before.strikes + 1 : 1;
      const until = now + Math.min(PENALTY_MAX_MS, Math.max(PENALTY_MIN_MS, this.loadMs) * 2 ** (strikes - 1));
      this.penalties.set(job.owner, { lastStop: now, until, why, strikes });
    }
    this.replacedCount[cause]++;
    this.requeueWaiting(slot);
    this.stop(slot);
    this.replace(slot);
  }

  private replace(slot: Slot): void {
    if (this.closed) return;
    this.slots[slot.index] = this.spawn(slot.index);
  }

  private failQueueIfNoWorkers(reason: string): void {
    if (this.slots.some((s) => s.state !== 'stopped')) return;
    for (const job of this.drainQueues()) {
      this.settle(job);
      job.reject(new Error(`no query worker is left: ${reason}`));
    }
  }

  private drainQueues(): Job[] {
    const jobs = [...this.siteQueue.splice(0), ...[...this.userQueues.values()].flat()];
    this.userQueues.clear();
    this.userOrder.length = 0;
    this.userQueued = 0;
    for (const job of jobs) this.release(job);
    return jobs;
  }

  private settle(job: Job): void {
    job.settled = true;
    if (job.timer) clearTimeout(job.timer);
  }

  /** Ends a user job's claim on its client's share (once). */
  private release(job: Job): void {
    if (job.lane !== 'user' || job.client === '') return;
    const left = (this.perClient.get(job.client) ?? 1) - 1;
    if (left > 0) this.perClient.set(job.client, left);
    else this.perClient.delete(job.client);
    job.client = '';
  }

  run(message: Omit<WorkerQuery, 'id'>, options: RunOptions = {}): Promise<{ body: string; truncated: boolean }> {
    if (this.closed) return Promise.reject(new Error('the embedded store is closed'));
    const lane = options.lane ?? 'site';
    const client = options.client ?? 'anonymous';
    if (lane === 'user') {
      const penalty = this.penalties.get(client);
      // Paused for its time, and in any case while a worker reloads after this client's recent stop (a reload on a
      // busy machine can take longer than the one measured at start-up).
      const reloading = this.slots.some((s) => s.state === 'loading');
      if (penalty && (penalty.until > Date.now() || (reloading && Date.now() - penalty.lastStop < STRIKE_WINDOW_MS))) {
        const wait = Math.max(1, Math.ceil((penalty.until - Date.now()) / 1000), Math.ceil(this.loadMs / 1000));
        return Promise.reject(
          new QueueFullError(
            `this client's last query ${penalty.why} and had to be stopped, ` +
              `which costs a worker reload; this client may query again in ` +
              `${wait} s`,
            'client',
            wait,
          ),
        );
      }
      // Strikes are forgotten a window after the pause ends (or after the one stop, if there was no pause).
      if (penalty && Date.now() - Math.max(penalty.lastStop, penalty.until) > STRIKE_WINDOW_MS)
        this.penalties.delete(client);
      const mine = this.perClient.get(client) ?? 0;
      if (mine >= this.maxPerClient) {
        return Promise.reject(
          new QueueFullError(
            `this client already has ${mine} queries waiting or running, ` +
              `the most one client may have; retry when one has finished`,
            'client',
            2,
          ),
        );
      }
      if (this.userQueued >= this.maxQueued) {
        return Promise.reject(
          new QueueFullError(`the query queue is full (${this.maxQueued} queries waiting); retry shortly`, 'server', 5),
        );
      }
    }
    return new Promise((resolve, reject) => {
      const job: Job = {
        message: { ...message, id: this.nextId++ },
        lane,
        client,
        owner: client,
        timeoutMs: options.timeoutMs,
        arrivedAt: Date.now(),
        settled: false,
        resolve,
        reject,
      };
      // A site lookup's timeout counts from arrival, queue time included: a page never waits longer than it. A user
      // query's counts from when it runs (it may wait behind other users' queries and worker reloads), and its wait is
      // bounded on its own.
      if (lane === 'user') job.timer = setTimeout(() => this.waitedTooLong(job), this.maxQueueWait);
      else if (options.timeoutMs !== undefined && options.timeoutMs > 0)
        job.timer = setTimeout(() => this.timeOut(job), options.timeoutMs);
      if (lane === 'site') {
        this.siteQueue.push(job);
      } else {
        this.perClient.set(client, (this.perClient.get(client) ?? 0) + 1);
        const queue = this.userQueues.get(client);
        if (queue) queue.push(job);
        else {
          this.userQueues.set(client, [job]);
          this.userOrder.push(client);
        }
        this.userQueued++;
      }
      this.dispatch();
    });
  }

  private waitedTooLong(job: Job): void {
    if (job.settled || job.slot) return;
    this.settle(job);
    this.release(job);
    this.unqueue(job);
    job.reject(
      new QueueFullError(
        `the query waited ${Math.round(this.maxQueueWait / 1000)} s ` +
          `for a free worker; the server is busy, retry shortly`,
        'server',
        10,
      ),
    );
  }

  private timeOut(job: Job): void {
    if (job.settled) return;
    this.settle(job);
    this.release(job);
    job.reject(new QueryTimeoutError(job.timeoutMs ?? 0));
    if (this.unqueue(job)) return;
    const slot = job.slot;
    // Only the job the worker runs is stopped with it; one waiting behind it is skipped by the worker (its deadline).
    if (slot && slot.jobs[0] === job) {
      // Terminating the thread is what really stops the WebAssembly evaluation.
      this.logger?.warn({ worker: slot.index, timeoutMs: job.timeoutMs }, 'query timed out; replacing its worker');
      this.recycle(slot, 'timeout', job);
      this.dispatch();
    }
  }

  private unqueue(job: Job): boolean {
    const site = this.siteQueue.indexOf(job);
    if (site >= 0) {
      this.siteQueue.splice(site, 1);
      return true;
    }
    for (const [client, queue] of this.userQueues) {
      const at = queue.indexOf(job);
      if (at < 0) continue;
      queue.splice(at, 1);
      this.userQueued--;
      if (queue.length === 0) this.dropClient(client);
      return true;
    }
    return false;
  }

  private dropClient(client: string): void {
    this.userQueues.delete(client);
    const at = this.userOrder.indexOf(client);
    if (at >= 0) this.userOrder.splice(at, 1);
  }

  /**
   * User workers one client may hold at once: half of the user lane, so one client's slow queries leave room to others.
   */
  private runningCap(): number {
    return Math.max(1, Math.floor((this.slots.length - 1) / 2));
  }

  private running(client: string): number {
    return this.slots.filter((s) => s.state === 'busy' && s.jobs[0]?.lane === 'user' && s.jobs[0].owner === client)
      .length;
  }

  /** The next user job, round-robin over the clients below their running cap. */
  private nextUserJob(): Job | undefined {
    for (let turn = 0; turn < this.userOrder.length; turn++) {
      const client = this.userOrder[turn];
      if (client === undefined || this.running(client) >= this.runningCap()) continue;
      this.userOrder.splice(turn, 1);
      const queue = this.userQueues.get(client)!;
      const job = queue.shift()!;
      this.userQueued--;
      if (queue.length === 0) this.userQueues.delete(client);
      else this.userOrder.push(client);
      return job;
    }
    return undefined;
  }

  // User SPARQL may take a worker only while another stays idle for the site (with one worker, it shares that one).
  private userMayStart(): boolean {
    if (this.userQueued === 0) return false;
    if (this.slots.length === 1) return true;
    const idle = this.slots.filter((s) => s.state === 'idle').length;
    const userBusy = this.slots.filter((s) => s.state === 'busy' && s.jobs[0]?.lane === 'user').length;
    return idle >= 2 && userBusy < this.slots.length - 1;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.state !== 'idle') continue;
      const job = this.siteQueue.shift() ?? (this.userMayStart() ? this.nextUserJob() : undefined);
      if (!job) return;
      this.send(slot, job);
    }
    // Then descriptions go to workers already describing, fewest waiting first, up to DESCRIBE_PIPELINE each: never
    // behind a query, whose time is unbounded.
    while (this.siteQueue[0]?.message.describe) {
      let best: Slot | undefined;
      for (const slot of this.slots) {
        if (slot.state !== 'busy' || slot.jobs.length >= DESCRIBE_PIPELINE) continue;
        if (!slot.jobs.every((j) => j.message.describe)) continue;
        if (!best || slot.jobs.length < best.jobs.length) best = slot;
      }
      if (!best) return;
      this.send(best, this.siteQueue.shift()!);
    }
  }

  private send(slot: Slot, job: Job): void {
    slot.state = 'busy';
    if (slot.jobs.length === 0) job.startedAt = Date.now();
    slot.jobs.push(job);
    job.slot = slot;
    if (job.lane === 'user') {
      if (job.timer) clearTimeout(job.timer);
      job.timer =
        job.timeoutMs !== undefined && job.timeoutMs > 0
          ? setTimeout(() => this.timeOut(job), job.timeoutMs)
          : undefined;
    }
    // A site job's time counts from its arrival: a worker reaching a waiting one past that skips it.
    const deadline = job.lane === 'site' && job.timer && job.timeoutMs ? job.arrivedAt + job.timeoutMs : undefined;
    slot.worker.postMessage(deadline === undefined ? job.message : { ...job.message, deadline });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    for (const job of this.drainQueues()) {
      this.settle(job);
      job.reject(new Error('the embedded store was closed'));
    }
    for (const slot of this.slots) {
      for (const job of slot.jobs) {
        if (job.settled) continue;
        this.settle(job);
        job.reject(new Error('the embedded store was closed'));
      }
      slot.state = 'stopped';
      await slot.worker.terminate();
    }
  }
}

/** The main thread's own heap and off-heap buffers (query workers' memory is in their own isolates, not here). */
function mainThreadBytes(): number {
  const m = process.memoryUsage();
  return m.heapTotal + m.external;
}
