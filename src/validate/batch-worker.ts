// **batch-worker** is a worker thread that validates batches (batch.ts) sent by the main thread's WorkerPool.
// It loads and compiles the shapes once, then answers each task message with its BatchOutput (or an error message).

import { parentPort, workerData } from 'node:worker_threads';
import { loadShapes } from './shapes.js';
import { BatchValidator, type BatchTask } from './batch.js';

const { shapesFile, quickChecks } = workerData as { shapesFile: string; quickChecks: boolean };
const ready = loadShapes(shapesFile).then((shapes) => new BatchValidator(shapes, quickChecks));

parentPort!.on('message', (task: BatchTask) => {
  ready
    .then((validator) => validator.validateTask(task))
    .then(
      (output) => parentPort!.postMessage({ ok: true, output }),
      (err: unknown) =>
        parentPort!.postMessage({
          ok: false,
          index: task.index,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
});
