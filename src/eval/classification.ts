// **Task classification** evaluation: the task edges (and pipeline tags) of a seeded 10% of the models and datasets that
// have tasks are removed; classify-task ranks tasks for each of them and its top task is scored by micro-/macro-F1 against
// the hidden tasks, beside the most frequent task of the entity's kind (popularity), k nearest neighbours by shared tags
// (the stronger simple baseline) and a random task; each score with a bootstrap 95% interval over the entities.

import { runQuery } from '../queries/registry.js';
import type { Rng } from '../synth/random.js';
import { byString, groupBy, sample, timingOf, withHeldOutStore, type Plan, type TaskResult } from './common.js';
import { taskRestatements, type EvalGraph, type ItemKind } from './graph-scan.js';
import { f1Intervals, f1Scores, round4 } from './metrics.js';

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
    for (const line of taskRestatements(g, entity, edges.map((e) => e.o))) hidden.add(line);
    cases.push({ entity, kind: g.kinds.get(entity)!, tasks: new Set(edges.map((e) => e.o)) });
  }
  return { task: 'cls', protocol: `task edges of a seeded ${Math.round(fraction * 100)}% of tasked models and datasets hidden, with their restatements (pipeline tag, sub-tasks, keywords naming a task of theirs); top-1 task`, hidden, cases };
}

/**
 * The stronger simple baseline: k nearest neighbours by shared tags. Each training entity (tasks visible) sharing a
 * keyword or library with the test entity scores the sum of the shared tags' idf, log(N / carriers); the tasks of the
 * 10 best vote with those scores; no shared tag: the most frequent task of the kind.
 */
export function knnByTags(g: EvalGraph, plan: Plan<ClsCase>, k = 10): Map<string, string | undefined> {
  const test = new Set(plan.cases.map((c) => c.entity));
  const tagsOf = (e: string) => {
    const tags = new Set((g.libraries.get(e) ?? []).map((l) => `library:${l}`));
    for (const kw of g.keywords.get(e) ?? []) if (!plan.hidden.has(kw.line)) tags.add(`keyword:${kw.value}`);
    return tags;
  };
  const tasksOf = groupBy(g.tasks.filter((e) => !test.has(e.s)), (e) => e.s);
  const carriers = new Map<string, string[]>();
  for (const e of tasksOf.keys()) for (const t of tagsOf(e)) (carriers.get(t) ?? carriers.set(t, []).get(t)!).push(e);
  const n = tasksOf.size;
  const out = new Map<string, string | undefined>();
  for (const c of plan.cases) {
    const sim = new Map<string, number>();
    for (const t of tagsOf(c.entity)) {
      const list = carriers.get(t) ?? [];
      const idf = Math.log((n + 1) / list.length);
      for (const e of list) sim.set(e, (sim.get(e) ?? 0) + idf);
    }
    const neighbours = [...sim.entries()].sort((a, b) => b[1] - a[1] || byString(a[0], b[0])).slice(0, k);
    const votes = new Map<string, number>();
    for (const [e, w] of neighbours) for (const edge of tasksOf.get(e)!) votes.set(edge.o, (votes.get(edge.o) ?? 0) + w);
    out.set(c.entity, [...votes.entries()].sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))[0]?.[0]);
  }
  return out;
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
  const knn = knnByTags(g, plan);
  const predicted: Record<string, Map<string, Set<string>>> = { query: new Map(), popularity: new Map(), 'kNN-by-tags': new Map(), random: new Map() };
  const queryMs: number[] = [];
  const run = await withHeldOutStore(g.file, plan.hidden, async (store) => {
    for (const c of plan.cases) {
      const result = await runQuery(store, 'classify-task', { entity: c.entity, k: '1' }, { base, timeoutMs: 120_000 });
      queryMs.push(result.elapsedMs);
      predicted.query.set(c.entity, new Set(result.rows.slice(0, 1).map((r) => String(r.task))));
      const frequent = mostFrequent(c.kind);
      predicted.popularity.set(c.entity, new Set(frequent ? [frequent] : []));
      const near = knn.get(c.entity) ?? frequent;
      predicted['kNN-by-tags'].set(c.entity, new Set(near ? [near] : []));
      predicted.random.set(c.entity, new Set([taskList[rng.int(taskList.length)]]));
    }
    return {};
  });
  const methods: TaskResult['methods'] = {};
  const intervals: NonNullable<TaskResult['intervals']> = {};
  for (const [m, p] of Object.entries(predicted)) {
    const s = f1Scores(truth, p);
    methods[m] = { 'micro-F1': round4(s.microF1), 'macro-F1': round4(s.macroF1), accuracy: round4(s.accuracy) };
    intervals[m] = f1Intervals(truth, p);
  }
  return {
    task: 'cls', protocol: plan.protocol, cases: plan.cases.length, hiddenTriples: run.removed, query: 'classify-task', methods,
    intervals, timing: timingOf(queryMs, run.loadMs, Date.now() - started),
  };
}
