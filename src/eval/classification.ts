// **Task classification** evaluation: the task edges (and pipeline tags) of a seeded 10% of the models and datasets
// that
// have tasks are removed; classify-task ranks tasks for each of them and its top task is scored by micro-/macro-F1
// against
// the hidden tasks, beside the most frequent task of the entity's kind (popularity), k nearest neighbours by shared
// tags
// (the stronger simple baseline) and a random task; each score with a bootstrap 95% interval over the entities.

import { runQuery } from '../queries/registry.js';
import type { Cell } from '../queries/types.js';
import { asParams, coordinateAscent, queryDefaults, type Weights } from './weights.js';
import type { Rng } from '../synth/random.js';
import { groupBy, sample, taskResult, withHeldOutStore, type Plan, type TaskResult } from './common.js';
import { taskRestatements, type EvalGraph, type ItemKind } from './graph-scan.js';
import { f1Intervals, f1Scores, round4 } from './metrics.js';
import { byString } from '../util/compare.js';

export interface ClsCase {
  entity: string;
  kind: ItemKind;
  tasks: Set<string>;
}

export function planCls(g: EvalGraph, rng: Rng, maxEntities: number, fraction = 0.1): Plan<ClsCase> {
  const byEntity = groupBy(
    g.tasks.filter((e) => g.kinds.get(e.s) === 'model' || g.kinds.get(e.s) === 'dataset'),
    (e) => e.s,
  );
  const entities = [...byEntity.keys()].sort(byString);
  const chosen = sample(
    rng.shuffle([...entities]).slice(0, Math.max(1, Math.round(entities.length * fraction))),
    maxEntities,
    (xs) => xs,
  );
  const hidden = new Set<string>();
  const cases: ClsCase[] = [];
  for (const entity of chosen.sort(byString)) {
    const edges = byEntity.get(entity)!;
    for (const e of edges) hidden.add(e.line);
    for (const line of taskRestatements(
      g,
      entity,
      edges.map((e) => e.o),
    ))
      hidden.add(line);
    cases.push({ entity, kind: g.kinds.get(entity)!, tasks: new Set(edges.map((e) => e.o)) });
  }
  return {
    task: 'cls',
    protocol:
      `task edges of a seeded ${Math.round(fraction * 100)}% of tasked ` +
      `models and datasets hidden, with their restatements (pipeline ` +
      `tag, sub-tasks, keywords naming a task of theirs); top-1 task`,
    hidden,
    cases,
  };
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
  const tasksOf = groupBy(
    g.tasks.filter((e) => !test.has(e.s)),
    (e) => e.s,
  );
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
    for (const [e, w] of neighbours)
      for (const edge of tasksOf.get(e)!) votes.set(edge.o, (votes.get(edge.o) ?? 0) + w);
    out.set(c.entity, [...votes.entries()].sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))[0]?.[0]);
  }
  return out;
}

/** classify-task's weight parameters and the share column each multiplies. */
export const CLS_WEIGHTS = [
  { param: 'wTag', column: 'tag' },
  { param: 'wName', column: 'name' },
  { param: 'wCard', column: 'card' },
  { param: 'wBase', column: 'base' },
  { param: 'wInherited', column: 'inherited' },
  { param: 'wDerived', column: 'derived' },
  { param: 'wSibling', column: 'sibling' },
  { param: 'wData', column: 'data' },
  { param: 'wCoTrained', column: 'coTrained' },
  { param: 'wPublisher', column: 'publisher' },
  { param: 'wPrior', column: 'prior' },
] as const;

/** Values each weight may take while fitting (points; the query's defaults are among them). */
const WEIGHT_GRID = [0, 1, 2, 3, 5, 8, 10, 15, 20, 30, 50];

type Row = Record<string, Cell>;

/** The query's top task under other weights: its score formula, its order (score down, then task IRI). */
export function topTask(rows: readonly Row[], weights: Weights): string | undefined {
  let best: { task: string; score: number } | undefined;
  for (const r of rows) {
    const score = CLS_WEIGHTS.reduce((s, w) => s + weights[w.param]! * Number(r[w.column] ?? 0), 0);
    const task = String(r.task);
    if (!best || score > best.score || (score === best.score && task < best.task)) best = { task, score };
  }
  return best?.task;
}

/** The query's default weights, as its header declares them. */
export function defaultClsWeights(): Weights {
  return queryDefaults(
    'classify-task',
    CLS_WEIGHTS.map((w) => w.param),
  );
}

/** Coordinate ascent on micro-F1 + macro-F1 of the top task, one weight at a time over WEIGHT_GRID, until nothing
 * improves (macro-F1 too, so that a rare task's signal is not given up for the frequent ones). */
export function fitClsWeights(
  cases: ReadonlyArray<{ rows: readonly Row[]; tasks: ReadonlySet<string> }>,
  start: Weights,
): Weights {
  const truth = new Map(cases.map((c, i) => [String(i), c.tasks]));
  const objective = (w: Weights) => {
    const predicted = new Map(
      cases.map((c, i) => {
        const top = topTask(c.rows, w);
        return [String(i), new Set(top ? [top] : [])] as const;
      }),
    );
    const s = f1Scores(truth, predicted);
    return s.microF1 + s.macroF1;
  };
  return coordinateAscent(
    start,
    CLS_WEIGHTS.map((w) => w.param),
    WEIGHT_GRID,
    objective,
  );
}

/** Fits the weights on a validation split of the training entities: a store without their tasks (and the test
 * entities'; statistics recomputed) answers with every task's shares, and the weights are chosen on those answers. */
async function fitOnValidation(
  g: EvalGraph,
  plan: Plan<ClsCase>,
  rng: Rng,
  base: string,
  maxEntities: number,
): Promise<{ weights: Weights; cases: number }> {
  const test = new Set(plan.cases.map((c) => c.entity));
  const training: EvalGraph = { ...g, tasks: g.tasks.filter((e) => !test.has(e.s)) };
  // 30% of the training entities (not the test split's 10%): a small corpus gives too few cases to fit 11 weights on
  const validation = planCls(training, rng, maxEntities, 0.3);
  const hidden = new Set([...plan.hidden, ...validation.hidden]);
  const answered = await withHeldOutStore(
    g.file,
    hidden,
    async (store) => {
      const out: Array<{ rows: Row[]; tasks: Set<string> }> = [];
      for (const c of validation.cases) {
        const result = await runQuery(
          store,
          'classify-task',
          { entity: c.entity, k: '1000' },
          { base, timeoutMs: 120_000 },
        );
        out.push({ rows: result.rows, tasks: c.tasks });
      }
      return { out };
    },
    g.maxTriples,
  );
  return { weights: fitClsWeights(answered.out, defaultClsWeights()), cases: validation.cases.length };
}

export async function evalCls(
  g: EvalGraph,
  plan: Plan<ClsCase>,
  rng: Rng,
  base: string,
  maxEntities = 300,
): Promise<TaskResult> {
  const started = Date.now();
  const fit = await fitOnValidation(g, plan, rng, base, maxEntities);
  const fitted = asParams(fit.weights);
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
  const mostFrequent = (kind: string) =>
    [...(counts.get(kind) ?? new Map<string, number>()).entries()].sort(
      (a, b) => b[1] - a[1] || byString(a[0], b[0]),
    )[0]?.[0];
  const taskList = [...allTasks].sort(byString);
  const truth = new Map(plan.cases.map((c) => [c.entity, c.tasks]));
  const knn = knnByTags(g, plan);
  const byQuery = new Map<string, Set<string>>();
  const byPopularity = new Map<string, Set<string>>();
  const byKnn = new Map<string, Set<string>>();
  const byRandom = new Map<string, Set<string>>();
  const predicted: Record<string, Map<string, Set<string>>> = {
    query: byQuery,
    popularity: byPopularity,
    'kNN-by-tags': byKnn,
    random: byRandom,
  };
  const queryMs: number[] = [];
  const run = await withHeldOutStore(
    g.file,
    plan.hidden,
    async (store) => {
      for (const c of plan.cases) {
        const result = await runQuery(
          store,
          'classify-task',
          { entity: c.entity, k: '1', ...fitted },
          { base, timeoutMs: 120_000 },
        );
        queryMs.push(result.elapsedMs);
        byQuery.set(c.entity, new Set(result.rows.slice(0, 1).map((r) => String(r.task))));
        const frequent = mostFrequent(c.kind);
        byPopularity.set(c.entity, new Set(frequent ? [frequent] : []));
        const near = knn.get(c.entity) ?? frequent;
        byKnn.set(c.entity, new Set(near ? [near] : []));
        const guess = taskList[rng.int(taskList.length)];
        byRandom.set(c.entity, new Set(guess ? [guess] : []));
      }
      return {};
    },
    g.maxTriples,
  );
  const methods: TaskResult['methods'] = {};
  const intervals: NonNullable<TaskResult['intervals']> = {};
  for (const [m, p] of Object.entries(predicted)) {
    const s = f1Scores(truth, p);
    methods[m] = { 'micro-F1': round4(s.microF1), 'macro-F1': round4(s.macroF1), accuracy: round4(s.accuracy) };
    intervals[m] = f1Intervals(truth, p);
  }
  return taskResult(
    plan,
    run,
    'classify-task',
    { methods, intervals },
    { weights: fit.weights, validationCases: fit.cases },
    queryMs,
    started,
  );
}
