// **weights** of the canned queries that the eval fits on validation splits: the query's declared defaults, and the
// coordinate ascent that classify-task and predict-base-model both use.

import { getQuery } from '../queries/registry.js';

/** Query parameter name -> weight (points, as the query's header declares them). */
export type Weights = Record<string, number>;

/** The defaults that query `name` declares for these weight parameters (0 when it declares none). */
export function queryDefaults(name: string, params: readonly string[]): Weights {
  const q = getQuery(name);
  return Object.fromEntries(params.map((p) => [p, Number(q.params.find((x) => x.name === p)?.default ?? 0)]));
}

/** Weights as a canned query's string parameters. */
export function asParams(weights: Weights): Record<string, string> {
  return Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, String(v)]));
}

/**
 * Coordinate ascent: one weight at a time over `grid`, keeping a change only when `objective` is strictly better (ties
 * keep the earlier, default weights), for at most four rounds or until a round changes nothing.
 */
export function coordinateAscent(
  start: Weights,
  params: readonly string[],
  grid: readonly number[],
  objective: (w: Weights) => number,
): Weights {
  let best = { ...start };
  let bestScore = objective(best);
  for (let round = 0; round < 4; round++) {
    let improved = false;
    for (const param of params) {
      for (const v of grid) {
        const trial = { ...best, [param]: v };
        const score = objective(trial);
        if (score > bestScore + 1e-12) {
          best = trial;
          bestScore = score;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return best;
}
