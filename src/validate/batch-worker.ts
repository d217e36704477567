// **batch-worker** is a validation worker process (forked by pool.ts) that validates batches (batch.ts): it loads and
// compiles the shapes once, then answers each task message with its BatchOutput (or an error message).
// Arguments: the shapes file, then `quick` to prove focus nodes with quick checks first (or `engine-only`).

import { loadShapes } from './shapes.js';
import { BatchValidator, type BatchTask } from './batch.js';

const [shapesFile, mode] = process.argv.slice(2);
if (!shapesFile || !process.send) throw new Error('batch-worker.js runs as a process forked by pool.ts');
const send = process.send.bind(process);
const ready = loadShapes(shapesFile).then((shapes) => new BatchValidator(shapes, mode === 'quick'));

process.on('message', (task: BatchTask) => {
  ready
    .then((validator) => validator.validateTask(task))
    .then(
      (output) => send({ ok: true, output }),
      (err: unknown) =>
        send({
          ok: false,
          index: task.index,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
});
// The pool ends a worker by killing it; should the pool's process die first, the closed channel ends this one.
process.on('disconnect', () => process.exit(0));
