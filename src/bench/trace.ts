// **Lineage tracing** evaluation: for a seeded 10% of the derived models, one base-model edge is hidden (with its
// qualified derivation); predict-base-model ranks candidates and is scored by filtered MRR and Hits@K (the model's other,
// still visible bases are filtered out of the ranking), beside "most-derived base" and random rankings of all models.

import { runQuery } from '../queries/registry.js';
import type { Rng } from '../synth/random.js';
import { byString, groupBy, sample, timingOf, withHeldOutStore, type Plan, type TaskResult } from './common.js';
import type { EvalGraph } from './graph-scan.js';
import { filteredRank, mean, round4, TRACE_KS } from './metrics.js';

export interface TraceCase {
  model: string;
  base: string;
  /** The model's other true bases (filtered out of every ranking). */
  otherBases: Set<string>;
}

/** The lines that state the step derived -> base (any relation), with their qualified derivations. */
export function stepLines(g: EvalGraph, derived: string, base: string): string[] {
  return g.lineage.filter((e) => e.s === derived && e.o === base).flatMap((e) => [e.line, ...e.qualifiedLines]);
}

export function planTrace(g: EvalGraph, rng: Rng, maxModels: number, fraction = 0.1): Plan<TraceCase> {
  const byDerived = groupBy(g.lineage, (e) => e.s);
  const derived = [...byDerived.keys()].sort(byString);
  const chosen = sample(rng.shuffle([...derived]).slice(0, Math.max(1, Math.round(derived.length * fraction))), maxModels, (xs) => xs);
  const hidden = new Set<string>();
  const cases: TraceCase[] = [];
  for (const model of chosen.sort(byString)) {
    const bases = [...new Set(byDerived.get(model)!.map((e) => e.o))].sort(byString);
    const base = bases[rng.int(bases.length)];
    for (const line of stepLines(g, model, base)) hidden.add(line);
    cases.push({ model, base, otherBases: new Set(bases.filter((b) => b !== base)) });
  }
  return { task: 'trace', protocol: `one base edge hidden for a seeded ${Math.round(fraction * 100)}% of derived models; filtered ranking`, hidden, cases };
}

function scoreRank(rank: number, into: Record<string, number[]>): void {
  (into.MRR ??= []).push(Number.isFinite(rank) ? 1 / rank : 0);
  for (const k of TRACE_KS) (into[`Hits@${k}`] ??= []).push(rank <= k ? 1 : 0);
}

export async function evalTrace(g: EvalGraph, plan: Plan<TraceCase>, rng: Rng, base: string): Promise<TaskResult> {
  const started = Date.now();
  const models = [...g.kinds.entries()].filter(([, k]) => k === 'model').map(([iri]) => iri);
  const derivatives = new Map<string, number>();
  for (const e of g.lineage) if (!plan.hidden.has(e.line)) derivatives.set(e.o, (derivatives.get(e.o) ?? 0) + 1);
  const mostDerived = models.sort((a, b) => (derivatives.get(b) ?? 0) - (derivatives.get(a) ?? 0) || byString(a, b));
  const scores: Record<string, Record<string, number[]>> = { query: {}, 'most-derived': {}, random: {} };
  const queryMs: number[] = [];
  const run = await withHeldOutStore(g.file, plan.hidden, async (store) => {
    for (const c of plan.cases) {
      const result = await runQuery(store, 'predict-base-model', { model: c.model, k: '100' }, { base, timeoutMs: 120_000 });
      queryMs.push(result.elapsedMs);
      scoreRank(filteredRank(result.rows.map((r) => String(r.candidate)), c.base, c.otherBases), scores.query);
      const filtered = new Set([...c.otherBases, c.model]);
      scoreRank(filteredRank(mostDerived, c.base, filtered), scores['most-derived']);
      // a uniformly random ranking of the candidate models puts the target at a uniform rank
      scoreRank(1 + rng.int(Math.max(1, models.length - filtered.size)), scores.random);
    }
    return {};
  });
  const methods: TaskResult['methods'] = {};
  for (const [m, metrics] of Object.entries(scores)) {
    methods[m] = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, round4(mean(v))]));
  }
  return {
    task: 'trace', protocol: plan.protocol, cases: plan.cases.length, hiddenTriples: run.removed, query: 'predict-base-model', methods,
    timing: timingOf(queryMs, run.loadMs, Date.now() - started),
  };
}
