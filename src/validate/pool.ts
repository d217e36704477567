// **pool** runs validation batches in worker processes (one per core by default) or, with no workers, on this thread,
// and hands their outputs back strictly in batch order, so the merged report never depends on scheduling. A worker that
// runs out of heap on a batch is replaced and the batch is split in two and retried, down to single subjects: only a
// subject too big for a worker on its own is lost, and its batch's output says so (`lost`); the rest goes on.
//
// Why processes and not worker threads: a worker thread's heap cap (resourceLimits) is enforced by V8 inside the one
// process, and when a single allocation jumps past the cap V8 sometimes aborts the whole process ("FATAL ERROR: Reached
// heap limit") instead of ending only the worker. A child process that runs out of its --max-old-space-size dies alone.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BatchOutput, BatchTask, BatchValidator } from './batch.js';

/** Old-generation heap of each validation worker (default). */
export const WORKER_HEAP_MB = 256;

const WORKER_SCRIPT = fileURLToPath(new URL('./batch-worker.js', import.meta.url));
/** What V8 prints when a process runs out of heap (the wording differs between the paths that give up). */
const OUT_OF_HEAP = /heap out of memory|Reached heap limit|Allocation failed/;
/** Bytes of a worker's stderr kept to explain its death. */
const STDERR_TAIL = 4096;

type Reply = { ok: true; output: BatchOutput } | { ok: false; index: number; error: string };
type Worker = ChildProcess;

export class BatchPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  /** The batch each busy worker holds. */
  private readonly running = new Map<Worker, BatchTask>();
  private readonly retired = new Set<Worker>();
  private readonly queue: BatchTask[] = [];
  private readonly waiting = new Map<number, BatchOutput>();
  private next = 0;
  private submitted = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  /**
   * `workers` = 0 validates on this thread with `inline`; otherwise that many worker threads load `shapesFile`.
   * When a worker dies of its heap limit (`heapMb`) on a task, `split(task)` gives the task in two parts to retry, or
   * undefined for a task of one subject, whose output is then `lost(task, reason)`.
   */
  constructor(
    private readonly workers: number,
    private readonly shapesFile: string,
    private readonly inline: BatchValidator,
    private readonly onOutput: (o: BatchOutput) => void,
    private readonly quickChecks = true,
    private readonly lost: (task: BatchTask, reason: string) => BatchOutput = (task, reason) => {
      throw new Error(`validation batch ${task.index}: ${reason}`);
    },
    private readonly heapMb = WORKER_HEAP_MB,
    private readonly split: (task: BatchTask) => BatchTask[] | undefined = () => undefined,
  ) {
    for (let i = 0; i < workers; i++) this.spawn();
  }

  private spawn(): void {
    // Batches are bounded in subjects, triples and bytes (validate.ts) and shacl-engine's data graphs in focus nodes
    // and triples (batch.ts). Without a cap V8 lets each worker's heap grow to hundreds of MB of garbage under
    // parsing's allocation rate; with it, the process stays small.
    const w = fork(WORKER_SCRIPT, [this.shapesFile, this.quickChecks ? 'quick' : 'engine-only'], {
      execArgv: [`--max-old-space-size=${this.heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let stderr = '';
    w.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    w.on('message', (reply: Reply) => {
      this.running.delete(w);
      if (reply.ok) this.done(reply.output);
      else this.fail(new Error(`validation batch ${reply.index} failed in a worker: ${reply.error}`));
      this.idle.push(w);
      this.pump();
    });
    w.on('error', (err) => this.fail(new Error(`a validation worker could not run: ${err.message}`)));
    // 'close', not 'exit': it comes after the worker's stderr has been read to the end.
    w.on('close', (code, signal) => {
      if (this.closing || this.retired.has(w)) return;
      const task = this.running.get(w);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      const outOfHeap = OUT_OF_HEAP.test(stderr);
      if (!task || !outOfHeap) {
        const why = outOfHeap ? `ran out of its ${this.heapMb} MB heap` : `exited with ${how}`;
        this.fail(
          new Error(
            `a validation worker ${why}${task ? ` on batch ${task.index}` : ' before it was given a batch'}` +
              (stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''),
          ),
        );
        return;
      }
      // A batch too big for the heap: a fresh worker takes its halves, or, for a single subject, it is reported lost.
      this.retire(w);
      this.spawn();
      try {
        const parts = this.split(task);
        if (parts) this.retry(task.index, parts);
        else
          this.done(
            this.lost(
              task,
              `a validation worker ran out of its ${this.heapMb} MB heap on this subject's triples alone`,
            ),
          );
      } catch (e) {
        this.fail(e as Error);
      }
      this.pump();
    });
    this.all.push(w);
    this.idle.push(w);
  }

  private retire(w: Worker): void {
    this.retired.add(w);
    this.running.delete(w);
    this.all.splice(this.all.indexOf(w), 1);
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
  }

  private closing = false;

  get inFlight(): number {
    return this.submitted - this.next;
  }

  /** Queues a batch; resolves once there is room for more (at most two batches per worker outstanding). */
  async submit(task: BatchTask): Promise<void> {
    this.check();
    this.submitted++;
    if (this.workers === 0) {
      this.done(await this.inline.validateTask(task));
      return;
    }
    this.queue.push(task);
    this.pump();
    while (this.inFlight >= 2 * this.workers) await this.sleep();
  }

  /** Waits for every submitted batch, then stops the workers. */
  async finish(): Promise<void> {
    try {
      while (this.inFlight > 0) await this.sleep();
      this.check();
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.all.map((w) =>
        w.exitCode !== null || w.signalCode !== null
          ? undefined
          : new Promise<void>((resolve) => {
              w.once('exit', () => resolve());
              w.kill();
            }),
      ),
    );
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.running.set(w, task);
      w.send(task);
    }
  }

  /** Parts of a split task: part index -> (the index it stands for, its slot), and the parts' outputs by that index. */
  private readonly partOf = new Map<number, { whole: number; slot: number }>();
  private readonly parts = new Map<number, Array<BatchOutput | undefined>>();
  /** Part indices, below any batch index so they are never mistaken for one. */
  private nextPart = -2;

  /** Queues `parts` of task `whole` first; their outputs are merged into one output for `whole` (in done). */
  private retry(whole: number, parts: BatchTask[]): void {
    this.parts.set(
      whole,
      parts.map(() => undefined),
    );
    const tasks = parts.map((p, slot) => {
      const index = this.nextPart--;
      this.partOf.set(index, { whole, slot });
      return { ...p, index };
    });
    this.queue.unshift(...tasks);
  }

  private done(output: BatchOutput): void {
    const part = this.partOf.get(output.index);
    if (part) {
      this.partOf.delete(output.index);
      const outputs = this.parts.get(part.whole)!;
      outputs[part.slot] = output;
      if (outputs.some((o) => o === undefined)) return;
      this.parts.delete(part.whole);
      this.done(merge(part.whole, outputs as BatchOutput[]));
      return;
    }
    this.waiting.set(output.index, output);
    // Outputs are handed on in batch order: the report lists results (and picks examples) in input order.
    for (let o = this.waiting.get(this.next); o; o = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      this.onOutput(o);
    }
    this.signal();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.signal();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private sleep(): Promise<void> {
    this.check();
    return new Promise<void>((resolve) => (this.wake = resolve)).then(() => this.check());
  }
}

/** One output from the outputs of a task's parts, in part order. */
function merge(index: number, outputs: BatchOutput[]): BatchOutput {
  const lost = outputs.filter((o) => o.lost);
  const firstLost = lost[0]?.lost;
  return {
    index,
    focusNodes: outputs.reduce((n, o) => n + o.focusNodes, 0),
    quickChecked: outputs.reduce((n, o) => n + o.quickChecked, 0),
    engineChecked: outputs.reduce((n, o) => n + o.engineChecked, 0),
    results: outputs.flatMap((o) => o.results),
    ...(firstLost ? { lost: { reason: firstLost.reason, subjects: lost.flatMap((o) => o.lost?.subjects ?? []) } } : {}),
  };
}
