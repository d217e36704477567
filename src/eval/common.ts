// **Evaluation plumbing** shared by the three tasks: a task's plan (what is held out, what is asked), its scores, and
// running a plan's queries on a store loaded from the dump minus the held-out lines.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore, type EmbeddedStore } from '../store/embedded.js';
import { writeWithout } from './graph-scan.js';
import { mean, type Interval } from './metrics.js';
import type { TaskName } from './task-names.js';

export { TASK_NAMES, type TaskName } from './task-names.js';

export interface Plan<C> {
  task: TaskName;
  /** Where the split came from. */
  protocol: string;
  /** Exact dump lines removed before the store is loaded. */
  hidden: Set<string>;
  cases: C[];
}

export interface TaskResult {
  task: TaskName;
  protocol: string;
  cases: number;
  hiddenTriples: number;
  /** The canned query evaluated. */
  query: string;
  /** method -> metric -> value; the method 'query' is the canned query, the others baselines. */
  methods: Record<string, Record<string, number>>;
  /** Query parameters fitted on a validation split of the training edges (tracing: predict-base-model's weights). */
  fitted?: { weights: Record<string, number>; validationCases: number };
  /** method -> metric -> 95% interval (percentile bootstrap over the test cases, 1,000 resamples; see metrics.ts). */
  intervals?: Record<string, Record<string, Interval>>;
  /** Not deterministic (wall clock): kept apart so reports can be compared. */
  timing: { loadMs: number; queryMsMean: number; queryMsP50: number; queryMsMax: number; totalMs: number };
}

/** Loads the dump without `hidden` (its statistics recomputed from the lines kept: writeWithout) into a fresh embedded
 * store, runs `body`, and always cleans up. */
export async function withHeldOutStore<T>(
  dump: string,
  hidden: ReadonlySet<string>,
  body: (store: EmbeddedStore) => Promise<T>,
  /**
   * The embedded store's triple limit (HUGGINGKG_EMBEDDED_MAX_TRIPLES, read by the command); its default when unset.
   */
  maxTriples?: number,
): Promise<T & { loadMs: number; removed: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hkg-eval-'));
  const started = Date.now();
  try {
    const file = join(dir, 'train.nt');
    const { removed } = await writeWithout(dump, hidden, file);
    const store = await openEmbeddedStore({ files: [file], workers: 1, maxResults: 100_000, maxTriples });
    const loadMs = Date.now() - started;
    try {
      return { ...(await body(store)), loadMs, removed };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A task's report: the plan's counts, the held-out run's load time, and the scores; `started` is the task's start
 * (Date.now()), so totalMs spans the whole task. */
export function taskResult(
  plan: Plan<unknown>,
  run: { loadMs: number; removed: number },
  query: string,
  scores: { methods: TaskResult['methods']; intervals: NonNullable<TaskResult['intervals']> },
  fitted: TaskResult['fitted'],
  queryMs: number[],
  started: number,
): TaskResult {
  return {
    task: plan.task,
    protocol: plan.protocol,
    cases: plan.cases.length,
    hiddenTriples: run.removed,
    query,
    methods: scores.methods,
    ...(fitted ? { fitted } : {}),
    intervals: scores.intervals,
    timing: timingOf(queryMs, run.loadMs, Date.now() - started),
  };
}

function timingOf(queryMs: number[], loadMs: number, totalMs: number): TaskResult['timing'] {
  const sorted = [...queryMs].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    loadMs,
    queryMsMean: r(mean(queryMs)),
    queryMsP50: r(sorted[Math.floor(sorted.length / 2)] ?? 0),
    queryMsMax: r(sorted[sorted.length - 1] ?? 0),
    totalMs,
  };
}

/** Deterministic sample of at most n items (seeded shuffle of a sorted copy). */
export function sample<T>(items: T[], n: number, shuffle: (xs: T[]) => T[]): T[] {
  return items.length <= n ? items : shuffle([...items]).slice(0, n);
}

export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
