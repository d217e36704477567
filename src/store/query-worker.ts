// **query-worker** is one worker thread of the embedded store: it loads the dump files into its own oxigraph store,
// then answers queries one at a time. It runs off the main event loop so that terminating it really stops a runaway
// query.

// First: it watches for the WebAssembly instance oxigraph creates when it is imported.
import { wasmMemoryBytes } from './wasm-memory.js';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Gunzip } from 'fflate';
import oxigraph from 'oxigraph';
import { dumpFormat, NQUADS, NTRIPLES, RESULTS_JSON } from '../rdf/formats.js';
import { countLines } from '../util/lines.js';
import { tooLargeMessage } from './capacity.js';
import { cutBindings, cutLines, parseJsonResults } from '../rdf/sparql-results.js';
import { describeWithMatch, warmUpDescribe, type DescribeRequest } from './describe-match.js';
import { WARM_UP_QUERY } from './warm-up.js';

export interface WorkerInit {
  /** Marks the thread as a query worker, so importing this module elsewhere (for loadableFormat) starts nothing. */
  role: 'huggingkg-query-worker';
  files: string[];
  /** Refuse to load more lines (triples) than this: past it oxigraph's 4 GiB WebAssembly memory would run out. */
  maxTriples: number;
}

export interface WorkerQuery {
  id: number;
  query: string;
  form: 'bindings' | 'boolean' | 'graph';
  maxResults: number;
  defaultGraphs?: string[];
  namedGraphs?: string[];
  /** An entity description gathered with index lookups instead of `query` (describe-match.ts); body is its JSON. */
  describe?: DescribeRequest;
  /** Epoch ms past which nobody waits for the answer: a job reached later (it waited behind another) is skipped. */
  deadline?: number;
}

export type WorkerMessage =
  | { type: 'ready'; triples: number; ms: number; warmUpMs: number; warmUpError?: string; memoryBytes: number }
  | { type: 'load-error'; message: string }
  | { type: 'result'; id: number; body: string; truncated: boolean; memoryBytes: number }
  /**
   * `fatal`: the WebAssembly instance trapped (stack overflow, out of bounds, out of memory) and is broken for good.
   */
  | {
      type: 'error';
      id: number;
      syntax: boolean;
      fatal: boolean;
      message: string;
      memoryBytes: number;
      /** Not run: its deadline had passed when the worker reached it. */
      expired?: boolean;
    };

/** Whether an error thrown by oxigraph is a trap of its WebAssembly instance rather than an error it reported. */
export function isTrap(err: unknown): boolean {
  return err instanceof WebAssembly.RuntimeError || err instanceof RangeError;
}

/** The media type of a dump file the embedded store can load (line-based formats only), from its name. */
export function loadableFormat(file: string): string {
  const format = dumpFormat(file);
  if (format !== NTRIPLES && format !== NQUADS) {
    throw new Error(
      `cannot load ${file}: the embedded store loads N-Triples (.nt, .nt.gz) or N-Quads (.nq, .nq.gz) dumps`,
    );
  }
  return format.mediaType;
}

const CHUNK = 1 << 20;

// oxigraph has no async load and renames blank nodes per load() call, so one load() must see the whole file: it gets
// a synchronous iterable of decompressed chunks (fflate inflates synchronously; node:zlib has no sync streaming API).
function* fileChunks(file: string, budget: { lines: number; max: number }): Generator<Uint8Array> {
  for (const chunk of rawChunks(file)) {
    budget.lines += countLines(chunk);
    // Checked while streaming, so the refusal comes before the memory runs out, not after.
    if (budget.lines > budget.max) throw new Error(tooLargeMessage(budget.max, budget.max, 'more than'));
    yield chunk;
  }
}

function* rawChunks(file: string): Generator<Uint8Array> {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const pending: Uint8Array[] = [];
    const gunzip = file.endsWith('.gz') ? new Gunzip((data) => pending.push(data)) : undefined;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (!gunzip) {
        if (n === 0) return;
        yield Uint8Array.prototype.slice.call(buffer, 0, n);
        continue;
      }
      gunzip.push(buffer.subarray(0, n), n === 0);
      while (pending.length > 0) yield pending.shift() as Uint8Array;
      if (n === 0) return;
    }
  } finally {
    closeSync(fd);
  }
}

function load(files: string[], maxTriples: number): oxigraph.Store {
  const store = new oxigraph.Store();
  const budget = { lines: 0, max: maxTriples };
  for (const file of files) {
    const format = loadableFormat(file);
    try {
      store.load(fileChunks(file, budget), { format });
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      // A WebAssembly allocation failure surfaces as a RangeError or a trap ("unreachable").
      const memory = err instanceof RangeError || /unreachable|memory|alloc/i.test(message);
      throw new Error(
        `cannot load ${file}: ${memory ? tooLargeMessage(budget.lines, budget.max, 'more than') : message}`,
      );
    }
  }
  return store;
}

function warmUp(store: oxigraph.Store): { warmUpMs: number; warmUpError?: string } {
  const started = Date.now();
  try {
    store.query(WARM_UP_QUERY, { results_format: RESULTS_JSON.mediaType });
    warmUpDescribe(oxigraph, store);
    return { warmUpMs: Date.now() - started };
  } catch (err) {
    // Only speed depends on it: the store serves either way, and the pool logs the message.
    return { warmUpMs: Date.now() - started, warmUpError: (err as Error).message ?? String(err) };
  }
}

function run(store: oxigraph.Store, q: WorkerQuery): { body: string; truncated: boolean } {
  if (q.describe) return { body: JSON.stringify(describeWithMatch(oxigraph, store, q.describe)), truncated: false };
  const options: Parameters<oxigraph.Store['query']>[1] = {
    results_format: q.form === 'graph' ? NTRIPLES.mediaType : RESULTS_JSON.mediaType,
  };
  // A protocol dataset replaces the whole dataset (SPARQL 1.1 Protocol §2.1.4): naming only default graphs means no
  // named graphs, and the reverse.
  if (q.defaultGraphs?.length || q.namedGraphs?.length) {
    options.default_graph = (q.defaultGraphs ?? []).map((g) => oxigraph.namedNode(g));
    options.named_graphs = (q.namedGraphs ?? []).map((g) => oxigraph.namedNode(g));
  }
  const body = store.query(q.query, options) as string;
  if (q.form === 'graph') {
    const cut = cutLines(body, q.maxResults);
    return { body: cut.text, truncated: cut.truncated };
  }
  if (q.form === 'boolean') return { body, truncated: false };
  const cut = cutBindings(parseJsonResults(body, 'the embedded store'), q.maxResults);
  return { body: cut.truncated ? JSON.stringify(cut.results) : body, truncated: cut.truncated };
}

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('query-worker.js runs as a worker thread of the embedded store');
  const { files, maxTriples } = workerData as WorkerInit;
  const started = Date.now();
  let store: oxigraph.Store;
  try {
    store = load(files, maxTriples);
  } catch (err) {
    port.postMessage({ type: 'load-error', message: (err as Error).message } satisfies WorkerMessage);
    return;
  }
  const loadMs = Date.now() - started;
  const warm = warmUp(store);
  port.postMessage({
    type: 'ready',
    triples: store.size,
    ms: loadMs,
    ...warm,
    memoryBytes: wasmMemoryBytes(),
  } satisfies WorkerMessage);
  port.on('message', (q: WorkerQuery) => {
    if (q.deadline !== undefined && Date.now() >= q.deadline) {
      const message = 'skipped: its time ran out while it waited behind another job';
      port.postMessage({
        type: 'error',
        id: q.id,
        syntax: false,
        fatal: false,
        message,
        memoryBytes: wasmMemoryBytes(),
        expired: true,
      } satisfies WorkerMessage);
      return;
    }
    try {
      const { body, truncated } = run(store, q);
      port.postMessage({
        type: 'result',
        id: q.id,
        body,
        truncated,
        memoryBytes: wasmMemoryBytes(),
      } satisfies WorkerMessage);
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      const fatal = isTrap(err);
      // oxigraph reports its own parse errors as "error at LINE:COL: ..."
      const syntax = !fatal && /^error at \d+:\d+/.test(message);
      port.postMessage({
        type: 'error',
        id: q.id,
        syntax,
        fatal,
        message,
        memoryBytes: wasmMemoryBytes(),
      } satisfies WorkerMessage);
    }
  });
}

if (parentPort && (workerData as WorkerInit | undefined)?.role === 'huggingkg-query-worker') main();
