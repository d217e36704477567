// **sparql-parse** parses the endpoint's user queries off the event loop: one worker thread (sparql-parse-worker.ts)
// parses them one at a time, taking waiting clients in turn (so one client's slow parses do not hold up the others);
// a parse that runs past its time is stopped by terminating the thread, which is replaced. The site's own canned
// queries are small and parsed where they are run.

import { Worker } from 'node:worker_threads';
import { QuerySyntaxError } from '../store/store.js';
import type { ParseReply, ParseRequest, ParseSummary } from './sparql-parse-worker.js';
import { QueryShapeError } from './sparql-guard.js';

export type { ParseSummary } from './sparql-parse-worker.js';

const WORKER_URL = new URL('./sparql-parse-worker.js', import.meta.url);
/** A parse of a query within the endpoint's size and shape limits takes at most ~2 s; past this it is given up. */
export const PARSE_TIMEOUT_MS = 5_000;

interface Pending {
  request: ParseRequest;
  client: string;
  resolve(reply: ParseReply & { ok: true }): void;
  reject(err: Error): void;
}

export class SparqlParser {
  private worker?: Worker;
  // Waiting requests per client, and the clients in turn order (listed while they have requests waiting).
  private readonly queues = new Map<string, Pending[]>();
  private readonly order: string[] = [];
  private current?: { pending: Pending; timer: NodeJS.Timeout };
  private nextId = 1;
  private closed = false;

  constructor(private readonly timeoutMs = PARSE_TIMEOUT_MS) {}

  /** The analysis of `text` read against `base`; rejects with QuerySyntaxError for a malformed query. */
  async analyze(text: string, base: string, client = ''): Promise<ParseSummary> {
    return (await this.ask({ id: 0, text, base }, client)).summary!;
  }

  /** `text` capped at `cap` solutions (query-analysis.ts capQuery), worked out in the worker. */
  async cap(text: string, base: string, cap: number, client = ''): Promise<string> {
    return (await this.ask({ id: 0, text, base, cap }, client)).capped!;
  }

  close(): Promise<number> | undefined {
    this.closed = true;
    for (const pending of [...this.queues.values()].flat()) pending.reject(new Error('the server is closing'));
    this.queues.clear();
    this.order.length = 0;
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.pending.reject(new Error('the server is closing'));
      this.current = undefined;
    }
    const worker = this.worker;
    this.worker = undefined;
    return worker?.terminate();
  }

  private ask(request: ParseRequest, client: string): Promise<ParseReply & { ok: true }> {
    if (this.closed) return Promise.reject(new Error('the server is closing'));
    return new Promise((resolve, reject) => {
      const pending = { request: { ...request, id: this.nextId++ }, client, resolve, reject };
      const queue = this.queues.get(client);
      if (queue) queue.push(pending);
      else {
        this.queues.set(client, [pending]);
        this.order.push(client);
      }
      this.next();
    });
  }

  private take(): Pending | undefined {
    const client = this.order.shift();
    if (client === undefined) return undefined;
    const queue = this.queues.get(client)!;
    const pending = queue.shift()!;
    if (queue.length === 0) this.queues.delete(client);
    else this.order.push(client);
    return pending;
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_URL);
    worker.on('message', (reply: ParseReply) => this.onReply(reply));
    worker.on('error', (err) => {
      if (this.worker === worker) this.fail(new Error(`the query parser failed: ${err.message}`));
    });
    // Unref'd: an idle parser never keeps the process alive.
    worker.unref();
    return worker;
  }

  private next(): void {
    if (this.current || this.closed) return;
    const pending = this.take();
    if (!pending) return;
    this.worker ??= this.spawn();
    const timer = setTimeout(
      () => this.fail(new QueryShapeError(`the query took longer than ${this.timeoutMs} ms to parse; simplify it`)),
      this.timeoutMs,
    );
    this.current = { pending, timer };
    this.worker.postMessage(pending.request);
  }

  private onReply(reply: ParseReply): void {
    const current = this.current;
    if (!current || current.pending.request.id !== reply.id) return;
    clearTimeout(current.timer);
    this.current = undefined;
    if (reply.ok) current.pending.resolve(reply);
    else current.pending.reject(reply.syntax ? new QuerySyntaxError(reply.message) : new Error(reply.message));
    this.next();
  }

  // The running parse failed or ran too long: its thread goes, and the next request gets a fresh one.
  private fail(err: Error): void {
    const current = this.current;
    this.current = undefined;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (current) {
      clearTimeout(current.timer);
      current.pending.reject(err);
    }
    this.next();
  }
}
