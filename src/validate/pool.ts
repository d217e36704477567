// **pool** runs validation batches on worker threads (one per core by default) or, with no workers, on this thread,
// and hands their outputs back strictly in batch order, so the merged report never depends on scheduling.

import { Worker } from 'node:worker_threads';
import type { BatchOutput, BatchTask, BatchValidator } from './batch.js';

/** Old-generation heap of each validation worker. */
const WORKER_HEAP_MB = 256;

type Reply = { ok: true; output: BatchOutput } | { ok: false; index: number; error: string };

export class BatchPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: BatchTask[] = [];
  private readonly waiting = new Map<number, BatchOutput>();
  private next = 0;
  private submitted = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  /** `workers` = 0 validates on this thread with `inline`; otherwise that many worker threads load `shapesFile`. */
  constructor(
    workers: number,
    shapesFile: string,
    private readonly inline: BatchValidator,
    private readonly onOutput: (o: BatchOutput) => void,
    quickChecks = true,
  ) {
    for (let i = 0; i < workers; i++) {
      const w = new Worker(new URL('./batch-worker.js', import.meta.url), {
        workerData: { shapesFile, quickChecks },
        // A batch is at most MAX_BATCH_TRIPLES (validate.ts), tens of MB parsed. Without a cap V8 lets each worker's
        // heap grow to hundreds of MB of garbage under parsing's allocation rate; with it, the process stays small.
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      w.on('message', (reply: Reply) => {
        if (reply.ok) this.done(reply.output);
        else this.fail(new Error(`validation batch ${reply.index} failed in a worker: ${reply.error}`));
        this.idle.push(w);
        this.pump();
      });
      w.on('error', (err: Error & { code?: string }) =>
        this.fail(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new Error(`a validation worker ran out of its ${WORKER_HEAP_MB} MB heap (${err.message}); validate on the main thread instead (--workers 0, or build --validate-workers 0)`)
            : err,
        ),
      );
      w.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`validation worker exited with code ${code}`));
      });
      this.all.push(w);
      this.idle.push(w);
    }
  }

  private closing = false;

  get inFlight(): number {
    return this.submitted - this.next;
  }

  /** Queues a batch; resolves once there is room for more (at most two batches per worker outstanding). */
  async submit(task: BatchTask): Promise<void> {
    this.check();
    this.submitted++;
    if (this.all.length === 0) {
      this.done(await this.inline.validateTask(task));
      return;
    }
    this.queue.push(task);
    this.pump();
    while (this.inFlight >= 2 * this.all.length) await this.sleep();
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
    await Promise.all(this.all.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) this.idle.pop()!.postMessage(this.queue.shift()!);
  }

  private done(output: BatchOutput): void {
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
