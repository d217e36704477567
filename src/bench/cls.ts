// **Task classification** evaluation: the task edges (and pipeline tags) of a seeded 10% of the models and datasets that
// have tasks are removed; classify-task ranks tasks for each of them and its top task is scored by micro-/macro-F1 against
// the hidden tasks, beside the most frequent task of the entity's kind (popularity) and a random task.

import { runQuery } from '../queries/registry.js';
import type { Rng } from '../synth/random.js';
import { byString, groupBy, sample, timingOf, withHeldOutStore, type Plan, type TaskResult } from './common.js';
import type { EvalGraph, ItemKind } from './graph-scan.js';
import { f1Scores, round4 } from './metrics.js';

export interface ClsCase {
  entity: string;
  kind: ItemKind;
  tasks: Set<string>;
}

export function planCls(g: EvalGraph, rng: Rng, maxEntities: number, fraction = 0.1): Plan<ClsCase> {
  const byEntity = groupBy(g.tasks.filter((e) => g.kinds.get(e.s) === 'model' || g.kinds.get(e.s) === 'dataset'), (e) => e.s);
  const entities = [...byEntity.keys()].sort(byString);
  const chosen = sample(rng.shuffle([...entities]).slice(0, Math.max(1, Math.round(entities.length * fraction))), maxEntities, (xs) => xs);
  const hidden = new Set<string>();
  const cases: ClsCase[] = [];
  for (const entity of chosen.sort(byString)) {
    const edges = byEntity.get(entity)!;
    for (const e of edges) hidden.add(e.line);
    for (const line of g.pipelineTagLines.get(entity) ?? []) hidden.add(line);
    cases.push({ entity, kind: g.kinds.get(entity)!, tasks: new Set(edges.map((e) => e.o)) });
  }
  return { task: 'cls', protocol: `task edges of a seeded ${Math.round(fraction * 100)}% of tasked models and datasets hidden; top-1 task`, hidden, cases };
}

export async function evalCls(g: EvalGraph, plan: Plan<ClsCase>, rng: Rng, base: string): Promise<TaskResult> {
  const started = Date.now();
  const testEntities = new Set(plan.cases.map((c) => c.entity));
  const counts = new Map<string, Map<string, number>>();
  const allTasks = new Set<string>();
  for (const e of g.tasks) {
    allTasks.add(e.o);
    if (testEntities.has(e.s)) continue;
    const kind = g.kinds.get(e.s) ?? 'model';
    const m = counts.get(kind) ?? new Map<string, number>();
    m.set(e.o, (m.get(e.o) ?? 0) + 1);
    counts.set(kind, m);
  }
  const mostFrequent = (kind: string) => [...(counts.get(kind) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))[0]?.[0];
  const taskList = [...allTasks].sort(byString);
  const truth = new Map(plan.cases.map((c) => [c.entity, c.tasks]));
  const predicted: Record<string, Map<string, Set<string>>> = { query: new Map(), popularity: new Map(), random: new Map() };
  const queryMs: number[] = [];
  const run = await withHeldOutStore(g.file, plan.hidden, async (store) => {
    for (const c of plan.cases) {
      const result = await runQuery(store, 'classify-task', { entity: c.entity, k: '1' }, { base, timeoutMs: 120_000 });
      queryMs.push(result.elapsedMs);
      predicted.query.set(c.entity, new Set(result.rows.slice(0, 1).map((r) => String(r.task))));
      const frequent = mostFrequent(c.kind);
      predicted.popularity.set(c.entity, new Set(frequent ? [frequent] : []));
      predicted.random.set(c.entity, new Set([taskList[rng.int(taskList.length)]]));
    }
    return {};
  });
  const methods: TaskResult['methods'] = {};
  for (const [m, p] of Object.entries(predicted)) {
    const s = f1Scores(truth, p);
    methods[m] = { 'micro-F1': round4(s.microF1), 'macro-F1': round4(s.macroF1), accuracy: round4(s.accuracy) };
  }
  return {
    task: 'cls', protocol: plan.protocol, cases: plan.cases.length, hiddenTriples: run.removed, query: 'classify-task', methods,
    timing: timingOf(queryMs, run.loadMs, Date.now() - started),
  };
}
