// **Metrics** of the HuggingBench protocols: Recall@K and NDCG@K (binary relevance) for recommendation, micro/macro-F1
// for classification, filtered reciprocal rank and Hits@K for tracing.

export const REC_KS = [5, 10, 20, 40] as const;
export const TRACE_KS = [1, 3, 5, 10] as const;

export function recallAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  for (const item of ranked.slice(0, k)) if (relevant.has(item)) hits++;
  return hits / relevant.size;
}

export function ndcgAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((item, i) => {
    if (relevant.has(item)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Rank (1-based) of `target` in `ranked` after removing the other true answers (filtered setting); Infinity if absent. */
export function filteredRank(ranked: readonly string[], target: string, otherTrue: ReadonlySet<string>): number {
  let rank = 0;
  for (const c of ranked) {
    if (c !== target && otherTrue.has(c)) continue;
    rank++;
    if (c === target) return rank;
  }
  return Infinity;
}

export interface F1Scores {
  microF1: number;
  macroF1: number;
  /** Share of entities whose top prediction is one of their tasks. */
  accuracy: number;
}

/** Micro- and macro-F1 of multi-label predictions (entity -> predicted set) against truth (entity -> true set). */
export function f1Scores(truth: ReadonlyMap<string, ReadonlySet<string>>, predicted: ReadonlyMap<string, ReadonlySet<string>>): F1Scores {
  const perLabel = new Map<string, { tp: number; fp: number; fn: number }>();
  const stat = (l: string) => {
    let s = perLabel.get(l);
    if (!s) perLabel.set(l, (s = { tp: 0, fp: 0, fn: 0 }));
    return s;
  };
  let correctTop = 0;
  for (const [entity, trueSet] of truth) {
    const pred = predicted.get(entity) ?? new Set<string>();
    for (const l of pred) {
      if (trueSet.has(l)) stat(l).tp++;
      else stat(l).fp++;
    }
    for (const l of trueSet) if (!pred.has(l)) stat(l).fn++;
    if ([...pred].some((l) => trueSet.has(l))) correctTop++;
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let macro = 0;
  for (const s of perLabel.values()) {
    tp += s.tp;
    fp += s.fp;
    fn += s.fn;
    macro += s.tp === 0 ? 0 : (2 * s.tp) / (2 * s.tp + s.fp + s.fn);
  }
  return {
    microF1: tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
    macroF1: perLabel.size === 0 ? 0 : macro / perLabel.size,
    accuracy: truth.size === 0 ? 0 : correctTop / truth.size,
  };
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
