// **huggingkg eval** as a library function: scan the build's dump, plan each task's held-out split (own seeded split,
// or
// HuggingBench's split files), evaluate the canned query and the baselines on a store without the held-out triples,
// and write the report (JSON, markdown, SVG).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OUTPUT } from '../build/output.js';
import { Rng } from '../synth/random.js';
import { DEFAULT_BASE } from '../vocab.js';
import { evalCls, planCls } from './classification.js';
import { TASK_NAMES, type TaskName, type TaskResult } from './common.js';
import { scanGraph } from './graph-scan.js';
import { clsPlan, recPlan, tasksWithSplits, tracePlan } from './huggingbench.js';
import { findHuggingBench, type HuggingBenchSplits } from './huggingbench-locate.js';
import { evalRec, planRec } from './recommendation.js';
import { machine, toMarkdown, toSvg, type EvalReport } from './report.js';
import { evalTrace, planTrace } from './tracing.js';

export const GRAPH_FILE = OUTPUT.ntriples;

export interface EvalOptions {
  /** A build output directory (reads OUTDIR/huggingkg.nt.gz) or a dump file. */
  from: string;
  tasks?: TaskName[];
  seed?: number;
  base?: string;
  /** Caps on test cases per task (the rest of the split still holds its edges out). */
  maxCases?: number;
  /** HuggingBench's published splits: a folder holding them at any depth (huggingbench-locate.ts). Without `tasks`,
   *  only the tasks whose split is readable there run; a task named without a readable split is an error. */
  huggingbench?: string;
  /** Report path; FILE.json, FILE.md and FILE.svg are written (an extension given is replaced). */
  report?: string;
  onProgress?: (message: string) => void;
  /**
   * The embedded store's triple limit (the command reads HUGGINGKG_EMBEDDED_MAX_TRIPLES); the store's default when
   * unset.
   */
  embeddedMaxTriples?: number;
}

export async function runEval(options: EvalOptions): Promise<EvalReport> {
  const dump =
    options.from.endsWith('.nt') || options.from.endsWith('.nt.gz') ? options.from : join(options.from, GRAPH_FILE);
  if (!existsSync(dump)) throw new Error(`no graph at ${dump}: build one first (huggingkg build --out DIR)`);
  const say = options.onProgress ?? (() => {});
  // the splits are found before the (long) graph scan, so a wrong --huggingbench fails at once
  const splits = options.huggingbench ? await findHuggingBench(options.huggingbench) : undefined;
  const tasks = options.tasks ?? (splits ? tasksWithSplits(splits, say) : [...TASK_NAMES]);
  try {
    return await evaluate(options, dump, tasks, splits, say);
  } finally {
    splits?.close();
  }
}

async function evaluate(
  options: EvalOptions,
  dump: string,
  tasks: TaskName[],
  splits: HuggingBenchSplits | undefined,
  say: (m: string) => void,
): Promise<EvalReport> {
  const seed = options.seed ?? 1;
  const base = options.base ?? DEFAULT_BASE;
  const maxCases = options.maxCases ?? 300;
  say(`scanning ${dump}`);
  const graph = { ...(await scanGraph(dump)), maxTriples: options.embeddedMaxTriples };
  say(
    `${graph.triples} triples: ${graph.likes.length} likes, ${graph.tasks.length} ` +
      `task edges, ${graph.lineage.length} lineage edges`,
  );
  const results: TaskResult[] = [];
  for (const task of tasks) {
    // each task gets its own stream of randomness, so running one task alone gives the same split as running all
    const rng = new Rng(seed * 1000 + TASK_NAMES.indexOf(task) + 1);
    if (task === 'rec') {
      const plan = splits ? recPlan(splits, graph, base, say) : planRec(graph, rng, maxCases);
      say(`rec: ${plan.cases.length} users, ${plan.hidden.size} likes held out`);
      if (plan.cases.length === 0) continue; // a graph without likes: nothing to ask
      results.push(await evalRec(graph, plan, rng, base));
    } else if (task === 'cls') {
      const plan = splits ? await clsPlan(splits, graph, base, say) : planCls(graph, rng, maxCases);
      say(`cls: ${plan.cases.length} entities, ${plan.hidden.size} task triples held out`);
      if (plan.cases.length === 0) continue;
      results.push(await evalCls(graph, plan, rng, base, maxCases));
    } else {
      const plan = splits ? tracePlan(splits, graph, base, say) : planTrace(graph, rng, maxCases);
      say(`trace: ${plan.cases.length} models, ${plan.hidden.size} lineage triples held out`);
      if (plan.cases.length === 0) continue;
      results.push(await evalTrace(graph, plan, rng, base, maxCases));
    }
    say(`${task}: ${JSON.stringify(results[results.length - 1]?.methods)}`);
  }
  const report: EvalReport = {
    tool: 'huggingkg eval',
    date: new Date().toISOString(),
    machine: machine(),
    graph: { file: dump, triples: graph.triples },
    seed,
    tasks: results,
  };
  if (options.report) writeReport(report, options.report);
  return report;
}

export function writeReport(report: EvalReport, path: string): string[] {
  const stem = path.replace(/\.(json|md|svg)$/, '');
  mkdirSync(dirname(stem) || '.', { recursive: true });
  const [json, md, svg] = [`${stem}.json`, `${stem}.md`, `${stem}.svg`] as const;
  writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(md, toMarkdown(report));
  writeFileSync(svg, toSvg(report));
  return [json, md, svg];
}
