// **Recommendation** evaluation (HuggingBench protocol): each user's likes split 8:1:1 (seeded); validation and test
// likes
// are removed from the graph; recommend-items ranks all items for each test user (kind any, top 40) and is scored by
// Recall@K and NDCG@K against the test likes, beside popularity, item-CF (the stronger simple baseline) and random
// rankings; each score with a bootstrap 95% interval over the users.

import { MAX_K } from '../queries/bind.js';
import { runQuery } from '../queries/registry.js';
import type { Cell } from '../queries/types.js';
import { asParams, queryDefaults, type Weights } from './weights.js';
import type { Rng } from '../synth/random.js';
import type { EmbeddedStore } from '../store/embedded.js';
import { groupBy, sample, taskResult, withHeldOutStore, type Plan, type TaskResult } from './common.js';
import type { EvalGraph } from './graph-scan.js';
import { mean, meanScores, ndcgAt, recallAt, REC_KS } from './metrics.js';
import { byString } from '../util/compare.js';

export interface RecCase {
  user: string;
  train: Set<string>;
  test: Set<string>;
  /** The validation likes (held out like the test likes), on which recommend-items' popularity weights are fitted. */
  valid?: Set<string>;
}

export function planRec(g: EvalGraph, rng: Rng, maxUsers: number): Plan<RecCase> {
  const hidden = new Set<string>();
  const cases: RecCase[] = [];
  const byUser = groupBy(g.likes, (e) => e.s);
  for (const user of [...byUser.keys()].sort(byString)) {
    const likes = [...byUser.get(user)!].sort((a, b) => byString(a.o, b.o));
    if (likes.length < 3) continue; // too few to split 8:1:1; all stay in training
    rng.shuffle(likes);
    const nTest = Math.max(1, Math.round(likes.length * 0.1));
    const nValid = Math.max(1, Math.round(likes.length * 0.1));
    const test = likes.slice(0, nTest);
    const valid = likes.slice(nTest, nTest + nValid);
    for (const e of [...test, ...valid]) hidden.add(e.line);
    cases.push({
      user,
      test: new Set(test.map((e) => e.o)),
      valid: new Set(valid.map((e) => e.o)),
      train: new Set(likes.slice(nTest + nValid).map((e) => e.o)),
    });
  }
  return {
    task: 'rec',
    protocol: 'per-user 8:1:1 split of likes (seeded), all-rank over every item',
    hidden,
    cases: sample(cases, maxUsers, (xs) => rng.shuffle(xs)),
  };
}

function scoreRanking(ranked: string[], c: RecCase, into: Record<string, number[]>): void {
  for (const k of REC_KS) {
    (into[`Recall@${k}`] ??= []).push(recallAt(ranked, c.test, k));
    (into[`NDCG@${k}`] ??= []).push(ndcgAt(ranked, c.test, k));
  }
}

/**
 * The stronger simple baseline: item-based collaborative filtering (cosine) over the training likes. An item scores
 * the sum over the user's likes j of co-likes(item, j) / sqrt(likes(item) likes(j)); the list is filled up with the
 * most
 * popular items.
 */
export function itemCf(
  likesOf: ReadonlyMap<string, ReadonlySet<string>>,
  likersOf: ReadonlyMap<string, ReadonlySet<string>>,
  popular: readonly string[],
  user: string,
  k: number,
): string[] {
  const train = likesOf.get(user) ?? new Set<string>();
  const co = new Map<string, Map<string, number>>();
  for (const j of train) {
    for (const v of likersOf.get(j) ?? []) {
      if (v === user) continue;
      for (const i of likesOf.get(v)!) {
        if (train.has(i)) continue;
        let m = co.get(i);
        if (!m) co.set(i, (m = new Map()));
        m.set(j, (m.get(j) ?? 0) + 1);
      }
    }
  }
  const score = new Map<string, number>();
  for (const [i, byJ] of co) {
    let s = 0;
    for (const [j, n] of byJ) s += n / Math.sqrt(likersOf.get(i)!.size * likersOf.get(j)!.size);
    score.set(i, s);
  }
  const ranked = [...score.entries()]
    .sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))
    .slice(0, k)
    .map(([i]) => i);
  const seen = new Set(ranked);
  for (const i of popular) {
    if (ranked.length >= k) break;
    if (!train.has(i) && !seen.has(i)) ranked.push(i);
  }
  return ranked;
}

type Row = Record<string, Cell>;

/** Values wPop and wCold may take while fitting (tenths; the query's defaults are among them). */
const POP_GRID = [0, 1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 500];

/**
 * The query's ranking of its rows under other popularity weights: its score formula and order (score down, then IRI).
 */
export function rerankRec(rows: readonly Row[], userLikes: number, w: Weights): string[] {
  const part = (r: Row, c: string) => Number(r[c] ?? 0) || 0;
  const popWeight = ((w.wPop ?? 0) + ((w.wCold ?? 0) * 10) / (10 + userLikes)) / 10;
  return rows
    .map((r) => ({
      item: String(r.item),
      s: part(r, 'cf') + part(r, 'social') + part(r, 'graph') + part(r, 'tasks') + part(r, 'popularity') * popWeight,
    }))
    .sort((a, b) => b.s - a.s || byString(a.item, b.item))
    .map((x) => x.item);
}

/** Grid search of (wPop, wCold) on the mean Recall@10 + NDCG@10 against the validation likes. */
export function fitRecWeights(
  cases: ReadonlyArray<{ rows: readonly Row[]; userLikes: number; valid: ReadonlySet<string> }>,
  start: Weights,
): Weights {
  const objective = (w: Weights) =>
    mean(
      cases.map((c) => {
        const ranked = rerankRec(c.rows, c.userLikes, w);
        return recallAt(ranked, c.valid, 10) + ndcgAt(ranked, c.valid, 10);
      }),
    );
  let best = { ...start };
  let bestScore = objective(best);
  for (const wPop of POP_GRID) {
    for (const wCold of POP_GRID) {
      const m = objective({ wPop, wCold });
      // strictly better only: ties keep the defaults
      if (m > bestScore + 1e-12) {
        best = { wPop, wCold };
        bestScore = m;
      }
    }
  }
  return best;
}

export async function evalRec(g: EvalGraph, plan: Plan<RecCase>, rng: Rng, base: string): Promise<TaskResult> {
  const started = Date.now();
  const K = Math.max(...REC_KS);
  const items = [...g.kinds.keys()].sort(byString);
  const trainCounts = new Map<string, number>();
  for (const e of g.likes) if (!plan.hidden.has(e.line)) trainCounts.set(e.o, (trainCounts.get(e.o) ?? 0) + 1);
  const popular = [...items].sort((a, b) => (trainCounts.get(b) ?? 0) - (trainCounts.get(a) ?? 0) || byString(a, b));
  const likesOf = new Map<string, Set<string>>();
  const likersOf = new Map<string, Set<string>>();
  for (const e of g.likes) {
    if (plan.hidden.has(e.line)) continue;
    (likesOf.get(e.s) ?? likesOf.set(e.s, new Set()).get(e.s)!).add(e.o);
    (likersOf.get(e.o) ?? likersOf.set(e.o, new Set()).get(e.o)!).add(e.s);
  }
  const byQuery: Record<string, number[]> = {};
  const byPopularity: Record<string, number[]> = {};
  const byItemCf: Record<string, number[]> = {};
  const byRandom: Record<string, number[]> = {};
  const scores: Record<string, Record<string, number[]>> = {
    query: byQuery,
    popularity: byPopularity,
    'item-CF': byItemCf,
    random: byRandom,
  };
  const queryMs: number[] = [];
  const defaults = queryDefaults('recommend-items', ['wPop', 'wCold']);
  let fitted: TaskResult['fitted'];
  const run = await withHeldOutStore(
    g.file,
    plan.hidden,
    async (store: EmbeddedStore) => {
      // the popularity weights, fitted on the validation likes (held out like the test likes) with every candidate's
      // parts
      const withValid = plan.cases.filter((c) => c.valid && c.valid.size > 0);
      let weights = defaults;
      if (withValid.length > 0) {
        const answered = [];
        for (const c of withValid) {
          const result = await runQuery(
            store,
            'recommend-items',
            { user: c.user, kind: 'any', k: String(MAX_K) },
            { base, timeoutMs: 120_000 },
          );
          answered.push({ rows: result.rows, userLikes: c.train.size, valid: c.valid! });
        }
        weights = fitRecWeights(answered, defaults);
        fitted = { weights, validationCases: withValid.length };
      }
      const params = asParams(weights);
      for (const c of plan.cases) {
        const result = await runQuery(
          store,
          'recommend-items',
          { user: c.user, kind: 'any', k: String(K), ...params },
          { base, timeoutMs: 120_000 },
        );
        queryMs.push(result.elapsedMs);
        scoreRanking(
          result.rows.map((r) => String(r.item)),
          c,
          byQuery,
        );
        scoreRanking(popular.filter((i) => !c.train.has(i)).slice(0, K), c, byPopularity);
        scoreRanking(itemCf(likesOf, likersOf, popular, c.user, K), c, byItemCf);
        const random: string[] = [];
        const seen = new Set<string>();
        for (let tries = 0; random.length < K && tries < K * 20; tries++) {
          const i = items[rng.int(items.length)];
          if (i !== undefined && !c.train.has(i) && !seen.has(i)) {
            seen.add(i);
            random.push(i);
          }
        }
        scoreRanking(random, c, byRandom);
      }
      return {};
    },
    g.maxTriples,
  );
  const { methods, intervals } = meanScores(scores);
  return taskResult(plan, run, 'recommend-items', { methods, intervals }, fitted, queryMs, started);
}
