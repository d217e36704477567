// **Lineage tracing** evaluation: for a seeded 10% of the derived models, one base-model edge is hidden (with its
// qualified derivation); predict-base-model ranks candidates and is scored by filtered MRR and Hits@K (the model's
// other,
// still visible bases are filtered out of the ranking), beside "most-derived base", "name stem, else most-derived" and
// random rankings of all models. The query's weights are first fitted on a validation split drawn from the training
// edges alone, and the lineage statistics (src/stats/lineage.ts) of every store are recomputed from the edges it holds
// (writeWithout).

import { runQuery } from '../queries/registry.js';
import type { Cell } from '../queries/types.js';
import { asParams, coordinateAscent, queryDefaults, type Weights } from './weights.js';
import type { Rng } from '../synth/random.js';
import { nameOfIri, nameStem } from '../stats/lineage.js';
import { groupBy, sample, taskResult, withHeldOutStore, type Plan, type TaskResult } from './common.js';
import type { EvalGraph } from './graph-scan.js';
import { filteredRank, mean, meanScores, TRACE_KS } from './metrics.js';
import { byString } from '../util/compare.js';

export interface TraceCase {
  model: string;
  base: string;
  /** The model's other true bases (filtered out of every ranking). */
  otherBases: Set<string>;
}

/** predict-base-model's weight parameters, the score part (result column) each multiplies, and its sign. */
export const TRACE_WEIGHTS = [
  { param: 'wMention', column: 'mention', sign: 1 },
  { param: 'wName', column: 'nameMatch', sign: 1 },
  { param: 'wStem', column: 'stemMatch', sign: 1 },
  { param: 'wVote', column: 'publisherVote', sign: 1 },
  { param: 'wPrior', column: 'prior', sign: 1 },
  { param: 'wData', column: 'sharedData', sign: 1 },
  { param: 'wTask', column: 'sharedTask', sign: 1 },
  { param: 'wLater', column: 'later', sign: -1 },
] as const;

/** Values each weight may take while fitting (points; the query's defaults are among them). */
const WEIGHT_GRID = [0, 1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 80];
/** Candidates read per validation case while fitting (all that the query finds, in practice). */
const FIT_K = '1000';

/** The lines that state the step derived -> base (any relation), with their qualified derivations. */
export function stepLines(g: EvalGraph, derived: string, base: string): string[] {
  return g.lineage.filter((e) => e.s === derived && e.o === base).flatMap((e) => [e.line, ...e.qualifiedLines]);
}

export function planTrace(g: EvalGraph, rng: Rng, maxModels: number, fraction = 0.1): Plan<TraceCase> {
  const byDerived = groupBy(g.lineage, (e) => e.s);
  const derived = [...byDerived.keys()].sort(byString);
  const chosen = sample(
    rng.shuffle([...derived]).slice(0, Math.max(1, Math.round(derived.length * fraction))),
    maxModels,
    (xs) => xs,
  );
  const hidden = new Set<string>();
  const cases: TraceCase[] = [];
  for (const model of chosen.sort(byString)) {
    const bases = [...new Set(byDerived.get(model)!.map((e) => e.o))].sort(byString);
    const base = bases[rng.int(bases.length)]!; // a derived model has at least one base; rng.int(n) < n
    for (const line of stepLines(g, model, base)) hidden.add(line);
    cases.push({ model, base, otherBases: new Set(bases.filter((b) => b !== base)) });
  }
  return {
    task: 'trace',
    protocol: `one base edge hidden for a seeded ${Math.round(fraction * 100)}% of derived models; filtered ranking`,
    hidden,
    cases,
  };
}

function scoreRank(rank: number, into: Record<string, number[]>): void {
  (into.MRR ??= []).push(Number.isFinite(rank) ? 1 / rank : 0);
  for (const k of TRACE_KS) (into[`Hits@${k}`] ??= []).push(rank <= k ? 1 : 0);
}

type Row = Record<string, Cell>;

/**
 * The query's ranking of its rows under other weights: its score formula, its order (score down, then candidate IRI).
 */
export function rerank(rows: readonly Row[], weights: Weights): string[] {
  const score = (r: Row) =>
    TRACE_WEIGHTS.reduce((s, w) => s + w.sign * (weights[w.param] ?? 0) * Number(r[w.column] ?? 0), 0);
  return rows
    .map((r) => ({ c: String(r.candidate), s: score(r) }))
    .sort((a, b) => b.s - a.s || byString(a.c, b.c))
    .map((x) => x.c);
}

/**
 * Coordinate ascent on the mean filtered reciprocal rank, one weight at a time over WEIGHT_GRID, until nothing
 * improves.
 */
export function fitWeights(cases: ReadonlyArray<{ rows: readonly Row[]; c: TraceCase }>, start: Weights): Weights {
  const mrr = (w: Weights) =>
    mean(
      cases.map(({ rows, c }) => {
        const rank = filteredRank(rerank(rows, w), c.base, c.otherBases);
        return Number.isFinite(rank) ? 1 / rank : 0;
      }),
    );
  return coordinateAscent(
    start,
    TRACE_WEIGHTS.map((w) => w.param),
    WEIGHT_GRID,
    mrr,
  );
}

/** The query's default weights, as its header declares them. */
export function defaultWeights(): Weights {
  return queryDefaults(
    'predict-base-model',
    TRACE_WEIGHTS.map((w) => w.param),
  );
}

/**
 * Fits the weights on a validation split of the training edges: a store without them (statistics recomputed) answers.
 */
async function fitOnValidation(
  g: EvalGraph,
  plan: Plan<TraceCase>,
  rng: Rng,
  base: string,
  maxModels: number,
): Promise<{ weights: Weights; cases: number }> {
  const training: EvalGraph = { ...g, lineage: g.lineage.filter((e) => !plan.hidden.has(e.line)) };
  const validation = planTrace(training, rng, maxModels);
  const hidden = new Set([...plan.hidden, ...validation.hidden]);
  const start = defaultWeights();
  const answered = await withHeldOutStore(
    g.file,
    hidden,
    async (store) => {
      const out: Array<{ rows: Row[]; c: TraceCase }> = [];
      for (const c of validation.cases) {
        const result = await runQuery(
          store,
          'predict-base-model',
          { model: c.model, k: FIT_K },
          { base, timeoutMs: 120_000 },
        );
        out.push({ rows: result.rows, c });
      }
      return { out };
    },
    g.maxTriples,
  );
  return { weights: fitWeights(answered.out, start), cases: validation.cases.length };
}

/**
 * Bases (of the training edges) whose name stem is a run of the model's stem words, longest run first, then by
 * derivative count; then every other model by derivative count: the simple name rule a reader would try first.
 */
export function stemThenMostDerived(
  model: string,
  stemIndex: ReadonlyMap<string, string[]>,
  mostDerived: readonly string[],
): string[] {
  const words = nameStem(nameOfIri(model)).split('-');
  const found: string[] = [];
  const seen = new Set<string>();
  for (let len = words.length; len >= 1; len--) {
    for (let first = 0; first + len <= words.length; first++) {
      for (const b of stemIndex.get(words.slice(first, first + len).join('-')) ?? []) {
        if (!seen.has(b)) {
          seen.add(b);
          found.push(b);
        }
      }
    }
  }
  return [...found, ...mostDerived.filter((m) => !seen.has(m))];
}

export async function evalTrace(
  g: EvalGraph,
  plan: Plan<TraceCase>,
  rng: Rng,
  base: string,
  maxModels = 300,
): Promise<TaskResult> {
  const started = Date.now();
  const models = [...g.kinds.entries()].filter(([, k]) => k === 'model').map(([iri]) => iri);
  const trainingLineage = g.lineage.filter((e) => !plan.hidden.has(e.line));
  const derivatives = new Map<string, number>();
  for (const e of trainingLineage) derivatives.set(e.o, (derivatives.get(e.o) ?? 0) + 1);
  // a sorted copy: `models` stays the candidate list in its own order
  const mostDerived = [...models].sort(
    (a, b) => (derivatives.get(b) ?? 0) - (derivatives.get(a) ?? 0) || byString(a, b),
  );
  const stemIndex = new Map<string, string[]>();
  for (const b of mostDerived) {
    if (!derivatives.has(b)) break;
    const stem = nameStem(nameOfIri(b));
    stemIndex.set(stem, [...(stemIndex.get(stem) ?? []), b]);
  }
  const fit = await fitOnValidation(g, plan, rng, base, maxModels);
  const fitted = asParams(fit.weights);
  const scores: Record<'query' | 'most-derived' | 'stem, else most-derived' | 'random', Record<string, number[]>> = {
    query: {},
    'most-derived': {},
    'stem, else most-derived': {},
    random: {},
  };
  const queryMs: number[] = [];
  const run = await withHeldOutStore(
    g.file,
    plan.hidden,
    async (store) => {
      for (const c of plan.cases) {
        const result = await runQuery(
          store,
          'predict-base-model',
          { model: c.model, k: '100', ...fitted },
          { base, timeoutMs: 120_000 },
        );
        queryMs.push(result.elapsedMs);
        scoreRank(
          filteredRank(
            result.rows.map((r) => String(r.candidate)),
            c.base,
            c.otherBases,
          ),
          scores.query,
        );
        const filtered = new Set([...c.otherBases, c.model]);
        scoreRank(filteredRank(mostDerived, c.base, filtered), scores['most-derived']);
        scoreRank(
          filteredRank(stemThenMostDerived(c.model, stemIndex, mostDerived), c.base, filtered),
          scores['stem, else most-derived'],
        );
        // a uniformly random ranking of the candidate models puts the target at a uniform rank
        scoreRank(1 + rng.int(Math.max(1, models.length - filtered.size)), scores.random);
      }
      return {};
    },
    g.maxTriples,
  );
  const { methods, intervals } = meanScores(scores);
  return taskResult(
    plan,
    run,
    'predict-base-model',
    { methods, intervals },
    { weights: fit.weights, validationCases: fit.cases },
    queryMs,
    started,
  );
}
