// **Metrics** of the HuggingBench protocols: Recall@K and NDCG@K (binary relevance) for recommendation, micro/macro-F1
// for classification, filtered reciprocal rank and Hits@K for tracing; percentile bootstrap 95% intervals over test
// cases.

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

/**
 * Rank (1-based) of `target` in `ranked` after removing the other true answers (filtered setting); Infinity if absent.
 */
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
export function f1Scores(
  truth: ReadonlyMap<string, ReadonlySet<string>>,
  predicted: ReadonlyMap<string, ReadonlySet<string>>,
): F1Scores {
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

/** A 95% interval [low, high]. */
export type Interval = [number, number];

export const BOOTSTRAP_RESAMPLES = 1000;

/**
 * Percentile bootstrap 95% intervals of statistics over test cases: the cases are resampled with replacement
 * BOOTSTRAP_RESAMPLES times (a seeded mulberry32 stream, so the intervals are the same for the same cases) and every
 * statistic is recomputed on each resample. Works for means (Recall@K, MRR) and for corpus-level scores
 * (micro/macro-F1)
 * alike, which a normal approximation of a mean would not.
 */
export function bootstrapIntervals<T>(
  cases: readonly T[],
  statistics: (sample: readonly T[]) => Record<string, number>,
  seed = 1,
): Record<string, Interval> {
  if (cases.length === 0) return {};
  let state = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    // mulberry32 inlined (src/synth/random.ts's Rng): metrics stay free of the generators
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const values = new Map<string, number[]>();
  const sample = new Array<T>(cases.length);
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    for (let i = 0; i < cases.length; i++) sample[i] = cases[Math.floor(next() * cases.length)]!;
    for (const [name, v] of Object.entries(statistics(sample))) {
      const list = values.get(name);
      if (list) list.push(v);
      else values.set(name, [v]);
    }
  }
  const out: Record<string, Interval> = {};
  for (const [name, list] of values) {
    list.sort((a, b) => a - b);
    const at = (q: number) => list[Math.round(q * (list.length - 1))]!; // list holds BOOTSTRAP_RESAMPLES values
    out[name] = [round4(at(0.025)), round4(at(0.975))];
  }
  return out;
}

/** Bootstrap intervals of the means of per-case values (metric -> one value per case, cases in the same order). */
export function meanIntervals(perCase: Record<string, readonly number[]>, seed = 1): Record<string, Interval> {
  const columns = Object.entries(perCase);
  const n = columns[0]?.[1].length ?? 0;
  const indices = Array.from({ length: n }, (_, i) => i);
  return bootstrapIntervals(
    indices,
    (sample) => Object.fromEntries(columns.map(([m, values]) => [m, mean(sample.map((i) => values[i] ?? NaN))])),
    seed,
  );
}

/**
 * Per method, each metric's mean over the cases (rounded) and its bootstrap interval (method -> metric -> per-case
 * values).
 */
export function meanScores(scores: Record<string, Record<string, readonly number[]>>): {
  methods: Record<string, Record<string, number>>;
  intervals: Record<string, Record<string, Interval>>;
} {
  const methods: Record<string, Record<string, number>> = {};
  const intervals: Record<string, Record<string, Interval>> = {};
  for (const [m, metrics] of Object.entries(scores)) {
    methods[m] = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, round4(mean(v))]));
    intervals[m] = meanIntervals(metrics);
  }
  return { methods, intervals };
}

/** Bootstrap intervals of micro-/macro-F1 and accuracy: entities resampled, F1 recomputed on each resample. */
export function f1Intervals(
  truth: ReadonlyMap<string, ReadonlySet<string>>,
  predicted: ReadonlyMap<string, ReadonlySet<string>>,
  seed = 1,
): Record<string, Interval> {
  return bootstrapIntervals(
    [...truth.keys()],
    (sample) => {
      // a resample may draw an entity twice: the draws are scored as distinct cases
      const t = new Map<string, ReadonlySet<string>>();
      const p = new Map<string, ReadonlySet<string>>();
      sample.forEach((e, i) => {
        t.set(String(i), truth.get(e)!);
        p.set(String(i), predicted.get(e) ?? new Set());
      });
      const s = f1Scores(t, p);
      return { 'micro-F1': s.microF1, 'macro-F1': s.macroF1, accuracy: s.accuracy };
    },
    seed,
  );
}
